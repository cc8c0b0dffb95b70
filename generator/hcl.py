"""The one path by which a Python value becomes HCL source text.

Templates never put a value between quotes of their own: they pipe it through
the ``hcl`` filter, which returns a complete literal (quotes included). That
keeps profile strings from closing a string, a block or a template sequence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

# Terraform reads "${" and "%{" inside a quoted string as the start of a
# template sequence; doubling the introducer is HCL's own escape for them.
_TEMPLATE_INTRODUCERS = (("${", "$${"), ("%{", "%%{"))

_SIMPLE_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _escape_char(char: str) -> str:
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char]
    code = ord(char)
    # Control characters and the Unicode line separators would be invisible or
    # break the line in the rendered file; everything else is written as is.
    if code < 0x20 or code == 0x7F or code in (0x85, 0x2028, 0x2029):
        return f"\\u{code:04x}"
    return char


# Every character _escape_char changes; the others are written as they are.
_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f\x85\u2028\u2029]')


def quote(text: str) -> str:
    """Return ``text`` as a quoted HCL string literal that evaluates to ``text``."""
    body = _ESCAPED.sub(lambda match: _escape_char(match.group()), text)
    for introducer, escaped in _TEMPLATE_INTRODUCERS:
        body = body.replace(introducer, escaped)
    return f'"{body}"'


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def template(text: str, expressions: Mapping[str, str]) -> str:
    """``text`` as a quoted HCL string in which each ``{name}`` is the interpolation ``${expression}``.

    The text between placeholders is escaped as ``quote`` escapes it; ``expressions``
    are HCL already (``var.x``, ``target.label``). A placeholder without an
    expression is an error, never left as it is.
    """
    parts = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in expressions:
            raise KeyError(f"no HCL expression for {{{name}}} in {text!r}")
        parts += [quote(text[end : match.start()])[1:-1], "${" + expressions[name] + "}"]
        end = match.end()
    parts.append(quote(text[end:])[1:-1])
    return '"' + "".join(parts) + '"'


def literal(value: Any) -> str:
    """Render a profile value (None, bool, int, float, str, list, dict) as HCL."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"HCL has no literal for {value!r}")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{quote(str(key))} = {literal(item)}" for key, item in sorted(value.items()))
        return "{ " + items + " }"
    raise TypeError(f"no HCL literal for {type(value).__name__}")
