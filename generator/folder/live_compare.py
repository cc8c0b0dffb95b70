"""A live table against the profile its module was generated from: every difference, with its fix.

``compare`` reads what adopt's readers answered (a ``LiveTable``; it calls no
AWS API) beside a resolved profile, and lists each way the table differs from
the module's design and values. Above all it compares what ``terraform plan``
cannot see: the global index set, keys and projections where the module tells
Terraform to ignore them (provider 5 with autoscaling) or no resource declares
them (an index added outside Terraform on provider 6); local index keys and
projections, which the provider tells apart by name only; capacity the
autoscaler owns, against the scaling targets' bounds; and what the module has
no resource for when the profile turns it off (scaling targets, Contributor
Insights, resource policies). Then the rest the module sets: TTL, stream,
point-in-time recovery, table class, deletion protection, the KMS key, the
replicas and their settings, Contributor Insights, the tags.

A read that was denied or is not supported (an ``Unread``) is not a
difference: what it would have compared is listed as not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.adopt.capacity import CAPACITY_UNIT, METRIC, ON, on_demand, warm_throughput_of
from generator.adopt.live import KmsKey, LiveTable, Unread
from generator.folder import live_fixes
from generator.folder.live_fixes import REBUILD, Commands
from generator.profile.design import TABLE_KEY, Index, key_as_written
from generator.profile.loader import Profile
from generator.profile.monitoring import UNITS
from generator.profile.provider_lines import provider_line
from generator.render.render import ignore_changes

PRESENT, ABSENT = "present", "absent"
AWS_MANAGED = "the AWS managed key (alias/aws/dynamodb)"
AWS_OWNED = "an AWS owned key (not KMS)"
DEFAULT_RECOVERY_DAYS = 35  # PITR's period when none is given (UpdateContinuousBackups)
DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"

# Why a difference does not show in terraform plan.
INDEX_SET_IGNORED = "the table ignores its global_secondary_index set (AWS provider 5 with autoscaling)"
NO_INDEX_RESOURCE = "no aws_dynamodb_global_secondary_index declares it, and the table declares no index"
LOCAL_BY_NAME = "the AWS provider tells local indexes apart by name only"
CAPACITY_IGNORED = "Application Auto Scaling owns the capacity: the module ignores it"
NOT_DECLARED = "the module has no resource for it while the profile turns it off"
KEPT_WHEN_NOT_GIVEN = (
    "the AWS provider keeps the table's value where the module gives none (an optional, computed argument)"
)


@dataclass(frozen=True)
class Difference:
    path: str  # where, in the profile's terms (an input, or table.<design path>)
    expected: Any  # what the profile says, as JSON
    live: Any  # what the table has, as JSON
    fix: str  # regenerate and apply, or the AWS CLI commands
    unseen: str = ""  # why terraform plan does not show it; "" where it may
    keep: str = ""  # what keeps the table as it is instead, where the table has more than the profile

    def as_dict(self) -> dict[str, Any]:
        found = {"path": self.path, "expected": self.expected, "live": self.live, "fix": self.fix}
        if self.keep:
            found["or_keep_it"] = self.keep
        if self.unseen:
            found["terraform_plan_misses_it"] = self.unseen
        return found


@dataclass(frozen=True)
class NotChecked:
    read: Unread
    paths: tuple[str, ...]

    def line(self) -> str:
        what = ", ".join(self.paths)
        if self.read.reason == "was denied":
            return f"not checked: needs {self.read.operation} ({what})"
        return f"not checked: {self.read} ({what})"

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.read.operation, "reason": self.read.reason, "paths": list(self.paths)}


@dataclass
class Comparison:
    differences: list[Difference] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)


def compare(live: LiveTable, profile: Profile, folder: str) -> Comparison:
    """How ``live`` differs from ``profile``; ``folder`` is the module folder the fixes regenerate."""
    return _Comparer(live, profile, folder).run()


def _keys(schema: list[dict[str, str]] | None) -> tuple[Any, Any]:
    """A key schema's hash and range attributes (a list where a key has several attributes)."""
    found: dict[str, list[str]] = {"HASH": [], "RANGE": []}
    for item in schema or []:
        found.setdefault(item.get("KeyType", ""), []).append(item.get("AttributeName", ""))
    return key_as_written(found["HASH"]), key_as_written(found["RANGE"])


def _projection(index: dict[str, Any]) -> Any:
    """A live index's projection as a profile writes it: ALL, KEYS_ONLY, or the INCLUDE list."""
    projection = index.get("Projection") or {}
    kind = projection.get("ProjectionType", "ALL")
    return sorted(projection.get("NonKeyAttributes") or []) if kind == "INCLUDE" else kind


def _designed_projection(index: Index) -> Any:
    return sorted(index.non_key_attributes) if index.projection == "INCLUDE" else index.projection


def _limits(value: Any) -> dict[str, Any] | None:
    """On-demand limits as the profile gives them, -1 and null alike meaning no limit."""
    if not value:
        return None
    found = {key: (None if item in (None, -1) else item) for key, item in value.items()}
    return found if any(item is not None for item in found.values()) else None


# A scaled resource: (its key in the module's maps, its Application Auto Scaling resource id, table or index, the index).
Resource = tuple[str, str, str, "Index | None"]


class _Comparer:
    def __init__(self, live: LiveTable, profile: Profile, folder: str) -> None:
        self.live, self.profile = live, profile
        self.table = live.table
        self.values = profile.values
        self.design = profile.design
        self.provider = provider_line(profile.aws_provider)
        self.ignored = set(ignore_changes(profile))
        self.apply = live_fixes.apply(folder)
        self.cli = Commands(live.name, live.region)
        self.result = Comparison()
        self.billing = (self.table.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
        self.expected_indexes = {index.name: index for index in self.design.global_indexes_with(self.values)}
        self.live_indexes = {index["IndexName"]: index for index in live.global_indexes}

    def differ(
        self, path: str, expected: Any, live: Any, fix: str | None = None, unseen: str = "", keep: str = ""
    ) -> None:
        self.result.differences.append(Difference(path, expected, live, fix or self.apply, unseen, keep))

    def unread(self, read: Unread, *paths: str) -> None:
        self.result.not_checked.append(NotChecked(read, paths))

    def run(self) -> Comparison:
        self.keys()
        self.global_indexes()
        self.local_indexes()
        if self.billing != self.values["billing_mode"]:
            self.differ("billing_mode", self.values["billing_mode"], self.billing)
        elif self.billing == "PROVISIONED":
            self.capacity()
        else:
            self.on_demand()
        self.warm_throughput()
        self.settings()
        self.encryption()
        self.replicas()
        self.insights()
        self.policies()
        self.tags("tags", self.live.tags)
        return self.result

    # -- the design ---------------------------------------------------------------

    def keys(self) -> None:
        hash_key, range_key = _keys(self.table.get("KeySchema"))
        if hash_key != self.design.hash_key:
            self.differ("table.hash_key", self.design.hash_key, hash_key, REBUILD)
        if range_key != self.design.range_key:
            self.differ("table.range_key", self.design.range_key, range_key, REBUILD)
        types = {item["AttributeName"]: item["AttributeType"] for item in self.table.get("AttributeDefinitions") or []}
        fixed = {self.design.hash_key, self.design.range_key} | {index.range_key for index in self.design.local_indexes}
        set_ignored = "global_secondary_index" in self.ignored
        for name, kind in self.design.attributes.items():
            if name not in types or types[name] == kind:
                continue
            if name in fixed:
                self.differ(f"table.attributes.{name}", kind, types[name], REBUILD)
                continue
            # Only global indexes key on it: they are rebuilt with the type the design gives.
            users = [index for index in self.expected_indexes.values() if name in index.key_attributes]
            others = [
                index
                for index in self.expected_indexes.values()
                if index not in users and index.name in self.live_indexes
            ]
            fix = "; ".join(self.cli.rebuild_index(self.design, self.values, index, others) for index in users)
            unseen = INDEX_SET_IGNORED if set_ignored else ""
            self.differ(f"table.attributes.{name}", kind, types[name], fix if set_ignored else None, unseen)

    def global_indexes(self) -> None:
        set_ignored = "global_secondary_index" in self.ignored
        expected, found = self.expected_indexes, self.live_indexes
        existing = [index for name, index in expected.items() if name in found]
        for name in sorted(set(expected) | set(found)):
            path = f"table.global_secondary_indexes.{name}"
            if name not in found:
                index = expected[name]
                fix = self.cli.create_index(self.design, self.values, index, existing) if set_ignored else None
                self.differ(path, PRESENT, ABSENT, fix, INDEX_SET_IGNORED if set_ignored else "")
            elif name not in expected:
                unseen = INDEX_SET_IGNORED if set_ignored else NO_INDEX_RESOURCE if self.provider.gsi_resource else ""
                fix, keep = (
                    (self.cli.delete_index(name), "declare it in the profile's design") if unseen else (None, "")
                )
                self.differ(path, ABSENT, self._shown(found[name]), fix, unseen, keep)
            else:
                self.global_index(path, expected[name], found[name], set_ignored, existing)

    @staticmethod
    def _shown(index: dict[str, Any]) -> dict[str, Any]:
        hash_key, range_key = _keys(index.get("KeySchema"))
        shown = {"hash_key": hash_key, "range_key": range_key, "projection": _projection(index)}
        return {key: value for key, value in shown.items() if value is not None}

    def global_index(
        self, path: str, index: Index, found: dict[str, Any], set_ignored: bool, existing: list[Index]
    ) -> None:
        hash_key, range_key = _keys(found.get("KeySchema"))
        changed = [
            (f"{path}.{key}", wanted, live)
            for key, wanted, live in (
                # Whole lists, in order: a multi-attribute key differs in any attribute or in their order.
                ("hash_key", key_as_written(index.hash_keys), hash_key),
                ("range_key", key_as_written(index.range_keys), range_key),
                ("projection", _designed_projection(index), _projection(found)),
            )
            if wanted != live
        ]
        fix = (
            self.cli.rebuild_index(self.design, self.values, index, [item for item in existing if item != index])
            if set_ignored
            else None
        )
        for where, wanted, live in changed:
            self.differ(where, wanted, live, fix, INDEX_SET_IGNORED if set_ignored else "")
        # Where the design gives it (provider 6); otherwise it is AWS's to set, as the table's.
        live_warm = warm_throughput_of(found)
        if self.provider.warm_throughput and index.warm_throughput and live_warm != index.warm_throughput:
            self.differ(f"{path}.warm_throughput", dict(index.warm_throughput), live_warm)
        if self.billing == "PAY_PER_REQUEST" == self.values["billing_mode"]:
            wanted_limits, live_limits = _limits(index.on_demand_throughput), on_demand(found.get("OnDemandThroughput"))
            if wanted_limits != live_limits:
                fix = self.cli.remove_index_limits(index.name) if wanted_limits is None else None
                self.differ(f"{path}.on_demand_throughput", wanted_limits, live_limits, fix)

    def local_indexes(self) -> None:
        expected = {index.name: index for index in self.design.local_indexes}
        found = {index["IndexName"]: index for index in self.live.local_indexes}
        for name in sorted(set(expected) | set(found)):
            path = f"table.local_secondary_indexes.{name}"
            if name not in found or name not in expected:
                live = self._shown(found[name]) if name in found else ABSENT
                self.differ(path, PRESENT if name in expected else ABSENT, live, REBUILD)
                continue
            _, range_key = _keys(found[name].get("KeySchema"))
            index = expected[name]
            for key, wanted, live in (
                ("range_key", index.range_key, range_key),
                ("projection", _designed_projection(index), _projection(found[name])),
            ):
                if wanted != live:
                    self.differ(f"{path}.{key}", wanted, live, REBUILD, LOCAL_BY_NAME)

    # -- capacity ------------------------------------------------------------------

    def capacity(self) -> None:
        """Provisioned: the scaling targets' bounds and the capacity within them, or the capacity itself."""
        targets_read = self.live.scalable_targets
        resources: list[Resource] = [(TABLE_KEY, f"table/{self.live.name}", "table", None)] + [
            (index.key, f"table/{self.live.name}/index/{name}", "index", index)
            for name, index in self.expected_indexes.items()
            if name in self.live_indexes
        ]
        if isinstance(targets_read, Unread):
            autoscaled = [f"scaling_targets.{key}_{unit}" for key, *_ in resources for unit in UNITS]
            self.unread(targets_read, "enable_autoscaling", *autoscaled)
            if self.values["enable_autoscaling"]:
                self.scaling(resources, None)  # the bounds are the profile's: the capacity is still held to them
                return
            targets: dict[tuple[str, str], dict[str, Any]] = {}
        else:
            targets = {(item["ResourceId"], item["ScalableDimension"]): item for item in targets_read}
        if self.values["enable_autoscaling"]:
            self.scaling(resources, targets)
        else:
            self.fixed_capacity(resources)
            stray = sorted(key for key in targets if key[0] in {resource_id for _, resource_id, _, _ in resources})
            if stray:
                keep = "set enable_autoscaling: true in the profile"
                self.differ("enable_autoscaling", False, True, self.cli.deregister_targets(stray), NOT_DECLARED, keep)

    def _throughput(self, index: Index | None) -> dict[str, Any]:
        found = self.live_indexes[index.name] if index is not None else self.table
        return found.get("ProvisionedThroughput") or {}

    def _wanted(self, index: Index | None, unit: str) -> tuple[int, int]:
        """The profile's (capacity, autoscaling maximum) of the table or an index, the index's own where it gives one."""
        low = getattr(index, f"{unit}_capacity", None) if index is not None else None
        high = getattr(index, f"autoscaling_{unit}_max_capacity", None) if index is not None else None
        return low or self.values[f"{unit}_capacity"], high or self.values[f"autoscaling_{unit}_max_capacity"]

    def fixed_capacity(self, resources: list[Resource]) -> None:
        for key, _resource_id, _kind, index in resources:
            throughput = self._throughput(index)
            for unit in UNITS:
                wanted, live = self._wanted(index, unit)[0], throughput.get(CAPACITY_UNIT[unit])
                if live is not None and wanted != live:
                    self.differ(f"capacity.{key}_{unit}", wanted, live)

    def scaling(self, resources: list[Resource], targets: dict[tuple[str, str], dict[str, Any]] | None) -> None:
        """The targets' bounds, their policies' target values, the capacity within the bounds (``targets`` None: unread)."""
        policies = self.live.scaling_policies
        if isinstance(policies, Unread) and targets is not None:
            self.unread(policies, *(f"scaling_policies.{key}_{unit}" for key, *_ in resources for unit in UNITS))
        by_name = (
            {}
            if isinstance(policies, Unread)
            else {(item["ResourceId"], item["PolicyName"]): item for item in policies}
        )
        for key, resource_id, kind, index in resources:
            throughput = self._throughput(index)
            outside: list[tuple[str, dict[str, Any], int]] = []
            within: dict[str, int] = {}
            for unit in UNITS:
                low, high = self._wanted(index, unit)
                wanted = {"min_capacity": low, "max_capacity": high}
                target = (
                    None if targets is None else targets.get((resource_id, f"dynamodb:{kind}:{CAPACITY_UNIT[unit]}"))
                )
                live = (
                    None
                    if target is None
                    else {"min_capacity": target.get("MinCapacity"), "max_capacity": target.get("MaxCapacity")}
                )
                if targets is not None and live != wanted:
                    self.differ(f"scaling_targets.{key}_{unit}", wanted, live)
                policy = by_name.get((resource_id, f"{METRIC[unit]}:{resource_id}"))
                if target is not None and not isinstance(policies, Unread):
                    configured = (policy or {}).get("TargetTrackingScalingPolicyConfiguration") or {}
                    wanted_value, live_value = (
                        self.values[f"autoscaling_{unit}_target_value"],
                        configured.get("TargetValue"),
                    )
                    if live_value is None or float(live_value) != float(wanted_value):
                        self.differ(f"scaling_policies.{key}_{unit}", wanted_value, _number(live_value))
                # Against the profile's bounds: a target's own bounds are the difference above.
                live_units = throughput.get(CAPACITY_UNIT[unit])
                if live_units is None:
                    continue
                within[unit] = min(max(live_units, low), high)
                if within[unit] != live_units:
                    outside.append((unit, {"at_least": low, "at_most": high}, live_units))
            if outside and len(within) == len(UNITS):
                # UpdateTable sets both units at once: the other stays as it is.
                if index is None:
                    fix = self.cli.table_capacity(within["read"], within["write"])
                else:
                    fix = self.cli.index_capacity(index.name, within["read"], within["write"])
                for unit, bounds_shown, live_units in outside:
                    self.differ(f"capacity.{key}_{unit}", bounds_shown, live_units, fix, CAPACITY_IGNORED)

    def on_demand(self) -> None:
        wanted, live = _limits(self.values.get("on_demand_throughput")), on_demand(self.table.get("OnDemandThroughput"))
        if wanted != live:
            self.differ(
                "on_demand_throughput", wanted, live, self.cli.remove_table_limits() if wanted is None else None
            )

    def warm_throughput(self) -> None:
        wanted = self.values.get("warm_throughput") if self.provider.warm_throughput else None
        if wanted is None:
            return  # the profile leaves it to AWS: nothing to compare against
        live = warm_throughput_of(self.table)
        if {key: wanted.get(key) for key in live} != live:
            self.differ("warm_throughput", dict(wanted), live)

    # -- the table's settings ------------------------------------------------------------

    def settings(self) -> None:
        values, table = self.values, self.table
        ttl = self.live.ttl
        ttl_on = ttl.get("TimeToLiveStatus", "DISABLED") in ON
        if ttl_on != values["ttl_enabled"]:
            self.differ("ttl_enabled", values["ttl_enabled"], ttl_on)
        elif ttl_on and ttl.get("AttributeName") != values["ttl_attribute_name"]:
            self.differ("ttl_attribute_name", values["ttl_attribute_name"], ttl.get("AttributeName"))
        stream = table.get("StreamSpecification") or {}
        stream_on = bool(stream.get("StreamEnabled"))
        if stream_on != values["stream_enabled"]:
            self.differ("stream_enabled", values["stream_enabled"], stream_on)
        elif stream_on and stream.get("StreamViewType") != values["stream_view_type"]:
            self.differ("stream_view_type", values["stream_view_type"], stream.get("StreamViewType"))
        self.recovery()
        table_class = (table.get("TableClassSummary") or {}).get("TableClass") or "STANDARD"
        if table_class != values["table_class"]:
            self.differ("table_class", values["table_class"], table_class)
        protected = bool(table.get("DeletionProtectionEnabled"))
        if protected != values["prevent_destroy"]:
            self.differ("prevent_destroy", values["prevent_destroy"], protected)

    def recovery(self) -> None:
        described = self.live.backups.get("PointInTimeRecoveryDescription") or {}
        on = described.get("PointInTimeRecoveryStatus") in ON
        if on != self.values["point_in_time_recovery_enabled"]:
            self.differ("point_in_time_recovery_enabled", self.values["point_in_time_recovery_enabled"], on)
            return
        period = self.values["point_in_time_recovery_period_in_days"]
        live = described.get("RecoveryPeriodInDays", DEFAULT_RECOVERY_DAYS)
        if on and (period or DEFAULT_RECOVERY_DAYS) != live:
            if period is None:
                self.differ(
                    "point_in_time_recovery_period_in_days",
                    DEFAULT_RECOVERY_DAYS,
                    live,
                    self.cli.default_recovery_period(),
                    KEPT_WHEN_NOT_GIVEN,
                )
            else:
                self.differ("point_in_time_recovery_period_in_days", period, live)

    def key_difference(self, path: str, wanted: str | None, kms: KmsKey | None, region: str | None = None) -> None:
        """The KMS key: ``wanted`` an ARN, or None for the AWS managed key."""
        if kms is None:
            self.differ(path, wanted or AWS_MANAGED, AWS_OWNED)
        elif wanted:
            if kms.arn != wanted:
                self.differ(path, wanted, kms.arn)
        elif kms.aws_managed is None:
            self.unread(Unread("kms:DescribeKey", "and kms:ListAliases were denied"), path)
        elif not kms.aws_managed:
            self.differ(path, AWS_MANAGED, kms.arn, self.cli.aws_managed_key(region), KEPT_WHEN_NOT_GIVEN)

    def encryption(self) -> None:
        self.key_difference("kms_key_arn", self.values["kms_key_arn"] or None, self.live.kms)

    def replicas(self) -> None:
        own = self.live.region
        entries = {entry["region_name"]: entry for entry in self.values["replica_regions"]}
        described = sorted(item["RegionName"] for item in self.table.get("Replicas") or [] if item["RegionName"] != own)
        if sorted(entries) != described:
            self.differ("replica_regions", sorted(entries), described)
        read = {replica.region: replica for replica in self.live.replicas}
        for region in sorted(set(entries) & set(read)):
            entry, replica, path = entries[region], read[region], f"replica_regions.{region}"
            self.key_difference(f"{path}.kms_key_arn", entry.get("kms_key_arn"), replica.kms, region)
            wanted_pitr = (
                self.values["point_in_time_recovery_enabled"]
                if entry.get("point_in_time_recovery") is None
                else entry["point_in_time_recovery"]
            )
            live_pitr = (replica.backups.get("PointInTimeRecoveryDescription") or {}).get(
                "PointInTimeRecoveryStatus"
            ) in ON
            if wanted_pitr != live_pitr:
                self.differ(f"{path}.point_in_time_recovery", wanted_pitr, live_pitr)
            if self.provider.replica_deletion_protection:
                wanted = (
                    self.values["prevent_destroy"]
                    if entry.get("deletion_protection_enabled") is None
                    else entry["deletion_protection_enabled"]
                )
                live = bool(replica.table.get("DeletionProtectionEnabled"))
                if wanted != live:
                    self.differ(f"{path}.deletion_protection_enabled", wanted, live)
            if self.provider.replica_consistency_mode:
                wanted_mode = entry.get("consistency_mode") or "EVENTUAL"
                live_mode = self.table.get("MultiRegionConsistency") or "EVENTUAL"
                if wanted_mode != live_mode:
                    self.differ(f"{path}.consistency_mode", wanted_mode, live_mode)
            if entry.get("propagate_tags") is not False:
                self.tags(f"{path}.tags", replica.tags)
            if self.provider.resource_region:
                self.policy(
                    f"{path}.resource_policy",
                    self.values["resource_policy"],
                    replica.resource_policy,
                    replica.arn,
                    region,
                )

    def insights(self) -> None:
        found = self.live.insights
        names = ["", *(name for name in self.expected_indexes if name in self.live_indexes)]
        if isinstance(found, Unread):
            self.unread(
                found,
                "enable_contributor_insights",
                *(["contributor_insights_mode"] if self.provider.contributor_insights_mode else []),
            )
            return
        wanted_on = self.values["enable_contributor_insights"]
        for name in names:
            key = self.expected_indexes[name].key if name else TABLE_KEY
            answer = found.get(name) or {}
            status = answer.get("ContributorInsightsStatus", "DISABLED")
            if (status in ON) != wanted_on:
                unseen = NOT_DECLARED if not wanted_on else ""
                fix, keep = (
                    (self.cli.disable_insights(name), "set enable_contributor_insights: true") if unseen else (None, "")
                )
                self.differ(
                    f"contributor_insights.{key}", "ENABLED" if wanted_on else "DISABLED", status, fix, unseen, keep
                )
            elif wanted_on and self.provider.contributor_insights_mode:
                mode = answer.get("ContributorInsightsMode") or DEFAULT_MODE
                if mode != self.values["contributor_insights_mode"]:
                    self.differ(f"contributor_insights.{key}.mode", self.values["contributor_insights_mode"], mode)

    def policies(self) -> None:
        self.policy("resource_policy", self.values["resource_policy"], self.live.resource_policy, self.live.arn)
        if self.live.stream_arn is not None and self.values["stream_enabled"]:
            self.policy(
                "stream_resource_policy",
                self.values["stream_resource_policy"],
                self.live.stream_policy,
                self.live.stream_arn,
            )

    def policy(self, path: str, wanted: Any, live: Any, arn: str, region: str | None = None) -> None:
        """Whether a resource policy exists where the profile gives one (its text is Terraform's to compare)."""
        if isinstance(live, Unread):
            self.unread(live, path)
            return
        wanted_there, live_there = wanted is not None, live is not None
        if wanted_there == live_there:
            return
        if live_there:
            keep = f"give {path.rsplit('.', 1)[-1]} in the profile"
            self.differ(path, ABSENT, PRESENT, self.cli.delete_policy(arn, region), NOT_DECLARED, keep)
        else:
            self.differ(path, PRESENT, ABSENT)

    def tags(self, path: str, live: dict[str, str]) -> None:
        """The tags the module sets: common_tags, and Environment (the caller's environment unless common_tags gives it)."""
        wanted = dict(self.values["common_tags"])
        for key in sorted(wanted):
            if live.get(key) != wanted[key]:
                self.differ(f"{path}.{key}", wanted[key], live.get(key))
        if "Environment" not in wanted and "Environment" not in live:
            self.differ(f"{path}.Environment", "the root's environment input", None)


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
