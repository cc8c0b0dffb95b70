"""External tools the security tests run: checkov and a provider-free ``terraform``.

Each is found or the test skips with a reason; with ``DDBGEN_REQUIRE_TERRAFORM=1``
(CI sets it) the same test fails instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

REQUIRE_ENV = "DDBGEN_REQUIRE_TERRAFORM"
CHECKOV_ENV = "DDBGEN_CHECKOV"
# checkov lives in a venv of its own (Makefile): its python-hcl2 fork would shadow ours.
CHECKOV_FALLBACK = REPO / ".venv" / "checkov" / "bin" / "checkov"
TIMEOUT_SECONDS = 300


def require(available: bool, reason: str) -> None:
    """Skip the test when ``available`` is false, or fail it where CI requires the tools."""
    if available:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires it", pytrace=False)
    pytest.skip(reason)


def checkov_binary() -> str:
    """``$DDBGEN_CHECKOV``, else the Makefile's checkov venv; skips (or fails) when neither is there."""
    configured = os.environ.get(CHECKOV_ENV)
    if configured:
        require(Path(configured).is_file(), f"{CHECKOV_ENV}={configured} is not a file")
        return configured
    require(
        CHECKOV_FALLBACK.is_file(),
        f"checkov not found: set {CHECKOV_ENV} or run make test (it installs {CHECKOV_FALLBACK})",
    )
    return str(CHECKOV_FALLBACK)


def run_checkov(binary: str, root: Path) -> dict[str, Any]:
    """checkov's JSON report on every module folder under ``root``, offline."""
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "WARNING"}
    command = [
        binary,
        "--directory",
        str(root),
        "--framework",
        "terraform",
        "--output",
        "json",
        "--skip-download",
        "--compact",
    ]
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=TIMEOUT_SECONDS)
    # checkov exits 1 when a check fails; anything else, or no JSON, is a broken run.
    assert finished.returncode in (0, 1), f"checkov exited {finished.returncode}: {finished.stderr[-2000:]}"
    report = json.loads(finished.stdout)
    return report[0] if isinstance(report, list) else report


def terraform_binary() -> str:
    binary = shutil.which("terraform")
    require(binary is not None, "terraform is not on PATH")
    return binary


def terraform_env(home: Path) -> dict[str, str]:
    """An environment in which terraform reads an empty CLI config and calls nobody."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "terraform.tfrc"
    config.write_text("disable_checkpoint = true\n", encoding="utf-8")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TF_CLI_CONFIG_FILE": str(config),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    }


def console(
    binary: str, env: dict[str, str], folder: Path, expressions: list[str], variables: dict[str, str] | None = None
) -> tuple[list[Any], str]:
    """Evaluate ``expressions`` with ``terraform console`` in ``folder``; return their values and stderr.

    A folder holding only a ``variables.tf`` needs no provider and no init. Read
    from a pipe, the console prints only its last line's value, so the
    expressions go in as one list, as ``base64encode(jsonencode([...]))``: the
    console's own display quoting never has to be undone. No value (``[]``)
    comes back when Terraform reports an error.
    """
    arguments = [f"-var={name}={value}" for name, value in (variables or {}).items()]
    script = f"base64encode(jsonencode([{', '.join(expressions)}]))\n"
    finished = subprocess.run(
        [binary, "console", "-no-color", *arguments],
        input=script,
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=TIMEOUT_SECONDS,
    )
    # After a diagnostic the console also prints a warning on stdout: the value is the quoted line.
    lines = [line for line in finished.stdout.splitlines() if line.startswith('"')]
    values = json.loads(base64.b64decode(json.loads(lines[-1]))) if lines else []
    return values, finished.stderr


def terraform_fmt_clean(binary: str, env: dict[str, str], folder: Path) -> tuple[bool, str]:
    """Whether ``terraform fmt -check`` accepts every file of ``folder`` unchanged (it parses them too)."""
    finished = subprocess.run(
        [binary, "fmt", "-check", "-no-color", "-list=true"],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=TIMEOUT_SECONDS,
    )
    return finished.returncode == 0, finished.stdout + finished.stderr


# The inventory page's screenshot test runs Debian's chromium (apt-get install chromium);
# .ci/run installs it where it is missing and sets this, so CI cannot pass without it.
REQUIRE_CHROMIUM_ENV = "DDBGEN_REQUIRE_CHROMIUM"


def chromium_binary() -> str:
    """Debian's ``chromium`` on PATH; skips without it, fails where ``DDBGEN_REQUIRE_CHROMIUM=1``."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is not None:
        return binary
    reason = "chromium is not on PATH (Debian: apt-get install chromium)"
    if os.environ.get(REQUIRE_CHROMIUM_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_CHROMIUM_ENV}=1 requires it", pytrace=False)
    pytest.skip(reason)
