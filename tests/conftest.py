"""Fixtures shared by every tier of the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.profiles import builtin_names

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
