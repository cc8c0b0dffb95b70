"""Bad input gets a clear error and changes nothing.

Every case of the corpus runs the real command line on a profile written into
``tmp_path``: exit 2, one line on stderr naming the file (or ``--set``), the key
and what is allowed, no traceback, and the output folder exactly as it was (or
still absent). The same rules are ``validation`` blocks of ``variables.tf``:
the last tests check that every rule's message is there, and that Terraform
itself rejects a value breaking each rule with that message.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.catalogue import INPUTS
from generator.cli import app
from generator.profiles import load_profile
from generator.render import render
from tests.conftest import OUTPUT
from tests.hclparse import variables
from tests.tooling import console, terraform_binary, terraform_env

runner = CliRunner()

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@dataclass(frozen=True)
class Case:
    """One bad input: the profile under test, and what its one-line error must say.

    ``where`` is the file the message names: ``profile`` (the file under test),
    ``parent`` (``parent.yaml`` beside it), ``--set`` or ``--profile``. ``key`` is
    None where there is no key to name (a file that is not YAML at all).
    """

    profile: str | bytes | None
    key: str | None
    allowed: str
    sets: tuple[str, ...] = ()
    where: str = "profile"
    others: dict[str, str] = field(default_factory=dict)
    file_name: str = "profile"


def _tags(count: int) -> str:
    return "common_tags:\n" + "".join(f"  Tag{number}: x\n" for number in range(count))


def _alias_bomb() -> str:
    """Nine levels of nine YAML aliases: 9**9 strings once expanded, 1 kB on disk."""
    lines = ['common_tags:\n  level0: &level0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    lines += [f"  level{n}: &level{n} [{', '.join([f'*level{n - 1}'] * 9)}]\n" for n in range(1, 9)]
    return "".join(lines)


CORPUS: dict[str, Case] = {
    # Keys.
    "unknown key": Case("bilingmode: PROVISIONED\n", "bilingmode", "known inputs: alarm_sns_topic_arn, "),
    "environment in a profile": Case("environment: production\n", "environment", "every caller passes it"),
    "key given twice": Case("read_capacity: 5\nread_capacity: 7\n", "read_capacity", "give each key once"),
    "tag keys equal after NFC": Case(
        'common_tags: {"Caf\\u00e9": a, "Cafe\\u0301": b}\n', "Café", "give each key once"
    ),
    # Types.
    "number given text": Case("read_capacity: ten\n", "read_capacity", "must be a finite number"),
    "number given infinity": Case("user_errors_alarm_threshold: .inf\n", "user_errors_alarm_threshold", "finite number"),
    "number given true": Case("write_capacity: true\n", "write_capacity", "must be a finite number"),
    "bool given text": Case('stream_enabled: "yes"\n', "stream_enabled", "must be true or false"),
    "string given a number": Case("ttl_attribute_name: 5\n", "ttl_attribute_name", "must be a string"),
    "map given a list": Case("common_tags: [Team, payments]\n", "common_tags", "a mapping of strings to strings"),
    "tag value given a number": Case("common_tags: {CostCenter: 1234}\n", "common_tags", "a mapping of strings to strings"),
    "null for a non-nullable input": Case("billing_mode: null\n", "billing_mode", "must be a string"),
    # Enums.
    "billing mode": Case("billing_mode: ON_DEMAND\n", "billing_mode", "must be one of PAY_PER_REQUEST, PROVISIONED"),
    "stream view type": Case(
        "stream_view_type: ALL\n", "stream_view_type", "must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES"
    ),
    # Ranges.
    "read capacity 0": Case("read_capacity: 0\n", "read_capacity", "must be a whole number of at least 1"),
    "write capacity not whole": Case("write_capacity: 2.5\n", "write_capacity", "must be a whole number of at least 1"),
    "autoscaling max 0": Case(
        "autoscaling_write_max_capacity: 0\n", "autoscaling_write_max_capacity", "must be a whole number of at least 1"
    ),
    "autoscaling max below capacity": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nread_capacity: 20\nautoscaling_read_max_capacity: 10\n",
        "autoscaling_read_max_capacity",
        "must be at least read_capacity when enable_autoscaling is true",
    ),
    "target above 90": Case(
        "autoscaling_read_target_value: 95\n", "autoscaling_read_target_value", "must be between 20 and 90"
    ),
    "target below 20": Case(
        "autoscaling_write_target_value: 10\n", "autoscaling_write_target_value", "must be between 20 and 90"
    ),
    "negative threshold": Case(
        "system_errors_alarm_threshold: -1\n", "system_errors_alarm_threshold", "must not be negative"
    ),
    # Names and formats.
    "table name too short": Case("notifications_table_name: ab\n", "notifications_table_name", "3 to 255 letters, digits"),
    "table name too long": Case(
        f"notifications_table_name: {'a' * 256}\n", "notifications_table_name", "3 to 255 letters, digits"
    ),
    "table name with a space": Case(
        "notifications_table_name: user notifications\n", "notifications_table_name", "underscores, hyphens or dots"
    ),
    "table name not ASCII": Case("notifications_table_name: tablé\n", "notifications_table_name", "3 to 255 letters"),
    "empty TTL attribute": Case('ttl_attribute_name: ""\n', "ttl_attribute_name", "must be 1 to 255 characters long"),
    "KMS alias instead of key": Case(
        "kms_key_arn: arn:aws:kms:us-east-1:123456789012:alias/notifications\n",
        "kms_key_arn",
        "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or null",
    ),
    "KMS key with a short account": Case(
        "kms_key_arn: arn:aws:kms:us-east-1:12345:key/abc\n", "kms_key_arn", "a KMS key ARN"
    ),
    "SNS ARN of another service": Case(
        "alarm_sns_topic_arn: arn:aws:sqs:us-east-1:123456789012:alerts\n",
        "alarm_sns_topic_arn",
        'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) or ""',
    ),
    "SNS topic name with a slash": Case(
        "alarm_sns_topic_arn: arn:aws:sns:us-east-1:123456789012:a/b\n", "alarm_sns_topic_arn", "an SNS topic ARN"
    ),
    # Tags.
    "50 tags plus Environment": Case(_tags(50), "common_tags", "must hold at most 50 tags, counting the Environment tag"),
    "tag key of 129 characters": Case(
        f"common_tags: {{{'k' * 129}: x}}\n", "common_tags", "keys must be 1 to 128 characters"
    ),
    "empty tag key": Case('common_tags: {"": x}\n', "common_tags", "keys must be 1 to 128 characters"),
    "tag value of 257 characters": Case(
        f"common_tags: {{Team: {'v' * 257}}}\n", "common_tags", "values at most 256"
    ),
    "tag key with aws: prefix": Case("common_tags: {'aws:owner': me}\n", "common_tags", 'must not start with "aws:"'),
    "tag key with AWS: prefix": Case("common_tags: {'AWS:Owner': me}\n", "common_tags", 'must not start with "aws:"'),
    # The file itself.
    "malformed YAML": Case("read_capacity: [1, 2\nbilling_mode: PROVISIONED\n", None, "is not valid YAML"),
    "tab-indented YAML": Case("common_tags:\n\tTeam: a\n", None, "is not valid YAML"),
    "two YAML documents": Case("read_capacity: 1\n---\nread_capacity: 2\n", None, "expected a single document"),
    "not UTF-8": Case(b"ttl_attribute_name: \xff\xfe\n", None, "cannot be read"),
    "top level a list": Case("- read_capacity: 5\n", None, "must be a mapping of input names to values, not list"),
    "top level a string": Case("production\n", None, "must be a mapping of input names to values, not str"),
    "nested too deeply": Case("[" * 5000 + "]" * 5000 + "\n", None, "nested too deeply"),
    "YAML alias bomb": Case(_alias_bomb(), "common_tags", "a mapping of strings to strings"),
    "lone surrogate": Case('ttl_attribute_name: "\\ud800"\n', None, "use UTF-8 text"),
    "file name with a space": Case("{}\n", None, "may hold only letters, digits", file_name="my profile"),
    # extends.
    "extends an unknown built-in": Case(
        "extends: prod\n", "extends", "built-in profiles are default, development, production, staging"
    ),
    "extends a missing file": Case("extends: ./base.yaml\n", "extends", "not found"),
    "extends nothing": Case("extends:\n", "extends", "must be a built-in profile name or a path to a profile file"),
    "extends a list": Case("extends: [production]\n", "extends", "must be a built-in profile name or a path"),
    "extends itself": Case("extends: ./profile.yaml\n", "extends", "must end at a profile without extends"),
    "extends cycle": Case(
        "extends: parent.yaml\n", "extends", "must end at a profile without extends", others={"parent": "extends: profile.yaml\n"}
    ),
    "bad value in the parent": Case(
        "extends: parent.yaml\n", "read_capacity", "whole number of at least 1", where="parent",
        others={"parent": "read_capacity: 0\n"},
    ),
    "missing profile file": Case(None, None, "not found", sets=(), where="--profile"),
    # --set.
    "--set unknown key": Case(None, "bogus", "known inputs: ", sets=("bogus=1",), where="--set"),
    "--set bad enum": Case(
        None, "billing_mode", "must be one of PAY_PER_REQUEST, PROVISIONED", sets=("billing_mode=FAST",), where="--set"
    ),
    "--set bad range": Case(None, "read_capacity", "whole number of at least 1", sets=("read_capacity=0",), where="--set"),
    "--set bad type": Case(None, "stream_enabled", "true or false", sets=("stream_enabled=maybe",), where="--set"),
    "--set bad ARN": Case(None, "kms_key_arn", "a KMS key ARN", sets=("kms_key_arn=alias/x",), where="--set"),
    "--set bad tags": Case(None, "common_tags", 'must not start with "aws:"', sets=('common_tags={"aws:x": y}',), where="--set"),
    "--set malformed YAML": Case(None, "common_tags", "is not valid YAML", sets=("common_tags={Team: a",), where="--set"),
    "--set without =": Case(None, "read_capacity", "must look like KEY=VALUE", sets=("read_capacity",), where="--set"),
    "--set environment": Case(None, "environment", "every caller passes it", sets=("environment=prod",), where="--set"),
    "--set over a good profile file": Case(
        "billing_mode: PROVISIONED\n", "write_capacity", "whole number", sets=("write_capacity=-3",), where="--set"
    ),
}


def _arguments(case: Case, folder: Path) -> tuple[list[str], str]:
    """Write the case's profiles into ``folder``; return the generate arguments and the file the error names."""
    for name, text in case.others.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    if case.where == "--profile":
        missing = folder / "nowhere.yaml"
        return ["--profile", str(missing)], "--profile"
    if case.profile is None:
        reference = "default"
    else:
        path = folder / f"{case.file_name}.yaml"
        if isinstance(case.profile, bytes):
            path.write_bytes(case.profile)
        else:
            path.write_text(case.profile, encoding="utf-8")
        reference = str(path)
    sets = [argument for text in case.sets for argument in ("--set", text)]
    named = {"profile": reference, "parent": str(folder / "parent.yaml"), "--set": "--set"}[case.where]
    return ["--profile", reference, *sets], named


def _snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under ``folder`` (and the folder itself) with its bytes and modification time."""
    entries = {".": (None, folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        entries[str(path.relative_to(folder))] = (path.read_bytes() if path.is_file() else None, path.stat().st_mtime_ns)
    return entries


def _assert_clear_error(result, case: Case, named: str) -> str:
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"the error is not one line: {result.stderr!r}"
    line = lines[0]
    prefix = f"ddbgen: error: {named}: "
    assert line.startswith(prefix), line
    if case.key is not None:
        assert case.key in line[len(prefix) :], line
    assert case.allowed in line, line
    assert len(line) < 1500, f"error message of {len(line)} characters"
    return line


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_bad_input_leaves_an_existing_module_untouched(case: Case, tmp_path: Path):
    out = tmp_path / "module"
    good = runner.invoke(app, ["generate", "--profile", "default", "--out", str(out)])
    assert good.exit_code == 0, good.output
    (out / "backend.tf").write_text("# the caller's own file\n", encoding="utf-8")
    before = _snapshot(out)

    arguments, named = _arguments(case, tmp_path)
    result = runner.invoke(app, ["generate", *arguments, "--out", str(out)])

    _assert_clear_error(result, case, named)
    assert _snapshot(out) == before


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_bad_input_creates_no_output_folder(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    arguments, named = _arguments(case, tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())

    result = runner.invoke(app, ["generate", *arguments])  # the default folder, output/<profile>

    _assert_clear_error(result, case, named)
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert not (tmp_path / "output").exists()


def test_every_corpus_item_of_the_issue_has_a_case():
    """The issue's list, item by item, against the corpus above."""
    covered = {
        "unknown keys": ["unknown key"],
        "wrong types": ["number given text", "bool given text", "string given a number", "map given a list"],
        "enums": ["billing mode", "stream view type"],
        "ranges": ["read capacity 0", "autoscaling max below capacity", "target above 90", "negative threshold"],
        "table name rules": ["table name too short", "table name too long", "table name with a space"],
        "ARN formats": ["KMS alias instead of key", "SNS ARN of another service"],
        "tag limits": ["50 tags plus Environment", "tag key of 129 characters", "tag value of 257 characters", "tag key with aws: prefix"],
        "malformed YAML": ["malformed YAML"],
        "top level not a mapping": ["top level a list"],
        "extends unknown, missing or cyclic": ["extends an unknown built-in", "extends a missing file", "extends cycle"],
        "--set unknown key or bad value": ["--set unknown key", "--set bad enum"],
    }
    for item, names in covered.items():
        for name in names:
            assert name in CORPUS, f"{item}: no case {name!r}"


def test_autoscaling_with_on_demand_billing_warns_and_still_generates(tmp_path: Path):
    # A warning, not an error: the profile only sets defaults, and a caller may
    # still pass billing_mode = "PROVISIONED" (the spec's autoscaling example).
    profile = tmp_path / "scaled.yaml"
    profile.write_text("enable_autoscaling: true\n", encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(profile), "--out", str(tmp_path / "module")])
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip()
    assert warning.startswith("ddbgen: warning: enable_autoscaling is true but billing_mode defaults to PAY_PER_REQUEST")
    assert 'billing_mode = "PROVISIONED"' in warning
    assert (tmp_path / "module" / "main.tf").is_file()
    assert "ignore_changes = [read_capacity, write_capacity]" in (tmp_path / "module" / "main.tf").read_text()


# The same rules at plan time: variables.tf carries each rule as a validation block.


def _validation_messages(folder: Path) -> dict[str, list[str]]:
    return {name: [block["error_message"] for block in body.get("validation", [])] for name, body in variables(folder).items()}


@pytest.mark.parametrize("item", [item for item in INPUTS if item.rules], ids=lambda item: item.name)
def test_every_rule_is_a_validation_block_of_its_variable(item, builtin_profile):
    messages = _validation_messages(OUTPUT / builtin_profile)[item.name]
    for rule in item.rules:
        assert rule.error_message(item.name) in messages
    # Nothing else but the fixed-at-generation guard.
    others = [message for message in messages if message not in {rule.error_message(item.name) for rule in item.rules}]
    assert all(message.startswith(f"{item.name} is fixed at generation") for message in others), others


def test_validation_messages_say_what_is_allowed():
    """Each message reads as "<input> must ..." or "<input> keys must ...", the form the profile errors use."""
    for name, messages in _validation_messages(OUTPUT / "default").items():
        for message in messages:
            assert message.startswith((f"{name} must ", f"{name} keys must ", f"{name} is fixed at generation")), message


# One invalid caller value per rule (several calls where an input has several rules),
# as terraform console's -var takes them; the module is generated with autoscaling on
# so that the rules depending on it are live.
PLAN_TIME_PROBES: list[dict[str, str]] = [
    {
        "environment": "",
        "notifications_table_name": "ab",
        "billing_mode": "FAST",
        "autoscaling_read_max_capacity": "0",
        "autoscaling_write_max_capacity": "0",
        "autoscaling_read_target_value": "95",
        "autoscaling_write_target_value": "10",
        "stream_view_type": "ALL",
        "ttl_attribute_name": "",
        "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:alias/notifications",
        "alarm_sns_topic_arn": "arn:aws:sqs:us-east-1:123456789012:alerts",
        "read_throttle_alarm_threshold": "-1",
        "write_throttle_alarm_threshold": "-1",
        "user_errors_alarm_threshold": "-0.5",
        "system_errors_alarm_threshold": "-1",
        "common_tags": "{" + ", ".join(f'"Tag{number}" = "x"' for number in range(50)) + "}",
        "prevent_destroy": "false",
        "enable_type_index": "true",
    },
    {
        "autoscaling_read_max_capacity": "2",  # below read_capacity, 5 by default
        "autoscaling_write_max_capacity": "4",
        "common_tags": json.dumps({"k" * 129: "x"}).replace(":", " ="),
    },
    # Terraform skips the validations that refer to an invalid variable, so the
    # inputs the autoscaling maxima are compared with break their rules last.
    {"read_capacity": "0", "write_capacity": "1.5", "enable_autoscaling": "false", "common_tags": '{"aws:owner" = "me"}'},
]


@pytest.mark.terraform
def test_terraform_rejects_each_rule_breaker_with_the_rule_message(tmp_path: Path):
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    profile = load_profile("production", ["billing_mode=PROVISIONED", "enable_autoscaling=true"])
    folder = tmp_path / "module"
    folder.mkdir()
    (folder / "variables.tf").write_bytes(render(profile)["variables.tf"])

    probed: set[str] = set()
    for probes in PLAN_TIME_PROBES:
        given = {"environment": "test", **probes}
        _, stderr = console(binary, env, folder, ["var.environment"], given)
        said = " ".join(stderr.split())
        for name in probes:
            item = next(item for item in INPUTS if item.name == name)
            expected = [rule.error_message(name) for rule in item.rules]
            if item.is_fixed(profile.values):
                expected.append(f"{name} is fixed at generation")
            hits = [message for message in expected if " ".join(message.split()) in said]
            assert hits, f"{name}={probes[name]!r}: none of {expected} in terraform's errors:\n{stderr}"
            probed.update(f"{name}: {message}" for message in hits)
    every_rule = {f"{item.name}: {rule.error_message(item.name)}" for item in INPUTS for rule in item.rules}
    assert every_rule <= probed, f"rules no probe broke: {sorted(every_rule - probed)}"


@pytest.mark.terraform
def test_terraform_accepts_every_builtin_profile_default(builtin_profile: str, tmp_path: Path):
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    shutil.copy(OUTPUT / builtin_profile / "variables.tf", tmp_path / "variables.tf")
    values, stderr = console(binary, env, tmp_path, ["var.common_tags"], {"environment": "test"})
    assert "Error" not in stderr, stderr
    assert values == [{}]
