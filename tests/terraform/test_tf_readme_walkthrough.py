"""The README's adoption walkthrough, run as it is written, against the tier's moto.

The shell block of "Trying adoption on moto" runs in an empty folder with
``bash -euo pipefail``, with this environment's ``ddbgen``, ``python`` and ``aws`` and
the tier's Terraform (its CLI config installs the provider from the mirror)
first on ``PATH``. Two things differ from a reader's run, both said here: moto
listens on the tier's port instead of ``make moto``'s 5055, and where the
tier runs on provider 6 the block's ``--aws-provider 5`` is left out, as the
README says to.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

from . import timing
from .toolchain import Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

SECTION = "### Trying adoption on moto"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # terraform's, as a reader's terminal shows it
README_ENDPOINT = "http://127.0.0.1:5055"


def _walkthrough() -> str:
    section = (REPO / "README.md").read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def _as_run_here(script: str, endpoint: str, line: int) -> str:
    assert script.count(README_ENDPOINT) == 1, "the walkthrough names moto's address once"
    script = script.replace(README_ENDPOINT, endpoint)
    if line != 5:
        assert script.count(" --aws-provider 5") == 1
        script = script.replace(" --aws-provider 5", "")
    return script


def test_the_readme_walkthrough_adopts_a_table_as_written(
    terraform: Terraform, moto_endpoint: str, provider_line: int, aws: Callable[..., Any], tmp_path: Path
) -> None:
    script = _as_run_here(_walkthrough(), moto_endpoint, provider_line)
    path = os.pathsep.join((str(Path(sys.executable).parent), str(Path(terraform.binary).parent), os.environ["PATH"]))
    started = time.monotonic()
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={**terraform.env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    took = time.monotonic() - started
    timing.RUNS.append(
        (
            "readme-walkthrough: bash (adopt, generate, terraform init, plan, apply, plan, check --live, plan)",
            took,
            started,
        )
    )
    assert ran.returncode == 0, (
        f"the walkthrough stopped ({ran.returncode}):\n{ran.stdout[-6000:]}\n{ran.stderr[-6000:]}"
    )

    shown = COLOUR.sub("", ran.stdout)
    assert "imports.tf: 1 import block for module.orders" in shown
    # What the block's comments promise.
    assert "Plan: 1 to import, 6 to add, 0 to change, 0 to destroy." in shown
    assert "No changes. Your infrastructure matches the configuration." in shown
    assert "modules/orders: clean (profile file profiles/orders-prod.yaml" in shown
    # check --live: clean after the apply, then what the plan does not show, with its fix.
    assert "modules/orders: clean (table orders-prod in us-east-1; profile file profiles/orders-prod.yaml)" in shown
    assert shown.count("No changes. Your infrastructure matches the configuration.") == 2
    drift = (
        "  contributor_insights.table: profile DISABLED, live ENABLED; terraform plan misses it: "
        "the module has no resource for it while the profile turns it off; fix: aws dynamodb "
        "update-contributor-insights --table-name orders-prod --contributor-insights-action DISABLE --region us-east-1"
    )
    assert drift in shown and shown.rstrip().endswith("exit 1"), shown[-2000:]
    # What the paragraph after it says: the TTL kept, the item still there, what adopt listed.
    assert not (tmp_path / "imports.tf").exists()
    dynamodb = aws("dynamodb")
    ttl = dynamodb.describe_time_to_live(TableName="orders-prod")["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expires_at")
    assert dynamodb.scan(TableName="orders-prod")["Items"] == [{"tenant": {"S": "t1"}, "order": {"S": "o1"}}]
    assert "created: 4 CloudWatch alarms" in shown
    assert "created: 2 IAM policies: orders-prod-us-east-1-access, orders-prod-us-east-1-read-only" in shown
