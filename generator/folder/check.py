"""Compare vendored module folders with what this ddbgen would write now.

A folder is re-rendered in memory from the profile it records (read again from
its file, so an edited profile shows as drift) and compared byte for byte.
Drift is any generated file that is changed, missing or unexpected, or a folder
made by another ddbgen version or from another profile. Nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.errors import DdbgenError, ManifestError, OutputError, ProfileError
from generator.folder.vendor import (
    CHANGED,
    IDENTICAL,
    MISSING,
    NOT_REGULAR,
    STAGING_PREFIX,
    UNEXPECTED,
    compare,
    interrupted_write,
    read_bytes,
)
from generator.profile.loader import Profile, load_source
from generator.profile.provenance import Source, repository_root
from generator.reading import Unreadable, entry, inside, text_path
from generator.render.manifest import MANIFEST, Manifest, read_manifest
from generator.render.render import render
from generator.shown import excerpt

__all__ = [
    "CHANGED",
    "IDENTICAL",
    "MISSING",
    "NOT_REGULAR",
    "UNEXPECTED",
    "FileState",
    "Report",
    "check",
    "check_folders",
    "discover",
    "folders_for_changes",
    "recorded_profile",
]
# Folders a search for module folders never enters.
SKIPPED_FOLDERS = {".git", ".terraform"}


@dataclass(frozen=True)
class FileState:
    path: str
    state: str
    diff: str = ""


@dataclass
class Report:
    folder: Path
    profile: str | None = None
    source: Source | None = None
    generator_version: str = __version__
    files: list[FileState] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recorded_profile: str | None = None
    recorded_version: str | None = None
    error: str | None = None

    @property
    def drifted(self) -> list[FileState]:
        return [item for item in self.files if item.state != IDENTICAL]

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        return "clean" if not self.drifted and not self.notes else "drift"

    @property
    def clean(self) -> bool:
        return self.status == "clean"

    def source_text(self) -> str:
        if self.source is not None:
            return self.source.describe()
        return f"profile {self.profile}" if self.profile else "no profile"

    def as_dict(self) -> dict:
        document = {
            "status": self.status,
            "folder": str(self.folder),
            "profile": self.profile,
            "source": self.source.record(self.folder) if self.source is not None else None,
            "generator_version": self.generator_version,
            "files": [{"path": item.path, "state": item.state} for item in self.files],
            "notes": self.notes,
            "recorded": {"profile": self.recorded_profile, "generator_version": self.recorded_version},
        }
        if self.error is not None:
            document["error"] = self.error
        return document


def recorded_profile(folder: Path, manifest: Manifest) -> Profile:
    """The profile a folder's manifest names, read again from where it was given."""
    source = manifest.source
    if source is None:
        raise ManifestError(
            f"{manifest.path}: was written by ddbgen {manifest.version}, which recorded no profile source; "
            f"generate the folder once with ddbgen generate --profile NAME|PATH --out {folder}"
        )
    root = repository_root(folder)
    if source.path is not None:
        # Outside the repository is refused before anything is looked at there, existence included.
        try:
            missing = entry(inside(source.path, root)) is None
        except Unreadable as error:
            raise ProfileError(
                str(manifest.path),
                "profile.source.file",
                f"the recorded profile file {excerpt(str(source.path))} {error}",
            ) from None
        if missing:
            raise ProfileError(
                str(manifest.path),
                "profile.source",
                f"the recorded profile file {source.describe()} no longer exists; restore it, or make the folder "
                f"from another profile with ddbgen generate --profile NAME|PATH --out {folder}",
            )
    return load_source(source, root, str(manifest.path))


def _unified_diff(name: str, expected: bytes | None, actual: bytes | None) -> str:
    import difflib

    def lines(data: bytes | None) -> list[str]:
        return [] if data is None else data.decode("utf-8", errors="replace").splitlines(keepends=True)

    diff = difflib.unified_diff(
        lines(actual), lines(expected), fromfile=f"{name} (in folder)", tofile=f"{name} (generated)"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)


def _diff(folder: Path, name: str, expected: bytes | None) -> str:
    """The unified diff of one drifted file; what is in the folder is read only if it is a regular file within the limit."""
    try:
        actual = read_bytes(folder / name)
    except OutputError as error:
        return f"--- {name}: {str(error).removeprefix(f'{folder / name}: ')}; no diff shown\n"
    return _unified_diff(name, expected, actual)


def compare_files(folder: Path, expected: dict[str, bytes], with_diff: bool) -> list[FileState]:
    states = []
    for name, state in compare(folder, expected).items():
        show = with_diff and state not in (IDENTICAL, NOT_REGULAR)
        states.append(FileState(name, state, _diff(folder, name, expected.get(name)) if show else ""))
    return states


def _require_folder(path: Path) -> None:
    if not text_path(path):
        raise OutputError(
            f"{excerpt(str(path))}: the folder's path is not UTF-8 text, and ddbgen writes it into the module's files"
        )
    if not path.is_dir():
        raise OutputError(f"{path}: no such folder" if not path.exists() else f"{path}: is not a folder")


def check(folder: Path, profile: Profile | None = None, with_diff: bool = False) -> Report:
    """Re-render ``folder`` in memory and compare byte for byte; ``profile`` None means the recorded one."""
    _require_folder(folder)
    try:
        manifest: Manifest | None = read_manifest(folder)
    except ManifestError:
        if profile is None:
            raise
        manifest = None
    report = Report(folder)
    other_version = None
    if manifest is not None:
        report.recorded_profile, report.recorded_version = manifest.profile_name, manifest.version
        if manifest.version != __version__:
            other_version = f"folder was generated by ddbgen {manifest.version}, this is ddbgen {__version__}"
    if profile is None:
        assert manifest is not None
        if manifest.source is None and other_version is not None:
            # An older ddbgen recorded values, not where they came from: the folder is
            # not what this version writes, and only a generate can say what it should be.
            report.profile = manifest.profile_name
            report.notes.append(other_version)
            report.notes.append(
                "it recorded no profile source: generate it once with "
                f"ddbgen generate --profile NAME|PATH --out {folder}"
            )
            return report
        profile = recorded_profile(folder, manifest)
    report.profile, report.source = profile.name, profile.source
    if manifest is not None and manifest.source is not None and manifest.source != profile.source:
        report.notes.append(
            f"folder was generated from {manifest.source.describe()}, checked against {profile.source.describe()}"
        )
    if other_version is not None:
        report.notes.append(other_version)
    interrupted = interrupted_write(folder)
    if interrupted is not None:
        report.notes.append(interrupted)
    report.files = compare_files(folder, render(profile, folder, _former_names(manifest, profile)), with_diff)
    return report


def _former_names(manifest: Manifest | None, profile: Profile) -> tuple[str, ...]:
    """The logical names the folder's design had before: its moved blocks are part of what it should hold."""
    from generator.folder.changes import recorded_state
    from generator.folder.rerender import former_names

    if manifest is None:
        return ()
    return former_names(manifest, recorded_state(manifest), profile)


def _check_or_report(folder: Path, profile_of: Callable[[], Profile | None], with_diff: bool) -> Report:
    """A folder's report; its error is its report, not the end of the run."""
    try:
        return check(folder, profile_of(), with_diff)
    except DdbgenError as error:
        return Report(folder, error=str(error))


def check_folders(folders: Iterable[Path], with_diff: bool = False) -> list[Report]:
    """Check each folder against its recorded profile."""
    return [_check_or_report(folder, lambda: None, with_diff) for folder in folders]


def discover(root: Path) -> list[Path]:
    """Every folder under ``root`` (``root`` included) that holds a ddbgen manifest, sorted."""
    _require_folder(root)
    found = []
    for current, folders, files in os.walk(root):
        folders[:] = sorted(
            name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith(STAGING_PREFIX)
        )
        if MANIFEST in files:
            found.append(Path(current))
    return sorted(found)


def folders_for_changes(paths: Iterable[Path], root: Path) -> list[Path]:
    """The module folders a set of changed files concerns: those holding one, and those made from a changed profile.

    This is how the pre-commit hook, which is given the changed files, checks
    only what a commit touches.
    """
    paths = [Path(path) for path in paths]
    found: set[Path] = set()
    for path in paths:
        folder = _module_folder_of(path, root)
        if folder is not None:
            found.add(folder)
    profiles = {path.resolve() for path in paths if path.suffix in (".yaml", ".yml")}
    if profiles:
        for folder in discover(root):
            try:
                manifest = read_manifest(folder)
            except ManifestError:
                continue
            if any(read.resolve() in profiles for read in manifest.reads):
                found.add(folder)
    return sorted({_below(folder, root) for folder in found})


def _below(path: Path, root: Path) -> Path:
    """``path`` relative to ``root`` when it lies below it, as the user names folders from there."""
    absolute, base = path.absolute(), root.absolute()
    return Path(os.path.relpath(absolute, base)) if absolute.is_relative_to(base) else path


def _module_folder_of(path: Path, root: Path) -> Path | None:
    """The nearest folder at or above a changed file that holds a manifest, not above ``root``."""
    root = root.absolute()
    current = path.absolute() if path.is_dir() else path.absolute().parent
    while True:
        if (current / MANIFEST).is_file():
            return current
        if current == root or current.parent == current:
            return None
        current = current.parent


def check_all(root: Path, with_diff: bool = False) -> list[Report]:
    """Check ``root/<name>`` against each built-in profile, in one process."""
    from generator.profile.loader import builtin_names, load_profile

    _require_folder(root)
    return [_check_or_report(root / name, lambda name=name: load_profile(name), with_diff) for name in builtin_names()]
