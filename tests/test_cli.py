"""The ddbgen command line: arguments in, exit codes and messages out."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from generator import __version__
from generator.cli import app
from generator.profiles import builtin_names, load_profile

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    "args, code",
    [
        (["--version"], 0),
        (["profiles", "list"], 0),
        (["profiles", "show", "production"], 0),
        (["profiles", "show", "nope"], 2),
        (["generate"], 2),
        (["generate", "--profile", "nope"], 2),
        (["generate", "--profile", "default", "--all"], 2),
        (["generate", "--profile", "default", "--set", "bogus=1"], 2),
        (["generate", "--profile", "default", "--set", "read_capacity=0"], 2),
        (["generate", "--bogus-option"], 2),
        (["check"], 2),
        (["check", "does/not/exist"], 2),
        (["check", "--format", "xml", "output/default"], 2),
        (["frobnicate"], 2),
    ],
)
def test_exit_codes(args, code):
    result = invoke(*args)
    assert result.exit_code == code, result.output
    if code == 2:
        assert "Traceback" not in result.output


def test_version_prints_the_package_version():
    assert invoke("--version").output.strip() == f"ddbgen {__version__}"


def test_profiles_list_names_the_builtins():
    assert invoke("profiles", "list").output.split() == builtin_names()


def test_profiles_show_prints_the_resolved_profile_as_yaml():
    result = invoke("profiles", "show", "staging", "--set", "read_capacity=9")
    assert yaml.safe_load(result.stdout) == load_profile("staging", ["read_capacity=9"]).values


def test_generate_then_check_is_clean(tmp_path):
    out = tmp_path / "module"
    generated = invoke("generate", "--profile", "production", "--out", str(out))
    assert generated.exit_code == 0, generated.output
    assert sorted(path.name for path in out.iterdir()) == [
        "README.md",
        "ddbgen-manifest.json",
        "main.tf",
        "outputs.tf",
        "variables.tf",
        "versions.tf",
    ]
    assert invoke("check", str(out)).exit_code == 0
    assert invoke("check", "--profile", "production", str(out)).exit_code == 0
    assert invoke("check", "--profile", "staging", str(out)).exit_code == 1


def test_generate_defaults_to_output_slash_profile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("generate", "--profile", "staging").exit_code == 0
    assert (tmp_path / "output" / "staging" / "main.tf").is_file()


def test_errors_are_one_line_naming_source_and_key(tmp_path):
    result = invoke("generate", "--profile", "default", "--set", "billing_mode=FAST", "--out", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "ddbgen: error: --set: billing_mode: must be one of PAY_PER_REQUEST, PROVISIONED (got 'FAST')"
    )
    assert not (tmp_path / "m").exists()


def test_autoscaling_on_demand_warns_and_generates(tmp_path):
    result = invoke("generate", "--profile", "default", "--set", "enable_autoscaling=true", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "ddbgen: warning:" in result.stderr
