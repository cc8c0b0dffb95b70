"""The capacity side of adopt: billing, capacity, and the Application Auto Scaling resources.

``CapacityPlanner`` works for adopt's planner (``mapping``): it decides
``enable_autoscaling`` and the capacity inputs (the autoscaling minimum and
maximum where the table scales, the live capacity where it does not), then
which scaling targets and policies the module imports, and names the ones it
cannot keep: the module scales the table and every global index with one
target tracking policy per unit, each named ``DynamoDB<Unit>CapacityUtilization:<resource id>``,
all with the table's cooldowns; an index keeps a target value of its own in the design.
"""

from __future__ import annotations

import shlex
from typing import Any

from generator.adopt.live import LiveTable, Unread
from generator.profile import addresses
from generator.profile.design import GSI_CAPACITY_KEYS, GSI_TARGET_KEYS, Design
from generator.profile.monitoring import UNITS
from generator.shown import some

METRIC = {"read": "DynamoDBReadCapacityUtilization", "write": "DynamoDBWriteCapacityUtilization"}
CAPACITY_UNIT = {"read": "ReadCapacityUnits", "write": "WriteCapacityUnits"}
ON = ("ENABLED", "ENABLING")
COOLDOWN_INPUTS = (
    ("ScaleInCooldown", "autoscaling_scale_in_cooldown"),
    ("ScaleOutCooldown", "autoscaling_scale_out_cooldown"),
)


def _number(value: Any) -> Any:
    """A number as a profile writes it: 70, not 70.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def on_demand(limits: dict[str, Any] | None) -> dict[str, Any] | None:
    """OnDemandThroughput as the module's object; -1 (or nothing) is no limit."""
    limits = limits or {}
    read, write = (limits.get(key) for key in ("MaxReadRequestUnits", "MaxWriteRequestUnits"))
    read, write = (None if value in (None, -1) else value for value in (read, write))
    if read is None and write is None:
        return None
    return {"max_read_request_units": read, "max_write_request_units": write}


def warm_throughput_of(described: dict[str, Any]) -> dict[str, Any]:
    """A table's or an index's WarmThroughput (DescribeTable) as the module's object; a unit not reported is None."""
    found = described.get("WarmThroughput") or {}
    return {
        "read_units_per_second": found.get("ReadUnitsPerSecond"),
        "write_units_per_second": found.get("WriteUnitsPerSecond"),
    }


class CapacityPlanner:
    """Billing, capacity and autoscaling of one live table, for adopt's planner.

    It adds to the plan's ``values``, ``imports`` and ``notes``, which the planner
    hands it, so that what it adds stands where the planner calls it.
    """

    def __init__(
        self, live: LiveTable, values: dict[str, Any], imports: list[tuple[str, str]], notes: list[str]
    ) -> None:
        self.live = live
        self.table = live.table
        self.values = values
        self.imports = imports
        self.notes = notes
        self.billing = (self.table.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
        self.provisioned = self.billing == "PROVISIONED"
        self.resource_id = f"table/{live.name}"
        self.targets: dict[tuple[str, str], dict[str, Any]] = {}
        self.policies_read: list[dict[str, Any]] = []
        self.autoscaling = False
        # The target value an index's design gives, by scaling key (<index key>_<unit>); None: the table's.
        self.own_targets: dict[str, float | None] = {}

    def scaling_targets(self) -> None:
        targets = self.live.scalable_targets
        policies = self.live.scaling_policies
        if isinstance(targets, Unread):
            self.notes.append(
                f"Application Auto Scaling could not be read ({targets}): enable_autoscaling is false and the capacity is the table's now; "
                "any scaling targets are left alone"
            )
            targets = []
        self.policies_read = [] if isinstance(policies, Unread) else policies
        self.targets = {(item["ResourceId"], item["ScalableDimension"]): item for item in targets}
        self.autoscaling = self.provisioned and all(
            (self.resource_id, self.dimension("table", unit)) in self.targets for unit in UNITS
        )
        self.values["enable_autoscaling"] = self.autoscaling

    @staticmethod
    def dimension(kind: str, unit: str) -> str:
        return f"dynamodb:{kind}:{CAPACITY_UNIT[unit]}"

    def inputs(self) -> None:
        """billing_mode, on_demand_throughput and the capacity inputs, as the table has them."""
        self.values["billing_mode"] = self.billing
        if not self.provisioned:
            self.values["on_demand_throughput"] = on_demand(self.table.get("OnDemandThroughput"))
            return
        self.values["on_demand_throughput"] = None
        throughput = self.table.get("ProvisionedThroughput") or {}
        for unit in UNITS:
            if self.autoscaling:
                target = self.targets[(self.resource_id, self.dimension("table", unit))]
                self.values[f"{unit}_capacity"] = target["MinCapacity"]
                self.values[f"autoscaling_{unit}_max_capacity"] = target["MaxCapacity"]
            else:
                self.values[f"{unit}_capacity"] = throughput[CAPACITY_UNIT[unit]]
        if self.autoscaling:
            self.table_policy_settings()

    def table_policy_settings(self) -> None:
        """The target value of each unit and the cooldowns, from the table's own tracking policies (its module-named first)."""
        configs = []
        for unit in UNITS:
            own_name = f"{METRIC[unit]}:{self.resource_id}"
            tracking = self.tracking(self.resource_id, "table", unit)
            policies = [policy for policy in tracking if policy["PolicyName"] == own_name] + [
                policy for policy in tracking if policy["PolicyName"] != own_name
            ]
            if policies:
                config = policies[0]["TargetTrackingScalingPolicyConfiguration"]
                self.values[f"autoscaling_{unit}_target_value"] = _number(config["TargetValue"])
                configs.append(config)
        if configs:
            # One cooldown of each way for every policy: the read policy's, else the write policy's.
            for way, field in (("in", "ScaleInCooldown"), ("out", "ScaleOutCooldown")):
                self.values[f"autoscaling_scale_{way}_cooldown"] = configs[0].get(field) or 0

    def index_capacity(self, index: dict[str, Any]) -> dict[str, Any]:
        """An index's own capacity, where it differs from the table's (None: the table's)."""
        found: dict[str, float | None] = dict.fromkeys((*GSI_CAPACITY_KEYS, *GSI_TARGET_KEYS))
        if not self.provisioned:
            return found
        throughput = index.get("ProvisionedThroughput") or {}
        resource_id = f"{self.resource_id}/index/{index['IndexName']}"
        for unit in UNITS:
            live_units = throughput.get(CAPACITY_UNIT[unit])
            if self.autoscaling:
                target = self.targets.get((resource_id, self.dimension("index", unit)))
                # Without a target of its own, one pinned at the live capacity keeps it there.
                low, high = (target["MinCapacity"], target["MaxCapacity"]) if target else (live_units, live_units)
                if high != self.values[f"autoscaling_{unit}_max_capacity"]:
                    found[f"autoscaling_{unit}_max_capacity"] = high
                # Its own tracking policy's target, where it is not the table's.
                tracking = self.tracking(resource_id, "index", unit)
                table_value = self.values.get(f"autoscaling_{unit}_target_value")
                if tracking and table_value is not None:
                    value = _number(tracking[0]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"])
                    if value != table_value:
                        found[f"autoscaling_{unit}_target_value"] = value
            else:
                low = live_units
            if low != self.values[f"{unit}_capacity"]:
                found[f"{unit}_capacity"] = low
        return found

    # -- scaling resources: imports and notes -----------------------------

    def scaling(self, design: Design, common_tags: dict[str, str]) -> None:
        policies = self.policies_read
        managed: set[tuple[str, str]] = set()
        if self.autoscaling:
            index_keys = {index.name: index.key for index in design.global_indexes}
            self.own_targets = {
                f"{index.key}_{unit}": getattr(index, f"autoscaling_{unit}_target_value")
                for index in design.global_indexes
                for unit in UNITS
            }
            resources = [("table", self.resource_id, "table")] + [
                (index_keys[index["IndexName"]], f"{self.resource_id}/index/{index['IndexName']}", "index")
                for index in self.live.global_indexes
            ]
            self.target_values(resources)
            for key, resource_id, kind in resources:
                for unit in UNITS:
                    managed.add((resource_id, self.dimension(kind, unit)))
                    self.scaled(f"{key}_{unit}", resource_id, kind, unit)
        for (resource_id, dimension), target in sorted(self.targets.items()):
            if (resource_id, dimension) in managed:
                continue
            self.notes.append(
                f"scaling target {resource_id} {dimension} (min {target['MinCapacity']}, max {target['MaxCapacity']}): "
                f"{self.unmanaged_reason(resource_id)}; it is left alone, and where it changes the capacity, "
                "the next plan sets the capacity back to the profile's"
            )
        for policy in sorted(policies, key=lambda item: item["PolicyName"]):
            if (policy["ResourceId"], policy["ScalableDimension"]) not in managed:
                self.notes.append(
                    f"scaling policy {policy['PolicyName']}: on a scaling target the module does not manage, left alone"
                )
        self.target_tag_notes(common_tags)

    def unmanaged_reason(self, resource_id: str) -> str:
        if not self.provisioned:
            return "the table is on demand, and the module scales only PROVISIONED capacity"
        if not self.autoscaling:
            return "the table has no read and write scaling targets of its own, and the module scales the table and every global index, or nothing"
        return "not a target the module has"

    def target_values(self, resources: list[tuple[str, str, str]]) -> None:
        """The target value of a unit the table has no tracking policy for: the first index's."""
        for unit in UNITS:
            if f"autoscaling_{unit}_target_value" in self.values:
                continue
            found = []
            for _key, resource_id, kind in resources:
                for policy in self.tracking(resource_id, kind, unit):
                    found.append((policy["PolicyName"] != f"{METRIC[unit]}:{resource_id}", policy))
            found.sort(key=lambda item: item[0])  # the module's own names first, in resource order
            if not found:
                self.notes.append(
                    f"no target tracking policy on {METRIC[unit]} was found: the module creates its own, "
                    f"with autoscaling_{unit}_target_value as the profile gives it"
                )
                continue
            value = found[0][1]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
            self.values[f"autoscaling_{unit}_target_value"] = _number(value)

    def policies_on(self, resource_id: str, kind: str, unit: str) -> list[dict[str, Any]]:
        dimension = self.dimension(kind, unit)
        return sorted(
            (
                item
                for item in self.policies_read
                if item["ResourceId"] == resource_id and item["ScalableDimension"] == dimension
            ),
            key=lambda item: item["PolicyName"],
        )

    def tracking(self, resource_id: str, kind: str, unit: str) -> list[dict[str, Any]]:
        return [policy for policy in self.policies_on(resource_id, kind, unit) if _tracks(policy, unit)]

    def scaled(self, key: str, resource_id: str, kind: str, unit: str) -> None:
        dimension = self.dimension(kind, unit)
        target = self.targets.get((resource_id, dimension))
        target_id = f"dynamodb/{resource_id}/{dimension}"
        if target is not None:
            self.imports.append((addresses.instance(addresses.SCALING_TARGETS, key), target_id))
            suspended = [name for name, on in (target.get("SuspendedState") or {}).items() if on]
            if suspended:
                self.notes.append(f"scaling target {resource_id} {dimension}: {some(suspended)} is left as it is")
        elif kind == "index":
            index = resource_id.rsplit("/", 1)[1]
            self.notes.append(
                f"index {index} has no {unit} scaling target while the table has one: the module scales the table and every "
                f"global index, so it creates one for {index}, pinned at its capacity now unless the profile says otherwise"
            )
        name = f"{METRIC[unit]}:{resource_id}"
        wanted = self.own_targets.get(key) or self.values.get(f"autoscaling_{unit}_target_value")
        for policy in self.policies_on(resource_id, kind, unit):
            if policy["PolicyName"] == name and _tracks(policy, unit) and target is not None:
                self.imports.append((addresses.instance(addresses.SCALING_POLICIES, key), f"{target_id}/{name}"))
                config = policy["TargetTrackingScalingPolicyConfiguration"]
                if wanted is not None and _number(config["TargetValue"]) != wanted:
                    self.notes.append(
                        f"scaling policy {name} targets {_number(config['TargetValue'])}%: the module gives every policy of a unit "
                        f"the table's target value unless the index has its own, so apply sets it to {wanted}%"
                    )
                cooldowns = [
                    f"{field} {config.get(field) or 0} s (the module's {self.values[name_of]} s)"
                    for field, name_of in COOLDOWN_INPUTS
                    if name_of in self.values and (config.get(field) or 0) != self.values[name_of]
                ]
                if cooldowns:
                    self.notes.append(
                        f"scaling policy {name} has {some(cooldowns)}: every policy takes the table's cooldowns, "
                        "so apply sets them"
                    )
                if config.get("DisableScaleIn"):
                    self.notes.append(
                        f"scaling policy {name} sets DisableScaleIn, which the module does not: apply resets it"
                    )
            elif policy["PolicyName"] == name:
                self.notes.append(
                    f"scaling policy {name} ({policy.get('PolicyType', 'unknown type')}) has the name of the module's target tracking "
                    "policy but is not one on its metric: apply replaces it with the module's"
                )
            else:
                command = " ".join(
                    [
                        "aws application-autoscaling delete-scaling-policy --service-namespace dynamodb",
                        f"--resource-id {shlex.quote(resource_id)} --scalable-dimension {dimension}",
                        f"--policy-name {shlex.quote(policy['PolicyName'])}",
                    ]
                )
                self.notes.append(
                    f"scaling policy {policy['PolicyName']} ({policy.get('PolicyType', 'unknown type')}) is not the module's "
                    f"(it names its own {name}): the module creates its own beside it; after apply delete the old one: {command}"
                )

    def target_tag_notes(self, common_tags: dict[str, str]) -> None:
        imported = {
            target_id: address.split('"')[1]
            for address, target_id in self.imports
            if address.startswith("aws_appautoscaling_target.")
        }
        if not imported:
            return
        tags = self.live.target_tags
        if isinstance(tags, Unread):
            self.notes.append(f"scaling targets' tags could not be read ({tags}): apply sets them to the table's tags")
            return
        differ = []
        for (resource_id, dimension), target in sorted(self.targets.items()):
            key = imported.get(f"dynamodb/{resource_id}/{dimension}")
            if key is None:
                continue
            own = tags.get(target.get("ScalableTargetARN", ""), {})
            if {name: value for name, value in own.items() if not name.lower().startswith("aws:")} != common_tags:
                differ.append(key)
        if differ:
            self.notes.append(
                f"scaling targets {some(differ)} have tags other than the table's: the module tags them as it tags the table, "
                "so apply changes their tags (not the table)"
            )


def _tracks(policy: dict[str, Any], unit: str) -> bool:
    """Whether a policy is target tracking on the predefined metric the module uses for ``unit``."""
    if policy.get("PolicyType") != "TargetTrackingScaling":
        return False
    config = policy.get("TargetTrackingScalingPolicyConfiguration") or {}
    return (config.get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType") == METRIC[unit]
