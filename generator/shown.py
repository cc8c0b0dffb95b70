"""Values as messages and terminals show them: as the user wrote them, short, and inert.

A profile is YAML, so a value it holds is quoted back in YAML (``null``,
``false``, ``{CostCenter: 1234}``), never as a Python repr (``None``, ``False``),
and cut to a short excerpt: a message names a value, it does not reproduce it.

Whatever a profile, a manifest, a folder's name or a live table says reaches a
terminal through ``inert``: control characters (an ANSI escape, a carriage
return, a newline that would forge a report line) and the invisible characters
that reorder text are written as ``\\uXXXX`` escapes. The same escape is valid
inside a JSON string and a YAML double-quoted scalar, so JSON and YAML output
stay what they say.
"""

from __future__ import annotations

import functools
import re
from typing import Any

MAX_SHOWN = 80
# A path or a name in a message: long enough to recognise, short enough for one line.
MAX_NAME_SHOWN = 160
# C0 and C1 controls, DEL, the line and paragraph separators, the bidirectional
# formatting characters ("Trojan Source", CVE-2021-42574), and lone surrogates
# (the bytes of a command line or a file name that were not UTF-8).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE}\n\t]")
_UNSAFE_IN_TEXT = re.compile(f"[{_UNSAFE}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def inert(text: str, lines: bool = False) -> str:
    """``text`` with every character that could act on a terminal escaped; ``lines`` keeps newlines and tabs."""
    return (_UNSAFE_IN_TEXT if lines else _UNSAFE_IN_LINE).sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character ``inert`` escapes (newlines and tabs aside)."""
    return _UNSAFE_IN_TEXT.search(text) is not None


def excerpt(text: str, limit: int = MAX_NAME_SHOWN) -> str:
    """``text`` on one inert line, cut to ``limit`` characters: a name or a path in a message."""
    text = inert(text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 folder``, ``2 folders``: a count and its noun, as a sentence says it."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# A message lists at most this many candidates: a list of every input is a page, not a hint.
MAX_LISTED = 8


def some(names: Any, limit: int = MAX_LISTED) -> str:
    """``a, b, c``, or the first ``limit`` of them and how many more: a list a message can hold."""
    names = [excerpt(str(name), MAX_SHOWN) for name in names]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


def closest(word: Any, names: Any, limit: int = 1, cutoff: float = 0.7) -> list[str]:
    """The names ``word`` is most likely a slip for, best first (none when nothing is close)."""
    import difflib

    return difflib.get_close_matches(str(word)[:MAX_NAME_SHOWN], list(names), n=limit, cutoff=cutoff)


def _preview(value: Any, depth: int = 0) -> Any:
    """Enough of ``value`` to show ``MAX_SHOWN`` characters of it: never the whole of a large value."""
    if isinstance(value, str):
        return value[: MAX_SHOWN + 1]
    if depth > 3:
        return "…"
    if isinstance(value, dict):
        items = list(value.items())[:8]
        return {_preview(key, depth + 1): _preview(item, depth + 1) for key, item in items}
    if isinstance(value, (list, tuple)):
        return [_preview(item, depth + 1) for item in list(value)[:8]]
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return str(value)[: MAX_SHOWN + 1]


# Strings some YAML reads as something else (YAML 1.1 or 1.2: numbers in any base,
# sexagesimals, dates, yes/no/on/off): quoted when shown, so that "got '0o17'" says text.
_LOOKS_TYPED = re.compile(
    r"[-+]?(?:[0-9.][0-9a-fA-FxXoObB_.:eE+-]*|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)|~|"
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)"
)


@functools.cache
def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: Any, text: str) -> Any:
        style = "'" if _LOOKS_TYPED.fullmatch(text) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


def yaml_text(value: Any) -> str:
    """``value`` in YAML flow style, on one inert line, cut short past ``MAX_SHOWN`` characters."""
    import yaml

    try:
        text = yaml.dump(
            _preview(value),
            Dumper=_dumper(),
            default_flow_style=True,
            width=1 << 30,
            allow_unicode=True,
            sort_keys=False,
        )
    except (yaml.YAMLError, ValueError):
        text = str(type(value).__name__)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    text = text.removesuffix("...").strip()
    text = inert(" ".join(text.split("\n")))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def scalar_as_written(document: str, path: list[Any]) -> str | None:
    """The text of the scalar at ``path`` (mapping keys, list indexes) in a YAML document, as written.

    Only called on the way to an error: it composes the document again to find
    what the user typed (``1234``, ``true``), which loading has turned into a value.
    """
    node = composed(document)
    for step in path:
        node = child_node(node, step)
        if node is None:
            return None
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) else None


def composed(document: str) -> Any:
    """The YAML node tree of ``document`` (None when it does not compose), for finding what was written."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(document, Loader=loader)
    except (yaml.YAMLError, RecursionError):
        return None


def child_node(node: Any, step: Any) -> Any:
    """The node under ``node`` at a mapping key or a list index, or None."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if getattr(key, "value", None) == step), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def key_path(path: str, key: Any) -> str:
    """The key path of ``key`` inside ``path`` as messages name it: ``table.attributes``, ``common_tags.Team``."""
    return f"{path}.{key}" if path else str(key)
