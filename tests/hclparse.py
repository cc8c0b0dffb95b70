"""Read rendered HCL back, independently of the generator's own code.

python-hcl2 returns string literals as written (quotes and escapes kept);
``decode`` is our independent inverse of HCL's quoted-string syntax.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from pathlib import Path
from typing import Any

import hcl2

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_TOKEN = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\(.)|\$\$\{|%%\{|(.)", re.S)


def decode(literal: str) -> str:
    """The string value of an HCL quoted string literal such as ``"a\\nb"``."""
    if not (len(literal) >= 2 and literal[0] == literal[-1] == '"'):
        raise ValueError(f"not a quoted HCL string: {literal!r}")
    out = []
    for match in _TOKEN.finditer(literal[1:-1]):
        short, long, escaped, plain = match.groups()
        if short or long:
            out.append(chr(int(short or long, 16)))
        elif escaped is not None:
            if escaped not in _ESCAPES:
                raise ValueError(f"unknown escape \\{escaped} in {literal!r}")
            out.append(_ESCAPES[escaped])
        elif plain is not None:
            out.append(plain)
        else:
            out.append(match.group(0)[1:])  # $${ -> ${ and %%{ -> %{
    return "".join(out)


def unquote_keys(value: Any) -> Any:
    """Decode quoted keys and string values in python-hcl2's nested output."""
    if isinstance(value, dict):
        return {
            (decode(key) if key.startswith('"') else key): unquote_keys(item)
            for key, item in value.items()
            if key != "__is_block__"
        }
    if isinstance(value, list):
        return [unquote_keys(item) for item in value]
    if isinstance(value, str) and value.startswith('"') and value.endswith('"') and len(value) >= 2:
        return decode(value)
    return value


def parse_text(text: str) -> dict[str, Any]:
    # Parsing is slow (a Lark grammar), and the tests read the same files many times.
    return copy.deepcopy(_parsed(text))


@functools.lru_cache(maxsize=512)
def _parsed(text: str) -> dict[str, Any]:
    options = hcl2.SerializationOptions(with_comments=False)
    return unquote_keys(hcl2.load(io.StringIO(text), serialization_options=options))


def parse_file(path: Path) -> dict[str, Any]:
    return parse_text(path.read_text(encoding="utf-8"))


def variables(folder: Path) -> dict[str, dict[str, Any]]:
    """``{name: attributes}`` of every variable in ``folder/variables.tf``."""
    return {name: body for block in parse_file(folder / "variables.tf")["variable"] for name, body in block.items()}


def outputs(folder: Path) -> dict[str, dict[str, Any]]:
    return {name: body for block in parse_file(folder / "outputs.tf")["output"] for name, body in block.items()}


def parse_module(folder: Path) -> dict[str, dict[str, Any]]:
    """Every ``.tf`` file of a module folder, parsed, by file name."""
    return {path.name: parse_file(path) for path in sorted(folder.glob("*.tf"))}


def _blocks(folder: Path, kind: str) -> dict[str, dict[str, Any]]:
    found = {}
    for document in parse_module(folder).values():
        for block in document.get(kind, []):
            for type_name, named in block.items():
                for name, body in named.items():
                    found[f"{type_name}.{name}"] = body
    return found


def resources(folder: Path) -> dict[str, dict[str, Any]]:
    """``{"type.name": attributes}`` of every resource in the module's ``.tf`` files."""
    return _blocks(folder, "resource")


def data_sources(folder: Path) -> dict[str, dict[str, Any]]:
    """``{"type.name": attributes}`` of every data source in the module's ``.tf`` files."""
    return _blocks(folder, "data")


def locals_of(folder: Path) -> dict[str, Any]:
    """Every local value the module's ``.tf`` files define, by name."""
    found: dict[str, Any] = {}
    for document in parse_module(folder).values():
        for block in document.get("locals", []):
            found.update(block)
    return found
