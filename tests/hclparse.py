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
from lark.exceptions import LarkError

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


# A line that opens a top-level block: `variable "x" {`, `resource "t" "n" {`, `locals {`.
_BLOCK_START = re.compile(r'^(?=[A-Za-z_][\w-]*[ \t]+["{])', re.M)


def parse_text(text: str) -> dict[str, Any]:
    """python-hcl2's reading of ``text``, its quoted keys and strings decoded.

    Parsing is slow (a Lark grammar, about 0.2 s for a module's 80 KB variables.tf) and the tests
    parse thousands of modules that differ from one another in a block or two. So each top-level
    block is parsed on its own and remembered: a body's blocks each begin a line, and a piece that
    parses on its own ends where the body is back at its top level, so the pieces' readings joined
    in order are the whole text's reading. Should any piece not parse on its own (a heredoc whose
    content has a line like a block's first), the whole text is parsed in one go, as before.
    tests/test_hclparse.py holds the two readings equal on every module under output/.
    """
    starts = [match.start() for match in _BLOCK_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    pieces = [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    try:
        readings = [_parsed(piece) for piece in pieces]
    except LarkError:
        return copy.deepcopy(_parsed(text))
    return copy.deepcopy(_joined(readings))


def _joined(readings: list[dict[str, Any]]) -> dict[str, Any]:
    joined: dict[str, Any] = {}
    for reading in readings:
        for key, value in reading.items():
            if isinstance(value, list) and isinstance(joined.get(key, []), list):
                joined.setdefault(key, []).extend(value)
            else:
                joined[key] = value
    return joined


@functools.lru_cache(maxsize=8192)
def _parsed(text: str) -> dict[str, Any]:
    options = hcl2.SerializationOptions(with_comments=False)
    return unquote_keys(hcl2.load(io.StringIO(text), serialization_options=options))


def parse_whole(text: str) -> dict[str, Any]:
    """python-hcl2's reading of ``text`` in one go (what parse_text's pieces are held equal to)."""
    return copy.deepcopy(_parsed(text))


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


def _declaring(folder: Path, kind: str) -> list[dict[str, Any]]:
    """The parsed files of ``folder`` that can declare a top-level ``kind`` block.

    A body's blocks each begin a line (HCL's native syntax ends every block and attribute with a
    newline), so a file with no line beginning with ``kind`` declares none and is not parsed: most of
    the tests' parsing time went on variables.tf (about 80 KB) to look for resources it cannot hold.
    """
    starts = re.compile(rf"^[ \t]*{kind}\b", re.M)
    texts = (path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.tf")))
    return [parse_text(text) for text in texts if starts.search(text)]


def _blocks(folder: Path, kind: str) -> dict[str, dict[str, Any]]:
    found = {}
    for document in _declaring(folder, kind):
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
    for document in _declaring(folder, "locals"):
        for block in document.get("locals", []):
            found.update(block)
    return found
