"""The platform team's kit on moto: AWS Backup and dashboards, applied in one root and read back.

One root in an AWS account of its own calls two modules: ``kit``, the
``production`` module generated with ``backup`` set (its own vault, a lifecycle
with cold storage, a copy to a vault the root makes) and ``enable_dashboard``,
called with a replica and an on-demand read limit; and ``orders``, the built-in
design (three global indexes, provisioned) with ``enable_dashboard``. One
``apply``, then every resource is read back through the AWS API and compared
with what the profile and the design ask for, and a second plan must change
nothing.

How far moto serves AWS Backup (README, "Tests"): moto 5.2.5 has vaults and
plans; selections are filled by ``moto_backup`` (the harness answers
Create/Get/DeleteBackupSelection from a store, checking that the plan exists).
No backup job runs on moto: nothing here proves that AWS Backup can back the
table up with the role, only that every resource is created as written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.profile import baseline, dashboard
from generator.profile.loader import load_profile

from .roots import PROVIDER_BLOCKS, REPO_ROOT, generate_module, tier_provider_line
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

ACCOUNT = "300000000023"
TABLE = "kit-check"
ORDERS = "kit-orders-check"
REPLICA_REGION = "us-west-2"
BASELINE_PREFIX = "kit-dynamodb"
COPY_VAULT = "kit-copies"
BACKUP = (
    "backup={schedule: 'cron(0 5 ? * * *)', retention_days: 120, cold_storage_after_days: 30, "
    f"copy_to_vault_arn: 'arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:{COPY_VAULT}'}}"
)

ROOT = (
    PROVIDER_BLOCKS
    + f"""
resource "aws_backup_vault" "copies" {{
  name = "{COPY_VAULT}"
}}

module "kit" {{
  source = "./modules/kit"

  environment              = "production"
  notifications_table_name = "{TABLE}"
  replica_regions          = [{{ region_name = "{REPLICA_REGION}" }}]
  on_demand_throughput     = {{ max_read_request_units = 100 }}

  depends_on = [aws_backup_vault.copies]
}}

module "baseline" {{
  source = "./modules/baseline"

  alarm_sns_topic_arn = aws_sns_topic.alerts.arn
  alarm_name_prefix   = "{BASELINE_PREFIX}"
}}

resource "aws_sns_topic" "alerts" {{
  name = "kit-alerts"
}}

module "orders" {{
  source = "./modules/orders"

  environment       = "production"
  orders_table_name = "{ORDERS}"
}}

output "kit" {{
  value = module.kit
}}
"""
)


def _baseline(out: Path) -> None:
    """``ddbgen baseline`` as a user runs it, for the tier's provider line."""
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "baseline", "--out", str(out), "--aws-provider", str(tier_provider_line())],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert completed.returncode == 0, completed.stderr


@dataclass
class Applied:
    root: Path
    apply: Result
    outputs: dict[str, Any]
    replan: Result
    aws: Callable[..., Any]


@pytest.fixture(scope="module")
def live(
    terraform: Terraform,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Applied:
    credentials = account_credentials(ACCOUNT)
    in_account = terraform.with_env(credentials)
    root = tmp_path_factory.mktemp("kit")
    generate_module(
        root / "modules" / "kit", "--profile", "production", "--set", BACKUP, "--set", "enable_dashboard=true"
    )
    generate_module(root / "modules" / "orders", "--profile", "orders", "--set", "enable_dashboard=true")
    _baseline(root / "modules" / "baseline")
    (root / "main.tf").write_text(ROOT)
    in_account.init(root)
    apply = in_account.run(root, "apply", "-auto-approve", "-json", "-input=false")
    outputs = {key: value["value"] for key, value in in_account.run(root, "output", "-json").json().items()}
    replan = in_account.run(root, "plan", "-json", "-input=false", "-detailed-exitcode", expect=(0, 2))
    return Applied(root, apply, outputs, replan, lambda service: aws(service, credentials))


def test_the_second_plan_changes_nothing(live):
    assert live.replan.returncode == 0, live.replan.planned_changes()


def test_the_backup_plan_reads_back_as_the_profile_asked(live):
    backup = live.aws("backup")
    (arn,) = live.outputs["kit"]["backup_plan_arns"].values()
    plan_id = arn.rsplit(":", 1)[1]
    plan = backup.get_backup_plan(BackupPlanId=plan_id)["BackupPlan"]
    assert plan["BackupPlanName"] == TABLE
    (rule,) = plan["Rules"]
    assert rule["ScheduleExpression"] == "cron(0 5 ? * * *)"
    assert rule["TargetBackupVaultName"] == f"{TABLE}-backups"
    assert rule["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}
    (copy,) = rule["CopyActions"]
    assert copy["DestinationBackupVaultArn"] == f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:{COPY_VAULT}"
    assert copy["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}
    tags = backup.list_tags(ResourceArn=arn)["Tags"]
    assert tags.get("Environment") == "production"


def test_the_vault_and_the_role_read_back(live):
    backup, iam = live.aws("backup"), live.aws("iam")
    (vault_arn,) = live.outputs["kit"]["backup_vault_arns"].values()
    vault = backup.describe_backup_vault(BackupVaultName=f"{TABLE}-backups")
    assert vault["BackupVaultArn"] == vault_arn
    role_name = live.outputs["kit"]["backup_role_arn"].rsplit("/", 1)[1]
    assert role_name == f"{TABLE}-us-east-1-backup"
    role = iam.get_role(RoleName=role_name)["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust["Statement"][0]["Principal"] == {"Service": "backup.amazonaws.com"}
    attached = {
        policy["PolicyArn"] for policy in iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    }
    assert attached == {
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    }


def test_the_selection_names_the_table_and_the_role(live):
    backup = live.aws("backup")
    (arn,) = live.outputs["kit"]["backup_plan_arns"].values()
    plan_id = arn.rsplit(":", 1)[1]
    table_arn = live.aws("dynamodb").describe_table(TableName=TABLE)["Table"]["TableArn"]
    selections = [
        item
        for item in live.apply.json_lines()
        if item.get("type") == "apply_complete" and item["hook"]["resource"]["resource_type"] == "aws_backup_selection"
    ]
    (created,) = selections
    selection = backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=created["hook"]["id_value"])
    assert selection["BackupSelection"]["Resources"] == [table_arn]
    assert selection["BackupSelection"]["IamRoleArn"] == live.outputs["kit"]["backup_role_arn"]
    assert selection["BackupSelection"]["SelectionName"] == TABLE


# -- the dashboards -------------------------------------------------------------------


def _body(live: Applied, name: str) -> dict[str, Any]:
    return json.loads(live.aws("cloudwatch").get_dashboard(DashboardName=name)["DashboardBody"])


def _metric_names(widget: dict[str, Any]) -> list[str]:
    return [line[1] for line in widget["properties"]["metrics"] if isinstance(line[0], str)]


def _no_overlap(widgets: list[dict[str, Any]]) -> None:
    taken: set[tuple[int, int]] = set()
    for widget in widgets:
        assert widget["x"] >= 0 and widget["x"] + widget["width"] <= dashboard.GRID_WIDTH, widget
        cells = {
            (x, y)
            for x in range(widget["x"], widget["x"] + widget["width"])
            for y in range(widget["y"], widget["y"] + widget["height"])
        }
        assert not cells & taken, f"{widget['properties']['title']} overlaps another widget"
        taken |= cells


def test_the_orders_dashboard_has_a_band_per_index_as_the_design_says(live):
    body = _body(live, ORDERS)
    widgets = body["widgets"]
    _no_overlap(widgets)
    indexes = sorted(index.name for index in load_profile("orders").design.global_indexes)
    assert len(widgets) == len(dashboard.PER_TARGET) * (1 + len(indexes)) + len(dashboard.TABLE_WIDE)
    titles = [widget["properties"]["title"] for widget in widgets]
    for target in ["table", *indexes]:
        assert f"{target}: read capacity, consumed and provisioned" in titles
        assert f"{target}: write requests throttled, by cause" in titles
    by_title = {widget["properties"]["title"]: widget for widget in widgets}
    status = by_title["ByStatus: write requests throttled, by cause"]
    assert _metric_names(status) == [line.metric.replace("{Unit}", "Write") for line in dashboard.throttle_lines()]
    assert all(
        line[2:6] == ["GlobalSecondaryIndexName", "ByStatus", "TableName", ORDERS]
        for line in status["properties"]["metrics"]
    )
    latency = by_title[f"{ORDERS}: SuccessfulRequestLatency by operation (ms)"]
    assert [line[5] for line in latency["properties"]["metrics"]] == list(dashboard.OPERATIONS)
    # Provisioned: no on-demand limit to draw; no replica, no replication graph.
    assert by_title["table: read capacity, consumed and provisioned"]["properties"]["annotations"] == {"horizontal": []}
    assert not any("replication" in title for title in titles)


def test_the_kit_dashboard_draws_the_limit_the_errors_and_each_replica(live):
    widgets = _body(live, TABLE)["widgets"]
    _no_overlap(widgets)
    by_title = {widget["properties"]["title"]: widget for widget in widgets}
    read = by_title["table: read capacity, consumed and provisioned"]["properties"]
    assert read["annotations"] == {"horizontal": [{"label": "on-demand limit", "value": 100}]}
    assert by_title["table: write capacity, consumed and provisioned"]["properties"]["annotations"] == {
        "horizontal": []
    }
    (query,) = by_title[f"{TABLE}: system errors (HTTP 500), every operation"]["properties"]["metrics"]
    assert query[0]["expression"].endswith(f"WHERE TableName = '{TABLE}'")
    replication = by_title[f"{TABLE}: replication latency to each replica (ms)"]
    assert replication["properties"]["metrics"] == [
        ["AWS/DynamoDB", "ReplicationLatency", "TableName", TABLE, "ReceivingRegion", REPLICA_REGION]
    ]
    assert replication["y"] == max(widget["y"] for widget in widgets)


# -- the baseline ---------------------------------------------------------------------


def test_the_baseline_alarms_read_back_with_aws_recommended_windows(live):
    cloudwatch = live.aws("cloudwatch")
    alarms = {
        alarm["AlarmName"]: alarm
        for alarm in cloudwatch.describe_alarms(AlarmNamePrefix=f"{BASELINE_PREFIX}-")["MetricAlarms"]
    }
    assert sorted(alarms) == sorted(f"{BASELINE_PREFIX}-{alarm.key.replace('_', '-')}" for alarm in baseline.ALARMS)
    topic = next(iter(live.aws("sns").list_topics()["Topics"]))["TopicArn"]
    for kind in baseline.ALARMS:
        alarm = alarms[f"{BASELINE_PREFIX}-{kind.key.replace('_', '-')}"]
        assert alarm["MetricName"] == kind.metric.name and alarm["Namespace"] == "AWS/DynamoDB"
        assert alarm.get("Dimensions", []) == []
        assert alarm["AlarmActions"] == [topic]
    read = alarms[f"{BASELINE_PREFIX}-account-read-capacity"]
    # AWS's recommendation for AccountProvisionedReadCapacityUtilization: 300 s, 2 of 2, Maximum, 80 %.
    assert (read["Period"], read["EvaluationPeriods"], read["DatapointsToAlarm"]) == (300, 2, 2)
    assert (read["Statistic"], read["Threshold"], read["ComparisonOperator"]) == (
        "Maximum",
        80.0,
        "GreaterThanThreshold",
    )
