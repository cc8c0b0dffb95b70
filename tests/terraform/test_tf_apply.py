"""Each example applied to moto, then the live resources checked through the AWS API.

Each example runs in an AWS account of its own: three of them name their
table prod-user-notifications, as the specification does, and an account
keeps them apart (IAM names are global to an account, so regions would not).
So the four are applied side by side, two at a time, as the tests start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from generator.security import KMS_READ_ACTIONS, READ_ACTIONS, STREAM_ACTIONS, WRITE_ACTIONS

from .roots import EXAMPLES, copy_example
from .selection import selected_params
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

PRODUCTION_TAGS = {"Environment": "Production", "Project": "Twitter Backend", "ManagedBy": "Terraform"}
# The alarms example's thresholds, which are also the module's defaults the others get.
THRESHOLDS = {"ReadThrottleEvents": 10, "WriteThrottleEvents": 10, "UserErrors": 50, "SystemErrors": 5}


@dataclass(frozen=True)
class Expected:
    """What an example asks for, in the example's own values (and the default profile's)."""

    table_name: str
    tags: dict[str, str]
    provisioned_capacity: int | None = None  # read and write alike
    type_index: bool = False
    autoscaling_max: int | None = None
    autoscaling_target: float | None = None
    customer_key: bool = False
    alarm_topic: bool = False
    contributor_insights: bool = False

    @property
    def scalable_targets(self) -> int:
        return 0 if self.autoscaling_max is None else 2 * (2 if self.type_index else 1)


EXPECTED = {
    "basic-on-demand": Expected(
        table_name="staging-user-notifications",
        tags={"Environment": "staging", "Project": "Twitter Backend", "ManagedBy": "Terraform"},
    ),
    "provisioned-autoscaling": Expected(
        table_name="prod-user-notifications",
        tags=PRODUCTION_TAGS,
        provisioned_capacity=10,
        type_index=True,
        autoscaling_max=100,
        autoscaling_target=70,
    ),
    "cloudwatch-alarms": Expected(
        table_name="prod-user-notifications",
        tags=PRODUCTION_TAGS,
        alarm_topic=True,
        contributor_insights=True,
    ),
    "custom-kms-key": Expected(
        table_name="prod-user-notifications",
        tags=PRODUCTION_TAGS,
        customer_key=True,
    ),
}


# An account of each example's own in moto.
ACCOUNTS = {name: f"{index:012d}" for index, name in enumerate(EXAMPLES, start=100000000001)}


@dataclass
class Applied:
    name: str
    root: Path
    expected: Expected
    terraform: Terraform  # with the example's account's credentials
    plan: Result  # the plan that apply carried out
    second_plan: Result  # planned right after apply
    outputs: dict[str, Any]
    aws: Callable[[str], Any]  # boto3 clients in the example's account

    @property
    def table(self) -> dict[str, Any]:
        return self.aws("dynamodb").describe_table(TableName=self.expected.table_name)["Table"]


def _plan_again(root: Path, terraform: Terraform) -> Result:
    return terraform.run(root, "plan", "-json", "-input=false", "-detailed-exitcode", expect=(0, 2))


def _apply(name: str, parent: Path, terraform: Terraform, aws: Callable[[str], Any]) -> Applied:
    root = copy_example(name, parent)
    terraform.init(root)
    plan = terraform.run(root, "plan", "-json", "-input=false", "-out=tfplan")
    terraform.run(root, "apply", "-json", "-input=false", "tfplan")
    outputs = {key: value["value"] for key, value in terraform.run(root, "output", "-json").json().items()}
    return Applied(name, root, EXPECTED[name], terraform, plan, _plan_again(root, terraform), outputs, aws)


@pytest.fixture(scope="module")
def applying(
    request: pytest.FixtureRequest,
    terraform: Terraform,
    workers: ThreadPoolExecutor,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Future[Applied]]:
    """Every example the selected tests need, being applied in the background."""
    started = {}
    for name in selected_params(request, "live"):
        credentials = account_credentials(ACCOUNTS[name])
        in_account = terraform.with_env(credentials)
        clients = lambda service, credentials=credentials: aws(service, credentials)  # noqa: E731
        started[name] = workers.submit(_apply, name, tmp_path_factory.mktemp("apply"), in_account, clients)
    return started


@pytest.fixture(params=EXAMPLES)
def live(request: pytest.FixtureRequest, applying: dict[str, Future[Applied]]) -> Applied:
    """An example applied to moto, in an account of its own."""
    return applying[request.param].result()


# -- plan and apply ----------------------------------------------------------


def test_plan_creates_what_the_example_asks_for(live: Applied) -> None:
    expected = live.expected
    assert live.plan.diagnostics("warning") == []
    created = sorted(
        address.removeprefix("module.dynamodb.").split("[")[0]
        for address, action in live.plan.planned_changes().items()
        if action == "create"
    )
    indexes = 2 if expected.type_index else 1
    wanted = ["aws_cloudwatch_metric_alarm.notifications"] * 4 + [
        "aws_dynamodb_table.notifications",
        "aws_iam_policy.access",
        "aws_iam_policy.read_only",
    ]
    wanted += ["aws_appautoscaling_policy.capacity", "aws_appautoscaling_target.capacity"] * expected.scalable_targets
    if expected.contributor_insights:
        wanted += ["aws_dynamodb_contributor_insights.notifications"] * indexes
    if expected.alarm_topic:
        wanted += ["aws_sns_topic.alerts"]
    if expected.customer_key:
        wanted += ["aws_kms_alias.dynamodb", "aws_kms_key.dynamodb"]
    assert created == sorted(wanted)


def test_second_plan_shows_no_changes(live: Applied) -> None:
    result = live.second_plan
    assert result.returncode == 0, f"drift after apply: {result.planned_changes()}"


# -- the table ---------------------------------------------------------------


def test_table_billing_keys_and_index(live: Applied) -> None:
    expected, table = live.expected, live.table
    assert table["TableArn"] == live.outputs["notifications_table_arn"]
    assert table["TableName"] == live.outputs["notifications_table_name"] == expected.table_name
    assert table["KeySchema"] == [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ]
    attributes = {"PK": "S", "SK": "S"} | ({"TypeSK": "S"} if expected.type_index else {})
    assert {item["AttributeName"]: item["AttributeType"] for item in table["AttributeDefinitions"]} == attributes

    if expected.provisioned_capacity is None:
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    else:
        assert table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == "PROVISIONED"
        throughput = table["ProvisionedThroughput"]
        assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (
            expected.provisioned_capacity,
        ) * 2

    indexes = {index["IndexName"]: index for index in table.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == ({"TypeIndex"} if expected.type_index else set())
    if expected.type_index:
        index = indexes["TypeIndex"]
        assert index["KeySchema"] == [
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "TypeSK", "KeyType": "RANGE"},
        ]
        assert index["Projection"]["ProjectionType"] == "ALL"
        if expected.provisioned_capacity is not None:
            throughput = index["ProvisionedThroughput"]
            assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (
                expected.provisioned_capacity,
            ) * 2


def test_table_stream_ttl_recovery_and_protection(live: Applied) -> None:
    table, dynamodb = live.table, live.aws("dynamodb")
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert table["LatestStreamArn"] == live.outputs["notifications_table_stream_arn"]
    ttl = dynamodb.describe_time_to_live(TableName=live.expected.table_name)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}
    backups = dynamodb.describe_continuous_backups(TableName=live.expected.table_name)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert table["DeletionProtectionEnabled"] is True


def test_table_is_encrypted_with_the_chosen_key(live: Applied) -> None:
    sse = live.table["SSEDescription"]
    assert (sse["Status"], sse["SSEType"]) == ("ENABLED", "KMS")
    kms = live.aws("kms")
    key_id = kms.describe_key(KeyId=sse["KMSMasterKeyArn"])["KeyMetadata"]["KeyId"]
    aliases = {alias["AliasName"] for alias in kms.list_aliases(KeyId=key_id)["Aliases"]}
    if live.expected.customer_key:
        assert sse["KMSMasterKeyArn"] == live.outputs["kms_key_arn"]
        assert aliases == {"alias/prod-user-notifications"}
    else:
        # The AWS managed key goes by its alias: moto creates it with
        # KeyManager CUSTOMER where AWS says AWS, so that field proves nothing here.
        assert aliases == {"alias/aws/dynamodb"}


# -- tags --------------------------------------------------------------------


def _tags_of_every_resource(live: Applied) -> dict[str, dict[str, str]]:
    """ARN -> tags, for each taggable resource the module created."""
    found = {}
    dynamodb, cloudwatch, iam = live.aws("dynamodb"), live.aws("cloudwatch"), live.aws("iam")
    table_arn = live.outputs["notifications_table_arn"]
    found[table_arn] = {
        tag["Key"]: tag["Value"] for tag in dynamodb.list_tags_of_resource(ResourceArn=table_arn)["Tags"]
    }
    for alarm in _module_alarms(live):
        tags = cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]
        found[alarm["AlarmArn"]] = {tag["Key"]: tag["Value"] for tag in tags}
    for output in ("dynamodb_access_policy_arn", "dynamodb_read_only_policy_arn"):
        tags = iam.list_policy_tags(PolicyArn=live.outputs[output])["Tags"]
        found[live.outputs[output]] = {tag["Key"]: tag["Value"] for tag in tags}
    autoscaling = live.aws("application-autoscaling")
    for target in autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]:
        found[target["ScalableTargetARN"]] = autoscaling.list_tags_for_resource(
            ResourceARN=target["ScalableTargetARN"]
        )["Tags"]
    return found


def test_every_resource_carries_the_tags(live: Applied) -> None:
    tags = _tags_of_every_resource(live)
    table, alarms, policies = 1, 4, 2
    assert len(tags) == table + alarms + policies + live.expected.scalable_targets
    assert {arn: live.expected.tags for arn in tags} == tags


# -- alarms ------------------------------------------------------------------


def _module_alarms(live: Applied) -> list[dict[str, Any]]:
    # Target tracking creates alarms of its own, named TargetTracking-table/...
    alarms = live.aws("cloudwatch").describe_alarms(AlarmNamePrefix=live.expected.table_name)["MetricAlarms"]
    return [alarm for alarm in alarms if not alarm["AlarmName"].startswith("TargetTracking-")]


def _watched_metrics(alarm: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(metric name, dimensions) of each metric an alarm reads, however it is written."""
    if alarm.get("MetricName"):
        return [(alarm["MetricName"], {item["Name"]: item["Value"] for item in alarm.get("Dimensions", [])})]
    return [
        (
            query["MetricStat"]["Metric"]["MetricName"],
            {item["Name"]: item["Value"] for item in query["MetricStat"]["Metric"].get("Dimensions", [])},
        )
        for query in alarm.get("Metrics", [])
        if "MetricStat" in query
    ]


def test_alarms_watch_the_right_metrics_with_the_right_thresholds(live: Applied) -> None:
    table = live.expected.table_name
    by_metric = {}
    for alarm in _module_alarms(live):
        names = {name for name, _dimensions in _watched_metrics(alarm)}
        assert len(names) == 1, f"{alarm['AlarmName']} mixes metrics {names}"
        by_metric[names.pop()] = alarm
    assert set(by_metric) == set(THRESHOLDS)

    assert _watched_metrics(by_metric["ReadThrottleEvents"]) == [("ReadThrottleEvents", {"TableName": table})]
    assert _watched_metrics(by_metric["WriteThrottleEvents"]) == [("WriteThrottleEvents", {"TableName": table})]
    assert _watched_metrics(by_metric["UserErrors"]) == [("UserErrors", {})]  # an account and region metric
    per_operation = [dimensions for _name, dimensions in _watched_metrics(by_metric["SystemErrors"])]
    assert {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"} <= {
        item.get("Operation") for item in per_operation
    }
    assert all(set(item) == {"TableName", "Operation"} and item["TableName"] == table for item in per_operation)
    queries = by_metric["SystemErrors"]["Metrics"]
    (total,) = [query for query in queries if query.get("ReturnData", True)]
    assert "Expression" in total, "system errors alarm must add up its per-operation series"

    topic = [live.outputs["alarm_sns_topic_arn"]] if live.expected.alarm_topic else []
    for metric, alarm in by_metric.items():
        assert alarm["Threshold"] == THRESHOLDS[metric], metric
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold", metric
        assert (alarm["AlarmActions"], alarm["OKActions"]) == (topic, topic), metric


# -- IAM policies -------------------------------------------------------------


def _granted(iam: Any, policy_arn: str) -> dict[str, set[str]]:
    """action -> resources the policy's default version allows it on."""
    policy = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    document = iam.get_policy_version(PolicyArn=policy_arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"][
        "Document"
    ]
    if isinstance(document, str):
        document = json.loads(unquote(document))
    granted: dict[str, set[str]] = {}
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for action in actions:
            granted.setdefault(action, set()).update(resources)
    return granted


def test_policies_grant_item_access_to_this_table_only(live: Applied) -> None:
    table_arn, stream_arn = live.outputs["notifications_table_arn"], live.outputs["notifications_table_stream_arn"]
    items = {table_arn, f"{table_arn}/index/*"}
    assert stream_arn.startswith(f"{table_arn}/stream/")
    streams = {f"{table_arn}/stream/*"}
    read_only = {action: items for action in READ_ACTIONS} | {action: streams for action in STREAM_ACTIONS}
    write = {action: items for action in WRITE_ACTIONS}
    if live.expected.customer_key:
        key = {live.outputs["kms_key_arn"]}
        read_only |= {action: key for action in KMS_READ_ACTIONS}
    iam = live.aws("iam")
    assert _granted(iam, live.outputs["dynamodb_read_only_policy_arn"]) == read_only
    assert _granted(iam, live.outputs["dynamodb_access_policy_arn"]) == read_only | write


# -- autoscaling and Contributor Insights ---------------------------------------


def test_autoscaling_tracks_the_target_between_the_bounds(live: Applied) -> None:
    expected = live.expected
    autoscaling = live.aws("application-autoscaling")
    targets = autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]
    policies = autoscaling.describe_scaling_policies(ServiceNamespace="dynamodb")["ScalingPolicies"]
    if expected.autoscaling_max is None:
        assert (targets, policies) == ([], [])
        return
    table = f"table/{expected.table_name}"
    resources = [table] + ([f"{table}/index/TypeIndex"] if expected.type_index else [])
    wanted = {
        (resource, f"dynamodb:{'table' if resource == table else 'index'}:{unit}CapacityUnits")
        for resource in resources
        for unit in ("Read", "Write")
    }
    assert {(target["ResourceId"], target["ScalableDimension"]) for target in targets} == wanted
    for target in targets:
        assert (target["MinCapacity"], target["MaxCapacity"]) == (
            expected.provisioned_capacity,
            expected.autoscaling_max,
        )
    assert {(policy["ResourceId"], policy["ScalableDimension"]) for policy in policies} == wanted
    for policy in policies:
        assert policy["PolicyType"] == "TargetTrackingScaling"
        configuration = policy["TargetTrackingScalingPolicyConfiguration"]
        unit = "Read" if "Read" in policy["ScalableDimension"] else "Write"
        assert configuration["TargetValue"] == expected.autoscaling_target
        metric = configuration["PredefinedMetricSpecification"]["PredefinedMetricType"]
        assert metric == f"DynamoDB{unit}CapacityUtilization"


def test_contributor_insights_follow_the_input(live: Applied) -> None:
    dynamodb = live.aws("dynamodb")
    status = "ENABLED" if live.expected.contributor_insights else "DISABLED"
    table = dynamodb.describe_contributor_insights(TableName=live.expected.table_name)
    assert table["ContributorInsightsStatus"] == status
    if live.expected.type_index:
        index = dynamodb.describe_contributor_insights(TableName=live.expected.table_name, IndexName="TypeIndex")
        assert index["ContributorInsightsStatus"] == status


# -- changes made outside Terraform ---------------------------------------------


def test_only_what_the_autoscaler_owns_may_change_outside_terraform(live: Applied) -> None:
    """Autoscaled: raise capacity as Application Auto Scaling would; the plan leaves it be.

    Otherwise: a change to what the module manages (a stray tag on the table)
    is planned back, which shows the no-changes plans above can fail. Either
    change is undone afterwards, for the tests that follow.
    """
    dynamodb = live.aws("dynamodb")
    if live.expected.autoscaling_max is not None:
        _set_capacity(dynamodb, live, {"ReadCapacityUnits": 40, "WriteCapacityUnits": 25})
        try:
            result = _plan_again(live.root, live.terraform)
        finally:
            _set_capacity(
                dynamodb,
                live,
                dict.fromkeys(("ReadCapacityUnits", "WriteCapacityUnits"), live.expected.provisioned_capacity),
            )
        assert result.returncode == 0, f"plan would undo the autoscaler: {result.planned_changes()}"
    else:
        table_arn = live.outputs["notifications_table_arn"]
        dynamodb.tag_resource(ResourceArn=table_arn, Tags=[{"Key": "Stray", "Value": "by hand"}])
        try:
            result = _plan_again(live.root, live.terraform)
        finally:
            dynamodb.untag_resource(ResourceArn=table_arn, TagKeys=["Stray"])
        assert result.returncode == 2
        # Only the table: the policy documents build the table's ARN from its
        # parts, so nothing is re-read or re-planned beside it.
        assert result.planned_changes() == {"module.dynamodb.aws_dynamodb_table.notifications": "update"}


def _set_capacity(dynamodb: Any, live: Applied, capacity: dict[str, int]) -> None:
    """Set table and index capacity through the API, and check that it took."""
    indexes = (
        [{"Update": {"IndexName": "TypeIndex", "ProvisionedThroughput": capacity}}] if live.expected.type_index else []
    )
    dynamodb.update_table(
        TableName=live.expected.table_name, ProvisionedThroughput=capacity, GlobalSecondaryIndexUpdates=indexes
    )
    table = live.table
    for described in [table, *table.get("GlobalSecondaryIndexes", [])]:
        assert {key: described["ProvisionedThroughput"][key] for key in capacity} == capacity
