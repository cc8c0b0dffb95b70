"""Live resources read back through boto3, in a form the tests compare whole.

An alarm is reduced to what it computes (``alarm_shape``), an IAM policy to
the resources each action is allowed on (``granted``); ``expected_alarm_shape``
gives the shape the module's alarm of each kind should have, from the
module's documented alarms (README "Alarms"), not from its source.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

# What a capacity alarm compares: consumed units a second, in percent of the provisioned units.
CAPACITY_EXPRESSION = "100 * (consumed / PERIOD(consumed)) / {ceiling}"
SYSTEM_ERRORS_QUERY = (
    "SELECT SUM(SystemErrors) FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '{table}'"
)
# The window of each kind of alarm, as the module README's alarm table documents it: (period,
# evaluation periods, datapoints to alarm). AWS's figures (CloudWatch User Guide, "Recommended
# alarms", DynamoDB) where AWS recommends the alarm.
WINDOWS = {
    "read_throttle": (60, 5, 5),
    "write_throttle": (60, 5, 5),
    "system_errors": (60, 15, 15),
    "user_errors": (60, 10, 10),
    "replication_latency": (60, 15, 15),
    "capacity": (300, 2, 2),
    "key_range_throttle": (60, 5, 5),
    "provisioned_throttle": (60, 5, 5),
    "max_on_demand_throttle": (60, 5, 5),
    "account_limit_throttle": (60, 5, 5),
    "kinesis_record_age": (300, 3, 3),
    "kinesis_failed_records": (60, 1, 1),
    "kinesis_throttled_records": (60, 10, 10),
}
# The throttle alarms by cause: kind -> what its metric's name holds between Read/Write and ThrottleEvents.
BY_CAUSE = {
    "key_range_throttle": "KeyRangeThroughput",
    "provisioned_throttle": "ProvisionedThroughput",
    "max_on_demand_throttle": "MaxOnDemandThroughput",
    "account_limit_throttle": "AccountLimit",
}
# The Kinesis destination's alarms: Metrics Insights over every DelegatedOperation of the table.
KINESIS_QUERIES = {
    kind: f"SELECT {stat}({metric}) FROM SCHEMA(\"AWS/DynamoDB\", DelegatedOperation, TableName) WHERE TableName = '{{table}}'"
    for kind, stat, metric in (
        ("kinesis_record_age", "MAX", "AgeOfOldestUnreplicatedRecord"),
        ("kinesis_failed_records", "SUM", "FailedToReplicateRecordCount"),
        ("kinesis_throttled_records", "MAX", "ThrottledPutRecordCount"),
    )
}
Window = tuple[int, int, int]
# (expression of the query whose value is compared, or None; id -> (metric name, statistic, dimensions); window)
Shape = tuple[str | None, dict[str, tuple[str, str, dict[str, str]]], Window]


def _dimensions(items: list[dict[str, str]]) -> dict[str, str]:
    return {item["Name"]: item["Value"] for item in items}


def alarm_shape(alarm: dict[str, Any]) -> Shape:
    """What a CloudWatch alarm (a DescribeAlarms entry) computes, however it is written."""
    counts = (alarm["EvaluationPeriods"], alarm.get("DatapointsToAlarm", alarm["EvaluationPeriods"]))
    if alarm.get("MetricName"):
        metric = (alarm["MetricName"], alarm.get("Statistic", ""), _dimensions(alarm.get("Dimensions", [])))
        return None, {"metric": metric}, (alarm["Period"], *counts)
    expression = None
    metrics = {}
    periods = set()
    for query in alarm.get("Metrics", []):
        if "MetricStat" in query:
            stat = query["MetricStat"]
            metrics[query["Id"]] = (
                stat["Metric"]["MetricName"],
                stat["Stat"],
                _dimensions(stat["Metric"].get("Dimensions", [])),
            )
            periods.add(stat["Period"])
        elif "Period" in query:
            periods.add(query["Period"])
        if query.get("ReturnData", True) and "Expression" in query:
            expression = query["Expression"]
    (period,) = periods  # every metric of an alarm is read over the alarm's one period
    return expression, metrics, (period, *counts)


def expected_alarm_shape(
    kind: str, dimensions: dict[str, str], on_demand_limit: int | None = None, window: Window | None = None
) -> Shape:
    """The shape of the module's alarm of ``kind`` on the table or index of ``dimensions``.

    ``on_demand_limit``: the max request units a capacity alarm of an on-demand
    table or index is measured against (provisioned: the provisioned units).
    ``window``: the caller's, where it is not the kind's default.
    """
    unit = "Read" if kind.startswith("read") else "Write"
    family = kind.removeprefix("read_").removeprefix("write_")
    window = window or WINDOWS[kind if kind in WINDOWS else family]
    if family in BY_CAUSE:
        return None, {"throttled": (f"{unit}{BY_CAUSE[family]}ThrottleEvents", "Sum", dimensions)}, window
    if kind.endswith("_throttle"):
        return None, {"throttled": (f"{unit}ThrottleEvents", "Sum", dimensions)}, window
    if kind.endswith("_capacity"):
        consumed = {"consumed": (f"Consumed{unit}CapacityUnits", "Sum", dimensions)}
        if on_demand_limit is not None:
            return CAPACITY_EXPRESSION.format(ceiling=on_demand_limit), consumed, window
        provisioned = {"provisioned": (f"Provisioned{unit}CapacityUnits", "Average", dimensions)}
        return CAPACITY_EXPRESSION.format(ceiling="provisioned"), consumed | provisioned, window
    if kind == "user_errors":
        return None, {"errors": ("UserErrors", "Sum", {})}, window  # an account-and-region metric
    if kind == "system_errors":
        return SYSTEM_ERRORS_QUERY.format(table=dimensions["TableName"]), {}, window
    if kind in KINESIS_QUERIES:
        return KINESIS_QUERIES[kind].format(table=dimensions["TableName"]), {}, window
    if kind == "replication_latency":
        return None, {"latency": ("ReplicationLatency", "Average", dimensions)}, window
    raise ValueError(f"no alarm of kind {kind}")


def module_alarms(cloudwatch: Any, table_name: str) -> dict[str, dict[str, Any]]:
    """The module's alarms of a table by name, without the TargetTracking-... alarms autoscaling makes."""
    alarms = cloudwatch.describe_alarms(AlarmNamePrefix=f"{table_name}-")["MetricAlarms"]
    return {alarm["AlarmName"]: alarm for alarm in alarms}


def granted(iam: Any, policy_arn: str) -> dict[str, set[str]]:
    """action -> resources the policy's default version allows it on."""
    policy = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    version = iam.get_policy_version(PolicyArn=policy_arn, VersionId=policy["DefaultVersionId"])
    document = version["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(unquote(document))
    found: dict[str, set[str]] = {}
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for action in actions:
            found.setdefault(action, set()).update(resources)
    return found


def key_schema(schema: list[dict[str, str]]) -> list[tuple[str, str]]:
    """A DescribeTable KeySchema as (attribute, HASH|RANGE) pairs, in order."""
    return [(key["AttributeName"], key["KeyType"]) for key in schema]


def projection(index: dict[str, Any]) -> tuple[str, list[str]]:
    """An index's projection type and its sorted non-key attributes (DescribeTable)."""
    described = index["Projection"]
    return described["ProjectionType"], sorted(described.get("NonKeyAttributes", []))
