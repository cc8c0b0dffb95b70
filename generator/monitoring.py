"""The module's CloudWatch alarms as data: what each watches, and what is left out and why.

The alarms template reads metric names and statistics from here, and the
generated README's alarm tables are rendered from the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass


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
