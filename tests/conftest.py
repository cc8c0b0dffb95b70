"""Fixtures shared by every tier of the suite."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from generator.profile.loader import builtin_names
from tests.terraform import timing

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "output"
# The built-in profiles of the specification's own table; orders has a design of its own.
SPEC_PROFILES = ("default", "development", "production", "staging")


# Hypothesis profiles, chosen by DDBGEN_HYPOTHESIS_PROFILE (README, "Tests"):
# - ci (the default, what make test and CI run): derandomised, so every run draws the same
#   examples and a red or green result means the same thing on every machine; no example
#   database; no deadline (a busy machine must not make a property flaky).
# - nightly: fresh random examples on every run, NIGHTLY_SCALE times as many, with the example
#   database kept (.hypothesis/) so a failure found once is replayed first next time.
HYPOTHESIS_PROFILE_ENV = "DDBGEN_HYPOTHESIS_PROFILE"
NIGHTLY_SCALE = 20
_QUIET = (HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example)
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    print_blob=True,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "nightly",
    derandomize=False,
    deadline=None,
    max_examples=200 * NIGHTLY_SCALE,
    print_blob=True,
    suppress_health_check=_QUIET,
)
HYPOTHESIS_PROFILE = os.environ.get(HYPOTHESIS_PROFILE_ENV, "ci")
settings.load_profile(HYPOTHESIS_PROFILE)


def hypothesis_settings(examples: int, **overrides: Any) -> Callable[[Any], Any]:
    """Settings of a property whose examples are costly: ``examples`` in the ci profile, NIGHTLY_SCALE times more at night."""
    scale = NIGHTLY_SCALE if HYPOTHESIS_PROFILE == "nightly" else 1
    return settings(max_examples=examples * scale, **overrides)


@pytest.fixture(scope="session", autouse=True)
def _cache_of_the_session(tmp_path_factory: pytest.TempPathFactory):
    """ddbgen's cache (compiled templates, records of clean checks) in a folder of the session's, never the user's.

    Commands the tests start as processes inherit it. Tests of the cache itself set their own.
    """
    previous = os.environ.get("DDBGEN_CACHE_DIR")
    os.environ["DDBGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("ddbgen-cache"))
    yield
    if previous is None:
        os.environ.pop("DDBGEN_CACHE_DIR", None)
    else:
        os.environ["DDBGEN_CACHE_DIR"] = previous


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
