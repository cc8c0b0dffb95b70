"""tests/hclparse.py: the tests' own reader of rendered HCL reads a file in pieces as python-hcl2 reads it whole."""

from __future__ import annotations

import pytest
from lark.exceptions import LarkError

from tests.conftest import REPO
from tests.hclparse import _blocks, locals_of, parse_text, parse_whole

GOLDEN = sorted(path for path in (REPO / "output").rglob("*.tf"))
FOLDERS = sorted({path.parent for path in GOLDEN})


def test_there_are_golden_modules_to_read():
    assert len(FOLDERS) >= 5 and len(GOLDEN) >= 50


@pytest.mark.parametrize("path", GOLDEN, ids=[str(path.relative_to(REPO / "output")) for path in GOLDEN])
def test_a_file_read_in_pieces_reads_as_a_whole(path):
    text = path.read_text(encoding="utf-8")
    assert parse_text(text) == parse_whole(text)


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_only_files_without_a_block_of_the_kind_are_skipped(folder):
    """resources(), data_sources() and locals_of() leave out files that cannot hold their kind: none is lost."""
    whole = [parse_whole(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.tf"))]
    for kind in ("resource", "data"):
        expected = {
            f"{type_name}.{name}": body
            for document in whole
            for block in document.get(kind, [])
            for type_name, named in block.items()
            for name, body in named.items()
        }
        assert _blocks(folder, kind) == expected
    assert locals_of(folder) == {
        key: value for document in whole for block in document.get("locals", []) for key, value in block.items()
    }


def test_a_heredoc_with_a_line_like_a_blocks_first_is_read_whole():
    text = 'value = <<EOT\nresource "aws_iam_user" "x" {\nEOT\n\nother = 1\n'
    assert parse_text(text) == parse_whole(text)
    assert parse_text(text)["other"] == 1
    assert "resource" not in parse_text(text)


def test_pieces_keep_the_order_of_blocks_of_one_kind():
    text = 'variable "b" {\n  default = 1\n}\n\noutput "x" {\n  value = 2\n}\n\nvariable "a" {\n  default = 3\n}\n'
    assert [next(iter(block)) for block in parse_text(text)["variable"]] == ["b", "a"]
    assert parse_text(text) == parse_whole(text)


def test_text_that_does_not_parse_still_fails():
    with pytest.raises(LarkError):
        parse_text('variable "a" {\n  default = \n}\n')
