"""From a live table to what keeps it as it is: the design, the input values, the imports.

``plan`` reads a ``LiveTable`` (no AWS calls) and returns the design and the
value of every input the live table decides, the resources to import, what
the module cannot represent but leaves alone (notes), and what it cannot
represent and would change on apply (refusals: ``adopt`` raises on the first).
An input the table does not decide (alarm thresholds, or the capacity of an
on-demand table) is left out, to take its default or the parent profile's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.adopt.capacity import ON, CapacityPlanner, on_demand, warm_throughput_of
from generator.adopt.live import KmsKey, LiveTable, Unread
from generator.adopt.permissions import grant_hint
from generator.profile import addresses
from generator.profile.catalogue import STREAM_ARN_PLACEHOLDER, TABLE_ARN_PLACEHOLDER, read_at_creation
from generator.profile.design import GSI_CAPACITY_KEYS, NOTIFICATIONS, TABLE_KEY, Design, Index
from generator.profile.provider_lines import multi_attribute_refusal, provider_line
from generator.profile.rules import WARM_DEFAULTS
from generator.shown import some

DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"
# What may follow a table's or a stream's ARN for the ARN to end there.
_NAME_CHAR = r"(?![A-Za-z0-9_.-])"
_STREAM_CHAR = r"(?![A-Za-z0-9_.:-])"


@dataclass
class Plan:
    design: Design
    values: dict[str, Any]  # the inputs the live table decides, as a resolved profile holds them
    imports: list[tuple[str, str]] = field(default_factory=list)  # (address in the module, import id)
    notes: list[str] = field(default_factory=list)  # cannot represent, leaves alone
    refusals: list[str] = field(default_factory=list)  # cannot represent, would change


def logical_name(table_name: str) -> str:
    """A Terraform identifier for a table name: ``prod-orders`` and ``ProdOrders`` give ``prod_orders``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", table_name).lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text if text and not text[0].isdigit() else f"table_{text}".rstrip("_")


def plan(live: LiveTable, aws_provider: int, name: str | None = None) -> Plan:
    return _Planner(live, aws_provider).plan(name or logical_name(live.name))


def _template(policy: str, arns: list[tuple[str, str, str]]) -> str:
    """A live policy with each (ARN, placeholder, boundary) put back to its placeholder, in order."""
    for arn, placeholder, boundary in arns:
        policy = re.sub(re.escape(arn) + boundary, placeholder, policy)
    return policy


def _document(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


class _Planner:
    """One table's plan, built step by step: each step sets values and adds imports, notes or refusals."""

    def __init__(self, live: LiveTable, aws_provider: int) -> None:
        self.live = live
        self.aws_provider = aws_provider
        self.table = live.table
        self.values: dict[str, Any] = {}
        self.imports: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.refusals: list[str] = []
        self.capacity = CapacityPlanner(live, self.values, self.imports, self.notes)

    def refuse(self, problem: str) -> None:
        self.refusals.append(problem)

    # -- the whole plan ---------------------------------------------------

    def plan(self, name: str) -> Plan:
        self.check_table()
        self.tags()
        self.capacity.scaling_targets()
        self.capacity.inputs()
        design = self.design(name)
        if self.refusals:
            return Plan(design, self.values, self.imports, self.notes, self.refusals)
        self.imports.append((design.resource, self.live.name))
        self.global_index_imports(design)
        self.capacity.scaling(design, self.common_tags)
        self.settings()
        self.encryption()
        self.replicas()
        self.policies()
        self.insights()
        self.kinesis()
        return Plan(design, self.values, self.imports, self.notes, self.refusals)

    # -- what the module would change: refusals ---------------------------

    def check_table(self) -> None:
        table, name = self.table, self.live.name
        status = table.get("TableStatus", "ACTIVE")
        if status in ("CREATING", "UPDATING"):
            self.refuse(
                f"its status is {status}, and a table is read exactly only while ACTIVE; wait until it is ACTIVE and run adopt again"
            )
        elif status == "DELETING":
            self.refuse("it is being deleted, so there is nothing to adopt")
        elif status != "ACTIVE":
            self.refuse(
                f"its status is {status} (its KMS key is not accessible); restore DynamoDB's access to the key, "
                "wait until the table is ACTIVE and run adopt again"
            )
        if self.live.kms is None:
            self.refuse(
                "it is encrypted with an AWS owned key (DynamoDB's default), and the module always encrypts with KMS "
                "(the AWS managed key aws/dynamodb unless kms_key_arn names one), so apply would switch the table's encryption; "
                f"switch it first with aws dynamodb update-table --table-name {name} "
                "--sse-specification Enabled=true,SSEType=KMS and run adopt again, or keep the table out of ddbgen"
            )
        if table.get("GlobalTableVersion") == "2017.11.29":
            self.refuse(
                "it is a version 2017.11.29 (legacy) global table, and the module manages only version 2019.11.21 replicas, "
                "so apply would not keep its replication; update it to version 2019.11.21 (Update version, in the "
                "DynamoDB console's Global tables tab) and run adopt again, or keep the table out of ddbgen"
            )
        for replica in sorted(table.get("Replicas") or [], key=lambda item: item["RegionName"]):
            state = replica.get("ReplicaStatus", "ACTIVE")
            if state != "ACTIVE":
                self.refuse(
                    f"its replica in {replica['RegionName']} is {state}; wait until it is ACTIVE and run adopt again"
                )
        for group in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            for index in table.get(group) or []:
                if index["IndexName"] == TABLE_KEY:
                    self.refuse(
                        "it has an index named table, a name the module keeps for the table's own scaling targets "
                        "and alarms; keep the table out of ddbgen"
                    )
        scaling = next(
            (read for read in (self.live.scalable_targets, self.live.scaling_policies) if isinstance(read, Unread)),
            None,
        )
        if scaling is not None and self.capacity.provisioned:
            # On demand nothing scales; provisioned, the answer decides enable_autoscaling (fixed at
            # generation) and the target values: adopt cannot guess them and keep the table as it is.
            self.refuse(
                f"its Application Auto Scaling could not be read ({scaling}), and for a PROVISIONED table it decides "
                "enable_autoscaling and the scaling target values, which the module would otherwise set: "
                f"{grant_hint(scaling.operation)}, and run adopt again"
            )

    def key_schema(
        self, schema: list[dict[str, str]], what: str, global_index: bool = False
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A key schema's partition and sort attributes, each in DescribeTable's order (the key's order).

        A global index may have up to four of each (multi-attribute keys), which the line-6 render
        declares as key_schema entries; the table's key and a local index's have one of each.
        """
        hashes = tuple(item["AttributeName"] for item in schema if item["KeyType"] == "HASH")
        ranges = tuple(item["AttributeName"] for item in schema if item["KeyType"] == "RANGE")
        if len(hashes) > 1 or len(ranges) > 1:
            shown = ", ".join(
                f"{name} {kind}"
                for name, kind in [(name, "HASH") for name in hashes] + [(name, "RANGE") for name in ranges]
            )
            if not global_index:
                self.refuse(
                    f"{what} has a multi-attribute key ({shown}), which DynamoDB offers only for global indexes and "
                    "the module cannot declare; keep the table out of ddbgen"
                )
            elif not provider_line(self.aws_provider).multi_attribute_keys:
                self.refuse(multi_attribute_refusal(what.removeprefix("index "), shown, self.aws_provider))
        return hashes, ranges

    # -- tags -------------------------------------------------------------

    def tags(self) -> None:
        tags = self.live.tags
        own = sorted(key for key in tags if key.lower().startswith("aws:"))
        common = {key: tags[key] for key in sorted(tags) if key not in own}
        if own:
            self.notes.append(
                f"tags {some(own)}: AWS's own (the aws: prefix); a profile cannot set them, and the module leaves them as they are"
            )
        if "Environment" not in common:
            # A tag added is not a change to what the table holds or how it behaves: named,
            # not refused. Tag the table first to make the import plan show no change at all.
            self.notes.append(
                "tag Environment: the table has none, and the module tags every resource with Environment (the caller's "
                "environment input), so apply adds it to the table; to keep even that out of the plan, tag it first: "
                f"aws dynamodb tag-resource --resource-arn {self.live.arn} --tags Key=Environment,Value=<environment>"
            )
        self.values["common_tags"] = common
        self.common_tags = common

    # -- the design -------------------------------------------------------

    def design(self, name: str) -> Design:
        table = self.table
        types = {item["AttributeName"]: item["AttributeType"] for item in table.get("AttributeDefinitions") or []}
        hash_keys, range_keys = self.key_schema(table["KeySchema"], "the table")
        hash_key, range_key = (hash_keys or ("",))[0], (range_keys or (None,))[0]
        used: list[str] = [key for key in (hash_key, range_key) if key]
        global_indexes = []
        for index in self.live.global_indexes:
            index_hash, index_range = self.key_schema(index["KeySchema"], f"index {index['IndexName']}", True)
            projection, non_key = self.projection(index)
            limits = None if self.capacity.provisioned else on_demand(index.get("OnDemandThroughput"))
            global_indexes.append(
                Index(
                    index["IndexName"],
                    index["IndexName"],
                    index_hash,
                    index_range,
                    projection,
                    non_key,
                    on_demand_throughput=limits,
                    warm_throughput=self.index_warm_throughput(index),
                    **self.capacity.index_capacity(index),
                )
            )
            used += [*index_hash, *index_range]
        local_indexes = []
        for index in self.live.local_indexes:
            _, index_range = self.key_schema(index["KeySchema"], f"index {index['IndexName']}")
            projection, non_key = self.projection(index)
            local_indexes.append(Index(index["IndexName"], index["IndexName"], (), index_range, projection, non_key))
            used += index_range
        order = list(dict.fromkeys(used)) + [key for key in types if key not in used]
        attributes = {key: types.get(key, "S") for key in order}
        design = Design(name, attributes, hash_key, range_key, tuple(global_indexes), tuple(local_indexes))
        if _is_notifications(design):
            self.values["enable_type_index"] = bool(global_indexes)
            design = NOTIFICATIONS
        self.values[design.table_name_input] = self.live.name
        self.index_keys = {index.name: index.key for index in design.global_indexes}
        self.live_index_names = [index["IndexName"] for index in self.live.global_indexes]
        return design

    def index_warm_throughput(self, index: dict[str, Any]) -> dict[str, int] | None:
        """A global index's warm throughput where it is above DynamoDB's default; None leaves it to AWS.

        Every index reports one (GlobalSecondaryIndexes[].WarmThroughput), DynamoDB's default at
        least: like the table's, a default is not a setting of the index's, and stays out of the design.
        """
        live = {unit: value if isinstance(value, int) else 0 for unit, value in warm_throughput_of(index).items()}
        if all(live[unit] <= least for unit, least in WARM_DEFAULTS.items()):
            return None
        shown = (
            f"index {index['IndexName']}: warm throughput of {live['read_units_per_second']} reads and "
            f"{live['write_units_per_second']} writes a second"
        )
        if not provider_line(self.aws_provider).warm_throughput:
            self.notes.append(
                f"{shown}: provider 5 cannot declare an index's warm throughput, and the module leaves it as it is"
            )
            return None
        if any(live[unit] < least for unit, least in WARM_DEFAULTS.items()):
            self.notes.append(
                f"{shown}: one unit is below DynamoDB's default, which the module cannot declare; it leaves the "
                "index's warm throughput as it is"
            )
            return None
        self.notes.append(
            f"{shown}: taken into the design (warm_throughput); DynamoDB also raises it with use, so if it is "
            "DynamoDB's own, remove it from the design to leave it to AWS"
        )
        return live

    def global_index_imports(self, design: Design) -> None:
        """On provider 6 each global index is a resource of its own, imported by its ARN (the table's and /index/<name>)."""
        if not provider_line(self.aws_provider).gsi_resource:
            return
        for index in design.global_indexes_with(self.values):
            address = f"aws_dynamodb_global_secondary_index.{index.resource_name}{'[0]' if index.switch else ''}"
            self.imports.append((address, f"{self.table['TableArn']}/index/{index.name}"))

    @staticmethod
    def projection(index: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        projection = index.get("Projection") or {}
        kind = projection.get("ProjectionType", "ALL")
        return kind, tuple(projection.get("NonKeyAttributes") or ()) if kind == "INCLUDE" else ()

    # -- the table's settings ---------------------------------------------

    def settings(self) -> None:
        table, values = self.table, self.values
        if self.aws_provider >= 6:
            values["warm_throughput"] = None
        values["table_class"] = (table.get("TableClassSummary") or {}).get("TableClass") or "STANDARD"
        stream = table.get("StreamSpecification") or {}
        values["stream_enabled"] = bool(stream.get("StreamEnabled"))
        if values["stream_enabled"]:
            values["stream_view_type"] = stream["StreamViewType"]
        ttl = self.live.ttl
        values["ttl_enabled"] = ttl.get("TimeToLiveStatus", "DISABLED") in ON
        if values["ttl_enabled"]:
            values["ttl_attribute_name"] = ttl["AttributeName"]
        recovery = self.live.backups.get("PointInTimeRecoveryDescription") or {}
        values["point_in_time_recovery_enabled"] = recovery.get("PointInTimeRecoveryStatus") in ON
        values["point_in_time_recovery_period_in_days"] = (
            recovery.get("RecoveryPeriodInDays") if values["point_in_time_recovery_enabled"] else None
        )
        values["prevent_destroy"] = bool(table.get("DeletionProtectionEnabled"))
        for name in read_at_creation(self.aws_provider):
            values[name] = None

    def kms_value(self, kms: KmsKey, where: str) -> str | None:
        if kms.aws_managed:
            return None
        if kms.aws_managed is None:
            self.notes.append(
                f"could not tell whether KMS key {kms.arn} ({where}) is the AWS managed key aws/dynamodb "
                "(kms:DescribeKey and kms:ListAliases were not allowed): the profile names the key, which keeps it either way"
            )
        return kms.arn

    def encryption(self) -> None:
        assert self.live.kms is not None  # refused before
        self.values["kms_key_arn"] = self.kms_value(self.live.kms, "the table's")

    def replicas(self) -> None:
        live_replicas = {replica.region: replica for replica in self.live.replicas}
        entries = []
        table_class = self.values["table_class"]
        pitr = self.values["point_in_time_recovery_enabled"]
        strong = self.table.get("MultiRegionConsistency") == "STRONG"
        for described in sorted(self.table.get("Replicas") or [], key=lambda item: item["RegionName"]):
            region = described["RegionName"]
            if region == self.live.region:
                continue  # the table itself, where an answer lists it among its replicas
            replica = live_replicas[region]
            where = f"replica in {region}"
            if replica.kms is None:
                self.refuse(
                    f"its {where} is encrypted with an AWS owned key, and the module's replicas use KMS, so apply would switch its encryption; "
                    "keep the table out of ddbgen"
                )
                continue
            recovery = replica.backups.get("PointInTimeRecoveryDescription") or {}
            replica_pitr = recovery.get("PointInTimeRecoveryStatus") in ON
            replica_tags = {key: value for key, value in replica.tags.items() if not key.lower().startswith("aws:")}
            entry: dict[str, Any] = {
                "region_name": region,
                "kms_key_arn": self.kms_value(replica.kms, where),
                "point_in_time_recovery": None if replica_pitr == pitr else replica_pitr,
                "propagate_tags": None if replica_tags == self.common_tags else False,
            }
            if entry["propagate_tags"] is False:
                self.notes.append(
                    f"{where}: its tags differ from the table's, so propagate_tags is false and the module leaves them as they are"
                )
            if (
                replica_pitr
                and pitr
                and recovery.get("RecoveryPeriodInDays") != self.values["point_in_time_recovery_period_in_days"]
            ):
                self.notes.append(
                    f"{where}: its point-in-time recovery period, {recovery.get('RecoveryPeriodInDays')} days, has no input; left as it is"
                )
            protected = bool(replica.table.get("DeletionProtectionEnabled"))
            if self.aws_provider >= 6:
                entry["deletion_protection_enabled"] = (
                    None if protected == self.values["prevent_destroy"] else protected
                )
                entry["consistency_mode"] = "STRONG" if strong else None
            else:
                if protected != self.values["prevent_destroy"]:
                    self.notes.append(
                        f"{where}: deletion protection {'on' if protected else 'off'} has no input on AWS provider 5; left as it is"
                    )
                if strong:
                    self.notes.append(
                        f"{where}: multi-Region strong consistency has no input on AWS provider 5; left as it is"
                    )
            overrides = [
                label
                for label, present in (
                    ("provisioned throughput override", described.get("ProvisionedThroughputOverride")),
                    ("on-demand throughput override", described.get("OnDemandThroughputOverride")),
                    (
                        "index throughput overrides",
                        any(
                            item.get("ProvisionedThroughputOverride") or item.get("OnDemandThroughputOverride")
                            for item in described.get("GlobalSecondaryIndexes") or []
                        ),
                    ),
                    (
                        "its own table class",
                        (described.get("ReplicaTableClassSummary") or {}).get("TableClass", table_class) != table_class,
                    ),
                )
                if present
            ]
            if overrides:
                self.notes.append(
                    f"{where}: {some(overrides)}: settings of the replica the module has no input for; left as they are"
                )
            entries.append(entry)
        self.values["replica_regions"] = entries
        self.witness()

    def witness(self) -> None:
        """A multi-Region strong consistency witness (DescribeTable's GlobalTableWitnesses: one at most) becomes global_table_witness."""
        regions = [
            item.get("RegionName")
            for item in self.table.get("GlobalTableWitnesses") or []
            if item.get("WitnessStatus") != "DELETING"
        ]
        if provider_line(self.aws_provider).global_table_witness:
            self.values["global_table_witness"] = {"region_name": regions[0]} if regions else None
        elif regions:
            self.notes.append(
                f"its witness in {regions[0]} (multi-Region strong consistency) has no input on AWS provider 5; "
                "left as it is"
            )

    # -- resource policies ------------------------------------------------

    def policies(self) -> None:
        live = self.live
        table_arns = [(live.arn, TABLE_ARN_PLACEHOLDER, _NAME_CHAR)]
        template = self.policy(
            "resource_policy",
            live.resource_policy,
            table_arns,
            addresses.instance(addresses.TABLE_POLICY, "table"),
            live.arn,
        )
        self.replica_policies(
            "resource policy",
            template,
            addresses.TABLE_POLICY,
            lambda replica: replica.resource_policy,
            lambda replica: (replica.arn, None),
        )
        stream_arn = live.stream_arn
        if stream_arn is None:
            self.values["stream_resource_policy"] = None
            return
        stream_arns = [(stream_arn, STREAM_ARN_PLACEHOLDER, _STREAM_CHAR)] + table_arns
        template = self.policy(
            "stream_resource_policy",
            live.stream_policy,
            stream_arns,
            addresses.instance(addresses.STREAM_POLICY, "table"),
            stream_arn,
        )
        self.replica_policies(
            "stream resource policy",
            template,
            addresses.STREAM_POLICY,
            lambda replica: replica.stream_policy,
            lambda replica: (replica.arn, replica.table.get("LatestStreamArn")),
        )

    def policy(
        self, input_name: str, live_policy: Any, arns: list[tuple[str, str, str]], address: str, arn: str
    ) -> str | None:
        if isinstance(live_policy, Unread):
            self.notes.append(
                f"{input_name.replace('_', ' ')} could not be read ({live_policy}): {input_name} is null, so the module leaves any policy alone"
            )
            live_policy = None
        if live_policy is None:
            self.values[input_name] = None
            return None
        template = _template(live_policy, arns)
        # The live text exactly: another spacing of the same document would be put again on apply.
        self.values[input_name] = template
        self.imports.append((address, arn))
        self.notes.append(
            f"{input_name.replace('_', ' ')}: imported with its text unchanged; the AWS provider puts it again on the first apply, "
            "as it does not read confirm_remove_self_resource_access back on import"
        )
        return template

    def replica_policies(self, what: str, template: str | None, resource: str, policy_of: Any, arns_of: Any) -> None:
        for replica in sorted(self.live.replicas, key=lambda item: item.region):
            live_policy = policy_of(replica)
            where = f"replica in {replica.region}"
            if template is None or self.aws_provider < 6:
                if isinstance(live_policy, str):
                    manages = (
                        "manages no replica's policy on AWS provider 5"
                        if self.aws_provider < 6
                        else "manages none, as the table has none"
                    )
                    self.notes.append(f"{where}: its {what} is left alone (the module {manages})")
                continue
            if isinstance(live_policy, Unread):
                self.refuse(
                    f"the {what} of its {where} could not be read ({live_policy}), and the module would give it the table's"
                )
                continue
            table_arn, stream_arn = arns_of(replica)
            rendered = template.replace(STREAM_ARN_PLACEHOLDER, stream_arn or "").replace(
                TABLE_ARN_PLACEHOLDER, table_arn
            )
            if live_policy is None:
                continue  # created: the module gives every replica the table's policy
            if _document(live_policy) != _document(rendered):
                self.refuse(
                    f"its {where} has a {what} other than the table's, and the module gives every replica the table's "
                    "(with the replica's ARNs), so apply would replace it; make them the same first, or adopt with "
                    "aws_provider 5, whose module leaves replicas' policies alone"
                )
                continue
            arn = stream_arn if resource == addresses.STREAM_POLICY else table_arn
            self.imports.append((addresses.instance(resource, replica.region), f"{arn}@{replica.region}"))

    # -- Contributor Insights and Kinesis ---------------------------------

    def insights(self) -> None:
        found = self.live.insights
        if isinstance(found, Unread):
            self.notes.append(
                f"Contributor Insights could not be read ({found}): enable_contributor_insights is false, which leaves it as it is"
            )
            self.values["enable_contributor_insights"] = False
            return
        names = ["", *self.live_index_names]
        status = {name: (found.get(name) or {}).get("ContributorInsightsStatus", "DISABLED") for name in names}
        on = [name for name in names if status[name] in ON]
        self.values["enable_contributor_insights"] = bool(on) and len(on) == len(names)
        if on and len(on) < len(names):
            label = ", ".join(f"index {name}" if name else "the table" for name in on)
            self.notes.append(
                f"Contributor Insights is on for {label} only: the module switches it for the table and every global index together, "
                "so enable_contributor_insights is false, which leaves it as it is"
            )
            return
        if not on:
            return
        for name in names:
            key = self.index_keys[name] if name else "table"
            self.imports.append(
                (
                    addresses.instance(addresses.CONTRIBUTOR_INSIGHTS, key),
                    f"name:{self.live.name}/index:{name}/{self.live.account}",
                )
            )
        modes = {name: (found.get(name) or {}).get("ContributorInsightsMode") or DEFAULT_MODE for name in names}
        if self.aws_provider >= 6:
            self.values["contributor_insights_mode"] = modes[""]
            others = [f"index {name} ({modes[name]})" for name in names if modes[name] != modes[""]]
            if others:
                self.notes.append(
                    f"Contributor Insights mode differs on {', '.join(others)}: the module gives all one mode, so apply sets {modes['']}"
                )
        elif any(mode != DEFAULT_MODE for mode in modes.values()):
            self.notes.append("Contributor Insights mode THROTTLED_KEYS has no input on AWS provider 5; left as it is")

    def kinesis(self) -> None:
        """The table's active Kinesis streaming destination becomes kinesis_stream_arn and its precision, imported; DynamoDB streams to one at a time."""
        found = self.live.kinesis
        self.values["kinesis_streaming_enabled"] = False
        self.values["kinesis_stream_arn"] = None
        self.values["kinesis_approximate_creation_date_time_precision"] = None
        if isinstance(found, Unread):
            self.notes.append(
                f"Kinesis streaming destinations could not be read ({found}): kinesis_streaming_enabled is false, so the "
                "module manages none; set it and kinesis_stream_arn to keep a destination the table has"
            )
            return
        live = [item for item in found if item.get("DestinationStatus", "ACTIVE") in ("ACTIVE", "ENABLING", "UPDATING")]
        for destination in live[1:]:
            self.notes.append(
                f"Kinesis Data Streams destination {destination.get('StreamArn', '?')}: the module takes one destination, "
                "and leaves this one as it is"
            )
        if not live:
            return
        arn = live[0].get("StreamArn", "")
        self.values["kinesis_streaming_enabled"] = True
        self.values["kinesis_stream_arn"] = arn
        self.imports.append((addresses.count_instance(addresses.KINESIS_DESTINATION), f"{self.live.name},{arn}"))
        # Taken as it is: the provider replaces a destination whose precision changes.
        self.values["kinesis_approximate_creation_date_time_precision"] = live[0].get(
            "ApproximateCreationDateTimePrecision"
        )


def _is_notifications(design: Design) -> bool:
    """Whether a design read from a table is the specification's, with or without TypeIndex."""
    if (design.hash_key, design.range_key) != ("PK", "SK") or design.local_indexes:
        return False
    if not design.global_indexes:
        return design.attributes == {"PK": "S", "SK": "S"}
    if len(design.global_indexes) != 1 or design.attributes != {"PK": "S", "SK": "S", "TypeSK": "S"}:
        return False
    index = design.global_indexes[0]
    own = [getattr(index, name) for name in GSI_CAPACITY_KEYS] + [index.on_demand_throughput]
    return (index.name, index.hash_keys, index.range_keys, index.projection) == (
        "TypeIndex",
        ("PK",),
        ("TypeSK",),
        "ALL",
    ) and not any(value is not None for value in own)
