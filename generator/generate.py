"""Generate a module folder from a profile: resolve, render in memory, then write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .profiles import Profile, builtin_names, load_profile
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
    folder = out if out is not None else default_folder(profile.name)
    return Generated(profile, write(folder, render(profile, folder), force=force))


def generate_all(root: Path = OUTPUT_ROOT, force: bool = False) -> list[Generated]:
    """Every built-in profile into ``root/<name>``; all are rendered before the first is written."""
    rendered = []
    for profile in map(load_profile, builtin_names()):
        folder = default_folder(profile.name, root)
        rendered.append((profile, folder, render(profile, folder)))
    return [Generated(profile, write(folder, files, force=force)) for profile, folder, files in rendered]
