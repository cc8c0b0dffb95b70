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


def test_the_plugin_cache_is_filled_before_parallel_inits(
    terraform_binary: str, provider_mirror: Path, tmp_path: Path
) -> None:
    """Two inits racing into an empty cache can fail with "file exists"; after the warm-up they only link."""
    platform = toolchain.terraform_platform(terraform_binary)
    cache = tmp_path / "plugin-cache" / toolchain.PROVIDER_SOURCE
    warm_up = generate_module(tmp_path / "warm-up", "--profile", "default")
    terraform = toolchain.offline_terraform(
        terraform_binary, provider_mirror, toolchain.CLOSED_PORT, tmp_path, warm_up
    )
    cached = list(cache.glob(f"*/{platform}"))
    assert cached, "the warm-up init left the plugin cache empty"

    roots = [generate_module(tmp_path / name, "--profile", "production") for name in ("first", "second")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(terraform.init, roots))
    for root in roots:
        installed = next(root.joinpath(".terraform", "providers", toolchain.PROVIDER_SOURCE).glob(f"*/{platform}"))
        assert installed.is_symlink() and Path(os.readlink(installed)) == cached[0]
