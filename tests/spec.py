"""What the module's specification (tests/fixtures/spec-README.md) documents, read from its text.

The tests compare the generated module with this, not with the generator's
own catalogue, so a slip in the catalogue cannot hide itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tests.conftest import SPEC
from tests.hclparse import decode, parse_text

NO_DEFAULT = object()


@dataclass(frozen=True)
class SpecInput:
    name: str
    type: str
    default: Any
    required: bool


def _section(title: str) -> str:
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"spec has no section {title!r}"
    return match.group(1)


def _table_rows(section: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


def _default(cell: str) -> Any:
    if cell == "n/a":
        return NO_DEFAULT
    text = cell.strip("`")
    literals = {"true": True, "false": False, "null": None, "{}": {}}
    if text in literals:
        return literals[text]
    if text.startswith('"'):
        return decode(text)
    return int(text)


@lru_cache
def inputs() -> dict[str, SpecInput]:
    """The Inputs table: name, type, default, required."""
    found = {}
    for name, _description, type_cell, default_cell, required in _table_rows(_section("Inputs")):
        found[name] = SpecInput(name, type_cell.strip("`"), _default(default_cell), required == "yes")
    return found


@lru_cache
def outputs() -> list[str]:
    return [row[0] for row in _table_rows(_section("Outputs"))]


def _hcl_blocks(section: str) -> list[str]:
    return re.findall(r"```hcl\n(.*?)```", section, re.S)


@lru_cache
def usage_examples() -> dict[str, dict[str, Any]]:
    """The arguments each usage example passes to the module, by the example's heading."""
    section = _section("Usage")
    examples = {}
    for heading, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, re.S | re.M):
        (block,) = _hcl_blocks(body)
        module = parse_text(block)["module"][0]["dynamodb"]
        examples[heading] = {key: value for key, value in module.items() if key != "source"}
    return examples


def environment_blocks() -> dict[str, dict[str, Any]]:
    """The Development/Staging and Production settings, literal values only."""
    section = _section("Development vs Production")
    blocks = {}
    for heading, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, re.S | re.M):
        (block,) = _hcl_blocks(body)
        parsed = parse_text(block)
        blocks[heading] = {key: value for key, value in parsed.items() if not str(value).startswith("${")}
    return blocks


def import_address() -> str:
    """The resource address the spec's `terraform import` command names, inside the module."""
    match = re.search(r"terraform import module\.dynamodb\.(\S+)", _section("Troubleshooting"))
    assert match, "spec names no import address"
    return match.group(1)


def data_model_keys() -> dict[str, str]:
    """Partition and sort key attribute names from the Data Model section."""
    section = _section("Data Model")
    partition = re.search(r"Partition Key \((\w+)\)", section).group(1)
    sort = re.search(r"Sort Key \((\w+)\)", section).group(1)
    return {"hash_key": partition, "range_key": sort}
