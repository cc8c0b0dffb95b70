"""Each example applied to moto, then the live resources checked through the AWS API.

Each example runs in an AWS account of its own: three of them name their
table prod-user-notifications, as the specification does, and an account
keeps them apart (IAM names are global to an account, so regions would not).
So the four are applied side by side, two at a time, as the tests start.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The actions each policy grants, as tests/test_security.py states them: literal lists written
# against AWS's documentation, not read from generator/render/security.py, the code under test.
from tests.test_security import KMS_ACTIONS, LIST_STREAMS_ACTIONS, READ_ONLY_ACTIONS, STREAM_ACTIONS, WRITE_ACTIONS

from .conftest import REGION
from .readback import alarm_shape, expected_alarm_shape, granted, module_alarms
from .roots import EXAMPLES, copy_example
from .selection import selected_params
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

PRODUCTION_TAGS = {"Environment": "Production", "Project": "Twitter Backend", "ManagedBy": "Terraform"}
# The alarms example's thresholds, which are also the module's defaults the others get, by alarm kind.
THRESHOLDS = {
    "read_throttle": 10,
    "write_throttle": 10,
    "user_errors": 50,
    "system_errors": 5,
    "read_capacity": 80,
    "write_capacity": 80,
}


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

    @property
    def alarm_targets(self) -> dict[str, dict[str, str]]:
        """What the throttle and capacity alarms watch, by the key that prefixes theirs: dimensions."""
        table = {"TableName": self.table_name}
        index = {"type_index_": {**table, "GlobalSecondaryIndexName": "TypeIndex"}} if self.type_index else {}
        return {"": table, **index}

    @property
    def alarms(self) -> dict[str, tuple[str, dict[str, str]]]:
        """Alarm name -> (kind, dimensions of the table or index it watches)."""
        kinds = ["read_throttle", "write_throttle"]
        # On demand without on_demand_throughput there is no capacity to near: no capacity alarms.
        kinds += ["read_capacity", "write_capacity"] if self.provisioned_capacity is not None else []
        found = {
            f"{self.table_name}-{(prefix + kind).replace('_', '-')}": (kind, dimensions)
            for prefix, dimensions in self.alarm_targets.items()
            for kind in kinds
        }
        for kind in ("user_errors", "system_errors"):
            found[f"{self.table_name}-{kind.replace('_', '-')}"] = (kind, {"TableName": self.table_name})
        return found


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
    plan: Result  # the apply, whose stream holds the plan it carried out
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
    # One command plans and applies: its -json stream carries the plan's changes and diagnostics.
    plan = terraform.run(root, "apply", "-auto-approve", "-json", "-input=false")
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
    """The example validates (no error or warning, as ``terraform validate`` reports) and plans what it asks for."""
    expected = live.expected
    assert live.plan.diagnostics() == [] and live.plan.diagnostics("warning") == []
    created = sorted(
        address.removeprefix("module.dynamodb.").split("[")[0]
        for address, action in live.plan.planned_changes().items()
        if action == "create"
    )
    indexes = 2 if expected.type_index else 1
    wanted = ["aws_cloudwatch_metric_alarm.table"] * len(expected.alarms) + [
        "aws_dynamodb_table.notifications",
        "aws_iam_policy.access",
        "aws_iam_policy.read_only",
    ]
    wanted += ["aws_appautoscaling_policy.capacity", "aws_appautoscaling_target.capacity"] * expected.scalable_targets
    if expected.contributor_insights:
        wanted += ["aws_dynamodb_contributor_insights.table"] * indexes
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
    table, alarms, policies = 1, len(live.expected.alarms), 2
    assert len(tags) == table + alarms + policies + live.expected.scalable_targets
    assert dict.fromkeys(tags, live.expected.tags) == tags


# -- alarms ------------------------------------------------------------------


def _module_alarms(live: Applied) -> list[dict[str, Any]]:
    return list(module_alarms(live.aws("cloudwatch"), live.expected.table_name).values())


def test_alarms_watch_the_right_metrics_with_the_right_thresholds(live: Applied) -> None:
    alarms = module_alarms(live.aws("cloudwatch"), live.expected.table_name)
    assert set(alarms) == set(live.expected.alarms)
    topic = [live.outputs["alarm_sns_topic_arn"]] if live.expected.alarm_topic else []
    for name, (kind, dimensions) in live.expected.alarms.items():
        alarm = alarms[name]
        assert alarm_shape(alarm) == expected_alarm_shape(kind, dimensions), name
        assert alarm["Threshold"] == THRESHOLDS[kind], name
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold", name
        assert (alarm["AlarmActions"], alarm["OKActions"]) == (topic, topic), name


# -- IAM policies -------------------------------------------------------------


def test_policies_grant_item_access_to_this_table_only(live: Applied) -> None:
    table_arn, stream_arn = live.outputs["notifications_table_arn"], live.outputs["notifications_table_stream_arn"]
    items = {table_arn, f"{table_arn}/index/*"}
    assert stream_arn.startswith(f"{table_arn}/stream/")
    streams = {f"{table_arn}/stream/*"}
    read_only = dict.fromkeys(READ_ONLY_ACTIONS, items) | dict.fromkeys(STREAM_ACTIONS, streams)
    read_only |= {action: {"*"} for action in LIST_STREAMS_ACTIONS}
    write = dict.fromkeys(WRITE_ACTIONS, items)
    if live.expected.customer_key:
        key = {live.outputs["kms_key_arn"]}
        read_only |= dict.fromkeys(KMS_ACTIONS, key)
    iam = live.aws("iam")
    assert granted(iam, live.outputs["dynamodb_read_only_policy_arn"]) == read_only
    assert granted(iam, live.outputs["dynamodb_access_policy_arn"]) == read_only | write
    # IAM names are global to an account: the region keeps one table's policies per region apart.
    for output, suffix in (("dynamodb_access_policy_arn", "access"), ("dynamodb_read_only_policy_arn", "read-only")):
        name = iam.get_policy(PolicyArn=live.outputs[output])["Policy"]["PolicyName"]
        assert name == f"{live.expected.table_name}-{REGION}-{suffix}"


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


# Each plan costs seconds of a core: one example of each kind is enough.
@pytest.mark.parametrize("live", ["provisioned-autoscaling", "basic-on-demand"], indirect=True)
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
