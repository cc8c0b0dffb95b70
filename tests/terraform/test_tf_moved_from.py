"""Which of terraform-aws-modules/dynamodb-table's table copies a module's ``moved`` blocks name (no Terraform).

The public module keeps its table in ``aws_dynamodb_table.this[0]``,
``.autoscaled[0]`` or ``.autoscaled_gsi_ignore[0]``, as its
``autoscaling_enabled`` and ``ignore_changes_global_secondary_index`` choose.
A profile with ``moved_from`` renders moved blocks from the copy that fits its
own autoscaling and indexes, or from the copy it names. Applying the move
(autoscaling with a global index, from ``fixtures/public_module``) is
``test_tf_adopt.py``'s moved_from scenario.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.profiles import load_profile
from generator.render import render

from ..hclparse import parse_text

MOVED_FROM = "moved_from=terraform-aws-modules/dynamodb-table"
AUTOSCALED = ("billing_mode=PROVISIONED", "enable_autoscaling=true")
TYPE_INDEX_TARGETS = {
    'aws_appautoscaling_target.index_read["TypeIndex"]',
    'aws_appautoscaling_target.index_write["TypeIndex"]',
}
TABLE_TARGETS = {"aws_appautoscaling_target.table_read[0]", "aws_appautoscaling_target.table_write[0]"}


def _unwrapped(address: str) -> str:
    return address.removeprefix("${").removesuffix("}")


@pytest.mark.parametrize(
    ("overrides", "copy", "targets"),
    [
        ((MOVED_FROM, "enable_type_index=true"), "this", set()),
        ((MOVED_FROM, *AUTOSCALED, "enable_type_index=false"), "autoscaled", TABLE_TARGETS),
        (
            (MOVED_FROM, *AUTOSCALED, "enable_type_index=true"),
            "autoscaled_gsi_ignore",
            TABLE_TARGETS | TYPE_INDEX_TARGETS,
        ),
        (
            (
                "moved_from={module: terraform-aws-modules/dynamodb-table, table: autoscaled}",
                *AUTOSCALED,
                "enable_type_index=true",
            ),
            "autoscaled",
            TABLE_TARGETS | TYPE_INDEX_TARGETS,
        ),
    ],
    ids=["no-autoscaling", "autoscaling-without-indexes", "autoscaling-with-an-index", "copy-named"],
)
def test_moved_blocks_name_the_public_modules_table_copy(
    overrides: tuple[str, ...], copy: str, targets: set[str], tmp_path: Path
) -> None:
    files = render(load_profile("default", overrides), tmp_path)
    blocks = [
        (_unwrapped(block["from"]), _unwrapped(block["to"]))
        for block in parse_text(files["moved.tf"].decode())["moved"]
    ]
    tables = [(old, new) for old, new in blocks if old.startswith("aws_dynamodb_table.")]
    assert tables == [(f"aws_dynamodb_table.{copy}[0]", "aws_dynamodb_table.notifications")]
    assert {old for old, _ in blocks if old.startswith("aws_appautoscaling_target.")} == targets
    assert ("aws_dynamodb_resource_policy.this[0]", 'aws_dynamodb_resource_policy.notifications["table"]') in blocks
