"""Designs of their own and the table's newer settings, applied to moto and read back.

One root in an AWS account of its own calls five modules, so that two
``apply`` runs and one plan carry them all:

- ``orders``: the built-in ``orders`` profile (a design of its own: number
  keys, three global indexes with ALL, KEYS_ONLY and INCLUDE projections, one
  with capacity of its own, a local index), provisioned with autoscaling,
  Contributor Insights switched on by the caller;
- ``events``: a profile file written here: a number hash key, two global
  indexes (one with on-demand limits of its own), a local index, on demand;
- ``settings``: the ``production`` profile with a replica in us-west-2, both
  resource policies, the infrequent-access table class, on-demand limits,
  seven days of point-in-time recovery and alarms that notify a topic;
- ``restored``: restored to the latest time from a table with PITR that
  boto3 made;
- ``imported``: imported from DynamoDB JSON in a moto S3 bucket.

The AWS provider (5.100) sets no stream, deletion protection or tags on a
table that a restore or an import created: neither API takes them, and the
provider leaves them to the next apply. So a second ``apply`` follows, which
must change exactly those two tables: it is the re-plan of the other three.
Then, as the autoscaler would, one of the orders table's global indexes gets
more capacity through the API, and the restore and import inputs leave the
calls: the next plan must show no change.

Two more roots: the regenerate hint of an input fixed at generation, taken
from a failing plan and run; and, when the tier runs on provider 6, a plan of
what moto cannot apply (warm throughput, the Contributor Insights mode, a
replica's deletion protection). See README.md for what is applied and what
is only planned.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.profile.loader import Profile, load_profile

from .conftest import REGION
from .module_source import read_variables
from .readback import Window, alarm_shape, expected_alarm_shape, granted, key_schema, module_alarms, projection
from .roots import PROVIDER_BLOCKS, generate_module
from .selection import selected_fixtures
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

Clients = Callable[[str], Any]
ACCOUNT = "300000000001"
REPLICA_REGION = "us-west-2"

ORDERS = "orders-design-check"
EVENTS = "events-design-check"
SETTINGS = "settings-check"
RESTORED = "restored-check"
RESTORE_SOURCE = "restore-source-check"
IMPORTED = "imported-check"
IMPORT_BUCKET = "ddbgen-import-check"
KINESIS_STREAM = "ddbgen-events-changes"
IMPORTED_ITEMS = ({"PK": {"S": "USER#1"}, "SK": {"S": "NOTIF#1"}}, {"PK": {"S": "USER#2"}, "SK": {"S": "NOTIF#2"}})
# What the autoscaler gives the orders table's ByStatus index, through the API.
RAISED = {"ReadCapacityUnits": 9, "WriteCapacityUnits": 7}

# The design of the events module, as a profile file in the test's folder.
EVENTS_PROFILE = """\
extends: production
description: Sensor events keyed by a number, on demand, with indexes of each kind.
table:
  name: events
  attributes: {device_id: N, recorded_at: N, kind: S, site: S, severity: N}
  hash_key: device_id
  range_key: recorded_at
  global_secondary_indexes:
    ByKind:
      hash_key: kind
      range_key: recorded_at
      projection: ALL
      on_demand_throughput: {max_read_request_units: 40, max_write_request_units: 20}
    BySite: {hash_key: site, projection: KEYS_ONLY}
  local_secondary_indexes:
    BySeverity: {range_key: severity, projection: [kind]}
billing_mode: PAY_PER_REQUEST
"""

ROOT = (
    PROVIDER_BLOCKS
    + """
data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "alerts" {
  name = "ddbgen-feature-alerts"
}

resource "aws_kinesis_stream" "changes" {
  name        = "%(kinesis)s"
  shard_count = 1
}

locals {
  # Who may read: the account itself (a resource policy needs a principal).
  principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
}

module "orders" {
  source = "./modules/orders"

  environment                 = "production"
  orders_table_name           = "%(orders)s"
  alarm_sns_topic_arn         = aws_sns_topic.alerts.arn
  enable_contributor_insights = true

  autoscaling_scale_in_cooldown  = 300
  autoscaling_scale_out_cooldown = 60
  autoscaling_scheduled_actions = [
    { name = "weekday-up", index = "ByStatus", unit = "read", schedule = "cron(0 8 ? * MON-FRI *)", timezone = "Europe/Paris", min_capacity = 10, max_capacity = 200 },
    { name = "nightly-down", schedule = "cron(0 22 * * ? *)", start_time = "2026-01-01T00:00:00Z", min_capacity = 5, max_capacity = 50 },
  ]

  key_range_throttle_alarm_enabled     = true
  provisioned_throttle_alarm_enabled   = true
  max_on_demand_throttle_alarm_enabled = true
  account_limit_throttle_alarm_enabled = true
}

module "events" {
  source = "./modules/events"

  environment         = "production"
  events_table_name   = "%(events)s"
  alarm_sns_topic_arn = aws_sns_topic.alerts.arn
  kinesis_streaming_enabled = true
  kinesis_stream_arn        = aws_kinesis_stream.changes.arn
  kinesis_approximate_creation_date_time_precision = "MICROSECOND"

  key_range_throttle_alarm_enabled     = true
  provisioned_throttle_alarm_enabled   = true
  max_on_demand_throttle_alarm_enabled = true
  account_limit_throttle_alarm_enabled = true
}

module "settings" {
  source = "./modules/production"

  environment                           = "production"
  notifications_table_name              = "%(settings)s"
  alarm_sns_topic_arn                   = aws_sns_topic.alerts.arn
  replica_regions                       = [{ region_name = "%(replica)s" }]
  table_class                           = "STANDARD_INFREQUENT_ACCESS"
  on_demand_throughput                  = { max_read_request_units = 100 }
  point_in_time_recovery_period_in_days = 7
  timeouts                              = { update = "90m" }
  # A window of the caller's, for one kind of alarm only.
  read_throttle_alarm_period_seconds     = 120
  read_throttle_alarm_evaluation_periods = 3
  read_throttle_alarm_datapoints_to_alarm = 2
  resource_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ReadItems"
      Effect    = "Allow"
      Principal = local.principal
      Action    = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource  = "__DYNAMODB_TABLE_ARN__"
    }]
  })
  stream_resource_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ReadStream"
      Effect    = "Allow"
      Principal = local.principal
      Action    = ["dynamodb:GetRecords", "dynamodb:DescribeStream"]
      Resource  = "__DYNAMODB_STREAM_ARN__"
    }]
  })
}

module "restored" {
  source = "./modules/production"

  environment              = "production"
  notifications_table_name = "%(restored)s"
  enable_cloudwatch_alarms = false
  create_iam_policies      = false
%(restore)s}

module "imported" {
  source = "./modules/production"

  environment              = "production"
  notifications_table_name = "%(imported)s"
  enable_cloudwatch_alarms = false
  create_iam_policies      = false
%(import)s}

output "alarm_topic_arn" {
  value = aws_sns_topic.alerts.arn
}

output "orders" {
  value = module.orders
}

output "events" {
  value = module.events
}

output "settings" {
  value = module.settings
}
"""
)
RESTORE_INPUTS = f'  restore_source_name      = "{RESTORE_SOURCE}"\n  restore_to_latest_time   = true\n'
IMPORT_INPUTS = (
    f'  import_table = {{ input_format = "DYNAMODB_JSON", input_compression_type = "NONE", bucket = "{IMPORT_BUCKET}", '
    'key_prefix = "notifications/" }\n'
)


def _root_text(restore_and_import: bool) -> str:
    return ROOT % {
        "orders": ORDERS,
        "events": EVENTS,
        "kinesis": KINESIS_STREAM,
        "settings": SETTINGS,
        "restored": RESTORED,
        "imported": IMPORTED,
        "replica": REPLICA_REGION,
        "restore": RESTORE_INPUTS if restore_and_import else "",
        "import": IMPORT_INPUTS if restore_and_import else "",
    }


def _plan_again(root: Path, terraform: Terraform) -> Result:
    return terraform.run(root, "plan", "-json", "-input=false", "-detailed-exitcode", expect=(0, 2))


# -- what exists before the apply: a table to restore, data to import ----------------


def _restore_source(aws: Clients) -> None:
    dynamodb = aws("dynamodb")
    dynamodb.create_table(
        TableName=RESTORE_SOURCE,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
        ],
    )
    dynamodb.update_continuous_backups(
        TableName=RESTORE_SOURCE, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.put_item(TableName=RESTORE_SOURCE, Item={"PK": {"S": "USER#9"}, "SK": {"S": "NOTIF#9"}})


def _import_data(aws: Clients) -> None:
    s3 = aws("s3")
    s3.create_bucket(Bucket=IMPORT_BUCKET)
    lines = "".join(json.dumps({"Item": item}) + "\n" for item in IMPORTED_ITEMS)
    s3.put_object(Bucket=IMPORT_BUCKET, Key="notifications/data.json", Body=lines.encode())


# -- the root ----------------------------------------------------------------------


@dataclass
class Applied:
    root: Path
    events_profile: Path  # the profile file the events module was generated from
    terraform: Terraform  # with the account's credentials
    aws: Callable[..., Any]  # boto3 clients in the account: aws(service) or aws(service, region=...)
    apply: Result
    outputs: dict[str, Any]
    # A second apply: what restore and import cannot set when they create a table (below)
    converge: Result
    described: dict[str, dict[str, Any]]  # DescribeTable of each table before the autoscaler's change
    last_plan: Result  # after the autoscaler's change, without the restore and import inputs


def _apply(parent: Path, terraform: Terraform, aws: Callable[..., Any]) -> Applied:
    root = parent / "features"
    events_profile = parent / "profiles" / "events.yaml"
    events_profile.parent.mkdir(parents=True)
    events_profile.write_text(EVENTS_PROFILE)
    generate_module(root / "modules" / "orders", "--profile", "orders")
    generate_module(root / "modules" / "events", "--profile", str(events_profile))
    generate_module(root / "modules" / "production", "--profile", "production")
    _restore_source(aws)
    _import_data(aws)
    (root / "main.tf").write_text(_root_text(restore_and_import=True))

    terraform.init(root)
    apply = terraform.run(root, "apply", "-auto-approve", "-json", "-input=false")
    outputs = {key: value["value"] for key, value in terraform.run(root, "output", "-json").json().items()}
    # The AWS provider (5.100) sets no stream, deletion protection or tags on a table that
    # RestoreTableToPointInTime or ImportTable created (neither API takes them): the next
    # apply does. So this one plans exactly that, and is the re-plan of everything else.
    converge = terraform.run(root, "apply", "-auto-approve", "-json", "-input=false")

    dynamodb = aws("dynamodb")
    described = {
        name: dynamodb.describe_table(TableName=name)["Table"]
        for name in (ORDERS, EVENTS, SETTINGS, RESTORED, IMPORTED)
    }
    # As Application Auto Scaling would: more capacity for one global index.
    dynamodb.update_table(
        TableName=ORDERS,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "ByStatus", "ProvisionedThroughput": RAISED}}],
    )
    (root / "main.tf").write_text(_root_text(restore_and_import=False))
    last_plan = terraform.run(root, "plan", "-json", "-input=false", "-detailed-exitcode", expect=(0, 2))
    return Applied(root, events_profile, terraform, aws, apply, outputs, converge, described, last_plan)


@pytest.fixture(scope="module")
def started(
    request: pytest.FixtureRequest,
    terraform: Terraform,
    provider_line: int,
    workers: ThreadPoolExecutor,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Future[Any]]:
    """The roots the selected tests need, started together on the pool: the long apply first."""
    needed = selected_fixtures(request)
    futures: dict[str, Future[Any]] = {}
    if "live" in needed:
        credentials = account_credentials(ACCOUNT)
        clients = lambda service, region=REGION: aws(service, credentials, region)  # noqa: E731
        in_account = terraform.with_env(credentials)
        futures["live"] = workers.submit(_apply, tmp_path_factory.mktemp("features"), in_account, clients)
    if "hinted" in needed:
        futures["hinted"] = workers.submit(_hint, tmp_path_factory.mktemp("hint"), provider_line, terraform)
    if "planned_only" in needed and provider_line >= 6:
        futures["planned_only"] = workers.submit(_plan_only, tmp_path_factory.mktemp("planned"), terraform)
    return futures


@pytest.fixture
def live(started: dict[str, Future[Any]]) -> Applied:
    return started["live"].result()


def _resolved(profile: str) -> Profile:
    """A profile as ddbgen resolves it: the design and the defaults the module was generated with."""
    return load_profile(profile)


# -- apply and plans -----------------------------------------------------------------


def test_apply_succeeds_without_warnings(live: Applied) -> None:
    assert live.apply.diagnostics("warning") == []
    created = live.apply.planned_changes()
    assert set(created.values()) == {"create"}
    assert {address.split(".")[1] for address in created if address.startswith("module.")} == {
        "orders",
        "events",
        "settings",
        "restored",
        "imported",
    }


def test_the_second_apply_only_sets_what_restore_and_import_cannot(live: Applied) -> None:
    """Nothing of orders, events or settings changes: their re-plan is clean."""
    assert live.converge.planned_changes() == {
        "module.restored.aws_dynamodb_table.notifications": "update",
        "module.imported.aws_dynamodb_table.notifications": "update",
    }
    for name in (RESTORED, IMPORTED):
        table = live.aws("dynamodb").describe_table(TableName=name)["Table"]
        assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}, name
        assert table["DeletionProtectionEnabled"] is True, name
        tags = live.aws("dynamodb").list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
        assert tags == [{"Key": "Environment", "Value": "production"}], name


def test_the_autoscalers_capacity_and_dropped_restore_and_import_inputs_plan_no_change(live: Applied) -> None:
    index = {
        index["IndexName"]: index
        for index in live.aws("dynamodb").describe_table(TableName=ORDERS)["Table"]["GlobalSecondaryIndexes"]
    }
    assert {key: index["ByStatus"]["ProvisionedThroughput"][key] for key in RAISED} == RAISED
    assert live.last_plan.returncode == 0, f"would change: {live.last_plan.planned_changes()}"


# -- issue 9: designs ------------------------------------------------------------------


@pytest.mark.parametrize("table", [ORDERS, EVENTS], ids=["orders", "events"])
def test_the_table_has_exactly_the_declared_design(live: Applied, table: str) -> None:
    resolved = _resolved("orders" if table == ORDERS else str(live.events_profile))
    design, values = resolved.design, resolved.values
    described = live.described[table]
    provisioned = values["billing_mode"] == "PROVISIONED"

    assert key_schema(described["KeySchema"]) == [(design.hash_key, "HASH")] + (
        [(design.range_key, "RANGE")] if design.range_key else []
    )
    attributes = {item["AttributeName"]: item["AttributeType"] for item in described["AttributeDefinitions"]}
    assert attributes == design.attributes
    assert described["BillingModeSummary"]["BillingMode"] == values["billing_mode"]

    indexes = {index["IndexName"]: index for index in described["GlobalSecondaryIndexes"]}
    assert set(indexes) == {index.name for index in design.global_indexes}
    for declared in design.global_indexes:
        index = indexes[declared.name]
        assert key_schema(index["KeySchema"]) == list(declared.key_schema), declared.name
        assert projection(index) == (declared.projection, sorted(declared.non_key_attributes)), declared.name
        if provisioned:
            capacity = index["ProvisionedThroughput"]
            assert (capacity["ReadCapacityUnits"], capacity["WriteCapacityUnits"]) == (
                declared.read_capacity or values["read_capacity"],
                declared.write_capacity or values["write_capacity"],
            ), declared.name
        limits = declared.on_demand_throughput
        # AWS describes a unit without a limit as -1 (tests/terraform/aws_refusals.described_limits).
        expected = (
            {
                "MaxReadRequestUnits": limits["max_read_request_units"] or -1,
                "MaxWriteRequestUnits": limits["max_write_request_units"] or -1,
            }
            if limits
            else None
        )
        assert index.get("OnDemandThroughput") == expected, declared.name

    local = {index["IndexName"]: index for index in described["LocalSecondaryIndexes"]}
    assert set(local) == {index.name for index in design.local_indexes}
    for declared in design.local_indexes:
        index = local[declared.name]
        assert key_schema(index["KeySchema"]) == [(design.hash_key, "HASH"), (declared.range_key, "RANGE")]
        assert projection(index) == (declared.projection, sorted(declared.non_key_attributes))

    if provisioned:
        capacity = described["ProvisionedThroughput"]
        assert (capacity["ReadCapacityUnits"], capacity["WriteCapacityUnits"]) == (
            values["read_capacity"],
            values["write_capacity"],
        )


def test_orders_table_and_every_global_index_scale_between_their_bounds(live: Applied) -> None:
    resolved = _resolved("orders")
    values = resolved.values
    bounds = {
        f"table/{ORDERS}": (
            (values["read_capacity"], values["autoscaling_read_max_capacity"]),
            (values["write_capacity"], values["autoscaling_write_max_capacity"]),
        )
    }
    for index in resolved.design.global_indexes:
        bounds[f"table/{ORDERS}/index/{index.name}"] = (
            (
                index.read_capacity or values["read_capacity"],
                index.autoscaling_read_max_capacity or values["autoscaling_read_max_capacity"],
            ),
            (
                index.write_capacity or values["write_capacity"],
                index.autoscaling_write_max_capacity or values["autoscaling_write_max_capacity"],
            ),
        )
    assert bounds[f"table/{ORDERS}/index/ByCustomer"] == ((2, 20), (2, 20))  # the index's own

    autoscaling = live.aws("application-autoscaling")
    targets = autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]
    found = {
        (target["ResourceId"], target["ScalableDimension"]): (target["MinCapacity"], target["MaxCapacity"])
        for target in targets
    }
    wanted = {}
    for resource, (read, write) in bounds.items():
        kind = "index" if "/index/" in resource else "table"
        wanted[(resource, f"dynamodb:{kind}:ReadCapacityUnits")] = read
        wanted[(resource, f"dynamodb:{kind}:WriteCapacityUnits")] = write
    assert found == wanted

    own_targets = {
        f"table/{ORDERS}/index/{index.name}": {
            "Read": index.autoscaling_read_target_value,
            "Write": index.autoscaling_write_target_value,
        }
        for index in resolved.design.global_indexes
    }
    assert own_targets[f"table/{ORDERS}/index/ByCustomer"]["Read"] == 50  # the design's, for one index and unit
    for resource, dimension in wanted:
        (policy,) = autoscaling.describe_scaling_policies(
            ServiceNamespace="dynamodb", ResourceId=resource, ScalableDimension=dimension
        )["ScalingPolicies"]
        unit = "Read" if "Read" in dimension else "Write"
        configuration = policy["TargetTrackingScalingPolicyConfiguration"]
        assert policy["PolicyType"] == "TargetTrackingScaling"
        own = own_targets.get(resource, {}).get(unit)
        assert configuration["TargetValue"] == (own or values[f"autoscaling_{unit.lower()}_target_value"])
        # The root's cooldowns, on every policy.
        assert (configuration["ScaleInCooldown"], configuration["ScaleOutCooldown"]) == (300, 60)
        assert (
            configuration["PredefinedMetricSpecification"]["PredefinedMetricType"]
            == f"DynamoDB{unit}CapacityUtilization"
        )


def test_events_streams_its_changes_to_the_kinesis_stream(live: Applied) -> None:
    """Through the fill (moto has no Kinesis streaming destination): the table's one destination, ACTIVE, to the microsecond."""
    stream = live.aws("kinesis").describe_stream_summary(StreamName=KINESIS_STREAM)["StreamDescriptionSummary"]
    answer = live.aws("dynamodb").describe_kinesis_streaming_destination(TableName=EVENTS)
    assert [
        (item["StreamArn"], item["DestinationStatus"], item.get("ApproximateCreationDateTimePrecision"))
        for item in answer["KinesisDataStreamDestinations"]
    ] == [(stream["StreamARN"], "ACTIVE", "MICROSECOND")]
    # The other tables stream nowhere.
    assert (
        live.aws("dynamodb").describe_kinesis_streaming_destination(TableName=ORDERS)["KinesisDataStreamDestinations"]
        == []
    )


def test_index_name_outputs_list_the_indexes_the_table_has(live: Applied) -> None:
    described = live.described[ORDERS]
    outputs = live.outputs["orders"]
    assert sorted(outputs["orders_table_global_secondary_index_names"]) == sorted(
        index["IndexName"] for index in described["GlobalSecondaryIndexes"]
    )
    assert outputs["orders_table_local_secondary_index_names"] == [
        index["IndexName"] for index in described["LocalSecondaryIndexes"]
    ]
    assert outputs["orders_table_replicas"] == {}
    events = live.outputs["events"]
    assert sorted(events["events_table_global_secondary_index_names"]) == ["ByKind", "BySite"]
    assert events["events_table_local_secondary_index_names"] == ["BySeverity"]


def test_orders_scheduled_actions_change_the_bounds_of_their_targets(live: Applied) -> None:
    """One action on an index's read capacity, one on the table's both units: read back through Application Auto Scaling."""
    autoscaling = live.aws("application-autoscaling")
    actions = autoscaling.describe_scheduled_actions(ServiceNamespace="dynamodb")["ScheduledActions"]
    found = {
        (
            action["ScheduledActionName"],
            action["ResourceId"],
            action["ScalableDimension"],
            action["Schedule"],
            action.get("Timezone"),
            action["ScalableTargetAction"]["MinCapacity"],
            action["ScalableTargetAction"]["MaxCapacity"],
        )
        for action in actions
        if action["ResourceId"].startswith(f"table/{ORDERS}")
    }
    table, index = f"table/{ORDERS}", f"table/{ORDERS}/index/ByStatus"
    assert found == {
        ("weekday-up", index, "dynamodb:index:ReadCapacityUnits", "cron(0 8 ? * MON-FRI *)", "Europe/Paris", 10, 200),
        # No time zone given: UTC, PutScheduledAction's default (moto answers the same).
        ("nightly-down", table, "dynamodb:table:ReadCapacityUnits", "cron(0 22 * * ? *)", "UTC", 5, 50),
        ("nightly-down", table, "dynamodb:table:WriteCapacityUnits", "cron(0 22 * * ? *)", "UTC", 5, 50),
    }
    starts = {action["ScheduledActionName"]: action.get("StartTime") for action in actions}
    assert starts["nightly-down"] is not None and starts["nightly-down"].year == 2026


def _expected_alarms(
    table: str,
    index_names: list[str],
    provisioned: bool,
    on_demand: dict[str, tuple[int | None, int | None]],
    replicas: tuple[str, ...] = (),
    by_cause: bool = False,
    windows: dict[str, Window] | None = None,
    kinesis: bool = False,
) -> dict[str, Any]:
    """Alarm name -> expected shape, for a table whose global indexes are ``index_names``.

    ``on_demand``: on-demand limits (read, write) by "table" or index name; an
    on-demand target without a limit has no capacity alarm, nor one on its
    MaxOnDemandThroughput throttles. ``by_cause``: the throttle alarms by cause
    are switched on: KeyRangeThroughput for every table, ProvisionedThroughput
    for a provisioned one, AccountLimit for an on-demand one. ``windows``: the
    caller's windows by kind.
    """
    windows = windows or {}
    dimensions = {"table": {"TableName": table}} | {
        name: {"TableName": table, "GlobalSecondaryIndexName": name} for name in index_names
    }
    found = {}

    def add(name: str, kind: str, watched: dict[str, str], limit: int | None = None) -> None:
        family = kind.removeprefix("read_").removeprefix("write_")
        found[name] = expected_alarm_shape(kind, watched, limit, windows.get(kind, windows.get(family)))

    for target, watched in dimensions.items():
        prefix = "" if target == "table" else f"{target}-"
        for kind in ("read_throttle", "write_throttle"):
            add(f"{table}-{prefix}{kind.replace('_', '-')}", kind, watched)
        for position, unit in enumerate(("read", "write")):
            limit = on_demand.get(target, (None, None))[position]
            if provisioned or limit is not None:
                add(f"{table}-{prefix}{unit}-capacity", f"{unit}_capacity", watched, None if provisioned else limit)
            if not by_cause:
                continue
            causes = ["key_range_throttle", "provisioned_throttle" if provisioned else "account_limit_throttle"]
            if not provisioned and limit is not None:
                causes.append("max_on_demand_throttle")
            for cause in causes:
                add(f"{table}-{prefix}{unit}-{cause.replace('_', '-')}", f"{unit}_{cause}", watched)
    kinds = ["user_errors", "system_errors"]
    if kinesis:  # the table streams to Kinesis: its three alarms
        kinds += ["kinesis_record_age", "kinesis_failed_records", "kinesis_throttled_records"]
    for kind in kinds:
        add(f"{table}-{kind.replace('_', '-')}", kind, {"TableName": table})
    for region in replicas:
        add(
            f"{table}-replication-latency-{region}",
            "replication_latency",
            {"TableName": table, "ReceivingRegion": region},
        )
    return found


def test_orders_alarms_watch_the_table_and_every_global_index(live: Applied) -> None:
    """Throttles per index with its GlobalSecondaryIndexName; capacity as consumed over provisioned, per index."""
    indexes = [index.name for index in _resolved("orders").design.global_indexes]
    alarms = module_alarms(live.aws("cloudwatch"), ORDERS)
    expected = _expected_alarms(ORDERS, indexes, provisioned=True, on_demand={}, by_cause=True)
    assert {name: alarm_shape(alarm) for name, alarm in alarms.items()} == expected
    assert set(live.outputs["orders"]["cloudwatch_alarm_arns"].values()) == {
        alarm["AlarmArn"] for alarm in alarms.values()
    }
    topic = [live.outputs["alarm_topic_arn"]]
    for alarm in alarms.values():
        assert (alarm["AlarmActions"], alarm["OKActions"]) == (topic, topic), alarm["AlarmName"]


def test_events_capacity_alarms_measure_against_the_on_demand_limits(live: Applied) -> None:
    """On demand: capacity and MaxOnDemandThroughput throttles only where a limit is set, AccountLimit everywhere."""
    alarms = module_alarms(live.aws("cloudwatch"), EVENTS)
    expected = _expected_alarms(
        EVENTS, ["ByKind", "BySite"], provisioned=False, on_demand={"ByKind": (40, 20)}, by_cause=True, kinesis=True
    )
    assert {name: alarm_shape(alarm) for name, alarm in alarms.items()} == expected


def test_orders_contributor_insights_cover_the_table_and_every_global_index(live: Applied) -> None:
    dynamodb = live.aws("dynamodb")
    assert dynamodb.describe_contributor_insights(TableName=ORDERS)["ContributorInsightsStatus"] == "ENABLED"
    for index in _resolved("orders").design.global_indexes:
        answer = dynamodb.describe_contributor_insights(TableName=ORDERS, IndexName=index.name)
        assert answer["ContributorInsightsStatus"] == "ENABLED", index.name


# -- issue 11: the table's newer settings ------------------------------------------------


def test_the_replica_is_a_table_in_its_region(live: Applied) -> None:
    table = live.described[SETTINGS]
    assert table["Replicas"] == [{"RegionName": REPLICA_REGION, "ReplicaStatus": "ACTIVE"}]
    replica = live.aws("dynamodb", region=REPLICA_REGION).describe_table(TableName=SETTINGS)["Table"]
    assert replica["TableArn"] == table["TableArn"].replace(f":{REGION}:", f":{REPLICA_REGION}:")
    outputs = live.outputs["settings"]
    assert outputs["notifications_table_replica_arns"] == {REPLICA_REGION: replica["TableArn"]}
    assert outputs["notifications_table_replica_stream_arns"] == {REPLICA_REGION: replica["LatestStreamArn"]}
    assert outputs["notifications_table_replicas"] == {
        REPLICA_REGION: {"arn": replica["TableArn"], "stream_arn": replica["LatestStreamArn"]}
    }
    # The replica keeps point-in-time recovery as the table does.
    backups = live.aws("dynamodb", region=REPLICA_REGION).describe_continuous_backups(TableName=SETTINGS)
    assert (
        backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        == "ENABLED"
    )


def test_table_class_on_demand_limits_and_recovery_period(live: Applied) -> None:
    table = live.described[SETTINGS]
    assert table["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    # One unit limited: AWS describes the other as -1, no limit; the re-plan must still be clean.
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1}
    backups = live.aws("dynamodb").describe_continuous_backups(TableName=SETTINGS)["ContinuousBackupsDescription"]
    recovery = backups["PointInTimeRecoveryDescription"]
    assert (recovery["PointInTimeRecoveryStatus"], recovery["RecoveryPeriodInDays"]) == ("ENABLED", 7)


def test_resource_policies_name_the_real_table_and_stream(live: Applied) -> None:
    dynamodb = live.aws("dynamodb")
    table = live.described[SETTINGS]
    principal = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    for arn, sid, actions in (
        (table["TableArn"], "ReadItems", ["dynamodb:GetItem", "dynamodb:Query"]),
        (table["LatestStreamArn"], "ReadStream", ["dynamodb:GetRecords", "dynamodb:DescribeStream"]),
    ):
        policy = json.loads(dynamodb.get_resource_policy(ResourceArn=arn)["Policy"])
        statement = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": actions, "Resource": arn}
        assert policy == {"Version": "2012-10-17", "Statement": [statement]}


def test_settings_alarms_watch_capacity_against_the_on_demand_limits_and_the_replica(live: Applied) -> None:
    alarms = module_alarms(live.aws("cloudwatch"), SETTINGS)
    expected = _expected_alarms(
        SETTINGS,
        [],
        provisioned=False,
        on_demand={"table": (100, None)},
        replicas=(REPLICA_REGION,),
        windows={"read_throttle": (120, 3, 2)},
    )
    assert {name: alarm_shape(alarm) for name, alarm in alarms.items()} == expected
    (system_errors,) = [alarm for name, alarm in alarms.items() if name.endswith("-system-errors")]
    (query,) = system_errors["Metrics"]  # one Metrics Insights query over every operation
    assert (query["Period"], query["ReturnData"]) == (60, True)
    # Every alarm's window, as DescribeAlarms gives it: AWS's, and the caller's for read throttles.
    windows = {name: alarm_shape(alarm)[2] for name, alarm in alarms.items()}
    assert windows[f"{SETTINGS}-read-throttle"] == (120, 3, 2)
    assert windows[f"{SETTINGS}-write-throttle"] == (60, 5, 5)
    assert windows[f"{SETTINGS}-system-errors"] == (60, 15, 15)
    assert windows[f"{SETTINGS}-user-errors"] == (60, 10, 10)
    assert windows[f"{SETTINGS}-replication-latency-{REPLICA_REGION}"] == (60, 15, 15)
    assert windows[f"{SETTINGS}-read-capacity"] == (300, 2, 2)


def test_iam_policies_cover_both_regions_and_are_named_for_the_region(live: Applied) -> None:
    iam = live.aws("iam")
    outputs = live.outputs["settings"]
    arns = [live.described[SETTINGS]["TableArn"], outputs["notifications_table_replica_arns"][REPLICA_REGION]]
    items = {resource for arn in arns for resource in (arn, f"{arn}/index/*")}
    streams = {f"{arn}/stream/*" for arn in arns}
    read_only = granted(iam, outputs["dynamodb_read_only_policy_arn"])
    assert read_only["dynamodb:GetItem"] == items
    assert read_only["dynamodb:GetRecords"] == streams
    assert granted(iam, outputs["dynamodb_access_policy_arn"])["dynamodb:PutItem"] == items
    for output, suffix in (("dynamodb_access_policy_arn", "access"), ("dynamodb_read_only_policy_arn", "read-only")):
        assert iam.get_policy(PolicyArn=outputs[output])["Policy"]["PolicyName"] == f"{SETTINGS}-{REGION}-{suffix}"


def test_the_restored_table_holds_the_source_items(live: Applied) -> None:
    table = live.described[RESTORED]
    assert table["RestoreSummary"]["SourceTableArn"].endswith(f":table/{RESTORE_SOURCE}")
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSEDescription"]["Status"] == "ENABLED"
    items = live.aws("dynamodb").scan(TableName=RESTORED)["Items"]
    assert items == [{"PK": {"S": "USER#9"}, "SK": {"S": "NOTIF#9"}}]


def test_the_imported_table_holds_the_imported_items(live: Applied) -> None:
    table = live.described[IMPORTED]
    assert table["SSEDescription"]["Status"] == "ENABLED"
    items = live.aws("dynamodb").scan(TableName=IMPORTED)["Items"]
    assert sorted(items, key=lambda item: item["PK"]["S"]) == list(IMPORTED_ITEMS)


# -- issue 9: the regenerate hint of an input fixed at generation ----------------------------

HINT_PROFILE = """\
extends: default
description: Provisioned, without autoscaling.
billing_mode: PROVISIONED
"""
HINT_CALL = """\
provider "aws" {
  region = "us-east-1"
}

module "tables" {
  source = "../modules/tables"

  environment        = "hint"
  enable_autoscaling = true
}
"""
CHECKED_BY = "\n\nThis was checked by the validation rule at "


@dataclass
class Hinted:
    repo: Path
    failed_plan: Result
    command: str  # the ddbgen command the plan's message gave
    regenerated: subprocess.CompletedProcess[str]
    passed_plan: Result


def _ddbgen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``ddbgen ARGS`` run in ``cwd``, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def _hint(parent: Path, line: int, terraform: Terraform) -> Hinted:
    """A module made from a profile file with --set overrides, called with autoscaling flipped; the hint run."""
    repo = parent / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "profiles").mkdir()
    (repo / "profiles" / "tables.yaml").write_text(HINT_PROFILE)
    made = _ddbgen(
        repo,
        "generate",
        "--profile",
        "profiles/tables.yaml",
        "--set",
        "read_capacity=7",
        "--set",
        f"aws_provider={line}",
        "--out",
        "modules/tables",
    )
    assert made.returncode == 0, made.stderr
    root = repo / "live"
    root.mkdir()
    (root / "main.tf").write_text(HINT_CALL)
    terraform.init(root)
    failed = terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(1,))
    (detail,) = [
        diagnostic["detail"]
        for diagnostic in failed.diagnostics()
        if diagnostic["summary"] == "Invalid value for variable" and "enable_autoscaling" in diagnostic["detail"]
    ]
    message = detail.split(CHECKED_BY, 1)[0]
    command = re.search(r"ddbgen generate .*$", message).group(0)
    words = shlex.split(command)
    regenerated = _ddbgen(repo, *words[1:])  # words[0] is ddbgen itself
    passed = terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(0, 1))
    return Hinted(repo, failed, command, regenerated, passed)


@pytest.fixture
def hinted(started: dict[str, Future[Any]]) -> Hinted:
    return started["hinted"].result()


def test_the_plan_names_the_command_that_regenerates_the_module(hinted: Hinted, provider_line: int) -> None:
    assert hinted.command == (
        "ddbgen generate --profile profiles/tables.yaml --set read_capacity=7 "
        f"--set aws_provider={provider_line} --set enable_autoscaling=true --out modules/tables"
    )


def test_the_command_run_from_the_repository_root_flips_the_baked_value(hinted: Hinted) -> None:
    assert hinted.regenerated.returncode == 0, hinted.regenerated.stderr
    module = hinted.repo / "modules" / "tables"
    variables = read_variables(module)
    assert variables["enable_autoscaling"].default is True
    assert variables["read_capacity"].default == 7  # the other override is kept
    assert "read_capacity," in (module / "main.tf").read_text()  # now in the table's ignore_changes


def test_the_regenerated_module_takes_the_input(hinted: Hinted) -> None:
    result = hinted.passed_plan
    assert result.returncode == 0, result.diagnostics()
    created = result.planned_changes()
    assert created['module.tables.aws_appautoscaling_target.capacity["table_read"]'] == "create"


# -- what moto cannot apply: planned on provider 6 only -----------------------------------------

PLANNED_ONLY = """\
provider "aws" {
  region = "us-east-1"
}

module "planned" {
  source = "./modules/production"

  environment                 = "production"
  notifications_table_name    = "planned-only-check"
  warm_throughput             = { read_units_per_second = 12000, write_units_per_second = 4000 }
  enable_contributor_insights = true
  contributor_insights_mode   = "THROTTLED_KEYS"
  replica_regions             = [{ region_name = "us-west-2", deletion_protection_enabled = false }]
}
"""


def _plan_only(parent: Path, terraform: Terraform) -> dict[str, Any]:
    """The planned values of the module's resources, by address."""
    root = parent / "planned"
    generate_module(root / "modules" / "production", "--profile", "production")
    (root / "main.tf").write_text(PLANNED_ONLY)
    terraform.init(root)
    terraform.run(root, "plan", "-input=false", "-lock=false", "-out=tfplan")
    shown = terraform.run(root, "show", "-json", "tfplan").json()
    module = next(child for child in shown["planned_values"]["root_module"]["child_modules"])
    return {resource["address"]: resource["values"] for resource in module["resources"]}


@pytest.fixture
def planned_only(started: dict[str, Future[Any]], provider_line: int) -> dict[str, Any]:
    if "planned_only" not in started:
        pytest.skip(
            "warm_throughput, contributor_insights_mode and a replica's deletion_protection_enabled need provider 6; "
            f"the tier runs on {provider_line} (the mirror's line)"
        )
    return started["planned_only"].result()


def test_what_only_provider_6_has_is_planned(planned_only: dict[str, Any]) -> None:
    planned = planned_only
    table = planned["module.planned.aws_dynamodb_table.notifications"]
    assert table["warm_throughput"] == [{"read_units_per_second": 12000, "write_units_per_second": 4000}]
    (replica,) = table["replica"]
    assert (replica["region_name"], replica["deletion_protection_enabled"]) == ("us-west-2", False)
    insights = [values for address, values in planned.items() if ".aws_dynamodb_contributor_insights." in address]
    assert insights and {values["mode"] for values in insights} == {"THROTTLED_KEYS"}
