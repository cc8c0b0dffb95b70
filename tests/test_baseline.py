"""``ddbgen baseline``: the account-and-region module, its inputs' rules, and check, regenerate and inventory of it."""

from __future__ import annotations

import json

import pytest

from generator import __version__, cli
from generator.folder.inventory import BASELINE_DESIGN, inventory
from generator.profile import baseline, monitoring
from generator.profile.baseline import load_baseline
from generator.render.baseline import render_baseline
from generator.render.manifest import MANIFEST
from tests.hclparse import parse_text
from tests.provider_schema import violations
from tests.provider_schema.test_renders import FIXTURES, _parsed, _schema

TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts"


def run(*args: object, capsys) -> tuple[int, str, str]:
    code = cli.run([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_alarms_are_the_account_metrics_with_aws_recommended_windows():
    by_key = {alarm.key: alarm for alarm in baseline.ALARMS}
    assert by_key["user_errors"] is next(alarm for alarm in monitoring.ALARMS if alarm.key == "user_errors")
    for unit in ("read", "write"):
        account = by_key[f"account_{unit}_capacity"]
        assert account.metric.name == f"AccountProvisioned{unit.capitalize()}CapacityUtilization"
        assert (account.metric.statistic, account.threshold_default) == ("Maximum", 80)
        assert (account.window.period, account.window.evaluation_periods, account.window.datapoints) == (300, 2, 2)
        assert account.window.source == monitoring.AWS_RECOMMENDED
        quota = by_key[f"table_{unit}_quota"]
        assert quota.metric.name == f"MaxProvisionedTable{unit.capitalize()}CapacityUtilization"
    assert {alarm.scope for alarm in baseline.ALARMS} == {monitoring.ACCOUNT}


def test_the_render_declares_every_input_and_an_alarm_per_kind(tmp_path):
    files = render_baseline(load_baseline([f"alarm_sns_topic_arn={TOPIC}"]), tmp_path)
    assert sorted(files) == [
        "README.md",
        "alarms.tf",
        "ddbgen-manifest.json",
        "outputs.tf",
        "variables.tf",
        "versions.tf",
    ]
    variables = parse_text(files["variables.tf"].decode())["variable"]
    declared = {name for block in variables for name in block}
    assert declared == {item.name for item in baseline.inputs()}
    topic = next(block["alarm_sns_topic_arn"] for block in variables if "alarm_sns_topic_arn" in block)
    assert topic["default"] == TOPIC
    alarms = files["alarms.tf"].decode()
    for alarm in baseline.ALARMS:
        assert f"{alarm.key} = {{" in alarms and f'"{alarm.metric.name}"' in alarms
    manifest = json.loads(files[MANIFEST])
    assert manifest["profile"]["settings"] == {"kind": "baseline", "aws_provider": 6}
    assert manifest["profile"]["source"] == {"builtin": "baseline", "overrides": [f"alarm_sns_topic_arn={TOPIC}"]}


@pytest.mark.parametrize("line", sorted(FIXTURES))
def test_every_block_fits_the_lines_provider_schema(line, tmp_path):
    files = render_baseline(load_baseline([], line), tmp_path)
    parsed = {name: _parsed(data.decode()) for name, data in files.items() if name == "alarms.tf"}
    assert violations(parsed, _schema(line)) == []
    assert f"data.aws_region.current.{'region' if line >= 6 else 'name'}" in files["alarms.tf"].decode()


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--set", "nope=1"], "--set: nope: is not an input of the baseline"),
        (["--set", "alarm_name_prefix=a b"], "alarm_name_prefix: must be 1 to 200 letters"),
        (["--set", "account_read_capacity_alarm_threshold=120"], "must be between 1 and 100 (a percentage)"),
        (["--set", "table_write_quota_alarm_period_seconds=45"], "must be 10, 20, 30 or a multiple of 60"),
        (["--set", "alarm_sns_topic_arn=arn:aws:sqs:us-east-1:123456789012:q"], "must be an SNS topic ARN"),
        (["--set", "common_tags={CostCenter: 1234}"], "CostCenter"),
        (["--aws-provider", "7"], "--aws-provider: aws_provider: must be one of 5, 6"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(arguments, said, tmp_path, capsys):
    code, _out, err = run("baseline", "--out", tmp_path / "b", *arguments, capsys=capsys)
    assert code == 2 and said in err and "Traceback" not in err
    assert not (tmp_path / "b").exists()


def test_check_regenerate_and_inventory_read_a_baseline_again(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "modules" / "baseline"
    code, out, err = run(
        "baseline", "--out", folder, "--set", f"alarm_sns_topic_arn={TOPIC}", "--aws-provider", "5", capsys=capsys
    )
    assert code == 0, err
    code, out, _err = run("check", folder, capsys=capsys)
    assert code == 0
    assert out == f"{folder}: clean (account baseline --set alarm_sns_topic_arn={TOPIC}, ddbgen {__version__})\n"
    # An edited file is drift; regenerate writes it again (the header keeps it ddbgen's).
    with (folder / "alarms.tf").open("a", encoding="utf-8") as edited:
        edited.write("# edited\n")
    code, out, _err = run("check", "-r", tmp_path, capsys=capsys)
    assert code == 1 and "changed:" in out and "alarms.tf" in out
    assert run("regenerate", folder, capsys=capsys)[0] == 0
    assert run("check", folder, capsys=capsys)[0] == 0
    assert "# edited" not in (folder / "alarms.tf").read_text()
    # The recorded overrides are read again: the provider line too.
    assert 'version = ">= 5.' in (folder / "versions.tf").read_text()
    (record,) = inventory(tmp_path)
    assert (record.design, record.status, record.aws_provider) == (BASELINE_DESIGN, "clean", 5)
    assert record.alarms == {"count": len(baseline.ALARMS), "topic": TOPIC}


def test_a_damaged_override_in_the_manifest_is_an_error_not_clean(tmp_path, capsys):
    folder = tmp_path / "b"
    run("baseline", "--out", folder, capsys=capsys)
    record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    record["profile"]["source"]["overrides"] = ["account_read_capacity_alarm_threshold=500"]
    (folder / MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    code, _out, err = run("check", folder, capsys=capsys)
    assert code == 2 and "must be between 1 and 100" in err


def test_a_table_module_folder_is_not_overwritten_by_a_baseline(tmp_path, capsys):
    assert run("generate", "--profile", "development", "--out", tmp_path / "m", capsys=capsys)[0] == 0
    code, _out, err = run("baseline", "--out", tmp_path / "m", capsys=capsys)
    assert code == 2 and "holds a table module" in err
