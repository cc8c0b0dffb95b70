"""Finding the AWS provider's filesystem mirror: override, default, then a search."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import toolchain

pytestmark = [pytest.mark.terraform]

PLATFORM = "linux_amd64"


def _mirror_with_provider(root: Path) -> Path:
    package = root / "registry.terraform.io" / "hashicorp" / "aws" / "5.100.0" / PLATFORM
    package.mkdir(parents=True)
    (package / "terraform-provider-aws_v5.100.0_x5").write_bytes(b"")
    return root


@pytest.fixture
def no_default_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Neither the override nor the default mirror is there; searches look under tmp_path/search only."""
    monkeypatch.delenv(toolchain.MIRROR_ENV, raising=False)
    monkeypatch.setattr(toolchain, "DEFAULT_MIRROR", tmp_path / "absent")
    monkeypatch.setattr(toolchain, "MIRROR_SEARCH_ROOTS", (tmp_path / "search",))
    return tmp_path


def test_override_wins(no_default_mirror: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mirror_with_provider(no_default_mirror / "search" / "plugins")
    chosen = _mirror_with_provider(no_default_mirror / "chosen")
    monkeypatch.setenv(toolchain.MIRROR_ENV, str(chosen))
    assert toolchain.find_provider_mirror(PLATFORM) == (chosen, "")


def test_override_without_the_provider_is_reported_not_searched_past(
    no_default_mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mirror_with_provider(no_default_mirror / "search" / "plugins")
    monkeypatch.setenv(toolchain.MIRROR_ENV, str(no_default_mirror / "empty"))
    mirror, reason = toolchain.find_provider_mirror(PLATFORM)
    assert mirror is None
    assert toolchain.MIRROR_ENV in reason


def test_search_finds_a_mirror_below_a_search_root(no_default_mirror: Path) -> None:
    expected = _mirror_with_provider(no_default_mirror / "search" / "terraform" / "mirror")
    assert toolchain.find_provider_mirror(PLATFORM) == (expected, "")


def test_no_mirror_for_another_platform(no_default_mirror: Path) -> None:
    _mirror_with_provider(no_default_mirror / "search")
    mirror, reason = toolchain.find_provider_mirror("darwin_arm64")
    assert mirror is None
    assert "darwin_arm64" in reason
