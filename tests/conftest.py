"""Fixtures shared by every tier of the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.profiles import builtin_names
from tests.terraform import timing

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "output"
SPEC = REPO / "tests" / "fixtures" / "spec-README.md"
# The built-in profiles of the specification's own table; orders has a design of its own.
SPEC_PROFILES = ("default", "development", "production", "staging")


@pytest.fixture(params=builtin_names())
def builtin_profile(request) -> str:
    return request.param


def write_profile(folder: Path, name: str, text: str) -> Path:
    """Write a profile file for a test and return its path."""
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its Terraform runs to the controller."""
    handed = getattr(session.config, "workeroutput", None)
    if handed is not None:
        handed["terraform_runs"] = timing.RUNS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    timing.RUNS.extend(tuple(run) for run in getattr(node, "workeroutput", {}).get("terraform_runs", ()))


def pytest_terminal_summary(terminalreporter) -> None:
    timing.report(terminalreporter)
