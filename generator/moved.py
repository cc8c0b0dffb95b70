"""``moved_from``: state addresses of another module that a ddbgen module takes over.

Teams leaving the most used public DynamoDB module keep their ``module``
block and their state: the generated module carries ``moved`` blocks from that
module's resource addresses to its own, so switching the ``source`` moves the
table, its scaling targets and policies and destroys nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ProfileError
from .shown import yaml_text

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
            source, MOVED_FROM, f"must be {PUBLIC_MODULE}, the one module ddbgen maps addresses from (got {yaml_text(module)})"
        )
    if table is not None and table not in TABLE_COPIES:
        raise ProfileError(
            source, f"{MOVED_FROM}.table", f"must be one of {', '.join(TABLE_COPIES)} (got {yaml_text(table)})"
        )
    return MovedFrom(module, table)


def table_copy(moved: MovedFrom, autoscaling: bool, has_global_indexes: bool) -> str:
    """The public module's table copy a table lives in, as its autoscaling settings chose it."""
    if moved.table is not None:
        return moved.table
    if not autoscaling:
        return "this"
    # With autoscaling, the copy that ignores the GSI set is the one that keeps
    # autoscaled index capacity out of the plan, as ddbgen does.
    return "autoscaled_gsi_ignore" if has_global_indexes else "autoscaled"


def moved_blocks(profile: Any) -> list[tuple[str, str]]:
    """(from, to) address pairs from the public module's resources to the generated module's."""
    moved = profile.moved_from
    if moved is None:
        return []
    design, values = profile.design, profile.values
    autoscaling = bool(values["enable_autoscaling"])
    copy = table_copy(moved, autoscaling, design.has_global_indexes(values))
    blocks = [(f"aws_dynamodb_table.{copy}[0]", design.resource)]
    if autoscaling:
        for unit in ("read", "write"):
            blocks.append((f"aws_appautoscaling_target.table_{unit}[0]", f'aws_appautoscaling_target.capacity["table_{unit}"]'))
            blocks.append(
                (f"aws_appautoscaling_policy.table_{unit}_policy[0]", f'aws_appautoscaling_policy.capacity["table_{unit}"]')
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
