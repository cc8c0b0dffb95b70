"""The JSON Schema of profile files, generated from the input catalogue and the design rules.

Editors with a YAML language server validate and complete profiles against it
(``# yaml-language-server: $schema=...``). It says what can be said without
running the loader: names, types, enums, ranges and patterns, and what each AWS provider line
refuses where the file names its line (``aws_provider``). Rules that
compare inputs, and a design's cross-references (a key naming a declared
attribute), are the loader's alone.
"""

from __future__ import annotations

from typing import Any

from generator import __version__
from generator.profile import catalogue
from generator.profile.catalogue import Input
from generator.profile.design import (
    ATTRIBUTE_TYPES,
    GSI_CAPACITY_KEYS,
    GSI_TARGET_KEYS,
    LOGICAL_NAME,
    MAX_GSIS,
    MAX_KEY_ATTRIBUTES,
    MAX_LSIS,
    NOTIFICATIONS,
    ON_DEMAND_KEYS,
    PROJECTIONS,
    RESOURCE_NAME,
)
from generator.profile.loader import DESCRIPTION, EXTENDS
from generator.profile.moved import PUBLIC_MODULE, TABLE_COPIES
from generator.profile.provider_lines import AWS_PROVIDER, DEFAULT_AWS_PROVIDER, PROVIDER_LINES
from generator.profile.rules import AUTOSCALING_TARGET, WARM_THROUGHPUT

SCHEMA_ID = f"https://ddbgen.invalid/schemas/profile-{__version__}.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _input_schema(item: Input) -> dict[str, Any]:
    parts = [item.type.json_schema()] + [rule.json for rule in item.rules if rule.json]
    schema: dict[str, Any] = parts[0] if len(parts) == 1 else {"allOf": parts}
    if item.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema = {**schema, "description": item.description}
    if not item.required:
        schema["default"] = item.default
    return schema


def _inputs() -> dict[str, Input]:
    """Every input any profile may set: the union over provider lines, with the built-in design's names."""
    found: dict[str, Input] = {}
    for aws_provider in sorted(PROVIDER_LINES):
        for item in catalogue.inputs(NOTIFICATIONS, aws_provider):
            found[item.name] = item  # the later line's replica type holds the earlier's
    found.pop("environment")
    return found


def _conditions(inputs: dict[str, Input]) -> list[dict[str, Any]]:
    """What each provider line refuses of the union (inputs it lacks, inputs it types differently,
    index keys it cannot render), and what a design of its own refuses.

    A file that names its line is judged by that line; one that names neither a line nor a parent
    renders for the default line. One whose parent chooses is the loader's to judge.
    """
    rules = []
    for aws_provider in sorted(PROVIDER_LINES):
        own = {item.name: _input_schema(item) for item in catalogue.inputs(NOTIFICATIONS, aws_provider)}
        differs = {
            name: own.get(name, False) for name, item in sorted(inputs.items()) if own.get(name) != _input_schema(item)
        }
        named: dict[str, Any] = {"properties": {AWS_PROVIDER: {"const": aws_provider}}, "required": [AWS_PROVIDER]}
        if aws_provider == DEFAULT_AWS_PROVIDER:
            named = {"anyOf": [named, {"not": {"anyOf": [{"required": [AWS_PROVIDER]}, {"required": [EXTENDS]}]}}]}
        if differs:
            rules.append({"if": named, "then": {"properties": differs}})
        line = PROVIDER_LINES[aws_provider]
        index_rules: dict[str, Any] = {}
        if not line.multi_attribute_keys:
            # Multi-attribute index keys need provider 6.29: a line without them takes one attribute per key.
            one = {"anyOf": [{"type": "string"}, {"type": "array", "maxItems": 1}]}
            index_rules |= {"hash_key": one, "range_key": one}
        if not line.warm_throughput:
            index_rules["warm_throughput"] = False
        if index_rules:
            indexes = {
                "properties": {"global_secondary_indexes": {"additionalProperties": {"properties": index_rules}}}
            }
            rules.append({"if": named, "then": {"properties": {"table": indexes}}})
    # A design of its own declares its indexes: the specification's TypeIndex switch stays off there
    # (false, as ddbgen 0.2's adopt wrote it, loads with a warning). A child's table replaces its parent's.
    rules.append(
        {"if": {"required": ["table"]}, "then": {"properties": {catalogue.TYPE_INDEX_SWITCH: {"const": False}}}}
    )
    return rules


def _design_schema() -> dict[str, Any]:
    name = {"type": "string", "pattern": f"^{RESOURCE_NAME.pattern}$"}
    whole = {"type": "integer", "minimum": 1}
    projection = {
        "anyOf": [
            {"enum": list(PROJECTIONS)},
            {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": True},
        ],
        "description": "ALL, KEYS_ONLY, or a list of the non-key attributes to INCLUDE.",
    }
    index_key = {
        "anyOf": [
            {"type": "string"},
            {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "maxItems": MAX_KEY_ATTRIBUTES,
                "uniqueItems": True,
            },
        ],
        "description": f"An attribute, or a list of up to {MAX_KEY_ATTRIBUTES} in order (a multi-attribute key, AWS provider 6).",
    }
    global_index = {
        "type": "object",
        "properties": {
            "hash_key": index_key,
            "range_key": index_key,
            "projection": projection,
            **dict.fromkeys(GSI_CAPACITY_KEYS, whole),
            **{key: {"type": "number", **(AUTOSCALING_TARGET.json or {})} for key in GSI_TARGET_KEYS},
            "on_demand_throughput": {
                "type": "object",
                "properties": dict.fromkeys(ON_DEMAND_KEYS, whole),
                "additionalProperties": False,
            },
            "warm_throughput": {
                "type": "object",
                "properties": {unit: rule.json for unit, rule in WARM_THROUGHPUT.items()},
                "required": list(WARM_THROUGHPUT),
                "additionalProperties": False,
                "description": "Reads and writes a second the index is pre-warmed for (AWS provider 6).",
            },
        },
        "required": ["hash_key", "projection"],
        "additionalProperties": False,
    }
    local_index = {
        "type": "object",
        "properties": {"range_key": {"type": "string"}, "projection": projection},
        "required": ["range_key", "projection"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "The table's design, fixed at generation; a child profile's table replaces its parent's whole.",
        "properties": {
            "name": {
                "type": "string",
                "pattern": f"^{LOGICAL_NAME.pattern}$",
                "description": "Logical name: the resource aws_dynamodb_table.<name>, the input <name>_table_name, outputs <name>_table_*.",
            },
            "attributes": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"enum": list(ATTRIBUTE_TYPES)},
                "propertyNames": {"minLength": 1, "maxLength": 255},
            },
            "hash_key": {"type": "string"},
            "range_key": {"type": "string"},
            "global_secondary_indexes": {
                "type": "object",
                "maxProperties": MAX_GSIS,
                "propertyNames": {**name, "not": {"const": "table"}},
                "additionalProperties": global_index,
            },
            "local_secondary_indexes": {
                "type": "object",
                "maxProperties": MAX_LSIS,
                "propertyNames": name,
                "additionalProperties": local_index,
            },
        },
        "required": ["name", "attributes", "hash_key"],
        "additionalProperties": False,
    }


def profile_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ddbgen profile file."""
    inputs = _inputs()
    table_name = inputs.pop(NOTIFICATIONS.table_name_input)
    properties: dict[str, Any] = {
        EXTENDS: {
            "type": "string",
            "minLength": 1,
            "description": "Parent profile: a built-in name, or a path relative to this file.",
        },
        DESCRIPTION: {"type": "string", "description": "What the profile is for (ddbgen profiles list shows it)."},
        AWS_PROVIDER: {
            "enum": list(PROVIDER_LINES),
            "default": DEFAULT_AWS_PROVIDER,
            "description": "The AWS provider major version the module is written for.",
        },
        "table": _design_schema(),
        "moved_from": {
            "anyOf": [
                {"const": PUBLIC_MODULE},
                {
                    "type": "object",
                    "properties": {"module": {"const": PUBLIC_MODULE}, "table": {"enum": list(TABLE_COPIES)}},
                    "required": ["module"],
                    "additionalProperties": False,
                },
            ],
            "description": "Render moved blocks from this module's resource addresses.",
        },
    }
    properties.update({name: _input_schema(item) for name, item in sorted(inputs.items())})
    line_rules = _conditions(inputs)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"ddbgen {__version__} profile",
        "description": "A ddbgen profile: defaults of the generated module's inputs, and settings that shape the module.",
        "type": ["object", "null"],
        "properties": properties,
        # The table name input is named after the design: notifications_table_name, orders_table_name, ...
        "patternProperties": {f"^{LOGICAL_NAME.pattern}_table_name$": _input_schema(table_name)},
        "additionalProperties": False,
        # An input of one provider line only (warm_throughput on 6) is refused where the file renders for another.
        **({"allOf": line_rules} if line_rules else {}),
    }
