"""Generate a module folder from a profile: resolve, plan the change, render in memory, then write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.folder.changes import Change, ChangeRefused, Options
from generator.folder.check import record_clean
from generator.folder.rerender import existing_manifest, rerender, write_imports
from generator.folder.vendor import Planned, WriteResult, finish_interrupted_write, manifest_state, write
from generator.profile.loader import Profile, builtin_names, load_profile
from generator.render.render import render

OUTPUT_ROOT = Path("output")


def default_folder(profile_name: str, root: Path = OUTPUT_ROOT) -> Path:
    return root / profile_name


@dataclass(frozen=True)
class Generated:
    profile: Profile
    result: WriteResult
    changes: list[Change] = field(default_factory=list)  # against the folder's manifest, when it had one
    warnings: list[str] = field(default_factory=list)


def generate(
    profile_ref: str,
    overrides: Iterable[str] = (),
    out: Path | None = None,
    force: bool = False,
    *,
    allow_replacement: bool = False,
    import_file: Path | None = None,
    module: str | None = None,
    live_table: str | None = None,
) -> Generated:
    """Render ``profile_ref`` with ``overrides`` into ``out`` (default ``output/<profile name>``).

    A folder with a manifest gets a change plan first (``generator/folder/changes.py``):
    a change the module cannot carry out as the profile says raises ChangeRefused,
    and nothing is written.
    """
    profile = load_profile(profile_ref, overrides)
    folder = out if out is not None else default_folder(profile.name)
    options = Options(folder, allow_replacement, import_file, module)
    finish_interrupted_write(folder)
    planned = Planned(manifest_state(folder))
    done = rerender(folder, profile, existing_manifest(folder, force), options, live_table)
    if done.refused:
        raise ChangeRefused(done.refusal)
    result = write(folder, done.files, force=force, planned=planned)
    if done.imports is not None and options.import_file is not None:
        write_imports(options.import_file, done.imports)
    record_clean(folder)
    return Generated(profile, result, done.changes, done.warnings)


def generate_all(root: Path = OUTPUT_ROOT, force: bool = False) -> list[Generated]:
    """Every built-in profile into ``root/<name>``; all are rendered before the first is written.

    These are the repository's golden folders, which no Terraform state holds:
    no change plan is made for them.
    """
    rendered = []
    for profile in map(load_profile, builtin_names()):
        folder = default_folder(profile.name, root)
        manifest = existing_manifest(folder)
        names = manifest.rendered.former_names if manifest is not None else ()
        rendered.append((profile, folder, render(profile, folder, names)))
    done = [Generated(profile, write(folder, files, force=force)) for profile, folder, files in rendered]
    for _, folder, _ in rendered:
        record_clean(folder)
    return done
