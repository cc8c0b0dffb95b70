"""``ddbgen inventory``: one record per module folder, from the manifests alone, and its four formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator import cli
from generator.folder import vendor
from generator.folder.inventory import inventory
from generator.folder.inventory_formats import COLUMNS, FORMATS, as_html, as_markdown, as_table
from generator.profile.loader import builtin_names, load_profile
from generator.render.manifest import MANIFEST
from generator.render.render import render

from .conftest import OUTPUT


def generate(folder: Path, profile: str, *overrides: str) -> Path:
    vendor.write(folder, render(load_profile(profile, overrides), folder))
    return folder


def run(*args: str, capsys) -> tuple[int, str, str]:
    code = cli.run([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tree(tmp_path) -> Path:
    """A repository with four modules: two clean, one drifted, one whose manifest is damaged."""
    (tmp_path / ".git").mkdir()
    root = tmp_path / "modules"
    generate(
        root / "orders", "orders", "billing_mode=PAY_PER_REQUEST", "on_demand_throughput={max_read_request_units: 300}"
    )
    generate(
        root / "payments",
        "production",
        "notifications_table_name=payments",
        "point_in_time_recovery_period_in_days=7",
        "alarm_sns_topic_arn=arn:aws:sns:eu-west-1:123456789012:alerts",
    )
    drifted = generate(root / "teams" / "drifted", "development")
    (drifted / "main.tf").write_text("# edited by hand\n", encoding="utf-8")
    damaged = generate(root / "teams" / "damaged", "development")
    record = json.loads((damaged / MANIFEST).read_text(encoding="utf-8"))
    record["profile"]["values"]["read_capacity"] = "lots"
    (damaged / MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    return root


@pytest.mark.parametrize("line, count", [(6, 8), (5, 5)])
def test_a_global_tables_alarm_count_has_each_replica_regions_alarms_where_the_line_makes_them(tmp_path, line, count):
    """production's four (two throttles, SystemErrors, UserErrors) and a replica's ReplicationLatency; on line 6,
    whose resources take a region, the table's own three but UserErrors again in the replica's region (alarms.tf)."""
    (tmp_path / ".git").mkdir()
    generate(tmp_path / "global", "production", "replica_regions=[{region_name: us-west-2}]", f"aws_provider={line}")
    (record,) = inventory(tmp_path)
    assert record.alarms["count"] == count


def test_one_record_per_module_with_what_its_manifest_records(tree):
    records = {record.folder: record for record in inventory(tree)}
    assert sorted(records) == ["orders", "payments", "teams/damaged", "teams/drifted"]
    orders = records["orders"]
    assert (orders.status, orders.design, orders.table_name, orders.billing_mode) == (
        "clean",
        "orders",
        "orders",
        "PAY_PER_REQUEST",
    )
    assert orders.capacity == {"max_read_request_units": 300, "max_write_request_units": None}
    assert orders.global_indexes == ("ByCustomer", "ByCustomerTotal", "ByStatus")
    assert orders.local_indexes == ("ByTotal",)
    assert orders.aws_provider == 6
    payments = records["payments"]
    assert payments.design == "notifications (specification)"
    assert payments.table_name == "payments"
    assert payments.point_in_time_recovery == {"enabled": True, "days": 7}
    assert payments.alarms == {"count": 4, "topic": "arn:aws:sns:eu-west-1:123456789012:alerts"}
    assert (
        payments.profile
        == "built-in profile production --set notifications_table_name=payments --set point_in_time_recovery_period_in_days=7 --set alarm_sns_topic_arn=arn:aws:sns:eu-west-1:123456789012:alerts"
    )
    assert records["teams/drifted"].status == "drift"
    damaged = records["teams/damaged"]
    assert damaged.status == "error"
    assert "profile.values.read_capacity" in damaged.error and "got lots" in damaged.error


def test_provisioned_capacity_shows_bounds_and_each_index_of_its_own(tmp_path):
    generate(tmp_path / "orders", "orders")
    (record,) = inventory(tmp_path)
    assert record.capacity["read"] == 5 and record.capacity["autoscaling"]["read_max"] == 100
    assert record.capacity["indexes"] == {
        "ByCustomer": {
            "read_capacity": 2,
            "write_capacity": 2,
            "autoscaling_read_max_capacity": 20,
            "autoscaling_write_max_capacity": 20,
        }
    }
    text = as_table([record])
    assert "5 R / 5 W, autoscaled to 100 R / 100 W at 70% / 70%; ByCustomer: 2 R / 2 W to 20 R / 20 W" in text


@pytest.mark.parametrize("output_format", FORMATS)
def test_cli_prints_every_format_and_exits_2_for_a_damaged_manifest(tree, capsys, output_format):
    code, out, err = run("inventory", "-r", tree, "--format", output_format, capsys=capsys)
    assert code == 2
    assert "profile.values.read_capacity" in err
    for folder in ("orders", "payments", "teams/drifted", "teams/damaged"):
        assert folder in out


def test_cli_exits_0_with_drift_and_refuses_unknown_formats_and_folders(tree, tmp_path, capsys):
    clean = tmp_path / "clean"
    generate(clean / "a", "development")
    assert run("inventory", "-r", clean, capsys=capsys)[0] == 0
    assert run("inventory", "-r", tree / "teams" / "drifted", capsys=capsys)[0] == 0
    code, _out, err = run("inventory", "-r", tree, "--format", "yaml", capsys=capsys)
    assert code == 2 and "--format must be one of table, json, markdown, html" in err
    code, _out, err = run("inventory", "-r", tmp_path / "absent", capsys=capsys)
    assert code == 2 and "no such folder" in err


def test_json_is_one_document_per_folder(tree, capsys):
    _code, out, _err = run("inventory", "-r", tree, "--format", "json", capsys=capsys)
    documents = json.loads(out)
    assert [document["folder"] for document in documents] == ["orders", "payments", "teams/damaged", "teams/drifted"]
    assert documents[1]["point_in_time_recovery"] == {"enabled": True, "days": 7}
    assert documents[1]["dashboard"] is False and documents[1]["backup"] is None
    assert "error" in documents[2] and "error" not in documents[0]


def test_markdown_is_a_table_of_one_row_per_module_and_every_column(tree):
    records = inventory(tree)
    tokens = MarkdownIt().enable("table").parse(as_markdown(records))
    rows = [token for token in tokens if token.type == "tr_open"]
    cells = [token for token in tokens if token.type in ("th_open", "td_open")]
    assert len(rows) == 1 + len(records)
    assert len(cells) == len(COLUMNS) * (1 + len(records))


def test_the_inventory_of_output_lists_every_builtin_profile_clean():
    records = inventory(OUTPUT)
    assert [record.folder for record in records] == sorted(builtin_names())
    assert {record.status for record in records} == {"clean"}


# A folder's name is whatever a repository holds: it must reach every format as data.
HOSTILE_FOLDER = "x<img src=x onerror=alert(1)>|*y*`z`\x1b[31m"


def test_what_a_repository_names_stays_data_in_every_format(tmp_path, capsys):
    generate(tmp_path / HOSTILE_FOLDER, "development")
    records = inventory(tmp_path)
    page = as_html(records, "t")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\x1b" not in page and "\\u001b" in page
    tokens = MarkdownIt().enable("table").parse(as_markdown(records))
    assert not [token for token in tokens if token.type in ("html_inline", "html_block")]
    assert len([token for token in tokens if token.type == "td_open"]) == len(COLUMNS)
    inline = [token for token in tokens if token.type == "inline"][len(COLUMNS)]
    assert inline.content.startswith("x\\<img") and not any(
        child.type in ("em_open", "code_inline") for child in inline.children
    )
    code, out, _err = run("inventory", "-r", tmp_path, capsys=capsys)
    assert code == 0 and "\x1b" not in out and "\\u001b[31m" in out


def test_the_page_loads_nothing_and_runs_only_its_own_script(tree):
    page = as_html(inventory(tree), "t")
    assert "default-src 'none'" in page and "connect-src 'none'" in page
    assert "http://" not in page and "https://" not in page and " src=" not in page


def test_the_readme_shows_the_inventory_of_output():
    """The README's table is what the command prints, but for the ddbgen version the lead bumps at release."""
    from generator import __version__
    from generator.render.markdown import markdown_text

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    printed = as_markdown(inventory(OUTPUT))
    version = f"| {markdown_text(__version__)} |"
    shown = printed.splitlines()
    assert all(version in line for line in shown[2:])
    pattern = "\n".join(re.escape(line).replace(re.escape(version), r"\| [0-9][^|]* \|") for line in shown)
    assert re.search(pattern, readme), "README.md's inventory table is not ddbgen inventory -r output --format markdown"


def test_backup_shows_its_schedule_retention_and_copy(tmp_path):
    generate(
        tmp_path / "kept",
        "production",
        "backup={schedule: 'cron(0 5 ? * * *)', retention_days: 120, cold_storage_after_days: 30, "
        "copy_to_vault_arn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:dr'}",
    )
    generate(tmp_path / "forever", "production", "backup={schedule: 'cron(0 5 ? * * *)'}")
    records = {record.folder: record for record in inventory(tmp_path)}
    assert records["kept"].backup["retention_days"] == 120
    table = as_table(list(records.values()))
    assert "cron(0 5 ? * * *), kept 120 days, copied" in table
    assert "cron(0 5 ? * * *), kept forever" in table
