"""The module's CloudWatch alarms as data: the one source of every kind of alarm.

Each ``Alarm`` says what it watches (its scope), how its value is computed, for
which capacity modes it exists, its switch, threshold and window inputs (period,
evaluation periods, datapoints to alarm, with the defaults AWS recommends), its
description and why the module has it. From ``ALARMS`` come:

- the switch, threshold and window inputs (``catalogue``: variables.tf, the profile schema, the loader);
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
KINESIS = "kinesis"  # one alarm, on the table's Kinesis streaming destination, while kinesis_streaming_enabled
SCOPES = (TARGETS, TABLE, ACCOUNT, REPLICAS, KINESIS)

# How the alarm's value is computed.
METRIC = "metric"  # one metric's statistic over the alarm period
CAPACITY = "capacity"  # the metric per second, in percent of the provisioned capacity or of the on-demand limit
INSIGHTS = "insights"  # a Metrics Insights query over every value of one dimension of the table (``insights_by``)
MEASURES = (METRIC, CAPACITY, INSIGHTS)

UNITS = ("read", "write")
# A statistic as a Metrics Insights function (CloudWatch User Guide, "Metrics Insights query components
# and syntax": AVG, COUNT, MAX, MIN, SUM).
INSIGHTS_FUNCTIONS = {"Average": "AVG", "SampleCount": "COUNT", "Maximum": "MAX", "Minimum": "MIN", "Sum": "SUM"}

# Which tables and indexes an alarm of the table and its indexes exists for.
PROVISIONED = "provisioned"  # a PROVISIONED table
ON_DEMAND = "on_demand"  # a PAY_PER_REQUEST table
LIMITED = "limited"  # a PAY_PER_REQUEST table, on a target with an on-demand limit for the alarm's unit
MODES = (PROVISIONED, ON_DEMAND, LIMITED)

# Where a window's defaults come from: CloudWatch User Guide, "Recommended alarms", Amazon DynamoDB
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html).
AWS_RECOMMENDED = "AWS's recommended alarm"

# In a metric name or a description, {Unit} stands for the unit the alarm watches: Read or Write.
UNIT_PLACEHOLDER = "{Unit}"


@dataclass(frozen=True)
class Metric:
    """A CloudWatch metric of AWS/DynamoDB; ``id`` names it in the alarm's metric queries."""

    name: str
    statistic: str
    id: str


@dataclass(frozen=True)
class Window:
    """How much of a metric an alarm looks at: ``datapoints`` breaching of ``evaluation_periods`` periods of ``period`` seconds.

    ``source`` says where these defaults come from: ``AWS_RECOMMENDED``, or why they are ours.
    """

    period: int
    evaluation_periods: int
    datapoints: int
    source: str = AWS_RECOMMENDED

    def __post_init__(self) -> None:
        assert 1 <= self.datapoints <= self.evaluation_periods, self

    @property
    def text(self) -> str:
        return f"{self.datapoints} of {self.evaluation_periods} periods of {self.period} s"


# The window of every throttle alarm (ReadThrottleEvents, WriteThrottleEvents, of the table and of
# each index): AWS recommends 60 seconds, 5 of 5.
THROTTLE_WINDOW = Window(60, 5, 5)


@dataclass(frozen=True)
class Alarm:
    """One kind of alarm; ``key`` names its switch (``<key>_alarm_enabled``) and its alarms.

    ``description`` is the alarm's description, where ``{threshold}``, ``{period}``
    (seconds), ``{target}`` (the table or index), ``{table}``, ``{replica}``
    (the replica's region), ``{region}`` (the module's) and ``{Unit}`` stand for
    what each alarm watches. A CAPACITY alarm has a second description for an
    on-demand table, and compares ``metric`` with ``baseline``. ``modes``: the
    tables and indexes a TARGETS alarm exists for (``PROVISIONED``, ``ON_DEMAND``,
    ``LIMITED``); ``enabled``: its switch's default.
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
    window: Window = THROTTLE_WINDOW
    units: tuple[str, ...] = ()
    modes: tuple[str, ...] = (PROVISIONED, ON_DEMAND)
    enabled: bool = True
    # An INSIGHTS alarm's second dimension, beside TableName, whose values its query takes together.
    insights_by: str = "Operation"
    threshold_rules: tuple[Rule, ...] = (rules.not_negative(),)
    baseline: Metric | None = None
    on_demand_description: str | None = None

    def __post_init__(self) -> None:
        assert self.scope in SCOPES and self.measure in MEASURES, self
        assert self.units in ((), UNITS), "an alarm is per unit for both units, or for none"
        assert (self.measure == CAPACITY) == (self.baseline is not None) == (self.on_demand_description is not None)
        assert self.measure != CAPACITY or self.scope == TARGETS, "capacity is the table's and each index's"
        assert set(self.modes) <= set(MODES) and self.modes, self
        assert LIMITED not in self.modes or self.units, "an on-demand limit is per unit"
        assert self.scope == TARGETS or self.modes == (PROVISIONED, ON_DEMAND), (
            "only the table's and each index's depend on the mode"
        )

    @property
    def period_input(self) -> str:
        return f"{self.key}_alarm_period_seconds"

    @property
    def evaluation_periods_input(self) -> str:
        return f"{self.key}_alarm_evaluation_periods"

    @property
    def datapoints_input(self) -> str:
        return f"{self.key}_alarm_datapoints_to_alarm"

    @property
    def window_inputs(self) -> tuple[str, str, str]:
        return (self.period_input, self.evaluation_periods_input, self.datapoints_input)

    @property
    def every_mode(self) -> bool:
        """Whether the alarm exists for every table and index, whatever its capacity mode."""
        return PROVISIONED in self.modes and ON_DEMAND in self.modes

    @property
    def modes_text(self) -> str:
        """For which tables and indexes the alarm exists, as the README says it."""
        said = {
            PROVISIONED: "PROVISIONED",
            ON_DEMAND: "on demand",
            LIMITED: "on demand with an on_demand_throughput limit for the unit",
        }
        if self.every_mode:
            return "every"
        return " or ".join(said[mode] for mode in self.modes)

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
            taken = "every operation summed" if self.insights_by == "Operation" else f"every {self.insights_by} taken"
            return f"TableName and {self.insights_by}, {taken} by a Metrics Insights query"
        return {
            TARGETS: "TableName; TableName and GlobalSecondaryIndexName for each global index",
            TABLE: "TableName",
            ACCOUNT: "none: it counts the whole account and region",
            REPLICAS: "TableName and ReceivingRegion for each replica region",
            KINESIS: "TableName",
        }[self.scope]

    @property
    def query(self) -> str:
        """An INSIGHTS alarm's Metrics Insights query, ``{table}`` standing for the table's name."""
        return (
            f"SELECT {INSIGHTS_FUNCTIONS[self.metric.statistic]}({self.metric.name}) "
            f"FROM SCHEMA(\"AWS/DynamoDB\", {self.insights_by}, TableName) WHERE TableName = '{{table}}'"
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
        window=Window(60, 10, 10),
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
        window=Window(60, 15, 15),
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
        modes=(PROVISIONED, LIMITED),
        window=Window(
            300,
            2,
            2,
            source=(
                "ours: AWS recommends no consumed-capacity alarm per table; DynamoDB publishes "
                "Provisioned{Unit}CapacityUnits every five minutes, so a shorter period has no baseline, and 2 of 2 is "
                "AWS's window for the account's capacity utilization"
            ).replace(UNIT_PLACEHOLDER, "Read/Write"),
        ),
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
        window=Window(60, 15, 15),
    ),
    *(
        Alarm(
            key,
            TARGETS,
            METRIC,
            Metric(f"{{Unit}}{metric}ThrottleEvents", "Sum", "throttled"),
            description=(
                f"More than {{threshold}} requests throttled on {{target}} in {{period}} seconds by {cause}: "
                f"{{Unit}}{metric}ThrottleEvents."
            ),
            switch_description=(
                f"Alarm on Read/Write{metric}ThrottleEvents of the table and of each global index: requests throttled "
                f"by {cause} ({where})."
            ),
            threshold_input=f"{key}_alarm_threshold",
            threshold_description=(
                f"Requests throttled because of {cause}, in one alarm period, on the table or one global index, "
                "above which its alarm fires."
            ),
            threshold_default=10,
            why=why,
            units=UNITS,
            modes=modes,
            enabled=False,
            window=Window(
                60, 5, 5, source="ours: the window AWS recommends for ReadThrottleEvents and WriteThrottleEvents"
            ),
        )
        # The causes DynamoDB gives a throttled request, each counted by a metric of its own
        # (DynamoDB Developer Guide, "CloudWatch throttling metrics":
        # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling-cloudwatch.html).
        for key, metric, cause, where, modes, why in (
            (
                "key_range_throttle",
                "KeyRangeThroughput",
                "a partition's own throughput limit, a hot key",
                "either capacity mode",
                (PROVISIONED, ON_DEMAND),
                "A hot partition: more capacity does not help, a better spread key does.",
            ),
            (
                "provisioned_throttle",
                "ProvisionedThroughput",
                "the provisioned capacity",
                "PROVISIONED only",
                (PROVISIONED,),
                "The provisioned capacity (or autoscaling's maximum) is too low.",
            ),
            (
                "max_on_demand_throttle",
                "MaxOnDemandThroughput",
                "the on_demand_throughput limit",
                "on demand, where the target has a limit for the unit",
                (LIMITED,),
                "The table's or index's own on_demand_throughput limit stops requests.",
            ),
            (
                "account_limit_throttle",
                "AccountLimit",
                "the account's per-table throughput quota",
                "on demand only",
                (ON_DEMAND,),
                "The account's per-table quota for on-demand throughput, which a Service Quotas request raises.",
            ),
        )
    ),
    # Kinesis Data Streams for DynamoDB: DynamoDB publishes these per TableName and
    # DelegatedOperation (DynamoDB Developer Guide, "DynamoDB Metrics and dimensions"); the
    # query takes every DelegatedOperation of the table.
    Alarm(
        "kinesis_record_age",
        KINESIS,
        INSIGHTS,
        Metric("AgeOfOldestUnreplicatedRecord", "Maximum", "age"),
        description=(
            "The oldest record of table {table} not yet replicated to its Kinesis data stream is more than "
            "{threshold} ms old."
        ),
        switch_description="Alarm on the age of the oldest record not yet replicated to kinesis_stream_arn, while kinesis_streaming_enabled.",
        threshold_input="kinesis_record_age_alarm_threshold_ms",
        threshold_description="Age, in milliseconds, of the oldest record not yet replicated to the Kinesis data stream, above which the alarm fires.",
        threshold_default=60000,
        why="Replication to the Kinesis data stream falling behind (its capacity, or its access policy); normally milliseconds. "
        "The threshold is ours: AWS leaves it to the workload.",
        insights_by="DelegatedOperation",
        window=Window(300, 3, 3),
    ),
    Alarm(
        "kinesis_failed_records",
        KINESIS,
        INSIGHTS,
        Metric("FailedToReplicateRecordCount", "Sum", "failed"),
        description="More than {threshold} records of table {table} failed to replicate to its Kinesis data stream in {period} seconds.",
        switch_description="Alarm on records that failed to replicate to kinesis_stream_arn, while kinesis_streaming_enabled.",
        threshold_input="kinesis_failed_records_alarm_threshold",
        threshold_description="Records that failed to replicate to the Kinesis data stream, in one alarm period, above which the alarm fires.",
        threshold_default=0,
        why="A change record over Kinesis's 1 MB record limit is skipped, not retried: any is a record lost to the stream.",
        insights_by="DelegatedOperation",
        window=Window(60, 1, 1),
    ),
    Alarm(
        "kinesis_throttled_records",
        KINESIS,
        INSIGHTS,
        Metric("ThrottledPutRecordCount", "Maximum", "throttled"),
        description="More than {threshold} records of table {table} throttled by its Kinesis data stream in {period} seconds.",
        switch_description="Alarm on records the Kinesis data stream throttled, while kinesis_streaming_enabled.",
        threshold_input="kinesis_throttled_records_alarm_threshold",
        threshold_description="Records throttled by the Kinesis data stream, in one alarm period, above which the alarm fires.",
        threshold_default=10,
        why="The Kinesis data stream has too few shards for the table's writes. The threshold is ours: AWS leaves it to the workload.",
        insights_by="DelegatedOperation",
        window=Window(60, 10, 10),
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
        "SuccessfulRequestLatency",
        "Published per operation, and a useful threshold depends on each access pattern; alarm on it in the "
        "application's own monitoring.",
    ),
)


def window_of(alarm: Alarm, values: Any) -> Window:
    """The window ``values`` give ``alarm``'s kind."""
    period, evaluation_periods, datapoints = (values[name] for name in alarm.window_inputs)
    return Window(period, evaluation_periods, datapoints)


def window_note(alarm: Alarm, values: Any) -> str:
    """Where the window ``values`` give ``alarm``'s kind comes from, as the README says it."""
    given = window_of(alarm, values)
    if given.text == alarm.window.text:
        return alarm.window.source
    default = alarm.window
    whose = "AWS recommends" if default.source == AWS_RECOMMENDED else "the module's default is"
    return f"this profile's; {whose} {default.text}"


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


def _exists(alarm: Alarm, provisioned: bool, limits: Any, unit: str | None) -> bool:
    """Whether a table or index with these on-demand ``limits`` has ``alarm``'s alarm for ``unit`` (alarms.tf's ``if``)."""
    if provisioned:
        return PROVISIONED in alarm.modes
    return ON_DEMAND in alarm.modes or (LIMITED in alarm.modes and _limited(limits, str(unit)))


def alarm_keys(values: Any, indexes: Any, in_replica_regions: bool = False) -> list[str]:
    """The keys of the alarms the module creates with ``values`` for global ``indexes`` (alarms.tf's ``local.alarms``).

    ``in_replica_regions`` (a provider line whose resources take a ``region``) adds the table's own
    alarms again in each replica's region, keyed ``<region>/<key>`` as alarms.tf's
    ``local.alarms_in_every_region`` keys them.
    """
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
                if _exists(alarm, provisioned, limits, unit):
                    keys.append(f"{prefix}{suffix}")
    # Throttles, errors and capacity: what each replica's region watches too (not UserErrors, the account's).
    regional = keys + [alarm.key for alarm in switched if alarm.scope == TABLE]
    keys += [alarm.key for alarm in switched if alarm.scope in (TABLE, ACCOUNT)]
    if values.get("kinesis_streaming_enabled"):
        keys += [alarm.key for alarm in switched if alarm.scope == KINESIS]
    for alarm in (alarm for alarm in switched if alarm.scope == REPLICAS):
        keys += [f"{replica_prefix(alarm)}{replica['region_name']}" for replica in values["replica_regions"]]
    if in_replica_regions:
        keys += [f"{replica['region_name']}/{key}" for replica in values["replica_regions"] for key in regional]
    return keys


def possible_alarm_keys(index_keys: Iterable[str]) -> dict[str, str]:
    """Every alarm key the table and these global index keys can have, whatever the caller switches on, with whose it is.

    Replicas' alarms are left out: their regions are the caller's.
    """
    found = {alarm.key: "the table" for alarm in ALARMS if alarm.scope in (TABLE, ACCOUNT, KINESIS)}
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
    single = ", ".join(alarm.key for alarm in ALARMS if alarm.scope in (TABLE, ACCOUNT, KINESIS))
    replicas = ", ".join(f"{replica_prefix(alarm)}<region>" for alarm in of_scope(REPLICAS))
    return (
        f"ARNs of the CloudWatch alarms by key ({per_target}, each prefixed by an index key for a global index; "
        f"{single}; {replicas}); empty when alarms are off."
    )
