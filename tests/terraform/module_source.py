"""What a generated module declares, read from its variables.tf.

The tests take variable defaults and validation messages from here, so they
follow the module rather than keeping a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.hclparse import variables as parsed_variables


@dataclass(frozen=True)
class Validation:
    condition: str
    message: str


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    validations: tuple[Validation, ...]


def read_variables(module_dir: Path) -> dict[str, Variable]:
    return {
        name: Variable(
            name,
            body.get("default"),
            tuple(Validation(item["condition"], item["error_message"]) for item in body.get("validation", [])),
        )
        for name, body in parsed_variables(module_dir).items()
    }
