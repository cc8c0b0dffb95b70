"""Align the ``=`` of consecutive attribute lines, exactly as ``terraform fmt`` does.

Templates are written with their indentation, but which lines share an
alignment depends on what a profile renders (an argument present for one
provider line and not for the other). ``terraform fmt`` (hclwrite's
formatter) aligns the equals signs of a run of consecutive lines that each
assign a whole expression: the first ``=`` of the line, not the first token,
with as many brackets opened as closed after it. Any other line ends the run.
This reproduces that rule for the HCL ddbgen renders, which has no heredocs
and no multi-line strings; the tests run ``terraform fmt -check`` on renders.
"""

from __future__ import annotations

import functools
import re

_COMPARISONS = ("==", "!=", "<=", ">=", "=>")


_IN_STRING = re.compile(r'[\\"$%]')
_IN_CODE = re.compile(r'["#/{}\[\]()=]')
# A quoted string with no template sequence in it (most of what ddbgen writes).
_PLAIN_STRING = re.compile(r'"(?:[^"\\$%]|\\.|\$\$\{|%%\{|\$(?!\{)|%(?!\{))*"')
_EQUALS = re.compile(r"(?<![=!<>])=(?![=>])")


def _assignment(line: str) -> int | None:
    """The index of the line's assigning ``=`` when the rest of the line is a whole expression."""
    if "=" not in line:
        return None
    if "{" in line and ("${" in line or "%{" in line):
        return _assignment_with_templates(line)
    # Blank out string contents (keeping positions), then count brackets in what is left.
    code = _PLAIN_STRING.sub(lambda match: '"' + " " * (len(match.group()) - 2) + '"', line)
    if code.count('"') % 2:  # a string the pattern could not read: scan it
        return _assignment_with_templates(line)
    code = code.split("#", 1)[0].split("//", 1)[0]
    found = _EQUALS.search(code)
    if found is None or not code[: found.start()].strip():
        return None
    rest = code[found.start() :]
    depth = rest.count("{") + rest.count("[") + rest.count("(") - rest.count("}") - rest.count("]") - rest.count(")")
    return found.start() if depth == 0 else None


def _assignment_with_templates(line: str) -> int | None:
    """``_assignment`` for a line whose strings hold template sequences, scanned character by character."""
    position = None
    depth = 0  # brackets opened minus closed after the "=", template sequences included
    stack: list[str] = []  # "string", "interp" (${ } inside a string) or "brace"
    index = 0
    while True:
        in_string = bool(stack) and stack[-1] == "string"
        found = (_IN_STRING if in_string else _IN_CODE).search(line, index)
        if found is None:
            break
        index = found.start()
        char = line[index]
        if in_string:
            if char == "\\":
                index += 2
            elif line.startswith(("$${", "%%{"), index):
                index += 3
            elif line.startswith(("${", "%{"), index):
                stack.append("interp")
                depth += 1
                index += 2
            else:
                if char == '"':
                    stack.pop()
                index += 1
            continue
        if char == "#" or line.startswith("//", index):
            break
        if char == '"':
            stack.append("string")
        elif char == "{":
            stack.append("brace")
            depth += 1
        elif char in "[(":
            depth += 1
        elif char == "}":
            if stack:
                stack.pop()
            depth -= 1
        elif char in "])":
            depth -= 1
        elif char == "=" and position is None:
            around = line[max(index - 1, 0) : index + 2]
            comparison = any(operator in around for operator in _COMPARISONS)
            if not comparison and line[:index].strip():
                position, depth = index, 0
        index += 1
    return position if position is not None and depth == 0 else None


@functools.lru_cache(maxsize=256)
def align_assignments(text: str) -> str:
    """``text`` with each run of consecutive assignment lines aligned on its ``=``.

    Cached: checking a tree of modules renders most files identically again and again.
    """
    lines = text.split("\n")
    run: list[tuple[int, str, str]] = []  # (line index, lead, rest from "=")

    def close() -> None:
        if run:
            width = max(len(lead) for _, lead, _ in run)
            for number, lead, rest in run:
                lines[number] = f"{lead}{' ' * (width - len(lead) + 1)}{rest}"
            run.clear()

    for number, line in enumerate(lines):
        position = _assignment(line)
        if position is None:
            close()
            continue
        run.append((number, line[:position].rstrip(), line[position:]))
    close()
    return "\n".join(lines)
