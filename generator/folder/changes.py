"""The change plan: what a new render of a folder does to the live table, classed before anything is written.

``generate`` into a folder that has a manifest, and ``regenerate``, compare the
design and resolved values the manifest records with the profile's now, and
class every change:

- **in place**: Terraform does what the profile says, and nothing else;
- **in place, with an effect** the user must know (an index deleted and
  rebuilt, a billing switch, a stream's new ARN): printed as a warning;
- **refused on this provider line**: Terraform cannot do it here, or would
  silently not do it; exit 2, nothing written, and the exact recipe that does it;
- **replaces the table** (a key, a local index, the table's name): refused
  unless ``--allow-replacement`` is given and the profile does not set
  ``prevent_destroy``; the message says the data would be lost and how teams
  migrate instead.

The plan reads what the profile sets: a value a root passes to the module (a
``billing_mode`` argument, say) is not ddbgen's to see; the module's
``validation`` blocks and preconditions check those at plan time.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import DdbgenError, ManifestError, ProfileError
from generator.profile import catalogue
from generator.profile.design import NOTIFICATIONS, Design, Index, read_design
from generator.profile.loader import Profile
from generator.profile.moved import MovedFrom, read_moved_from
from generator.profile.provenance import repository_root
from generator.profile.provider_lines import AWS_PROVIDER, DEFAULT_AWS_PROVIDER, is_aws_provider, provider_line
from generator.render.manifest import INLINE, RESOURCES, Manifest
from generator.shown import yaml_text

IN_PLACE = "in place"
EFFECT = "in place, with an effect"
REFUSED = "refused on this provider line"
REPLACES = "replaces the table"

# Where the AWS facts the messages rest on are written (README, "Changing a table").
SWITCHING_DOC = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/switching.capacitymode.html"


class ChangeRefused(DdbgenError):
    """A profile change the render cannot carry out as it says, refused before anything is written."""


@dataclass(frozen=True)
class IndexOnTable:
    """How a global index must look on the live table once a recipe's AWS step is done (None: gone)."""

    name: str
    key_schema: tuple[tuple[str, str], ...] | None  # ((attribute, HASH|RANGE), ...); None: the index is gone
    projection: tuple[str, tuple[str, ...]] | None  # (type, sorted non-key attributes)


@dataclass(frozen=True)
class Change:
    kind: str  # IN_PLACE, EFFECT, REFUSED or REPLACES
    subject: str  # what changes, as the profile names it
    says: str  # what the render does about it
    recipe: str = ""  # how to get it done instead (REFUSED, REPLACES)
    # For an index-set change done outside Terraform: how the live table shows it done.
    on_table: IndexOnTable | None = None

    def line(self) -> str:
        return f"{self.kind}: {self.subject}: {self.says}"


@dataclass(frozen=True)
class Recorded:
    """What a folder's manifest says the module was rendered from."""

    design: Design
    aws_provider: int
    values: dict[str, Any]
    global_indexes: str  # INLINE or RESOURCES
    moved_from: MovedFrom | None


def recorded_state(manifest: Manifest) -> Recorded | None:
    """The design, provider line and values a manifest records; None when it records no settings (ddbgen 0.1)."""
    settings = manifest.settings
    if settings is None:
        return None
    where = f"{manifest.path} (recorded profile)"
    try:
        section = settings.get("table")
        design = read_design(section, where) if section is not None else NOTIFICATIONS
        aws_provider = settings.get(AWS_PROVIDER, DEFAULT_AWS_PROVIDER)
        if not is_aws_provider(aws_provider):
            raise ManifestError(f"{manifest.path}: profile.settings.aws_provider is damaged; regenerate the folder")
        moved = settings.get("moved_from")
        moved_from = read_moved_from(moved, where) if moved is not None else None
    except ProfileError as error:
        raise ManifestError(
            f"{manifest.path}: profile.settings is damaged ({error.problem}); regenerate the folder"
        ) from None
    _check_types(manifest.path, design, aws_provider, manifest.values)
    values = {**catalogue.defaults(design, aws_provider), **manifest.values}
    return Recorded(design, aws_provider, values, manifest.rendered.global_indexes, moved_from)


def _check_types(path: Path, design: Design, aws_provider: int, values: Mapping[str, Any]) -> None:
    """Every recorded value of its input's type: a manifest is data, edited or not, and the change plan that
    decides whether a table is replaced compares with it."""
    for item in catalogue.inputs(design, aws_provider):
        if item.name not in values:
            continue
        problems = item.problems(values[item.name])
        if problems:
            where, problem = problems[0]
            raise ManifestError(
                f"{path}: profile.values.{item.name}{where} is damaged ({problem}, got {yaml_text(values[item.name])}); "
                "regenerate the folder"
            )


# -- the plan ------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the command line adds to a plan: where the recipes point, and what the user allows."""

    folder: Path
    allow_replacement: bool = False
    import_file: Path | None = None  # regenerate --import-file: the root's import blocks are written
    module: str | None = None  # the root's module block name (--module)


def plan(recorded: Recorded, profile: Profile, options: Options) -> list[Change]:
    """Every change from the recorded render to ``profile``'s, classed (see the module docstring)."""
    planner = _Planner(recorded, profile, options)
    return planner.changes()


def _key_schema(design: Design, index: Index) -> tuple[tuple[str, str, str], ...]:
    """(attribute, type, HASH|RANGE) in KeySchema order. A multi-attribute key's list is its order too:
    the same attributes in another order are another index, rebuilt like any key change."""
    keys = index.key_schema if index.hash_keys else ((design.hash_key, "HASH"), *index.key_schema)
    return tuple((name, design.attributes.get(name, "?"), kind) for name, kind in keys)


def _projection(index: Index) -> tuple[str, tuple[str, ...]]:
    return index.projection, tuple(sorted(index.non_key_attributes))


def _capacity(index: Index) -> tuple[Any, ...]:
    return (
        index.read_capacity,
        index.write_capacity,
        index.autoscaling_read_max_capacity,
        index.autoscaling_write_max_capacity,
        index.on_demand_throughput,
        index.warm_throughput,
    )


class _Planner:
    def __init__(self, recorded: Recorded, profile: Profile, options: Options) -> None:
        self.old, self.new = recorded, profile
        self.options = options
        self.old_values, self.values = recorded.values, profile.values
        self.old_design, self.design = recorded.design, profile.design
        self.provider = provider_line(profile.aws_provider)
        self.autoscaled = bool(profile.values["enable_autoscaling"])
        self.found: list[Change] = []

    def add(self, kind: str, subject: str, says: str, recipe: str = "", on_table: IndexOnTable | None = None) -> None:
        self.found.append(Change(kind, subject, says, recipe, on_table))

    def changes(self) -> list[Change]:
        self.table_keys()
        self.table_name()
        self.local_indexes()
        self.logical_name()
        self.provider_line_and_shape()
        self.global_indexes()
        self.billing()
        self.replicas()
        self.time_to_live()
        self.stream()
        self.recovery()
        self.other_inputs()
        return self.found

    # -- what replaces the table ----------------------------------------------

    def table_keys(self) -> None:
        old, new = self.old_design, self.design
        for role, before, after in (
            ("hash_key", old.hash_key, new.hash_key),
            ("range_key", old.range_key, new.range_key),
        ):
            was = (before, old.attributes.get(before)) if before else None
            now = (after, new.attributes.get(after)) if after else None
            if was != now:
                self.add(
                    REPLACES,
                    f"table.{role}",
                    f"{_key_text(was)} becomes {_key_text(now)}: a table's key is fixed when it is created",
                )

    def table_name(self) -> None:
        before = self.old_values.get(self.old_design.table_name_input)
        after = self.values.get(self.design.table_name_input)
        if before != after:
            hint = ""
            if self.old_design.name != self.design.name:
                hint = (
                    f"; to keep the table under the new logical name, set {self.design.table_name_input}: "
                    f"{json.dumps(before)} in the profile"
                )
            self.add(
                REPLACES,
                self.design.table_name_input,
                f"the table's name changes from {json.dumps(before)} to {json.dumps(after)}, and a DynamoDB table "
                f"cannot be renamed{hint}",
            )

    def local_indexes(self) -> None:
        old = {index.name: index for index in self.old_design.local_indexes}
        new = {index.name: index for index in self.design.local_indexes}
        for name in sorted(old.keys() | new.keys()):
            before, after = old.get(name), new.get(name)
            if before is None:
                self.add(
                    REPLACES, f"local index {name}", "is added, and a local index can only be created with its table"
                )
            elif after is None:
                self.add(
                    REPLACES, f"local index {name}", "is removed, and a local index can only be dropped with its table"
                )
            elif (_key_schema(self.old_design, before), _projection(before)) != (
                _key_schema(self.design, after),
                _projection(after),
            ):
                self.add(
                    REPLACES,
                    f"local index {name}",
                    "changes its key or projection, and a local index is fixed when its table is created "
                    "(the provider compares local indexes by name, so without a replacement the change would never be made)",
                )

    # -- in place: names, lines --------------------------------------------------

    def logical_name(self) -> None:
        if self.old_design.name != self.design.name:
            self.add(
                IN_PLACE,
                "table.name",
                f"the logical name changes from {self.old_design.name} to {self.design.name}: moved.tf moves "
                f"aws_dynamodb_table.{self.old_design.name} and every resource named after it, and nothing is replaced "
                f"(callers pass {self.design.table_name_input} and read the {self.design.name}_table_* outputs from now on)",
            )

    def provider_line_and_shape(self) -> None:
        new_shape = RESOURCES if self.provider.gsi_resource else INLINE
        indexes = self.design.global_indexes_with(self.values)
        if self.old.aws_provider != self.new.aws_provider:
            self.add(
                IN_PLACE,
                "aws_provider",
                f"the module is written for AWS provider {self.new.aws_provider} instead of {self.old.aws_provider}",
            )
        if self.old.global_indexes == new_shape or (
            not indexes and not self.old_design.global_indexes_with(self.old_values)
        ):
            return
        if new_shape == INLINE:
            self.add(
                REFUSED,
                "global indexes",
                "would move from their own aws_dynamodb_global_secondary_index resources back into the table, and Terraform "
                "would destroy each index resource (deleting the index) as it leaves the configuration",
                "keep the module on AWS provider 6; or, for each index, "
                "terraform state rm 'module.<name>.aws_dynamodb_global_secondary_index.<index>' in the root first, "
                "then generate the module into a new folder",
            )
            return
        names = ", ".join(index.name for index in indexes)
        if self.options.import_file is not None:
            self.add(
                IN_PLACE,
                "global indexes",
                f"{names} move out of the table into resources of their own; {self.options.import_file} imports each, "
                "so the first plan imports them and changes nothing (the AWS provider's "
                "TestAccDynamoDBGlobalSecondaryIndex_migrate_multiple_importblock); delete the file after the apply",
            )
            return
        command = self.command("--import-file", "imports.tf", "--module", self.options.module or "NAME")
        self.add(
            REFUSED,
            "global indexes",
            f"{names} move out of the table into aws_dynamodb_global_secondary_index resources (AWS provider 6), and "
            "without import blocks the first apply would try to create indexes that exist",
            f"Terraform takes import blocks only in the root module: run {command} (NAME: the module block that calls "
            "this folder), keep imports.tf beside that block, plan (it imports each index and changes nothing), apply, "
            "then delete imports.tf",
        )

    # -- global indexes ----------------------------------------------------------

    def global_indexes(self) -> None:
        old = {index.name: index for index in self.old_design.global_indexes_with(self.old_values)}
        new = {index.name: index for index in self.design.global_indexes_with(self.values)}
        added = [new[name] for name in new if name not in old]
        removed = [old[name] for name in old if name not in new]
        rebuilt = [
            new[name]
            for name in new
            if name in old
            and (_key_schema(self.old_design, old[name]), _projection(old[name]))
            != (_key_schema(self.design, new[name]), _projection(new[name]))
        ]
        resized = [
            new[name]
            for name in new
            if name in old and new[name] not in rebuilt and _capacity(old[name]) != _capacity(new[name])
        ]
        if (added or removed or rebuilt) and not self.provider.gsi_resource and self.autoscaled:
            self.index_recipe(added, removed, rebuilt)
        else:
            where = "its own resource" if self.provider.gsi_resource else "the table"
            for index in added:
                self.add(
                    IN_PLACE, f"index {index.name}", f"is created ({where}); queries can use it once its backfill ends"
                )
            for index in removed:
                self.add(
                    IN_PLACE,
                    f"index {index.name}",
                    f"is deleted ({where}), with its scaling, alarms and Contributor Insights",
                )
            for index in rebuilt:
                self.add(
                    EFFECT,
                    f"index {index.name}",
                    "changes its keys or projection, so the provider deletes the index and creates it again: queries on "
                    f"{index.name} fail until the new index's backfill ends",
                )
        for index in resized:
            self.add(
                IN_PLACE,
                f"index {index.name}",
                "changes its capacity, its autoscaling bounds, its on-demand limits or its warm throughput",
            )

    def index_recipe(self, added: list[Index], removed: list[Index], rebuilt: list[Index]) -> None:
        """Provider 5 with autoscaling ignores the whole index set: do the AWS side with the CLI, then regenerate."""
        table = self.values.get(self.design.table_name_input)
        steps, existing = (
            [],
            [index for index in self.old_design.global_indexes_with(self.old_values) if index not in removed],
        )
        rebuilt_names = {index.name for index in rebuilt}
        existing = [index for index in existing if index.name not in rebuilt_names]
        for index in removed + [index for index in self.old_design.global_indexes if index.name in rebuilt_names]:
            steps.append(update_table_command(table, [], {"Delete": {"IndexName": index.name}}))
        for index in rebuilt + added:
            existing.append(index)
            steps.append(update_table_command(table, self.attributes_for(existing), {"Create": self.index_spec(index)}))
        wait = f"aws dynamodb wait table-exists --table-name {shlex.quote(str(table))}"
        numbered = " ".join(f"({number}) {step}, then {wait};" for number, step in enumerate(steps, start=1))
        regenerate = self.command("--live-table", str(table))
        recipe = (
            f"change the indexes with the AWS CLI, one UpdateTable call at a time (AWS creates or deletes one global index per "
            f"call), keeping the table's capacity and autoscaling: {numbered} when every new index is ACTIVE, run {regenerate}: "
            "it reads the table (DescribeTable, read-only) and writes the module, with each new index's scaling, alarms and "
            f"Contributor Insights, only if the table has exactly the new indexes (table {table}: the profile's "
            f"{self.design.table_name_input}; use the name your root passes if it passes another)"
        )
        why = (
            "on AWS provider 5 with autoscaling, the table's whole global_secondary_index set is in ignore_changes "
            "(Terraform cannot ignore one index's capacity), so Terraform would never"
        )
        for index in added:
            self.add(REFUSED, f"index {index.name}", f"is added: {why} create it", recipe, self.expected(index))
        for index in removed:
            self.add(
                REFUSED,
                f"index {index.name}",
                f"is removed: {why} delete it",
                recipe,
                IndexOnTable(index.name, None, None),
            )
        for index in rebuilt:
            self.add(
                REFUSED,
                f"index {index.name}",
                f"changes its keys or projection: {why} rebuild it",
                recipe,
                self.expected(index),
            )

    def expected(self, index: Index) -> IndexOnTable:
        keys = tuple((name, kind) for name, _type, kind in _key_schema(self.design, index))
        return IndexOnTable(index.name, keys, _projection(index))

    def attributes_for(self, indexes: list[Index]) -> list[dict[str, str]]:
        return index_attributes(self.design, indexes)

    def index_spec(self, index: Index) -> dict[str, Any]:
        return index_spec(self.design, self.values, index)

    # -- billing, replicas ---------------------------------------------------------

    def billing(self) -> None:
        before, after = self.old_values.get("billing_mode"), self.values["billing_mode"]
        if before == after:
            return
        indexes = self.design.global_indexes_with(self.values)
        if after == "PAY_PER_REQUEST":
            scaling = (
                " Its scaling targets and policies are destroyed." if self.old_values.get("enable_autoscaling") else ""
            )
            self.add(
                EFFECT,
                "billing_mode",
                "switches to on demand (PAY_PER_REQUEST), indexes with it; AWS allows this switch at most four times in 24 "
                f"hours ({SWITCHING_DOC}).{scaling}",
            )
            return
        if self.values.get("replica_regions"):
            self.add(
                REFUSED,
                "billing_mode",
                "switches a global table to PROVISIONED, and AWS refuses a provisioned replica whose write capacity is not "
                "autoscaled, while this module registers its scaling targets only after the switch",
                "switch it where AWS sets the autoscaling in the same step (the DynamoDB console's capacity settings for a "
                f"global table, {SWITCHING_DOC}), then regenerate",
            )
            return
        if indexes and (self.provider.gsi_resource or self.autoscaled):
            reason = (
                "each index is its own resource on AWS provider 6, so the table's UpdateTable that switches the billing "
                "carries no index's capacity"
                if self.provider.gsi_resource
                else "on AWS provider 5 with autoscaling the index set is in ignore_changes, so the provider sends the "
                "switch without the indexes' capacity"
            )
            updates = [
                {
                    "Update": {
                        "IndexName": index.name,
                        "ProvisionedThroughput": self.index_spec(index)["ProvisionedThroughput"],
                    }
                }
                for index in indexes
            ]
            table = self.values.get(self.design.table_name_input)
            command = (
                f"aws dynamodb update-table --table-name {shlex.quote(str(table))} --billing-mode PROVISIONED "
                f"--provisioned-throughput ReadCapacityUnits={self.values['read_capacity']},WriteCapacityUnits={self.values['write_capacity']} "
                f"--global-secondary-index-updates {shlex.quote(json.dumps(updates, separators=(',', ':')))}"
            )
            self.add(
                REFUSED,
                "billing_mode",
                f"switches to PROVISIONED, and AWS needs every global index's capacity in that same call (UpdateTable: "
                f'"When switching from pay-per-request to provisioned capacity, initial provisioned capacity values must be '
                f'set"); {reason}, which AWS refuses',
                f"switch it with the AWS CLI first: {command}; wait for aws dynamodb wait table-exists --table-name "
                f"{shlex.quote(str(table))}; then regenerate: the plan then finds the table PROVISIONED and changes no capacity",
            )
            return
        self.add(
            EFFECT,
            "billing_mode",
            "switches to PROVISIONED with the profile's capacity"
            + (" (the provider sends each index's capacity with the switch)" if indexes else "")
            + f"; switching back to on demand is allowed at most four times in 24 hours ({SWITCHING_DOC})",
        )

    def replicas(self) -> None:
        before = {item["region_name"] for item in self.old_values.get("replica_regions") or []}
        after = {item["region_name"] for item in self.values.get("replica_regions") or []}
        turned_on = self.autoscaled and not self.old_values.get("enable_autoscaling")
        for region in sorted(after - before):
            if turned_on and self.values["billing_mode"] == "PROVISIONED":
                self.add(
                    REFUSED,
                    f"replica {region}",
                    "is added in the change that turns autoscaling on, and the table's replica would be created before "
                    'its scaling targets exist, which AWS refuses ("Table write capacity should either be Pay-Per-Request '
                    'or AutoScaled", terraform-provider-aws#13097)',
                    "regenerate and apply with autoscaling on and without the new replicas first, then add them",
                )
            else:
                self.add(IN_PLACE, f"replica {region}", "is created: a table in that region, replicated from this one")
        for region in sorted(before - after):
            self.add(
                EFFECT,
                f"replica {region}",
                "is removed: AWS deletes the replica table in that region, with its copy of the items",
            )

    # -- TTL, stream, recovery --------------------------------------------------

    def time_to_live(self) -> None:
        was_on, now_on = bool(self.old_values.get("ttl_enabled")), bool(self.values["ttl_enabled"])
        before, after = self.old_values.get("ttl_attribute_name"), self.values["ttl_attribute_name"]
        hour = "AWS then refuses another TTL change to this table for up to an hour (UpdateTimeToLive)"
        if was_on and now_on and before != after:
            self.add(
                REFUSED,
                "ttl_attribute_name",
                f"changes from {before} to {after} while TTL is on, and AWS refuses TTL on a second attribute while it is "
                '"active on a different AttributeName"',
                f"turn TTL off first (ttl_enabled: false), regenerate and apply; {hour}; then set ttl_attribute_name: "
                f"{after} with ttl_enabled: true, regenerate and apply",
            )
        elif was_on and not now_on:
            self.add(EFFECT, "ttl_enabled", f"turns TTL off (expired items stay until deleted); {hour}")
        elif now_on and not was_on:
            self.add(IN_PLACE, "ttl_enabled", f"turns TTL on for {after}; {hour}")

    def stream(self) -> None:
        keys = ("stream_enabled", "stream_view_type")
        before = tuple(self.old_values.get(key) for key in keys)
        after = tuple(self.values[key] for key in keys)
        if before == after or (not before[0] and not after[0]):
            return
        if not after[0]:
            says = "turns the stream off: its records stay readable for 24 hours, and nothing new is written"
        elif not before[0]:
            says = f"turns a {after[1]} stream on, with an ARN of its own for consumers to read"
        else:
            says = (
                f"changes the stream's view to {after[1]}: the provider turns the stream off and on again, so it gets a new "
                "ARN; consumers (event source mappings) must read the new one"
            )
        self.add(EFFECT, "stream", says)

    def recovery(self) -> None:
        if self.old_values.get("point_in_time_recovery_enabled") and not self.values["point_in_time_recovery_enabled"]:
            self.add(
                EFFECT, "point_in_time_recovery_enabled", "turns point-in-time recovery off: the continuous backups end"
            )

    def other_inputs(self) -> None:
        told = {
            self.old_design.table_name_input,
            self.design.table_name_input,
            "billing_mode",
            "replica_regions",
            "ttl_enabled",
            "ttl_attribute_name",
            "stream_enabled",
            "stream_view_type",
            "point_in_time_recovery_enabled",
        }
        changed = sorted(
            name for name in self.values if name not in told and self.old_values.get(name) != self.values[name]
        )
        if changed:
            self.add(IN_PLACE, "inputs", f"{', '.join(changed)} change{'s' if len(changed) == 1 else ''}")
        if self.old.moved_from != self.new.moved_from:
            self.add(IN_PLACE, "moved_from", "changes the moved blocks from the public module's addresses")

    def command(self, *extra: str) -> str:
        root = repository_root(self.options.folder)
        folder = shlex.quote(_relative(self.options.folder, root))
        return " ".join(["ddbgen regenerate", folder, *(shlex.quote(word) for word in extra)])


def _relative(path: Path, root: Path) -> str:
    import os

    return os.path.relpath(os.path.normpath(path.absolute()), os.path.normpath(root.absolute()))


def _key_text(key: tuple[str, str | None] | None) -> str:
    return "none" if key is None else f"{key[0]} ({key[1]})"


def index_attributes(design: Design, indexes: list[Index]) -> list[dict[str, str]]:
    """The attribute definitions of the table's keys and of ``indexes``' (what DynamoDB keeps)."""
    names = [design.hash_key, design.range_key, *(index.range_key for index in design.local_indexes)]
    names += [name for index in indexes for name in index.key_attributes]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return [{"AttributeName": name, "AttributeType": design.attributes[name]} for name in seen]


def index_spec(design: Design, values: dict[str, Any], index: Index) -> dict[str, Any]:
    """An index as UpdateTable's GlobalSecondaryIndexUpdates Create takes it, with the capacity the profile gives it."""
    spec: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": [{"AttributeName": name, "KeyType": kind} for name, _type, kind in _key_schema(design, index)],
        "Projection": {"ProjectionType": index.projection},
    }
    if index.non_key_attributes:
        spec["Projection"]["NonKeyAttributes"] = list(index.non_key_attributes)
    if values["billing_mode"] == "PROVISIONED":
        spec["ProvisionedThroughput"] = {
            "ReadCapacityUnits": index.read_capacity or values["read_capacity"],
            "WriteCapacityUnits": index.write_capacity or values["write_capacity"],
        }
    elif index.on_demand_throughput:
        limits = {"max_read_request_units": "MaxReadRequestUnits", "max_write_request_units": "MaxWriteRequestUnits"}
        spec["OnDemandThroughput"] = {
            limits[key]: value for key, value in index.on_demand_throughput.items() if value is not None
        }
    return spec


def update_table_command(table: Any, attributes: list[dict[str, str]], update: dict[str, Any]) -> str:
    words = ["aws dynamodb update-table --table-name", shlex.quote(str(table))]
    if attributes:
        words += ["--attribute-definitions", shlex.quote(json.dumps(attributes, separators=(",", ":")))]
    words += ["--global-secondary-index-updates", shlex.quote(json.dumps([update], separators=(",", ":")))]
    return " ".join(words)


# -- deciding ------------------------------------------------------------------------


REPLACEMENT_ADVICE = (
    "Terraform would destroy the table and create an empty one, and every item in it would be lost. Teams migrate "
    "instead: create the new table beside the old one (a new module, or a new table name), copy the items (export to S3 "
    "and import, or write to both while a backfill copies the rest), move readers and writers, then remove the old "
    "module. To replace the table anyway, set prevent_destroy: false in the profile and run again with --allow-replacement"
)


def refusals(changes: list[Change], options: Options, prevent_destroy: bool) -> list[Change]:
    """The changes that stop the render: refused ones, and replacements not allowed."""
    allowed = options.allow_replacement and not prevent_destroy
    return [change for change in changes if change.kind == REFUSED or (change.kind == REPLACES and not allowed)]


def warnings(changes: list[Change], options: Options, prevent_destroy: bool) -> list[str]:
    """What the user must know of changes the render carries out."""
    allowed = options.allow_replacement and not prevent_destroy
    found = [change.line() for change in changes if change.kind == EFFECT]
    if allowed:
        found += [
            f"{change.line()}: the table is destroyed and created again, and its items are lost (--allow-replacement)"
            for change in changes
            if change.kind == REPLACES
        ]
    return found


def new_table_warnings(profile: Profile) -> list[str]:
    """What a module that has no earlier render (a new table, or one adopt takes over) must know."""
    values, found = profile.values, []
    if (
        profile.moved_from is not None
        and provider_line(profile.aws_provider).gsi_resource
        and profile.design.has_global_indexes(values)
    ):
        found.append(
            f"moved_from: {profile.moved_from.module} keeps global indexes inside its table, and on AWS provider 6 each is a "
            "resource of its own here, which no moved block can take over: import each in the root "
            "(ddbgen adopt --moved-from writes the import blocks), or the first apply tries to create indexes that exist"
        )
    if values.get("replica_regions") and values["billing_mode"] == "PROVISIONED" and values["enable_autoscaling"]:
        found.append(
            "replica_regions on a provisioned table with autoscaling: a new table's first apply creates its replicas "
            'before the scaling targets, which AWS refuses ("Table write capacity should either be Pay-Per-Request or '
            'AutoScaled", terraform-provider-aws#13097); create it with replica_regions = [] first, then add them '
            "(a table that exists, as adopt takes over, is not affected)"
        )
    return found


def refusal_message(folder: Path, refused: list[Change], prevent_destroy: bool, allow_replacement: bool) -> str:
    """One message for every refused change, each recipe once; nothing was written."""
    parts = [
        f"{folder}: not written: {len(refused)} change{'s' if len(refused) != 1 else ''} the module cannot carry out as the profile says:"
    ]
    recipes: list[str] = []
    for change in refused:
        parts.append(f"({len(parts)}) {change.line()}.")
        if change.kind == REPLACES:
            recipe = REPLACEMENT_ADVICE
            if allow_replacement and prevent_destroy:
                recipe = (
                    "--allow-replacement was given, but the profile sets prevent_destroy: true, which forbids it. "
                    + recipe
                )
        else:
            recipe = change.recipe
        if recipe not in recipes:
            recipes.append(recipe)
    parts += [f"To do it: {recipe}." if not recipe.endswith(".") else f"To do it: {recipe}" for recipe in recipes]
    return " ".join(parts)


def live_resolved(changes: list[Change], table: str, live: Mapping[str, tuple[IndexOnTable, str]]) -> list[Change]:
    """Index-set changes the live table already shows done (``live``: its indexes and their status) become in place.

    The others stay refused, each saying what the table shows instead.
    """
    result = []
    for change in changes:
        wanted = change.on_table
        if change.kind != REFUSED or wanted is None:
            result.append(change)
            continue
        found, status = live.get(wanted.name, (None, ""))
        if wanted.key_schema is None and found is None:
            result.append(
                Change(
                    IN_PLACE,
                    change.subject,
                    f"is already deleted on table {table}: its scaling, alarms and Contributor Insights go",
                )
            )
        elif wanted.key_schema is not None and found == wanted and status == "ACTIVE":
            result.append(
                Change(
                    IN_PLACE,
                    change.subject,
                    f"is already on table {table}, ACTIVE: the module adds its scaling, alarms and Contributor Insights",
                )
            )
        else:
            shows = "no such index" if found is None else _shown(found) + f", {status}"
            wants = "no such index" if wanted.key_schema is None else _shown(wanted) + ", ACTIVE"
            result.append(
                Change(
                    REFUSED,
                    change.subject,
                    f"{change.says}; table {table} shows {shows}, the design wants {wants}",
                    change.recipe,
                    wanted,
                )
            )
    return result


def _shown(index: IndexOnTable) -> str:
    keys = ", ".join(f"{name} {kind}" for name, kind in index.key_schema or ())
    kind, non_keys = index.projection or ("?", ())
    return f"keys {keys}, projection {kind}" + (f" {', '.join(non_keys)}" if non_keys else "")
