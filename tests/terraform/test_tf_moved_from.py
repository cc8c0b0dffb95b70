"""Which of terraform-aws-modules/dynamodb-table's table copies a module's ``moved`` blocks name (no Terraform).

The public module keeps its table in ``aws_dynamodb_table.this[0]``,
``.autoscaled[0]`` or ``.autoscaled_gsi_ignore[0]``, as its
``autoscaling_enabled`` and ``ignore_changes_global_secondary_index`` choose.
Without autoscaling the copy is ``this``; with it, the profile must name the
copy, and a profile that does not is refused (ddbgen never guesses). Applying
the move (that module's defaults for autoscaling with a global index, from
``fixtures/public_module``) is ``test_tf_adopt.py``'s moved_from scenario.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.profile.loader import load_profile
from generator.render.render import render
from tests.hclparse import parse_text

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
        (
            (
                "moved_from={module: terraform-aws-modules/dynamodb-table, table: autoscaled_gsi_ignore}",
                *AUTOSCALED,
                "enable_type_index=false",
            ),
            "autoscaled_gsi_ignore",
            TABLE_TARGETS,
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
    ids=["no-autoscaling", "gsi-ignore-copy-named", "autoscaled-copy-named"],
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
    assert ("aws_dynamodb_resource_policy.this[0]", 'aws_dynamodb_resource_policy.table["table"]') in blocks


@pytest.mark.parametrize("type_index", [True, False], ids=["with-an-index", "without-indexes"])
def test_with_autoscaling_a_copy_not_named_is_refused_naming_both_and_the_command(type_index: bool) -> None:
    """The public module chooses the copy by autoscaling_enabled and ignore_changes_global_secondary_index alone."""
    with pytest.raises(ProfileError) as refused:
        load_profile("default", (MOVED_FROM, *AUTOSCALED, f"enable_type_index={str(type_index).lower()}"))
    message = str(refused.value)
    assert refused.value.key == "moved_from"
    for named in (
        "aws_dynamodb_table.autoscaled[0]",
        "aws_dynamodb_table.autoscaled_gsi_ignore[0]",
        "terraform state list",
    ):
        assert named in message
