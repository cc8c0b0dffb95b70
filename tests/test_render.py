"""The table's newer settings, alarms and policies, read back from renders for both provider lines.

What these render to is applied on moto in the Terraform tier (tests/terraform); here the
module's text is checked for what each line may and may not carry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.profile.loader import load_profile
from generator.profile.monitoring import ALARMS
from generator.profile.rules import mrsc_sets_literal
from generator.render.render import render
from tests.conftest import OUTPUT
from tests.hclparse import locals_of, outputs, parse_module, resources, variables
from tests.terraform.readback import BY_CAUSE as BY_CAUSE_METRICS
from tests.terraform.readback import WINDOWS as RECOMMENDED_WINDOWS
from tests.tooling import console, terraform_binary, terraform_env


def _render(tmp_path: Path, line: int, *overrides: str, profile: str = "production") -> Path:
    folder = tmp_path / f"line{line}"
    folder.mkdir()
    for name, data in render(load_profile(profile, [f"aws_provider={line}", *overrides]), folder).items():
        (folder / name).write_bytes(data)
    return folder


def _table(folder: Path, name: str = "notifications") -> dict:
    return resources(folder)[f"aws_dynamodb_table.{name}"]


def _dynamic(block: dict, kind: str) -> dict:
    (found,) = [item[kind] for item in block.get("dynamic", []) if kind in item]
    return found


@pytest.mark.parametrize("line", [5, 6])
def test_every_new_table_setting_reaches_the_table(tmp_path, line):
    table = _table(_render(tmp_path, line))
    assert table["table_class"] == "${var.table_class}"
    assert table["restore_source_name"] == "${var.restore_source_name}"
    assert table["restore_to_latest_time"] == "${var.restore_to_latest_time}"
    assert table.get("restore_backup_arn") == ("${var.restore_backup_arn}" if line == 6 else None)
    (lifecycle,) = table["lifecycle"]
    assert ("restore_backup_arn" in lifecycle["ignore_changes"]) is (line == 6)
    (recovery,) = table["point_in_time_recovery"]
    assert (
        recovery["recovery_period_in_days"]
        == "${var.point_in_time_recovery_enabled ? var.point_in_time_recovery_period_in_days : null}"
    )
    assert (
        _dynamic(table, "on_demand_throughput")["for_each"]
        == "${var.on_demand_throughput == null ? [] : [var.on_demand_throughput]}"
    )
    assert _dynamic(table, "import_table")["for_each"] == "${var.import_table == null ? [] : [var.import_table]}"
    replica = _dynamic(table, "replica")
    assert replica["for_each"] == "${var.replica_regions}"
    (content,) = replica["content"]
    assert ("deletion_protection_enabled" in content, "consistency_mode" in content) == (line == 6, line == 6)
    assert ("warm_throughput" in str(table.get("dynamic"))) is (line == 6)
    assert ("global_table_witness" in str(table.get("dynamic"))) is (line == 6)
    own_region, partition, *more = table["lifecycle"][0]["precondition"]
    # Provider 6: a backup of the table's partition; the STRONG replicas and the witness in the Region set of the
    # table's region, the witness not in it.
    assert len(more) == (3 if line == 6 else 0)
    if more:
        backup, *strong = more
        assert "== data.aws_partition.current.partition" in backup["condition"]
        assert 'lookup(local.mrsc_region_sets, local.region, "")' in strong[0]["condition"]
        assert "var.global_table_witness.region_name != local.region" in strong[1]["condition"]
    assert own_region["condition"] == "${!contains(var.replica_regions[*].region_name, local.region)}"
    assert partition["condition"].endswith(" == data.aws_partition.current.partition])}")
    assert '"cn-" = "aws-cn"' in partition["condition"]
    assert "partition if startswith(replica.region_name, prefix)" in partition["condition"]


@pytest.mark.parametrize("line", [5, 6])
def test_inputs_exist_on_the_lines_whose_provider_has_them(tmp_path, line):
    declared = variables(_render(tmp_path, line))
    only_6 = {"warm_throughput", "contributor_insights_mode", "global_table_witness"}
    assert only_6 <= set(declared) if line == 6 else not only_6 & set(declared)
    replica_type = declared["replica_regions"]["type"]
    assert ("consistency_mode" in replica_type, "deletion_protection_enabled" in replica_type) == (line == 6, line == 6)
    insights = resources(tmp_path / f"line{line}")["aws_dynamodb_contributor_insights.table"]
    assert ("mode" in insights) is (line == 6)


@pytest.mark.parametrize("line", [5, 6])
def test_the_region_is_read_the_way_the_line_wants(tmp_path, line):
    folder = _render(tmp_path, line)
    attribute = "region" if line == 6 else "name"
    assert locals_of(folder)["region"] == f"${{data.aws_region.current.{attribute}}}"
    text = "".join(path.read_text() for path in folder.glob("*.tf"))
    assert text.count("data.aws_region.current.") == 1, "everything else reads local.region"


BY_CAUSE = tuple(BY_CAUSE_METRICS)


def test_every_alarm_kind_has_a_switch_a_threshold_and_a_window_of_its_own(tmp_path):
    declared = variables(_render(tmp_path, 6))
    assert {alarm.key for alarm in ALARMS} == set(RECOMMENDED_WINDOWS)
    for alarm in ALARMS:
        assert declared[alarm.switch]["type"] == "bool"
        assert declared[alarm.switch]["default"] is (alarm.key not in BY_CAUSE), "the by-cause alarms are optional"
        assert alarm.threshold_input in declared
        window = tuple(declared[name]["default"] for name in alarm.window_inputs)
        assert window == RECOMMENDED_WINDOWS[alarm.key], alarm.key
        assert [declared[name]["type"] for name in alarm.window_inputs] == ["number"] * 3
    for name in ("alarm_period_seconds", "alarm_evaluation_periods", "alarm_datapoints_to_alarm"):
        assert name not in declared, "0.2's common window is gone: each kind has its own"


def test_each_alarm_reads_its_own_kinds_window(tmp_path):
    folder = _render(tmp_path, 6)
    known = locals_of(folder)
    for alarm in ALARMS:
        assert (
            f"window = {{period = var.{alarm.period_input}, evaluation_periods = var.{alarm.evaluation_periods_input}, "
            f"datapoints = var.{alarm.datapoints_input}}}"
        ) in known[f"{alarm.key}_alarms"], alarm.key
    alarm = resources(folder)["aws_cloudwatch_metric_alarm.table"]
    assert (alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (
        "${each.value.window.evaluation_periods}",
        "${each.value.window.datapoints}",
    )


def test_throttle_alarms_by_cause_exist_only_for_the_capacity_mode_that_can_throttle_so(tmp_path):
    known = locals_of(_render(tmp_path, 6))
    limited = 'coalesce(try(target.on_demand["max_${unit}_request_units"], null), -1) >= 1'
    conditions = {
        "key_range_throttle": None,
        "provisioned_throttle": " if local.provisioned}",
        "max_on_demand_throttle": f" if !local.provisioned && {limited}}}",
        "account_limit_throttle": " if !local.provisioned}",
    }
    for key, condition in conditions.items():
        alarms = known[f"{key}_alarms"]
        assert alarms.startswith(f"${{var.{key}_alarm_enabled ? merge([")
        if condition is None:
            assert "} if " not in alarms, key
        else:
            assert condition in alarms, key
    assert (
        'name = "${name}KeyRangeThroughputThrottleEvents", stat = "Sum", dimensions = target.dimensions'
        in (known["key_range_throttle_alarms"])
    )


def test_system_errors_sum_every_operation_with_one_metrics_insights_query(tmp_path):
    alarms = locals_of(_render(tmp_path, 6))["system_errors_alarms"]
    assert (
        "SELECT SUM(SystemErrors) FROM SCHEMA(\\\"AWS/DynamoDB\\\", Operation, TableName) WHERE TableName = '${aws_dynamodb_table.notifications.name}'"
        in alarms
    )


def test_capacity_alarms_compare_consumed_with_provisioned_or_the_on_demand_limit(tmp_path):
    alarms = locals_of(_render(tmp_path, 6))["capacity_alarms"]
    assert '"100 * (consumed / PERIOD(consumed)) / provisioned"' in alarms
    assert '"100 * (consumed / PERIOD(consumed)) / ${try(target.on_demand["max_${unit}_request_units"], 0)}"' in alarms
    assert 'name = "Consumed${name}CapacityUnits", stat = "Sum"' in alarms
    assert 'name = "Provisioned${name}CapacityUnits", stat = "Average"' in alarms
    # An on-demand unit has a capacity alarm only with a limit: null and -1 (a removed limit) have none.
    assert (
        'if local.provisioned || coalesce(try(target.on_demand["max_${unit}_request_units"], null), -1) >= 1' in alarms
    )


def test_replication_latency_is_watched_per_replica_region(tmp_path):
    alarms = locals_of(_render(tmp_path, 6))["replication_latency_alarms"]
    assert 'for replica in var.replica_regions : "replication_latency_${replica.region_name}" =>' in alarms
    assert (
        'name = "ReplicationLatency", stat = "Average", dimensions = merge(local.table_dimensions, {ReceivingRegion = replica.region_name})'
        in alarms
    )


@pytest.mark.parametrize("line", [5, 6])
def test_resource_policies_replace_the_placeholders(tmp_path, line):
    found = resources(_render(tmp_path, line))
    table = found["aws_dynamodb_resource_policy.table"]
    assert table["policy"] == '${replace(var.resource_policy, "__DYNAMODB_TABLE_ARN__", each.value)}'
    assert table["for_each"] == (
        "${var.resource_policy == null ? {} : local.table_arns}"
        if line == 6
        else "${var.resource_policy == null ? {} : {table = local.table_arn}}"
    )
    assert ("region" in table) is (line == 6)
    stream = found["aws_dynamodb_resource_policy.table_stream"]
    assert stream["policy"] == (
        '${replace(replace(var.stream_resource_policy, "__DYNAMODB_STREAM_ARN__", each.value), "__DYNAMODB_TABLE_ARN__", local.table_arns[each.key])}'
    )


def test_the_iam_policy_names_carry_the_region_and_can_be_skipped(tmp_path):
    found = resources(_render(tmp_path, 6))
    for name, suffix in (("access", "-access"), ("read_only", "-read-only")):
        policy = found[f"aws_iam_policy.{name}"]
        assert policy["count"] == "${var.create_iam_policies ? 1 : 0}"
        assert policy["name"] == f"${{local.iam_policy_prefix}}{suffix}"
    prefix = locals_of(tmp_path / "line6")["iam_policy_prefix"]
    assert (
        prefix
        == '${var.iam_policy_name_prefix == null ? "${var.notifications_table_name}-${local.region}" : var.iam_policy_name_prefix}'
    )


def test_an_empty_arn_and_null_mean_the_same(tmp_path):
    known = locals_of(_render(tmp_path, 6))
    assert known["kms_key_arn"] == '${var.kms_key_arn == "" ? null : var.kms_key_arn}'
    assert (
        known["alarm_actions"]
        == '${var.alarm_sns_topic_arn == null ? [] : var.alarm_sns_topic_arn == "" ? [] : [var.alarm_sns_topic_arn]}'
    )
    for name in ("kms_key_arn", "alarm_sns_topic_arn"):
        assert "nullable" not in variables(tmp_path / "line6")[name], f"{name} must accept null"


def test_the_module_readme_tables_the_alarms_created_and_left_out(tmp_path):
    readme = (_render(tmp_path, 6) / "README.md").read_text()
    for alarm in ALARMS:
        off = "" if alarm.enabled else ", off by default"
        window = "{2} of {1} periods of {0} s".format(*RECOMMENDED_WINDOWS[alarm.key])
        row = next(line for line in readme.splitlines() if line.startswith(f"| {alarm.key} (`{alarm.switch}`{off}) |"))
        assert f"| {window} |" in row
        assert ("| AWS's recommended alarm |" in row) is (alarm.key not in ("capacity", *BY_CAUSE)), row
    for metric in (
        "AccountProvisionedReadCapacityUtilization",
        "SuccessfulRequestLatency",
    ):
        assert metric in readme.split("these are left out")[1]
    assert "AgeOfOldestUnreplicatedRecord" not in readme.split("these are left out")[1]
    assert "notify nobody" in readme


def test_the_module_readme_usage_is_the_modules_own(tmp_path):
    """Its design's inputs and the folder it was generated in, never the specification's example."""
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "stacks" / "orders"
    for overrides, topic in (((), True), (("alarm_sns_topic_arn=arn:aws:sns:us-east-1:123456789012:alerts",), False)):
        readme = render(load_profile("orders", overrides), folder)["README.md"].decode()
        usage = readme.split("```hcl\n")[1].split("```")[0]
        assert 'module "dynamodb" {' in usage
        assert 'source = "./stacks/orders"' in usage
        assert 'orders_table_name   = "staging-orders"' in usage or 'orders_table_name = "staging-orders"' in usage
        assert ("alarm_sns_topic_arn = aws_sns_topic.alarms.arn" in usage) is topic
        assert 'source = "./stacks/orders"' in readme.split('module "restored" {')[1]
        assert "Twitter" not in readme and "./modules/dynamodb" not in readme


def test_every_heading_of_the_module_readmes_follows_a_blank_line():
    """Markdown needs it; trim_blocks once ate the one before "## Removing the module" after an endif."""
    for readme in sorted(OUTPUT.glob("*/README.md")):
        lines = readme.read_text(encoding="utf-8").splitlines()
        for number, text in enumerate(lines):
            if text.startswith("## "):
                assert lines[number - 1] == "", f"{readme}: no blank line before {text!r}"


def test_every_file_parses(tmp_path):
    for line in (5, 6):
        documents = parse_module(_render(tmp_path, line, profile="orders"))
        assert {"main.tf", "alarms.tf", "iam.tf", "autoscaling.tf", "variables.tf", "outputs.tf", "versions.tf"} <= set(
            documents
        )


def test_provider_6_alarms_in_each_replica_region_and_provider_5_says_why_not(tmp_path):
    """On 6 the throttle, error and capacity alarms are made again in each replica's region; on 5 the README says why not."""
    from tests.hclparse import parse_text

    replica = ["replica_regions=[{region_name: us-west-2}]"]
    six = render(load_profile("production", replica + ["aws_provider=6"]), tmp_path / "six")
    alarms = parse_text(six["alarms.tf"].decode())
    resource = next(
        block["aws_cloudwatch_metric_alarm"]["table"]
        for block in alarms["resource"]
        if "aws_cloudwatch_metric_alarm" in block
    )
    assert resource["for_each"] == "${local.alarms_in_every_region}"
    assert resource["region"] == "${each.value.region}"
    text = six["alarms.tf"].decode()
    regional = text.split("regional_alarms = ", 1)[1].split(") : {}", 1)[0]
    assert "local.read_throttle_alarms" in regional and "local.system_errors_alarms" in regional
    assert "local.capacity_alarms" in regional
    assert "local.user_errors_alarms" not in regional and "local.replication_latency_alarms" not in regional
    assert 'lookup(var.replica_alarm_sns_topic_arns, each.value.region, "")' in text
    assert "replica_alarm_sns_topic_arns" in six["variables.tf"].decode()
    five = render(load_profile("production", replica + ["aws_provider=5"]), tmp_path / "five")
    assert "region " not in five["alarms.tf"].decode() and "alarms_in_every_region" not in five["alarms.tf"].decode()
    assert "replica_alarm_sns_topic_arns" not in five["variables.tf"].decode()
    assert "a module cannot make a\nprovider for each replica region" in five["README.md"].decode()


PUBLIC_MODULE_OUTPUTS = {
    "dynamodb_table_arn",
    "dynamodb_table_id",
    "dynamodb_table_stream_arn",
    "dynamodb_table_stream_label",
    "dynamodb_table_replicas",
    "dynamodb_table_replica_arns",
    "dynamodb_table_replica_stream_arns",
    "dynamodb_table_replica_stream_labels",
}


@pytest.mark.parametrize("line", [5, 6])
def test_the_public_modules_output_names_come_with_moved_from_only(tmp_path, line):
    (tmp_path / "plain").mkdir()
    (tmp_path / "moved").mkdir()
    plain = outputs(_render(tmp_path / "plain", line))
    assert not PUBLIC_MODULE_OUTPUTS & set(plain)
    assert {
        "notifications_table_global_secondary_index_names",
        "notifications_table_local_secondary_index_names",
        "notifications_table_replicas",
    } <= set(plain)
    moved = outputs(_render(tmp_path / "moved", line, "moved_from=terraform-aws-modules/dynamodb-table"))
    assert set(moved) >= PUBLIC_MODULE_OUTPUTS
    assert moved["dynamodb_table_arn"]["value"] == moved["notifications_table_arn"]["value"]
    assert moved["dynamodb_table_id"]["value"] == "${aws_dynamodb_table.notifications.id}"


# The table's own region is known only at plan time: the provider-6 preconditions on it, evaluated by
# Terraform with the region (and partition) a plan would read, each case with valid caller values.
STRONG_REPLICA = '[{ region_name = "us-west-2", consistency_mode = "STRONG" }]'
BACKUP = "arn:{}:dynamodb:us-east-1:123456789012:table/orders/backup/01489602797149-73d8d5bc"
# A STRONG replica in us-west-2 and a witness in us-east-2: the US Region set.
WITNESSED = {"replica_regions": STRONG_REPLICA, "global_table_witness": '{ region_name = "us-east-2" }'}
TWO_IN_EUROPE = '[{ region_name = "eu-west-1", consistency_mode = "STRONG" }, { region_name = "eu-west-2", consistency_mode = "STRONG" }]'
PRECONDITION_CASES = [
    # (table region, partition, caller values, expected (backup, STRONG replicas, witness))
    ("us-east-1", "aws", WITNESSED, [True, True, True]),
    ("us-east-2", "aws", WITNESSED, [True, True, False]),  # the witness in the table's own region
    ("eu-west-1", "aws", WITNESSED, [True, False, False]),  # a US replica and witness for a table in Europe
    ("us-east-1", "aws", {"replica_regions": TWO_IN_EUROPE}, [True, False, True]),
    # Eventually consistent replicas may be anywhere of the partition.
    ("us-east-1", "aws", {"replica_regions": '[{ region_name = "eu-west-1" }]'}, [True, True, True]),
    ("us-east-1", "aws", {"restore_backup_arn": json.dumps(BACKUP.format("aws"))}, [True, True, True]),
    ("cn-north-1", "aws-cn", {"restore_backup_arn": json.dumps(BACKUP.format("aws"))}, [False, True, True]),
]


@pytest.mark.terraform
def test_the_preconditions_on_the_tables_region_hold_where_aws_would_accept(tmp_path):
    module = _render(tmp_path, 6)
    (lifecycle,) = _table(module)["lifecycle"]
    conditions = [item["condition"][2:-1] for item in lifecycle["precondition"][2:]]
    probe = tmp_path / "probe"
    probe.mkdir()
    shutil.copy(module / "variables.tf", probe / "variables.tf")
    (probe / "plan.tf").write_text(
        'variable "plan_region" {\n  type = string\n}\n\nvariable "plan_partition" {\n  type = string\n}\n\n'
        f"locals {{\n  region           = var.plan_region\n  mrsc_region_sets = {mrsc_sets_literal()}\n}}\n"
    )
    expressions = [
        condition.replace("data.aws_partition.current.partition", "var.plan_partition") for condition in conditions
    ]
    binary, env = terraform_binary(), terraform_env(tmp_path / "home")
    for region, partition, values, expected in PRECONDITION_CASES:
        given = {"environment": "test", "plan_region": region, "plan_partition": partition, **values}
        given = {name: json.loads(value) if name == "restore_backup_arn" else value for name, value in given.items()}
        found, stderr = console(binary, env, probe, expressions, given)
        assert found == expected, (region, values, stderr)
