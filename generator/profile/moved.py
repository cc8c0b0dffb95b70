"""``moved`` blocks: state addresses a ddbgen module takes over, so that nothing is replaced.

Two sources. Teams leaving the most used public DynamoDB module keep their
``module`` block and their state (``moved_from``): the generated module
carries ``moved`` blocks from that module's resource addresses to its own, so
switching the ``source`` moves the table, its scaling targets and policies and
destroys nothing. A design whose logical name changes keeps the table's address
its folder had under the former names (recorded in the manifest). And the
resources ddbgen 0.2 named after the design move to the names they have now
(addresses.py).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from generator.errors import ProfileError
from generator.profile import addresses
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


@dataclass(frozen=True)
class Moves:
    """The ``moved`` blocks of a render, by why each is there: (from, to) address pairs."""

    public_module: list[tuple[str, str]]  # from the public module's addresses (moved_from)
    renamed: list[tuple[str, str]]  # the table, from each former logical name to the next
    from_design_names: list[tuple[str, str]]  # ddbgen 0.2's addresses named after the design
    first_name: str  # the logical name those 0.2 addresses carry

    def pairs(self) -> list[tuple[str, str]]:
        return self.public_module + self.renamed + self.from_design_names


def renamed_blocks(former_names: tuple[str, ...], name: str) -> list[tuple[str, str]]:
    """The table from each former logical name to the next, ending at the current one.

    A chain, not every former name straight to the current one: Terraform refuses two
    ``moved`` blocks with one destination ("Ambiguous move statements"), and follows a chain.
    """
    names = [former for former in former_names if former != name] + [name]
    return [(addresses.table(old), addresses.table(new)) for old, new in itertools.pairwise(names)]


def from_design_names(first_name: str, public_module: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ddbgen 0.2's addresses named after the design (``first_name``, the folder's oldest) to today's names.

    Rendered in every module: Terraform ignores a ``moved`` block with nothing at its
    source, and a folder generated anew for a root that applied 0.2 still moves.
    A block is left out where its source is today's name already (a design named
    ``table``), or names a resource this render declares or another block moves
    from (Terraform refuses both): a design named ``table_stream``, or ``this``
    beside the public module's moves.
    """
    declared = {new for _pattern, new in addresses.NAMED_AFTER_THE_DESIGN}
    moved_elsewhere = {addresses.resource_of(source) for source, _target in public_module}
    found = []
    for pattern, new in addresses.NAMED_AFTER_THE_DESIGN:
        old = pattern.format(first_name)
        if old == new or old in declared or old in moved_elsewhere:
            continue
        found.append((old, new))
    return found


def moves(profile: Any, former_names: tuple[str, ...] = ()) -> Moves:
    """The ``moved`` blocks of ``profile``'s module in a folder whose design had ``former_names`` (oldest first)."""
    name = profile.design.name
    renamed = renamed_blocks(former_names, name)
    first = renamed[0][0].split(".", 1)[1] if renamed else name
    # The public module's table moves to the first name, and the chain of names takes it on from
    # there: two blocks with one destination are ambiguous to Terraform. Where the public module's
    # own name for its table (this, autoscaled) is one of the chain's, no block can say both moves
    # (Terraform finds a cycle), and the chain, the folder's own history, is kept.
    table: str | None = addresses.table(first)
    moved = profile.moved_from
    if moved is not None and renamed:
        copy = addresses.table(table_copy(moved, bool(profile.values["enable_autoscaling"])))
        if any(copy in pair for pair in renamed):
            table = None
    public = _public_module_blocks(profile, table)
    return Moves(public, renamed, from_design_names(first, public), first)


def moved_blocks(profile: Any, former_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(from, to) address pairs: the public module's resources, the former names', ddbgen 0.2's, to this module's."""
    return moves(profile, former_names).pairs()


def _public_module_blocks(profile: Any, table: str | None) -> list[tuple[str, str]]:
    """The public module's addresses to this module's; its table to ``table`` (None: no block for it)."""
    moved = profile.moved_from
    if moved is None:
        return []
    design, values = profile.design, profile.values
    autoscaling = bool(values["enable_autoscaling"])
    copy = table_copy(moved, autoscaling)
    blocks = [(f"aws_dynamodb_table.{copy}[0]", table)] if table is not None else []
    if autoscaling:
        targets = [("table", "table_{unit}[0]", "table_{unit}_policy[0]")] + [
            (index.key, f'index_{{unit}}["{index.name}"]', f'index_{{unit}}_policy["{index.name}"]')
            for index in design.global_indexes_with(values)
        ]
        for key, target, policy in targets:
            for unit in ("read", "write"):
                blocks.append(
                    (
                        f"aws_appautoscaling_target.{target.format(unit=unit)}",
                        addresses.instance(addresses.SCALING_TARGETS, f"{key}_{unit}"),
                    )
                )
                blocks.append(
                    (
                        f"aws_appautoscaling_policy.{policy.format(unit=unit)}",
                        addresses.instance(addresses.SCALING_POLICIES, f"{key}_{unit}"),
                    )
                )
    blocks.append(("aws_dynamodb_resource_policy.this[0]", addresses.instance(addresses.TABLE_POLICY, "table")))
    return blocks
