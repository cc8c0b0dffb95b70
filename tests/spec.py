"""The module's specification's interface: input and output names, types and defaults, as tests read it.

The interface lives in ``tests/fixtures/spec-interface.json``, so the tests run on any clone.
The specification's text (``/work/shared/spec/dynamodb-module-README.md`` in the project's
workspace, or the file ``DDBGEN_SPEC`` names) is read only to check that fixture against it
(``test_catalogue.py``), and to write it again: ``python -m tests.spec``. The tests compare the
generated module with this, not with the generator's own catalogue, so a slip in the catalogue
cannot hide itself.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.conftest import REPO
from tests.hclparse import decode, parse_text

INTERFACE = REPO / "tests" / "fixtures" / "spec-interface.json"
SPEC_ENV = "DDBGEN_SPEC"


def spec_text_path() -> Path:
    """Where the specification's text is, when it is at hand: ``$DDBGEN_SPEC``, else the workspace's shared copy."""
    named = os.environ.get(SPEC_ENV)
    return Path(named) if named else REPO.parent / "shared" / "spec" / "dynamodb-module-README.md"


NO_DEFAULT = object()


@dataclass(frozen=True)
class SpecInput:
    name: str
    type: str
    default: Any
    required: bool


def _section(text: str, title: str) -> str:
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


def _inputs(text: str) -> dict[str, dict[str, Any]]:
    """The Inputs table: name, type, default (absent where there is none), required."""
    found = {}
    for name, _description, type_cell, default_cell, required in _table_rows(_section(text, "Inputs")):
        default = _default(default_cell)
        found[name] = {
            "type": type_cell.strip("`"),
            "required": required == "yes",
            **({} if default is NO_DEFAULT else {"default": default}),
        }
    return found


def _outputs(text: str) -> list[str]:
    return [row[0] for row in _table_rows(_section(text, "Outputs"))]


def _hcl_blocks(section: str) -> list[str]:
    return re.findall(r"```hcl\n(.*?)```", section, re.S)


def _usage_examples(text: str) -> dict[str, dict[str, Any]]:
    """The arguments each usage example passes to the module, by the example's heading."""
    section = _section(text, "Usage")
    examples = {}
    for heading, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, re.S | re.M):
        (block,) = _hcl_blocks(body)
        module = parse_text(block)["module"][0]["dynamodb"]
        examples[heading] = {key: value for key, value in module.items() if key != "source"}
    return examples


def _environment_blocks(text: str) -> dict[str, dict[str, Any]]:
    """The Development/Staging and Production settings, literal values only."""
    section = _section(text, "Development vs Production")
    blocks = {}
    for heading, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, re.S | re.M):
        (block,) = _hcl_blocks(body)
        parsed = parse_text(block)
        blocks[heading] = {key: value for key, value in parsed.items() if not str(value).startswith("${")}
    return blocks


def _import_address(text: str) -> str:
    """The resource address the spec's `terraform import` command names, inside the module."""
    match = re.search(r"terraform import module\.dynamodb\.(\S+)", _section(text, "Troubleshooting"))
    assert match, "spec names no import address"
    return match.group(1)


def _data_model_keys(text: str) -> dict[str, str]:
    """Partition and sort key attribute names from the Data Model section."""
    section = _section(text, "Data Model")
    partition = re.search(r"Partition Key \((\w+)\)", section).group(1)
    sort = re.search(r"Sort Key \((\w+)\)", section).group(1)
    return {"hash_key": partition, "range_key": sort}


def interface_of(text: str) -> dict[str, Any]:
    """Everything the tests take from the specification, read from its text."""
    return {
        "inputs": _inputs(text),
        "outputs": _outputs(text),
        "usage_examples": _usage_examples(text),
        "environment_blocks": _environment_blocks(text),
        "import_address": _import_address(text),
        "data_model_keys": _data_model_keys(text),
    }


def interface_json(interface: dict[str, Any]) -> str:
    return json.dumps(interface, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@lru_cache
def _interface() -> dict[str, Any]:
    return json.loads(INTERFACE.read_text(encoding="utf-8"))


@lru_cache
def inputs() -> dict[str, SpecInput]:
    """The Inputs table: name, type, default, required."""
    return {
        name: SpecInput(name, item["type"], item.get("default", NO_DEFAULT), item["required"])
        for name, item in _interface()["inputs"].items()
    }


def outputs() -> list[str]:
    return list(_interface()["outputs"])


def usage_examples() -> dict[str, dict[str, Any]]:
    return _interface()["usage_examples"]


def environment_blocks() -> dict[str, dict[str, Any]]:
    return _interface()["environment_blocks"]


def import_address() -> str:
    return _interface()["import_address"]


def data_model_keys() -> dict[str, str]:
    return _interface()["data_model_keys"]


if __name__ == "__main__":
    # Write the fixture again from the specification's text, after the specification changes.
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else spec_text_path()
    INTERFACE.write_text(interface_json(interface_of(source.read_text(encoding="utf-8"))), encoding="utf-8")
    print(f"{INTERFACE.relative_to(REPO)}: written from {source}")
