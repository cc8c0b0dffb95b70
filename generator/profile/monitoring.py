"""The module's CloudWatch alarms as data: the one source of every kind of alarm.

Each ``Alarm`` says what it watches (its scope), how its value is computed, its
switch and threshold inputs, its description and why the module has it. From
``ALARMS`` come:

- the switch and threshold inputs (``catalogue``: variables.tf, the profile schema, the loader);
- the alarms themselves (``templates/alarms.tf.j2`` loops over them: one local map per kind);
- the generated README's alarm table (``templates/README.md.j2``);
- the alarm keys and names the module creates for a profile (``alarm_keys``: what
  ``adopt`` lists as created) and those a design can have (``possible_alarm_keys``:
  the design's name checks and the table name's length rule).

A new kind of alarm is one entry here; the template knows how to build each scope
and measure, not the alarms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.profile import rules
from generator.profile.rules import Rule

# What a kind of alarm watches, which decides which alarms of it the module creates.
TARGETS = "targets"  # the table and each global index: <index key>_<key>, or <index key>_<unit>_<key> per unit
TABLE = "table"  # one alarm, on the table
ACCOUNT = "account"  # one alarm on a metric with no table dimension: the whole account and region
REPLICAS = "replicas"  # one alarm per replica region: <key>_<region>
SCOPES = (TARGETS, TABLE, ACCOUNT, REPLICAS)

# How the alarm's value is computed.
METRIC = "metric"  # one metric's statistic over the alarm period
CAPACITY = "capacity"  # the metric per second, in percent of the provisioned capacity or of the on-demand limit
INSIGHTS = "insights"  # a Metrics Insights query summing the metric over every Operation of the table
MEASURES = (METRIC, CAPACITY, INSIGHTS)

UNITS = ("read", "write")
# In a metric name or a description, {Unit} stands for the unit the alarm watches: Read or Write.
UNIT_PLACEHOLDER = "{Unit}"


@dataclass(frozen=True)
class Metric:
    """A CloudWatch metric of AWS/DynamoDB; ``id`` names it in the alarm's metric queries."""

    name: str
    statistic: str
    id: str


@dataclass(frozen=True)
class Alarm:
    """One kind of alarm; ``key`` names its switch (``<key>_alarm_enabled``) and its alarms.

    ``description`` is the alarm's description, where ``{threshold}``, ``{period}``
    (seconds), ``{target}`` (the table or index), ``{table}``, ``{replica}``
    (the replica's region), ``{region}`` (the module's) and ``{Unit}`` stand for
    what each alarm watches. A CAPACITY alarm has a second description for an
    on-demand table, and compares ``metric`` with ``baseline``.
    """

    key: str
    scope: str
    measure: str
    metric: Metric
    description: str
    switch_description: str
    threshold_input: str
    threshold_description: str
    threshold_default: int
    why: str
    units: tuple[str, ...] = ()
    threshold_rules: tuple[Rule, ...] = (rules.not_negative(),)
    baseline: Metric | None = None
    on_demand_description: str | None = None

    def __post_init__(self) -> None:
        assert self.scope in SCOPES and self.measure in MEASURES, self
        assert self.units in ((), UNITS), "an alarm is per unit for both units, or for none"
        assert (self.measure == CAPACITY) == (self.baseline is not None) == (self.on_demand_description is not None)
        assert self.measure != CAPACITY or self.scope == TARGETS, "capacity is the table's and each index's"

    @property
    def switch(self) -> str:
        return f"{self.key}_alarm_enabled"

    def suffixes(self) -> list[str]:
        """What the key of each alarm of this kind ends with: ``<unit>_<key>`` per unit, else the key."""
        return [f"{unit}_{self.key}" for unit in self.units] if self.units else [self.key]

    @property
    def metric_names(self) -> str:
        """The metrics, as the README names them (``ConsumedRead/WriteCapacityUnits``)."""
        names = [self.metric.name] + ([self.baseline.name] if self.baseline else [])
        shown = [name.replace(UNIT_PLACEHOLDER, "Read/Write") for name in names]
        if self.measure == CAPACITY:
            return f"{shown[0]} against {shown[1]}, or against on_demand_throughput"
        return shown[0]

    @property
    def statistic_text(self) -> str:
        if self.baseline is not None:
            return f"{self.metric.statistic} per second / {self.baseline.statistic}, as a percentage (metric math)"
        return self.metric.statistic

    @property
    def dimensions(self) -> str:
        """The metric's dimensions, as the README names them."""
        if self.measure == INSIGHTS:
            return "TableName and Operation, every operation summed by a Metrics Insights query"
        return {
            TARGETS: "TableName; TableName and GlobalSecondaryIndexName for each global index",
            TABLE: "TableName",
            ACCOUNT: "none: it counts the whole account and region",
            REPLICAS: "TableName and ReceivingRegion for each replica region",
        }[self.scope]

    @property
    def query(self) -> str:
        """An INSIGHTS alarm's Metrics Insights query, ``{table}`` standing for the table's name."""
        return (
            f"SELECT {self.metric.statistic.upper()}({self.metric.name}) "
            "FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '{table}'"
        )


ALARMS = (
    Alarm(
        "read_throttle",
        TARGETS,
        METRIC,
        Metric("ReadThrottleEvents", "Sum", "throttled"),
        description="More than {threshold} read requests throttled on {target} in {period} seconds.",
        switch_description="Alarm on read throttle events of the table and of each global index.",
        threshold_input="read_throttle_alarm_threshold",
        threshold_description="Read throttle events in one alarm period, on the table or on one global index, above which its alarm fires.",
        threshold_default=10,
        why="Throttled reads are retried and slow the application down; a throttled index must not go unseen.",
    ),
    Alarm(
        "write_throttle",
        TARGETS,
        METRIC,
        Metric("WriteThrottleEvents", "Sum", "throttled"),
        description="More than {threshold} write requests throttled on {target} in {period} seconds.",
        switch_description="Alarm on write throttle events of the table and of each global index.",
        threshold_input="write_throttle_alarm_threshold",
        threshold_description="Write throttle events in one alarm period, on the table or on one global index, above which its alarm fires.",
        threshold_default=10,
        why="Throttled writes on a global index also throttle writes to the table.",
    ),
    Alarm(
        "user_errors",
        ACCOUNT,
        METRIC,
        Metric("UserErrors", "Sum", "errors"),
        description=(
            "More than {threshold} DynamoDB user errors (HTTP 400) in {period} seconds. UserErrors has no table "
            "dimension: it counts every table of the account in {region}."
        ),
        switch_description=(
            "Alarm on user errors. UserErrors counts every table of the account and region: switch it on in one "
            "module per account and region."
        ),
        threshold_input="user_errors_alarm_threshold",
        threshold_description="User errors (HTTP 400) in one alarm period above which the alarm fires; counted for the whole account and region.",
        threshold_default=50,
        why="Client-side errors (HTTP 400). Account-wide: keep it on in one module per account and region.",
    ),
    Alarm(
        "system_errors",
        TABLE,
        INSIGHTS,
        Metric("SystemErrors", "Sum", "alarm"),
        description=(
            "More than {threshold} system errors (HTTP 500) on table {table} in {period} seconds, over all its operations."
        ),
        switch_description="Alarm on system errors of the table, summed over all its operations.",
        threshold_input="system_errors_alarm_threshold",
        threshold_description="System errors (HTTP 500) on the table, over all its operations, in one alarm period above which the alarm fires.",
        threshold_default=5,
        why="Server-side errors (HTTP 500). A metric-math alarm takes at most ten metrics and DynamoDB has thirteen "
        "operations (PartiQL's ExecuteStatement, BatchExecuteStatement and ExecuteTransaction among them); "
        "one Metrics Insights query sums them all.",
    ),
    Alarm(
        "capacity",
        TARGETS,
        CAPACITY,
        Metric("Consumed{Unit}CapacityUnits", "Sum", "consumed"),
        description="{Unit} capacity consumed on {target} above {threshold}% of its provisioned capacity.",
        on_demand_description="{Unit} capacity consumed on {target} above {threshold}% of its on-demand limit.",
        baseline=Metric("Provisioned{Unit}CapacityUnits", "Average", "provisioned"),
        units=UNITS,
        switch_description=(
            "Alarm on consumed read and write capacity, in percent of provisioned capacity (or of "
            "on_demand_throughput), for the table and each global index."
        ),
        threshold_input="capacity_alarm_threshold_percent",
        threshold_description="Consumed capacity, in percent of the provisioned capacity (or of on_demand_throughput), above which a capacity alarm fires.",
        threshold_default=80,
        threshold_rules=(rules.between(1, 100, "a percentage"),),
        why="Capacity running out comes before throttling: for PROVISIONED tables against the provisioned capacity, "
        "on demand against the on_demand_throughput limits where they are set.",
    ),
    Alarm(
        "replication_latency",
        REPLICAS,
        METRIC,
        Metric("ReplicationLatency", "Average", "latency"),
        description="Replication from table {table} to {replica} more than {threshold} ms behind on average.",
        switch_description="Alarm on replication latency to each replica region.",
        threshold_input="replication_latency_alarm_threshold_ms",
        threshold_description="Average replication latency to a replica, in milliseconds, above which its alarm fires.",
        threshold_default=180000,
        why="A global table's replicas falling behind; AWS calls more than three minutes cause for investigation.",
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


def of_scope(scope: str) -> tuple[Alarm, ...]:
    return tuple(alarm for alarm in ALARMS if alarm.scope == scope)


# What the alarms of the table and of each global index add to the target's prefix.
TARGET_ALARMS = tuple(suffix for alarm in of_scope(TARGETS) for suffix in alarm.suffixes())


def replica_prefix(alarm: Alarm) -> str:
    """What a replica's alarm key starts with; the region follows."""
    return f"{alarm.key}_"


def index_prefix(index_key: str) -> str:
    """The prefix of an index's alarm keys; the table's is empty."""
    return f"{index_key}_"


def alarm_name(table_name: str, key: str) -> str:
    """The CloudWatch alarm name alarms.tf gives the alarm of ``key``."""
    return f"{table_name}-{key.replace('_', '-')}"


def _limited(limits: Any, unit: str) -> bool:
    """Whether an on-demand limit is set for ``unit``: a capacity alarm needs a ceiling to near (-1 removes one)."""
    value = (limits or {}).get(f"max_{unit}_request_units")
    return value is not None and value >= 1


def alarm_keys(values: Any, indexes: Any) -> list[str]:
    """The keys of the alarms the module creates with ``values`` for global ``indexes`` (alarms.tf's ``local.alarms``)."""
    if not values["enable_cloudwatch_alarms"]:
        return []
    switched = [alarm for alarm in ALARMS if values[alarm.switch]]
    provisioned = values["billing_mode"] == "PROVISIONED"
    targets = [("", values["on_demand_throughput"])] + [
        (index_prefix(index.key), index.on_demand_throughput) for index in indexes
    ]
    keys = []
    for prefix, limits in targets:
        for alarm in (alarm for alarm in switched if alarm.scope == TARGETS):
            for unit, suffix in zip(alarm.units or (None,), alarm.suffixes(), strict=True):
                if alarm.measure == CAPACITY and not provisioned and not _limited(limits, str(unit)):
                    continue
                keys.append(f"{prefix}{suffix}")
    keys += [alarm.key for alarm in switched if alarm.scope in (TABLE, ACCOUNT)]
    for alarm in (alarm for alarm in switched if alarm.scope == REPLICAS):
        keys += [f"{replica_prefix(alarm)}{replica['region_name']}" for replica in values["replica_regions"]]
    return keys


def possible_alarm_keys(index_keys: Iterable[str]) -> dict[str, str]:
    """Every alarm key the table and these global index keys can have, whatever the caller switches on, with whose it is.

    Replicas' alarms are left out: their regions are the caller's.
    """
    found = {alarm.key: "the table" for alarm in ALARMS if alarm.scope in (TABLE, ACCOUNT)}
    for prefix, owner in [("", "the table")] + [(index_prefix(key), f"index {key}") for key in index_keys]:
        found.update({f"{prefix}{suffix}": owner for suffix in TARGET_ALARMS})
    return found


def longest_alarm_suffix(index_keys: Iterable[str]) -> str:
    """The longest part the table's and these indexes' alarm names add to the table name (``-<index>-write-throttle``)."""
    suffixes = [alarm_name("", key) for key in possible_alarm_keys(index_keys)]
    return max(suffixes, key=len)


def replica_alarm_infix() -> str:
    """What a replica's alarm name adds between the table name and the region: ``-replication-latency-``."""
    return max((alarm_name("", replica_prefix(alarm)) for alarm in of_scope(REPLICAS)), key=len, default="")


def output_description() -> str:
    """The description of the ``cloudwatch_alarm_arns`` output: the keys its map has."""
    per_target = ", ".join(TARGET_ALARMS)
    single = ", ".join(alarm.key for alarm in ALARMS if alarm.scope in (TABLE, ACCOUNT))
    replicas = ", ".join(f"{replica_prefix(alarm)}<region>" for alarm in of_scope(REPLICAS))
    return (
        f"ARNs of the CloudWatch alarms by key ({per_target}, each prefixed by an index key for a global index; "
        f"{single}; {replicas}); empty when alarms are off."
    )
