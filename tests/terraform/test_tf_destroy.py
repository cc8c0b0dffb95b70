"""Destroy: a staging module goes away cleanly; a production module refuses.

Both run side by side in the default account of moto; their tables have
names of their own, and each scenario records what the tests check.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import REGION
from .roots import profile_caller
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

STAGING_TABLE = "staging-destroy-check"
PRODUCTION_TABLE = "production-destroy-check"
# The module's IAM policies, named for the table and the region.
STAGING_POLICIES = {f"{STAGING_TABLE}-{REGION}-access", f"{STAGING_TABLE}-{REGION}-read-only"}
PRODUCTION_POLICIES = {f"{PRODUCTION_TABLE}-{REGION}-access", f"{PRODUCTION_TABLE}-{REGION}-read-only"}


@dataclass
class Destroyed:
    applied: dict[str, Any]  # what boto3 saw between apply and destroy
    state_before: list[str]
    destroy: Result
    state_after: list[str]


def _state(terraform: Terraform, root: Path) -> list[str]:
    return terraform.run(root, "state", "list").stdout.split()


def _policy_names(aws: Callable[..., Any]) -> set[str]:
    return {policy["PolicyName"] for policy in aws("iam").list_policies(Scope="Local")["Policies"]}


def _apply_then_destroy(
    profile: str, table: str, inputs: dict[str, str], parent: Path, terraform: Terraform, aws: Callable[..., Any]
) -> Destroyed:
    root = profile_caller(profile, parent, table_name=table, inputs=inputs)
    terraform.init(root)
    terraform.run(root, "apply", "-auto-approve", "-input=false", "-no-color")
    dynamodb = aws("dynamodb")
    insights = {"table": dynamodb.describe_contributor_insights(TableName=table)}
    if inputs.get("enable_type_index") == "true":
        insights["TypeIndex"] = dynamodb.describe_contributor_insights(TableName=table, IndexName="TypeIndex")
    applied = {
        "table": dynamodb.describe_table(TableName=table)["Table"],
        "insights": {name: answer["ContributorInsightsStatus"] for name, answer in insights.items()},
        "policies": _policy_names(aws),
    }
    before = _state(terraform, root)
    destroy = terraform.run(root, "destroy", "-auto-approve", "-input=false", "-json", expect=(0, 1))
    return Destroyed(applied, before, destroy, _state(terraform, root))


@pytest.fixture(scope="module")
def destroying(
    terraform: Terraform,
    workers: ThreadPoolExecutor,
    aws: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Future[Destroyed]]:
    # Contributor Insights on the staging table and its index: their removal
    # is the part of a destroy that moto knows only through the gap filler.
    staging_inputs = {"enable_type_index": "true", "enable_contributor_insights": "true"}
    scenarios = {
        "staging": ("staging", STAGING_TABLE, staging_inputs),
        "production": ("production", PRODUCTION_TABLE, {}),
    }
    return {
        name: workers.submit(_apply_then_destroy, *scenario, tmp_path_factory.mktemp(name), terraform, aws)
        for name, scenario in scenarios.items()
    }


def test_staging_module_destroys_cleanly(destroying: dict[str, Future[Destroyed]], aws: Callable[..., Any]) -> None:
    staging = destroying["staging"].result()
    assert staging.applied["table"]["DeletionProtectionEnabled"] is False
    assert staging.applied["insights"] == {"table": "ENABLED", "TypeIndex": "ENABLED"}
    assert staging.applied["policies"] >= STAGING_POLICIES

    assert staging.destroy.returncode == 0, staging.destroy.diagnostics()
    assert staging.state_after == []
    assert STAGING_TABLE not in aws("dynamodb").list_tables()["TableNames"]
    assert not STAGING_POLICIES & _policy_names(aws)
    assert aws("cloudwatch").describe_alarms(AlarmNamePrefix=STAGING_TABLE)["MetricAlarms"] == []


def test_production_module_refuses_destroy(destroying: dict[str, Future[Destroyed]], aws: Callable[..., Any]) -> None:
    production = destroying["production"].result()
    assert production.destroy.returncode == 1
    (error,) = production.destroy.diagnostics()
    assert error["summary"] == "Instance cannot be destroyed"
    assert "module.dynamodb.aws_dynamodb_table.notifications has lifecycle.prevent_destroy set" in error["detail"]

    # Terraform stops at the plan: nothing at all was destroyed.
    assert production.state_after == production.state_before
    assert aws("dynamodb").describe_table(TableName=PRODUCTION_TABLE)["Table"]["DeletionProtectionEnabled"] is True
    assert _policy_names(aws) >= PRODUCTION_POLICIES
    alarms = aws("cloudwatch").describe_alarms(AlarmNamePrefix=PRODUCTION_TABLE)["MetricAlarms"]
    assert len(alarms) == 4
