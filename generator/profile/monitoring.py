"""The module's CloudWatch alarms as data: what each watches, and what is left out and why.

The alarms template reads metric names and statistics from here, and the
generated README's alarm tables are rendered from the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Alarm:
    """One kind of alarm; ``key`` names its switch (``<key>_alarm_enabled``) and its instances."""

    key: str
    metrics: str
    dimensions: str
    statistic: str
    threshold_input: str
    why: str

    @property
    def switch(self) -> str:
        return f"{self.key}_alarm_enabled"


ALARMS = (
    Alarm(
        "read_throttle",
        "ReadThrottleEvents",
        "TableName; TableName and GlobalSecondaryIndexName for each global index",
        "Sum",
        "read_throttle_alarm_threshold",
        "Throttled reads are retried and slow the application down; a throttled index must not go unseen.",
    ),
    Alarm(
        "write_throttle",
        "WriteThrottleEvents",
        "TableName; TableName and GlobalSecondaryIndexName for each global index",
        "Sum",
        "write_throttle_alarm_threshold",
        "Throttled writes on a global index also throttle writes to the table.",
    ),
    Alarm(
        "user_errors",
        "UserErrors",
        "none: it counts the whole account and region",
        "Sum",
        "user_errors_alarm_threshold",
        "Client-side errors (HTTP 400). Account-wide: keep it on in one module per account and region.",
    ),
    Alarm(
        "system_errors",
        "SystemErrors",
        "TableName and Operation, every operation summed by a Metrics Insights query",
        "Sum",
        "system_errors_alarm_threshold",
        "Server-side errors (HTTP 500). A metric-math alarm takes at most ten metrics and DynamoDB has thirteen "
        "operations (PartiQL's ExecuteStatement, BatchExecuteStatement and ExecuteTransaction among them); "
        "one Metrics Insights query sums them all.",
    ),
    Alarm(
        "capacity",
        "ConsumedRead/WriteCapacityUnits against ProvisionedRead/WriteCapacityUnits, or against on_demand_throughput",
        "TableName; TableName and GlobalSecondaryIndexName for each global index",
        "Sum per second / Average, as a percentage (metric math)",
        "capacity_alarm_threshold_percent",
        "Capacity running out comes before throttling: for PROVISIONED tables against the provisioned capacity, "
        "on demand against the on_demand_throughput limits where they are set.",
    ),
    Alarm(
        "replication_latency",
        "ReplicationLatency",
        "TableName and ReceivingRegion for each replica region",
        "Average",
        "replication_latency_alarm_threshold_ms",
        "A global table's replicas falling behind; AWS calls more than three minutes cause for investigation.",
    ),
)

# AWS's recommended DynamoDB alarms (CloudWatch User Guide, "Recommended alarms")
# that the module does not create.
ALARMS_LEFT_OUT = (
    (
        "AccountProvisionedReadCapacityUtilization, AccountProvisionedWriteCapacityUtilization",
        "Account-level metrics with no table dimension: one alarm per account and region belongs in an account baseline, "
        "not in every table's module.",
    ),
    (
        "AgeOfOldestUnreplicatedRecord, FailedToReplicateRecordCount, ThrottledPutRecordCount",
        "They watch Kinesis Data Streams for DynamoDB, which this module does not set up.",
    ),
    (
        "SuccessfulRequestLatency",
        "Published per operation, and a useful threshold depends on each access pattern; alarm on it in the "
        "application's own monitoring.",
    ),
)


UNITS = ("read", "write")
# What the throttle and capacity alarms of the table and of each global index add
# to the target's prefix (alarms.tf's local.throttle_alarms and capacity_alarms).
TARGET_ALARMS = tuple(f"{unit}_{kind}" for kind in ("throttle", "capacity") for unit in UNITS)
REPLICATION_PREFIX = "replication_latency_"


def index_prefix(index_key: str) -> str:
    """The prefix of an index's alarm keys; the table's is empty."""
    return f"{index_key}_"


def alarm_name(table_name: str, key: str) -> str:
    """The CloudWatch alarm name alarms.tf gives the alarm of ``key``."""
    return f"{table_name}-{key.replace('_', '-')}"


def alarm_keys(values: Any, indexes: Any) -> list[str]:
    """The keys of the alarms the module creates with ``values`` for global ``indexes`` (alarms.tf's ``local.alarms``)."""
    if not values["enable_cloudwatch_alarms"]:
        return []
    targets = [("", values["on_demand_throughput"])] + [
        (index_prefix(index.key), index.on_demand_throughput) for index in indexes
    ]
    provisioned = values["billing_mode"] == "PROVISIONED"
    keys = [
        f"{prefix}{unit}_throttle"
        for prefix, _ in targets
        for unit in UNITS
        if values[f"{unit}_throttle_alarm_enabled"]
    ]
    if values["capacity_alarm_enabled"]:
        keys += [
            f"{prefix}{unit}_capacity"
            for prefix, limits in targets
            for unit in UNITS
            if provisioned or (limits or {}).get(f"max_{unit}_request_units") is not None
        ]
    keys += [name for name in ("user_errors", "system_errors") if values[f"{name}_alarm_enabled"]]
    if values["replication_latency_alarm_enabled"]:
        keys += [f"{REPLICATION_PREFIX}{replica['region_name']}" for replica in values["replica_regions"]]
    return keys


def possible_alarm_keys(index_keys: Any) -> dict[str, str]:
    """Every alarm key the table and these global index keys can have, whatever the caller switches on, with whose it is.

    Replicas' alarms are left out: their regions are the caller's.
    """
    found = {"user_errors": "the table", "system_errors": "the table"}
    for prefix, owner in [("", "the table")] + [(index_prefix(key), f"index {key}") for key in index_keys]:
        found.update({f"{prefix}{suffix}": owner for suffix in TARGET_ALARMS})
    return found


def longest_alarm_suffix(index_keys: Any) -> str:
    """The longest part the table's and these indexes' alarm names add to the table name (``-<index>-write-throttle``)."""
    suffixes = [alarm_name("", key) for key in possible_alarm_keys(index_keys)]
    return max(suffixes, key=len)
