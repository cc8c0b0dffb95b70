"""checkov, offline, on the module of every built-in profile and of the optional features.

One checkov run (some seconds) covers every folder: the built-in profiles, two
variants that switch on what the built-ins leave off (a customer managed key;
provisioned billing with autoscaling, the index and Contributor Insights), and
a probe rendered with extra skips, which shows that checkov honours the
``#checkov:skip`` comments the template writes from generator/security.py.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from generator import security
from generator.profiles import builtin_names, load_profile
from generator.render import render
from tests.tooling import checkov_binary, run_checkov

KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VARIANTS = {
    "production-with-kms-key": ("production", [f"kms_key_arn={KMS_KEY_ARN}", "alarm_sns_topic_arn=arn:aws:sns:us-east-1:123456789012:alerts"]),
    "provisioned-autoscaling": (
        "default",
        ["billing_mode=PROVISIONED", "enable_autoscaling=true", "enable_type_index=true", "enable_contributor_insights=true"],
    ),
}
# Failures that are a profile's documented choice, not a defect of the module:
# development (and staging, which extends it) turn point-in-time recovery off.
EXPECTED_FAILURES = {
    "default": set(),
    "development": {"CKV_AWS_28"},
    "staging": {"CKV_AWS_28"},
    "production": set(),
    "production-with-kms-key": set(),
    "provisioned-autoscaling": set(),
}
# Skips the probe adds, one on a resource, one on a for_each resource, one on a data source.
PROBE = "skip-probe"
PROBE_SKIPS = {
    "aws_dynamodb_table.notifications": (security.CheckovSkip("CKV_AWS_28", "probe: PITR is off in development"),),
    "aws_cloudwatch_metric_alarm.notifications": (security.CheckovSkip("CKV_AWS_319", "probe: alarm actions"),),
    "data.aws_iam_policy_document.access": (security.CheckovSkip("CKV_AWS_111", "probe: write access"),),
}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    for name, data in files.items():
        if name.endswith(".tf"):
            (folder / name).write_bytes(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """checkov's results by module folder: {folder: {"passed"|"failed"|"skipped": [check, ...]}}."""
    binary = checkov_binary()
    root = tmp_path_factory.mktemp("checkov")
    for name in builtin_names():
        _write(root / name, render(load_profile(name)))
    for name, (profile, overrides) in VARIANTS.items():
        _write(root / name, render(load_profile(profile, overrides)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "CHECKOV_SKIPS", PROBE_SKIPS)
        _write(root / PROBE, render(load_profile("development")))

    raw = run_checkov(binary, root)
    assert raw["summary"]["parsing_errors"] == 0, raw["summary"]
    by_folder: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"passed": [], "failed": [], "skipped": []})
    for state in ("passed", "failed", "skipped"):
        for check in raw["results"][f"{state}_checks"]:
            by_folder[check["file_path"].strip("/").split("/")[0]][state].append(check)
    return dict(by_folder)


def _ids(checks: list[dict[str, Any]]) -> set[str]:
    return {check["check_id"] for check in checks}


def test_checkov_scanned_every_module(report):
    assert set(report) == set(EXPECTED_FAILURES) | {PROBE}
    for folder, results in report.items():
        resources = {check["resource"] for state in results.values() for check in state}
        assert "aws_dynamodb_table.notifications" in resources, folder
        assert {"aws_iam_policy.access", "aws_iam_policy.read_only"} <= resources, folder
        assert len(results["passed"]) >= 25, f"{folder}: only {len(results['passed'])} checks passed"


def test_production_has_no_failed_check(report):
    assert report["production"]["failed"] == []
    assert report["production-with-kms-key"]["failed"] == []


@pytest.mark.parametrize("folder", sorted(EXPECTED_FAILURES))
def test_failures_are_exactly_the_profile_choices(report, folder: str):
    failed = [(check["check_id"], check["resource"]) for check in report[folder]["failed"]]
    assert {check_id for check_id, _ in failed} == EXPECTED_FAILURES[folder], failed


@pytest.mark.parametrize("folder", sorted(EXPECTED_FAILURES))
def test_only_the_listed_checks_are_skipped(report, folder: str):
    listed = {(skip.id, address.removeprefix("data.")) for address, skips in security.CHECKOV_SKIPS.items() for skip in skips}
    skipped = {(check["check_id"], check["resource"]) for check in report[folder]["skipped"]}
    assert skipped <= listed


def test_every_skip_has_a_reason_and_names_a_block_of_the_module():
    rendered = render(load_profile("production", ["billing_mode=PROVISIONED", "enable_autoscaling=true"]))["main.tf"].decode()
    for address, skips in security.CHECKOV_SKIPS.items():
        kind, name = address.removeprefix("data.").split(".")
        opener = f'{"data" if address.startswith("data.") else "resource"} "{kind}" "{name}" {{'
        assert opener in rendered, f"CHECKOV_SKIPS names {address}, which main.tf does not have"
        for skip in skips:
            assert skip.id.startswith(("CKV_", "CKV2_")) and len(skip.reason) > 20, skip


def test_checkov_honours_the_skip_comments_the_template_writes(report):
    probe = report[PROBE]
    skipped = {(check["check_id"], check["resource"]): check for check in probe["skipped"]}
    for address, skips in PROBE_SKIPS.items():
        for skip in skips:
            check = skipped.get((skip.id, address.removeprefix("data.")))
            assert check is not None, f"checkov did not skip {skip.id} on {address}: {sorted(skipped)}"
            assert check["check_result"]["suppress_comment"] == skip.reason
    assert probe["failed"] == []  # development's one failure, CKV_AWS_28, is the one skipped
