"""Generate a module folder from a profile: resolve, render in memory, then write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .profiles import Profile, load_profile
from .render import render
from .vendor import WriteResult, write

OUTPUT_ROOT = Path("output")


def default_folder(profile_name: str, root: Path = OUTPUT_ROOT) -> Path:
    return root / profile_name


@dataclass(frozen=True)
class Generated:
    profile: Profile
    result: WriteResult


def generate(profile_ref: str, overrides: Iterable[str] = (), out: Path | None = None, force: bool = False) -> Generated:
    """Render ``profile_ref`` with ``overrides`` into ``out`` (default ``output/<profile name>``)."""
    profile = load_profile(profile_ref, overrides)
    files = render(profile)
    folder = out if out is not None else default_folder(profile.name)
    return Generated(profile, write(folder, files, force=force))
