"""Text as Markdown shows it: whatever a profile or a manifest holds, a README or a table keeps its structure."""

from __future__ import annotations

import re
from typing import Any

from generator.hcl import literal
from generator.shown import inert

# Markdown for what a profile says: whatever it holds, the README keeps its structure.
# A character that could start Markdown syntax in running text is backslash-escaped
# (CommonMark escapes any ASCII punctuation that way); "_" only where it could open
# or close emphasis, so that names such as prevent_destroy read as they are written.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*\[\]<>|&~]|(?<!\w)_|_(?!\w)")
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")


def _fence(text: str, shortest: int = 1) -> str:
    """A run of backticks longer than any in ``text``: a code span or block it cannot close."""
    return "`" * max(shortest, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))


def markdown_code(value: Any) -> str:
    """A value as its HCL literal in a Markdown table cell: one line, as a caller would write it."""
    return markdown_span(literal(value))


def markdown_span(text: str) -> str:
    """``text`` as a code span, on one line and inside a table cell, whatever backticks, pipes or controls it holds."""
    text = inert(str(text))
    fence = _fence(text)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def markdown_text(text: str) -> str:
    """``text`` in running Markdown text or a table cell: one line, read as the characters it holds."""
    text = inert(_LINE_BREAKS.sub(" ", str(text)))
    return _MARKDOWN_SYNTAX.sub(lambda match: "\\" + match.group(), text)


def markdown_fenced(text: str, info: str) -> str:
    """``text`` as a fenced code block that nothing in it can close."""
    text = inert(text, lines=True)
    fence = _fence(text, 3)
    return f"{fence}{info}\n{text}\n{fence}"


def markdown_cell(text: str) -> str:
    """ddbgen's own text in a table cell: pipes, and the ``<placeholder>`` words Markdown would take for HTML."""
    return text.replace("|", "\\|").replace("<", "\\<")
