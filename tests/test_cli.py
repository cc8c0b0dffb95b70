"""The ddbgen command line: arguments in, exit codes and messages out."""

from __future__ import annotations

import re

import pytest
import yaml
from typer.testing import CliRunner

from generator import __version__, cli
from generator.cli import app
from generator.profile.loader import builtin_names, load_profile
from tests.conftest import REPO

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


def test_profiles_list_names_the_builtins_with_what_each_is_for():
    lines = invoke("profiles", "list").stdout.splitlines()
    assert [line.split()[0] for line in lines] == builtin_names()
    for line, name in zip(lines, builtin_names(), strict=False):
        description = load_profile(name).description
        assert description and line.endswith(description), line


@pytest.mark.parametrize("profile, overrides", [("staging", ["read_capacity=9"]), ("orders", ["aws_provider=5"])])
def test_profiles_show_prints_a_profile_that_resolves_to_the_same(tmp_path, profile, overrides):
    result = invoke("profiles", "show", profile, *[arg for item in overrides for arg in ("--set", item)])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    resolved = load_profile(profile, overrides)
    assert {key: document[key] for key in resolved.values} == resolved.values
    shown = tmp_path / "shown.yaml"
    shown.write_text(result.stdout, encoding="utf-8")
    again = load_profile(str(shown))
    assert (again.values, again.design, again.aws_provider, again.description) == (
        resolved.values,
        resolved.design,
        resolved.aws_provider,
        resolved.description,
    )


def test_generate_then_check_is_clean(tmp_path):
    out = tmp_path / "module"
    generated = invoke("generate", "--profile", "production", "--out", str(out))
    assert generated.exit_code == 0, generated.output
    assert sorted(path.name for path in out.iterdir()) == [
        "README.md",
        "alarms.tf",
        "autoscaling.tf",
        "backup.tf",
        "contributor_insights.tf",
        "dashboard.tf",
        "ddbgen-manifest.json",
        "iam.tf",
        "indexes.tf",
        "kinesis.tf",
        "main.tf",
        "moved.tf",
        "outputs.tf",
        "resource_policy.tf",
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
        "ddbgen: error: --set: billing_mode: must be one of PAY_PER_REQUEST, PROVISIONED (got FAST)"
    )
    assert not (tmp_path / "m").exists()


def test_autoscaling_on_demand_warns_and_generates(tmp_path):
    result = invoke("generate", "--profile", "default", "--set", "enable_autoscaling=true", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "ddbgen: warning:" in result.stderr


# The command line as a user runs it: usage errors are one line too, and --help reads plainly.


def run(*args: str, capsys) -> tuple[int, str, str]:
    code = cli.run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--bogus", "x"], "ddbgen: error: no such option: --bogus (see ddbgen check --help)"),
        (["frobnicate"], "ddbgen: error: no such command 'frobnicate'. (see ddbgen --help)"),
        (
            ["generate", "--profile"],
            "ddbgen: error: option '--profile' requires an argument. (see ddbgen generate --help)",
        ),
        (
            ["check", "--diff=yes", "x"],
            "ddbgen: error: option '--diff' does not take a value. (see ddbgen check --help)",
        ),
    ],
)
def test_usage_errors_are_one_line_without_a_box(capsys, args, message):
    code, _out, err = run(*args, capsys=capsys)
    assert code == 2
    assert err == message + "\n"
    assert "╭" not in err and "Usage:" not in err


@pytest.mark.parametrize("command", ["generate", "check", "regenerate", "profiles show"])
def test_help_shows_what_each_option_takes_and_no_python_types(capsys, command):
    code, out, _ = run(*command.split(), "--help", capsys=capsys)
    assert code == 0
    assert not re.search(r"<(bool|str|list\[str\]|path)>", out), out
    assert "╭" not in out
    if command in ("check", "regenerate"):
        assert "[FOLDER...]" in out  # they take several
    if command == "generate":
        assert "--force " in out and "--set KEY=VALUE" in out and "--profile NAME|PATH" in out


def test_the_cli_is_one_layer_with_no_second_argument_reader():
    import ast

    tree = ast.parse((REPO / "generator" / "cli.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert "commands" not in imported and not (REPO / "generator" / "commands.py").exists()
    # Nothing in the library imports the command line.
    for path in (REPO / "generator").glob("*.py"):
        if path.name not in ("cli.py", "__main__.py"):
            assert "cli" not in {
                node.module for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.ImportFrom)
            }, path
