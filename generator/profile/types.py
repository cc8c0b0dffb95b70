"""The types of the module's inputs, as Terraform declares them and as profiles hold them.

One type object answers every question asked about an input's type: its
Terraform type expression, its name in an error message, whether a profile
value has it (and where not, at which key path), the value with Terraform's
optional attributes filled in, and its JSON Schema.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.shown import closest, key_path, some, yaml_text

Problem = tuple[str, str]  # (key path below the input, what is wrong)


class Type:
    """A Terraform type; subclasses give ``hcl`` (the type expression) and ``noun`` (for messages)."""

    hcl: str
    noun: str

    def problems(self, value: Any, path: str = "") -> Iterator[Problem]:
        """Where ``value`` is not of this type: (key path, what was expected)."""
        raise NotImplementedError

    def normalise(self, value: Any) -> Any:
        """``value`` as Terraform sees it: optional object attributes present, null when not given."""
        return value

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def type_lines(self) -> list[str]:
        """The type expression as ``terraform fmt`` lays it out, one line per entry."""
        return [self.hcl]


@dataclass(frozen=True)
class _Scalar(Type):
    hcl: str
    noun: str
    schema: dict[str, Any]

    def holds(self, value: Any) -> bool:
        if self.hcl == "string":
            return isinstance(value, str)
        if self.hcl == "bool":
            return isinstance(value, bool)
        # HCL has no literal for infinity or NaN, which YAML's .inf and .nan would give.
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and math.isfinite(value)
        )

    def problems(self, value: Any, path: str = "") -> Iterator[Problem]:
        if not self.holds(value):
            yield path, f"must be {self.noun}"

    def json_schema(self) -> dict[str, Any]:
        return dict(self.schema)


STRING = _Scalar("string", "a string", {"type": "string"})
NUMBER = _Scalar("number", "a finite number", {"type": "number"})
BOOL = _Scalar("bool", "true or false", {"type": "boolean"})


@dataclass(frozen=True)
class ListOf(Type):
    item: Type

    @property
    def hcl(self) -> str:  # type: ignore[override]
        return f"list({self.item.hcl})"

    @property
    def noun(self) -> str:  # type: ignore[override]
        return f"a list of {_plural(self.item.noun)}"

    def problems(self, value: Any, path: str = "") -> Iterator[Problem]:
        if not isinstance(value, list):
            yield path, f"must be {self.noun}"
            return
        for index, item in enumerate(value):
            if item is None:
                yield f"{path}[{index}]", f"must be {self.item.noun}, not null"
            else:
                yield from self.item.problems(item, f"{path}[{index}]")

    def normalise(self, value: Any) -> Any:
        return None if value is None else [self.item.normalise(item) for item in value]

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema()}

    def type_lines(self) -> list[str]:
        inner = self.item.type_lines()
        return [f"list({inner[0]}", *inner[1:-1], f"{inner[-1]})"] if len(inner) > 1 else [self.hcl]


@dataclass(frozen=True)
class MapOf(Type):
    item: Type

    @property
    def hcl(self) -> str:  # type: ignore[override]
        return f"map({self.item.hcl})"

    @property
    def noun(self) -> str:  # type: ignore[override]
        return f"a mapping of strings to {_plural(self.item.noun)}"

    def problems(self, value: Any, path: str = "") -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield path, f"must be {self.noun}"
            return
        for key, item in value.items():
            if not isinstance(key, str):
                from generator.shown import yaml_text

                yield path, f"keys must be strings (got {yaml_text(key)})"
            elif item is None:
                yield key_path(path, key), f"must be {self.item.noun}, not null"
            else:
                yield from self.item.problems(item, key_path(path, key))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.item.json_schema()}


@dataclass(frozen=True)
class Attribute:
    """One attribute of an object type; optional ones are null (or ``default``) when left out."""

    type: Type
    optional: bool = True
    default: Any = None
    description: str = ""


def _did_you_mean(key: Any, names: Any) -> str:
    close = closest(key, names)
    return f"; did you mean {close[0]}?" if close else ""


@dataclass(frozen=True)
class Object(Type):
    attributes: Mapping[str, Attribute] = field(default_factory=dict)

    @property
    def hcl(self) -> str:  # type: ignore[override]
        return (
            "object({ "
            + ", ".join(f"{name} = {_attribute_type(item)}" for name, item in self.attributes.items())
            + " })"
        )

    @property
    def noun(self) -> str:  # type: ignore[override]
        return f"a mapping with {', '.join(self.attributes)}"

    def problems(self, value: Any, path: str = "") -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield path, f"must be {self.noun}{self._written_as_mapping(value, path)}"
            return
        for key in value:
            if key not in self.attributes:
                yield key_path(path, key), f"is not one of {some(self.attributes)}{_did_you_mean(key, self.attributes)}"
        for name, attribute in self.attributes.items():
            item = value.get(name)
            if item is None:
                if not attribute.optional:
                    yield key_path(path, name), f"is required: {attribute.type.noun}"
                continue
            yield from attribute.type.problems(item, key_path(path, name))

    def _written_as_mapping(self, value: Any, path: str) -> str:
        """For a bare scalar where one key is required (``[eu-west-1]``), the form to write instead.

        A bare value is refused, not taken as shorthand: a profile's values are the module's defaults,
        and a caller passes the same input in HCL, where it is a list of objects.
        """
        required = [name for name, attribute in self.attributes.items() if not attribute.optional]
        if len(required) != 1 or isinstance(value, (dict, list, bool)) or value is None:
            return ""
        item = "- " if path.endswith("]") else ""
        return f"; for {required[0]} alone write {item}{required[0]}: {yaml_text(value)}"

    def normalise(self, value: Any) -> Any:
        if value is None:
            return None
        return {
            name: attribute.type.normalise(value[name]) if value.get(name) is not None else attribute.default
            for name, attribute in self.attributes.items()
        }

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for name, attribute in self.attributes.items():
            entry = attribute.type.json_schema()
            if attribute.optional:
                entry = {"anyOf": [entry, {"type": "null"}]}
            if attribute.description:
                entry["description"] = attribute.description
            properties[name] = entry
        required = [name for name, attribute in self.attributes.items() if not attribute.optional]
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        return schema

    def type_lines(self) -> list[str]:
        width = max(len(name) for name in self.attributes)
        lines = ["object({"]
        for name, attribute in self.attributes.items():
            inner = _attribute_lines(attribute)
            lines.append(f"  {name:<{width}} = {inner[0]}")
            lines.extend(f"  {line}" for line in inner[1:])
        lines.append("})")
        return lines


def _attribute_type(attribute: Attribute) -> str:
    if not attribute.optional:
        return attribute.type.hcl
    if attribute.default is None:
        return f"optional({attribute.type.hcl})"
    from generator.hcl import literal

    return f"optional({attribute.type.hcl}, {literal(attribute.default)})"


def _attribute_lines(attribute: Attribute) -> list[str]:
    inner = attribute.type.type_lines()
    if len(inner) == 1:
        return [_attribute_type(attribute)]
    if not attribute.optional:
        return inner
    from generator.hcl import literal

    suffix = ")" if attribute.default is None else f", {literal(attribute.default)})"
    return [f"optional({inner[0]}", *inner[1:-1], inner[-1] + suffix]


def _plural(noun: str) -> str:
    for article in ("a ", "an "):
        if noun.startswith(article):
            noun = noun[len(article) :]
    if noun == "true or false":
        return "booleans"
    if noun.startswith("finite number"):
        return "numbers"
    if noun.startswith("mapping"):
        return "mappings" + noun[len("mapping") :]
    return noun + "s" if not noun.endswith("s") else noun


def problems_of(type_: Type, value: Any, nullable: bool) -> list[Problem]:
    """Every place ``value`` breaks ``type_`` (null allowed when ``nullable``)."""
    if value is None:
        return [] if nullable else [("", f"must be {type_.noun}, not null")]
    return list(type_.problems(value))
