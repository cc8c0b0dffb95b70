"""The fixed-at-generation message gives a command that works: run it, and the module changes as asked."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write_profile
from tests.hclparse import variables


def _ddbgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _hint(folder: Path, name: str) -> tuple[str, list[str]]:
    """The whole message of ``name``'s fixed-at-generation guard, and the command it gives."""
    (message,) = [
        rule["error_message"]
        for rule in variables(folder)[name].get("validation", [])
        if "is fixed at generation" in rule["error_message"]
    ]
    command = re.search(r"from the repository root: (ddbgen generate .*)$", message).group(1)
    return message, shlex.split(command)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    # Provider 5: there, with autoscaling, the index set (enable_type_index) is fixed at generation too.
    write_profile(
        root / "profiles",
        "payments-prod",
        "extends: production\naws_provider: 5\nbilling_mode: PROVISIONED\nenable_autoscaling: true\n",
    )
    return root


def test_the_hint_names_the_profile_as_given_with_its_overrides_and_the_folder(repository):
    made = _ddbgen(
        "generate",
        "--profile",
        "profiles/payments-prod.yaml",
        "--set",
        "read_capacity=12",
        "--set",
        "common_tags={Team: a b}",
        "--out",
        "modules/payments",
        cwd=repository,
    )
    assert made.returncode == 0, made.stderr
    message, command = _hint(repository / "modules" / "payments", "enable_type_index")
    assert message.startswith(
        "enable_type_index is fixed at generation: with autoscaling the whole global_secondary_index set is in the "
        "table's lifecycle ignore_changes (Terraform cannot ignore one index's capacity on AWS provider 5), so which indexes "
        "exist is fixed too. "
        "This module was generated from profile payments-prod with enable_type_index = false."
    )
    assert command == [
        "ddbgen",
        "generate",
        "--profile",
        "profiles/payments-prod.yaml",
        "--set",
        "read_capacity=12",
        "--set",
        "common_tags={Team: a b}",
        "--set",
        "enable_type_index=true",
        "--out",
        "modules/payments",
    ]


@pytest.mark.parametrize(
    "name, baked", [("enable_type_index", False), ("prevent_destroy", True), ("enable_autoscaling", True)]
)
def test_running_the_hint_regenerates_the_module_with_the_other_value(repository, name, baked):
    folder = repository / "modules" / "payments"
    assert (
        _ddbgen(
            "generate",
            "--profile",
            "profiles/payments-prod.yaml",
            "--set",
            "read_capacity=12",
            "--out",
            "modules/payments",
            cwd=repository,
        ).returncode
        == 0
    )
    assert variables(folder)[name]["default"] is baked
    _, command = _hint(folder, name)
    ran = _ddbgen(*command[1:], cwd=repository)
    if name == "enable_type_index":
        # Adding the index to the table is the change provider 5 would silently skip: the
        # generate is refused with the AWS CLI steps that add it, and nothing is written.
        assert ran.returncode == 2, ran.stderr
        assert "aws dynamodb update-table" in ran.stderr and variables(folder)[name]["default"] is baked
        return
    assert ran.returncode == 0, ran.stderr
    declared = variables(folder)
    assert declared[name]["default"] is (not baked)
    assert declared["read_capacity"]["default"] == 12  # the overrides it was made with are kept
    # The module now records the new override, so check and regenerate agree with it.
    assert _ddbgen("check", "modules/payments", cwd=repository).returncode == 0


def test_a_builtin_profile_hint_names_the_builtin(repository):
    assert _ddbgen("generate", "--profile", "production", "--out", "modules/prod", cwd=repository).returncode == 0
    _, command = _hint(repository / "modules" / "prod", "prevent_destroy")
    assert command == [
        "ddbgen",
        "generate",
        "--profile",
        "production",
        "--set",
        "prevent_destroy=false",
        "--out",
        "modules/prod",
    ]


def test_a_design_of_its_own_has_no_enable_type_index(tmp_path):
    """The switch of the specification's TypeIndex is no input of a design that declares its own indexes."""
    assert _ddbgen("generate", "--profile", "orders", "--out", str(tmp_path / "orders"), cwd=REPO).returncode == 0
    assert "enable_type_index" not in variables(tmp_path / "orders")
    assert "enable_type_index" not in (tmp_path / "orders" / "README.md").read_text()
    # The specification's profiles keep it, declared and switchable.
    assert _ddbgen("generate", "--profile", "production", "--out", str(tmp_path / "prod"), cwd=REPO).returncode == 0
    assert variables(tmp_path / "prod")["enable_type_index"]["default"] is False


@pytest.mark.parametrize(("value", "code"), [("false", 0), ("true", 2)])
def test_enable_type_index_in_a_design_of_its_own_is_dropped_when_false_and_refused_when_true(repository, value, code):
    """ddbgen 0.2's adopt wrote enable_type_index: false into such profiles: they still load, with a warning."""
    profile = "table:\n  name: things\n  attributes: {pk: S}\n  hash_key: pk\nenable_type_index: " + value + "\n"
    write_profile(repository / "profiles", "things", profile)
    ran = _ddbgen("generate", "--profile", "profiles/things.yaml", "--out", "modules/things", cwd=repository)
    assert ran.returncode == code, ran.stderr
    if code == 0:
        assert "profiles/things.yaml: enable_type_index: false is ignored" in ran.stderr
        assert "enable_type_index" not in variables(repository / "modules" / "things")
    else:
        assert "switches the specification's TypeIndex" in ran.stderr
        assert "table.global_secondary_indexes" in ran.stderr
