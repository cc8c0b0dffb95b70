"""YAML as ddbgen reads it: what was written, bounded however the document is built.

Profiles and ``--set`` values are YAML, read with YAML 1.2's core types and no
more: ``null``, ``true``/``false``, decimal integers and decimal floats. Every
other plain scalar is a string, as written: ``2012-10-17`` (a policy's
``Version``), ``1:30``, ``0x5``, ``0o17``, ``0123``, ``no`` and ``off`` stay
text, where YAML 1.1 (PyYAML's default) would read a date, 90, 5, 15, 83 and
false. A number written in another form is then refused by the input that
wanted a number, with what was written shown, never taken silently. The exact
rule, kept a subset of what YAML 1.1 reads as a non-string (so that what
``yaml.safe_dump`` writes unquoted reads back the same):

- null: ``~``, ``null``, ``Null``, ``NULL`` and the empty scalar;
- booleans: ``true``, ``True``, ``TRUE``, ``false``, ``False``, ``FALSE``;
- integers: ``[-+]?(0|[1-9][0-9]*)``;
- floats: digits with a decimal point and an optional signed exponent
  (``1.5``, ``.5``, ``2.0e+3``), and ``.inf``/``.nan`` (refused wherever a
  number is wanted, since HCL has no literal for them).

Explicit tags beyond YAML's core ones (``!!binary``, ``!!set``,
``!!timestamp``, ``!!omap``, ``!!python/...``) are refused. A key given twice in
one mapping is refused. Aliases are expanded under a budget of ``MAX_NODES``
values, and nesting is bounded at ``MAX_DEPTH``, so a small file cannot cost
more than a small file should; strings are normalised to Unicode NFC, as
Terraform keeps them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, ClassVar

# Values a profile may hold once its aliases are expanded: a design with 20
# indexes of 100 projected attributes and two 20 KB policies are some thousands.
MAX_NODES = 100_000
# Mappings and lists within one another: a policy document is some six deep.
MAX_DEPTH = 32

_CORE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:merge",
}


class YamlProblem(ValueError):
    """A document ddbgen does not take: ``problem`` completes "<source>: <key> ..." (key may be None)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


@functools.cache
def loader() -> type:
    """A YAML loader with the core types above, core tags only, and no key given twice in a mapping."""
    import yaml

    # libyaml's parser when PyYAML has it (its wheels do): the same documents, read faster.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def resolver(tag: str, pattern: str, first: str | list[str]) -> None:
        Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))

    resolver("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
    resolver("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
    resolver("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789")
    resolver(
        "float",
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    )
    resolver("merge", r"^(?:<<)$", "<")

    # Only the core tags keep their constructors; any other tag is refused by name.
    Loader.yaml_constructors = {tag: build for tag, build in Loader.yaml_constructors.items() if tag in _CORE_TAGS}
    Loader.yaml_multi_constructors = {}

    def refuse_tag(loader: Any, node: Any) -> Any:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"the tag {tag} is not taken: a profile holds strings, numbers, true/false, null, lists and mappings",
            node.start_mark,
        )

    Loader.add_constructor(None, refuse_tag)

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node)
            key = unicodedata.normalize("NFC", key) if isinstance(key, str) else key
            if key in seen:
                shown = key if isinstance(key, str) else key_node.value
                from generator.shown import excerpt

                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {excerpt(str(shown), 80)} appears twice in one mapping; give each key once",
                    key_node.start_mark,
                )
            seen.add(key)
        return loader.construct_mapping(node, deep)

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return Loader


def load(text: str) -> Any:
    """The value of a YAML document as ddbgen takes it; ``YamlProblem`` says why not."""
    import yaml

    if _SURROGATE.search(text):
        # Text from a command line that was not UTF-8 (Python keeps each undecodable byte as a lone surrogate).
        raise YamlProblem("is not UTF-8 text (it holds bytes that are not characters); write it in UTF-8")
    try:
        value = yaml.load(text, Loader=loader())  # a SafeLoader subclass
    except yaml.YAMLError as error:
        raise YamlProblem(f"is not valid YAML: {_described(error)}") from None
    except RecursionError:
        raise YamlProblem(f"is not valid YAML for a profile: nested more than {MAX_DEPTH} deep") from None
    return _Expander().value(value, 0)


def _described(error: Any) -> str:
    """What the parser found and where (line and column), never the lines of the document it found it in."""
    from generator.shown import excerpt

    parts = []
    for text, mark in (
        (getattr(error, "context", None), getattr(error, "context_mark", None)),
        (getattr(error, "problem", None), getattr(error, "problem_mark", None)),
    ):
        if text:
            parts.append(text + (f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""))
    note = getattr(error, "note", None)
    parts += [note] if note else []
    return excerpt("; ".join(parts) if parts else type(error).__name__, 300)


class _Expander:
    """Copies a loaded value into plain trees: aliases expanded, NFC strings, within ``MAX_NODES`` and ``MAX_DEPTH``."""

    def __init__(self) -> None:
        self.nodes = 0

    def value(self, value: Any, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(
                f"holds more than {MAX_NODES} values once its YAML aliases are expanded; "
                "a profile is some hundreds (aliases that repeat aliases grow without bound)"
            )
        if isinstance(value, str):
            return _text(value)
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise YamlProblem(f"nests mappings and lists more than {MAX_DEPTH} deep; a profile needs far fewer")
            if isinstance(value, dict):
                return {self.value(key, depth + 1): self.value(item, depth + 1) for key, item in value.items()}
            return [self.value(item, depth + 1) for item in value]
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(text: str) -> str:
    """Terraform stores every string in Unicode NFC; so does ddbgen, so both agree."""
    if _SURROGATE.search(text):
        # YAML's "\ud83d\ude00" (JSON's way to escape one emoji) is the one character it means.
        try:
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            from generator.shown import yaml_text

            raise YamlProblem(
                f"holds {yaml_text(text)}, which is not Unicode text (a lone surrogate); use UTF-8 text"
            ) from None
    return unicodedata.normalize("NFC", text)


def depth_of(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep mappings and lists nest in ``value``, counted up to ``limit + 1`` without recursing."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((child, depth) for child in (item.values() if isinstance(item, dict) else item))
    return deepest
