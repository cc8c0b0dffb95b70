"""Finding the AWS provider's filesystem mirror (override, default, then a search), and filling the plugin cache."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from . import toolchain
from .roots import generate_module

pytestmark = [pytest.mark.terraform]

PLATFORM = "linux_amd64"


def _mirror_with_provider(root: Path, version: str = "5.100.0", platform: str = PLATFORM) -> Path:
    package = root / "registry.terraform.io" / "hashicorp" / "aws" / version / platform
    package.mkdir(parents=True)
    (package / f"terraform-provider-aws_v{version}_x5").write_bytes(b"")
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


def test_the_lines_of_a_mirror_are_the_majors_of_its_releases_for_the_platform(tmp_path: Path) -> None:
    for version in ("5.100.0", "6.29.1", "6.62.0"):
        _mirror_with_provider(tmp_path, version)
    _mirror_with_provider(tmp_path, "7.0.0", platform="darwin_arm64")
    # A folder that is no release: not a version, or holding no provider binary.
    (tmp_path / "registry.terraform.io" / "hashicorp" / "aws" / "latest" / PLATFORM).mkdir(parents=True)
    (tmp_path / "registry.terraform.io" / "hashicorp" / "aws" / "8.0.0" / PLATFORM).mkdir(parents=True)
    assert toolchain.provider_majors(tmp_path, PLATFORM) == (5, 6)
    assert toolchain.provider_majors(tmp_path, "darwin_arm64") == (7,)


@pytest.mark.parametrize(
    "versions, expected",
    [(("5.100.0",), 5), (("5.100.0", "6.62.0"), 6), (("6.29.0",), 6), (("4.67.0", "7.1.0"), None)],
    ids=["only-5", "5-and-6", "only-6", "no-line-ddbgen-renders"],
)
def test_the_tier_runs_on_the_highest_line_the_mirror_holds(
    terraform_binary: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    versions: tuple[str, ...],
    expected: int | None,
) -> None:
    platform = toolchain.terraform_platform(terraform_binary)
    for version in versions:
        _mirror_with_provider(tmp_path, version, platform)
    monkeypatch.setenv(toolchain.MIRROR_ENV, str(tmp_path))
    line, reason = toolchain.tier_line.__wrapped__((5, 6))  # not the cached answer of the session's mirror
    assert line == expected
    assert (reason == "") == (expected is not None)


def test_the_plugin_cache_is_filled_before_parallel_inits(
    terraform_binary: str, provider_mirror: Path, tmp_path: Path
) -> None:
    """Two inits racing into an empty cache can fail with "file exists"; after the warm-up they only link."""
    platform = toolchain.terraform_platform(terraform_binary)
    cache = tmp_path / "plugin-cache" / toolchain.PROVIDER_SOURCE
    warm_up = generate_module(tmp_path / "warm-up", "--profile", "default")
    terraform = toolchain.offline_terraform(terraform_binary, provider_mirror, toolchain.CLOSED_PORT, tmp_path, warm_up)
    cached = list(cache.glob(f"*/{platform}"))
    assert cached, "the warm-up init left the plugin cache empty"

    roots = [generate_module(tmp_path / name, "--profile", "production") for name in ("first", "second")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(terraform.init, roots))
    for root in roots:
        installed = next(root.joinpath(".terraform", "providers", toolchain.PROVIDER_SOURCE).glob(f"*/{platform}"))
        assert installed.is_symlink() and Path(os.readlink(installed)) == cached[0]
