"""The alignment ``terraform fmt`` gives a run of assignments, on lines ddbgen renders.

The Terraform tier runs ``terraform fmt -check`` on every render; these cases
say the rule itself, so a change to it shows here without Terraform. Each
expected text is what `terraform fmt -` (1.11.4) writes for the case.
"""

from __future__ import annotations

import pytest

from generator.render.hclformat import align_assignments


@pytest.mark.parametrize(
    "text, aligned",
    [
        ("a = 1\nlonger = 2", "a      = 1\nlonger = 2"),
        # A blank line, a block or a comment ends the run: each run is aligned on its own.
        ("a = 1\n\nlonger = 2", "a = 1\n\nlonger = 2"),
        ("a = 1\nb {\n  longer = 2\n}\nc = 3", "a = 1\nb {\n  longer = 2\n}\nc = 3"),
        # An "=" inside a string, or a comparison, does not assign.
        ('name = "a=b"\nlonger = var.x == 1', 'name   = "a=b"\nlonger = var.x == 1'),
        # A line that opens a bracket it does not close is not a whole expression.
        ("tags = {\n  a = 1\n  bb = 2\n}", "tags = {\n  a  = 1\n  bb = 2\n}"),
        # Template sequences in strings are read as Terraform reads them.
        ('a = "x-${var.x}"\nlonger = "%{if true}y%{endif}"', 'a      = "x-${var.x}"\nlonger = "%{if true}y%{endif}"'),
        # A "=" or a brace inside a template sequence is the sequence's.
        ('a = "x${var.b == 1 ? "{" : "="}"\nlonger = 2', 'a      = "x${var.b == 1 ? "{" : "="}"\nlonger = 2'),
    ],
    ids=[
        "a run",
        "a blank line",
        "a block",
        "strings and comparisons",
        "an open bracket",
        "templates",
        "in a template",
    ],
)
def test_a_run_of_assignments_is_aligned_on_its_equals(text: str, aligned: str):
    assert align_assignments(text) == aligned


def test_aligning_twice_changes_nothing():
    text = "a = 1\nlonger = 2\n\nx {\n  y = [1, 2]\n  zz = { k = 1 }\n}\n"
    assert align_assignments(align_assignments(text)) == align_assignments(text)
