"""``ddbgen check --live``: its options, its output, its folders in parallel, the README's IAM policy.

What it compares is ``test_live_compare.py``'s (answers made by hand); on moto,
after an apply, ``tests/terraform/test_tf_live.py``'s. Here the table reader is
replaced by one that answers from a profile, so the command line runs in
process: options, exit codes, text and JSON, hostile values, order and bounds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.adopt import permissions
from generator.errors import AdoptError
from generator.folder import live_check, vendor
from generator.profile.baseline import load_baseline
from generator.profile.loader import load_profile
from generator.render.baseline import render_baseline
from generator.render.render import render

from .conftest import REPO
from .test_check import run
from .test_live_compare import live_of


def module(root: Path, name: str, *overrides: str) -> Path:
    folder = root / "modules" / name
    vendor.write(folder, render(load_profile("production", overrides), folder))
    return folder


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest.fixture
def tables(monkeypatch):
    """The tables the reader finds, by name: what ``live_of`` makes of a profile, or an error."""
    found: dict[str, object] = {}

    def read_table(name, clients=None, *, adopting=True):
        assert adopting is False, "check --live reads only what it compares"
        table = found.get(name)
        if table is None:
            raise AdoptError(f"table {name} not found in us-east-1: check the table name")
        return table

    monkeypatch.setattr(live_check, "read_table", read_table)
    return found


USAGE = [
    (("--table", "t", "modules/a"), "--table and --region go with --live"),
    (("--region", "eu-west-1", "modules/a"), "--table and --region go with --live"),
    (("--live", "--all"), "--live checks FOLDER... or --recursive ROOT: it takes no --changed, --diff or --all"),
    (("--live", "--diff", "modules/a"), "--live checks FOLDER... or --recursive ROOT"),
    (("--live", "--changed", "modules/a"), "--live checks FOLDER... or --recursive ROOT"),
    (("--live",), "give FOLDER... or --recursive ROOT"),
    (("--live", "-r", ".", "modules/a"), "give FOLDER... or --recursive ROOT"),
    (("--live", "modules/a", "modules/b", "--table", "t"), "--profile, --set and --table check one FOLDER"),
    (("--live", "modules/a", "--set", "a=b"), "--set needs --profile"),
    (("--live", "modules/a", "--format", "xml"), "--format must be text or json"),
]


@pytest.mark.parametrize("args, message", USAGE, ids=[" ".join(args) for args, _ in USAGE])
def test_usage_errors(repo, capsys, args, message):
    code, out, err = run("check", *args, capsys=capsys, cwd=repo)

    assert (code, out) == (2, "")
    assert err.startswith(f"ddbgen: error: {message}")


def test_clean_and_drift_and_error_exit_0_1_2(repo, capsys, tables):
    clean, drifted = (
        module(repo, "a", "notifications_table_name=table-a"),
        module(repo, "b", "notifications_table_name=table-b"),
    )
    tables["table-a"] = live_of(load_profile("production", ["notifications_table_name=table-a"]))
    tables["table-b"] = live_of(load_profile("production", ["notifications_table_name=table-b", "ttl_enabled=false"]))

    assert run("check", "--live", clean, capsys=capsys, cwd=repo)[0] == 0
    code, out, _err = run("check", "--live", drifted, capsys=capsys, cwd=repo)
    assert code == 1
    assert out.splitlines()[1] == (
        f"  ttl_enabled: profile true, live false; fix: regenerate and apply: ddbgen regenerate {drifted}, then terraform apply"
    )
    del tables["table-b"]
    code, out, err = run("check", "--live", "-r", "modules", capsys=capsys, cwd=repo)
    assert code == 2
    assert out.splitlines() == [
        "modules/a: clean (table table-a in us-east-1; built-in profile production --set notifications_table_name=table-a)",
        "modules/b: error",
        "2 folders: 1 clean, 0 drift, 1 error",
    ]
    assert err == "ddbgen: error: table table-b not found in us-east-1: check the table name\n"


def test_table_names_another_table_and_profile_another_profile(repo, capsys, tables):
    folder = module(repo, "a")
    tables["elsewhere"] = live_of(load_profile("production", ["notifications_table_name=elsewhere"]))

    code, out, _ = run("check", "--live", folder, "--table", "elsewhere", capsys=capsys, cwd=repo)
    assert code == 0 and "(table elsewhere in us-east-1;" in out

    args = ("check", "--live", folder, "--table", "elsewhere", "--profile", "development", "--set", "ttl_enabled=false")
    code, out, _ = run(*args, capsys=capsys, cwd=repo)
    assert code == 1 and "built-in profile development --set ttl_enabled=false" in out.splitlines()[0]


def test_json_gives_the_table_and_each_difference(repo, capsys, tables):
    folder = module(repo, "a", "notifications_table_name=table-a")
    tables["table-a"] = live_of(
        load_profile("production", ["notifications_table_name=table-a", "table_class=STANDARD_INFREQUENT_ACCESS"])
    )

    code, out, _ = run("check", "--live", folder, "--format", "json", capsys=capsys, cwd=repo)

    document = json.loads(out)
    assert code == 1
    assert {key: document[key] for key in ("status", "table", "region", "profile")} == {
        "status": "drift",
        "table": "table-a",
        "region": "us-east-1",
        "profile": "production",
    }
    assert document["differences"] == [
        {
            "path": "table_class",
            "expected": "STANDARD",
            "live": "STANDARD_INFREQUENT_ACCESS",
            "fix": f"regenerate and apply: ddbgen regenerate {folder}, then terraform apply",
        }
    ]
    assert document["not_checked"] == []


def test_several_folders_give_a_json_list(repo, capsys, tables):
    for name in ("a", "b"):
        module(repo, name, f"notifications_table_name=table-{name}")
        tables[f"table-{name}"] = live_of(load_profile("production", [f"notifications_table_name=table-{name}"]))

    code, out, _ = run("check", "--live", "-r", "modules", "--format", "json", capsys=capsys, cwd=repo)

    assert code == 0 and [document["table"] for document in json.loads(out)] == ["table-a", "table-b"]


# What a live table may say that must not act on a terminal: an ANSI escape, a carriage return that
# would overwrite the line, a newline that would forge another, and a bidirectional override.
HOSTILE = "ok\x1b[2J\rforged\nmodules/x: clean\u202e"


def test_what_the_table_says_reaches_the_terminal_inert(repo, capsys, tables):
    folder = module(repo, "a", "notifications_table_name=table-a", "common_tags={Team: payments}")
    live = live_of(load_profile("production", ["notifications_table_name=table-a", "common_tags={Team: payments}"]))
    live.tags["Team"] = HOSTILE
    live.table["GlobalSecondaryIndexes"] = [
        {
            "IndexName": HOSTILE,
            "KeySchema": [{"AttributeName": HOSTILE, "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }
    ]
    tables["table-a"] = live

    code, out, _ = run("check", "--live", folder, capsys=capsys, cwd=repo)
    as_json = run("check", "--live", folder, "--format", "json", capsys=capsys, cwd=repo)[1]

    assert code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", out)
    assert len(out.splitlines()) == 3  # the folder, and one line for each of its two differences
    assert "\\u202e" in out
    assert json.loads(as_json)["differences"][1]["live"] == HOSTILE
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", as_json)


def test_folders_are_read_at_most_eight_at_a_time_and_reported_in_order(repo, monkeypatch):
    folders = [module(repo, f"m{number:02}", f"notifications_table_name=t{number:02}") for number in range(20)]
    running, most = [0], [0]
    lock = threading.Lock()

    def read_table(name, clients=None, *, adopting=True):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02 * (int(name[1:]) % 3))
        with lock:
            running[0] -= 1
        return live_of(load_profile("production", [f"notifications_table_name={name}"]))

    monkeypatch.setattr(live_check, "read_table", read_table)

    reports = live_check.check_live(folders, clients=object())

    assert [report.table for report in reports] == [f"t{number:02}" for number in range(20)]
    assert all(report.status == "clean" for report in reports)
    assert 1 < most[0] <= live_check.MAX_READERS


def test_an_account_baseline_found_under_root_is_skipped_and_named_as_a_folder_is_an_error(repo, capsys, tables):
    module(repo, "a", "notifications_table_name=table-a")
    tables["table-a"] = live_of(load_profile("production", ["notifications_table_name=table-a"]))
    base = repo / "modules" / "base"
    vendor.write(base, render_baseline(load_baseline([]), base))

    code, out, err = run("check", "--live", "-r", "modules", capsys=capsys, cwd=repo)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "modules/base: skipped (an account baseline: no table to read)",
        "2 folders: 1 clean, 0 drift, 0 errors, 1 skipped",
    ]
    code, out, _ = run("check", "--live", "-r", "modules", "--format", "json", capsys=capsys, cwd=repo)
    assert code == 0
    assert [(document["status"], document.get("skipped")) for document in json.loads(out)] == [
        ("clean", None),
        ("skipped", "an account baseline: no table to read"),
    ]
    code, _, err = run("check", "--live", "modules/base", capsys=capsys, cwd=repo)
    assert code == 2 and "is an account baseline: it has no table for check --live to read" in err


def test_a_folder_without_a_manifest_is_its_own_error(repo, tables):
    (repo / "empty").mkdir()

    (report,) = live_check.check_live([repo / "empty"], clients=object())

    assert report.status == "error" and "manifest" in report.error


def test_the_readme_gives_the_iam_policy_adopt_and_check_live_need():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n### {permissions.SECTION}\n", 1)[1].split("\n## ", 1)[0]
    (document,) = re.findall(r"```json\n(.*?)```", section, re.S)

    assert document == permissions.policy_json()
    assert json.loads(document)["Statement"][0]["Action"][0].startswith("dynamodb:")


def test_the_policy_grants_reads_only():
    assert all(action.split(":")[1].startswith(("Describe", "List", "Get")) for action in permissions.ACTIONS)


def test_region_reaches_the_reader(repo, capsys, monkeypatch):
    folder = module(repo, "a", "notifications_table_name=table-a")
    regions = []

    def read_table(name, clients=None, *, adopting=True):
        regions.append(clients.region)
        return live_of(load_profile("production", ["notifications_table_name=table-a"]))

    monkeypatch.setattr(live_check, "read_table", read_table)

    assert run("check", "--live", folder, "--region", "eu-west-1", capsys=capsys, cwd=repo)[0] == 0
    assert regions == ["eu-west-1"]


@pytest.mark.parametrize(
    "environment, message",
    [
        (
            {"AWS_REGION": "us-east-1"},
            "cannot read table table-a: no AWS credentials; set AWS_PROFILE, or AWS_ACCESS_KEY_ID",
        ),
        (
            {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"},
            "no AWS region to read the table in: set AWS_REGION",
        ),
    ],
    ids=["no credentials", "no region"],
)
def test_without_credentials_or_region_each_folder_says_so_and_exits_2(repo, environment, message):
    """The standard chain finds nothing: no keys, no AWS profile, no instance metadata (turned off here)."""
    module(repo, "a", "notifications_table_name=table-a")
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env |= {
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # a closed port: nothing leaves the machine
        **environment,
    }

    ran = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--live", "modules/a"],
        cwd=repo,
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert ran.returncode == 2, ran.stderr
    assert message in ran.stderr
