"""Values as an error message shows them: as the user wrote them, in YAML, on one short line.

A profile is YAML, so a value it holds is quoted back in YAML (``null``,
``false``, ``{CostCenter: 1234}``), never as a Python repr (``None``, ``False``).
"""

from __future__ import annotations

from typing import Any

MAX_SHOWN = 80


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 folder``, ``2 folders``: a count and its noun, as a sentence says it."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def yaml_text(value: Any) -> str:
    """``value`` in YAML flow style, on one line, cut short past ``MAX_SHOWN`` characters."""
    import yaml

    try:
        text = yaml.safe_dump(value, default_flow_style=True, width=1 << 30, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        text = repr(value)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    text = text.removesuffix("...").strip()
    text = " ".join(text.split("\n"))
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def scalar_as_written(document: str, path: list[Any]) -> str | None:
    """The text of the scalar at ``path`` (mapping keys, list indexes) in a YAML document, as written.

    Only called on the way to an error: it composes the document again to find
    what the user typed (``no``, ``0123``), which loading has turned into a value.
    """
    import yaml

    try:
        node = yaml.compose(document, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if getattr(key, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None
