"""``moved`` blocks: state addresses a ddbgen module takes over, so that nothing is replaced.

Two sources. Teams leaving the most used public DynamoDB module keep their
``module`` block and their state (``moved_from``): the generated module
carries ``moved`` blocks from that module's resource addresses to its own, so
switching the ``source`` moves the table, its scaling targets and policies and
destroys nothing. And a design whose logical name changes keeps the addresses
its folder had under the former names (recorded in the manifest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import ProfileError
from generator.shown import yaml_text

MOVED_FROM = "moved_from"
PUBLIC_MODULE = "terraform-aws-modules/dynamodb-table"
# The public module keeps three copies of its table; which one holds the table
# depends on its autoscaling_enabled and ignore_changes_global_secondary_index.
TABLE_COPIES = ("this", "autoscaled", "autoscaled_gsi_ignore")


@dataclass(frozen=True)
class MovedFrom:
    module: str = PUBLIC_MODULE
    table: str | None = None  # the copy that holds the table; None: chosen from the profile

    def as_profile(self) -> Any:
        return self.module if self.table is None else {"module": self.module, "table": self.table}


def read_moved_from(value: Any, source: str) -> MovedFrom:
    """``moved_from: terraform-aws-modules/dynamodb-table``, or a mapping naming the table copy too."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"module", "table"})
        if unknown:
            raise ProfileError(source, f"{MOVED_FROM}.{unknown[0]}", "is not one of module, table")
        module, table = value.get("module"), value.get("table")
    else:
        module, table = value, None
    if module != PUBLIC_MODULE:
        raise ProfileError(
            source,
            MOVED_FROM,
            f"must be {PUBLIC_MODULE}, the one module ddbgen maps addresses from (got {yaml_text(module)})",
        )
    if table is not None and table not in TABLE_COPIES:
        raise ProfileError(
            source, f"{MOVED_FROM}.table", f"must be one of {', '.join(TABLE_COPIES)} (got {yaml_text(table)})"
        )
    return MovedFrom(module, table)


# The command that tells which copy holds a table, run in the root that calls the public module.
STATE_LIST = "terraform state list | grep aws_dynamodb_table"


def check_moved_from(moved: MovedFrom, autoscaling: bool, source: str) -> None:
    """Refuse to guess the public module's table copy: with autoscaling it cannot be told from the profile.

    The public module (v4.4.0 to 5.5.0, main.tf) keeps the table in ``this`` when
    ``autoscaling_enabled`` is false; with it, in ``autoscaled`` or, when
    ``ignore_changes_global_secondary_index`` is true (false by default), in
    ``autoscaled_gsi_ignore``, whether or not the table has an index. ddbgen
    cannot see that input, so the profile names the copy.
    """
    if moved.table is not None or not autoscaling:
        return
    raise ProfileError(
        source,
        MOVED_FROM,
        f"with enable_autoscaling, the table of {moved.module} is in aws_dynamodb_table.autoscaled[0] (its default) or "
        "aws_dynamodb_table.autoscaled_gsi_ignore[0] (with ignore_changes_global_secondary_index = true), and the "
        f"profile cannot tell which; `{STATE_LIST}` in the root that calls it shows it. Name it: "
        f"moved_from: {{module: {moved.module}, table: autoscaled}} (or table: autoscaled_gsi_ignore)",
    )


def table_copy(moved: MovedFrom, autoscaling: bool) -> str:
    """The public module's table copy a table lives in: the one named, else ``this`` (no autoscaling)."""
    if moved.table is not None:
        return moved.table
    if autoscaling:  # check_moved_from refused this profile when it loaded
        raise ValueError("the public module's table copy is not named")
    return "this"


# Resources a design's logical name names (besides the table): a rename moves each whole.
NAMED_AFTER_TABLE = (
    "aws_dynamodb_table.{}",
    "aws_cloudwatch_metric_alarm.{}",
    "aws_dynamodb_contributor_insights.{}",
    "aws_dynamodb_resource_policy.{}",
    "aws_dynamodb_resource_policy.{}_stream",
)


def renamed_blocks(former_names: tuple[str, ...], name: str) -> list[tuple[str, str]]:
    """(from, to) pairs from each former logical name's resources to the current name's."""
    return [
        (pattern.format(former), pattern.format(name))
        for former in former_names
        if former != name
        for pattern in NAMED_AFTER_TABLE
    ]


def moved_blocks(profile: Any, former_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(from, to) address pairs: the public module's resources, then the former names', to the generated module's."""
    return _public_module_blocks(profile) + renamed_blocks(former_names, profile.design.name)


def _public_module_blocks(profile: Any) -> list[tuple[str, str]]:
    moved = profile.moved_from
    if moved is None:
        return []
    design, values = profile.design, profile.values
    autoscaling = bool(values["enable_autoscaling"])
    copy = table_copy(moved, autoscaling)
    blocks = [(f"aws_dynamodb_table.{copy}[0]", design.resource)]
    if autoscaling:
        for unit in ("read", "write"):
            blocks.append(
                (f"aws_appautoscaling_target.table_{unit}[0]", f'aws_appautoscaling_target.capacity["table_{unit}"]')
            )
            blocks.append(
                (
                    f"aws_appautoscaling_policy.table_{unit}_policy[0]",
                    f'aws_appautoscaling_policy.capacity["table_{unit}"]',
                )
            )
        for index in design.global_indexes_with(values):
            for unit in ("read", "write"):
                blocks.append(
                    (
                        f'aws_appautoscaling_target.index_{unit}["{index.name}"]',
                        f'aws_appautoscaling_target.capacity["{index.key}_{unit}"]',
                    )
                )
                blocks.append(
                    (
                        f'aws_appautoscaling_policy.index_{unit}_policy["{index.name}"]',
                        f'aws_appautoscaling_policy.capacity["{index.key}_{unit}"]',
                    )
                )
    blocks.append(("aws_dynamodb_resource_policy.this[0]", f'aws_dynamodb_resource_policy.{design.name}["table"]'))
    return blocks
