"""What a module folder holds against what ddbgen would write there now: file by file, with diffs.

``check`` compares and reports; ``regenerate`` compares to show what it
changes; ``vendor`` compares to know what to write and what to remove. A
generated file is ``identical``, ``changed``, ``missing``, ``unexpected`` (a
file with the ddbgen header that the render does not hold) or ``not a regular
file`` (never read or followed).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.errors import OutputError
from generator.profile.provenance import Source
from generator.reading import NotRegular, Unreadable, entry, first_line, read_regular
from generator.render.manifest import MANIFEST, is_ddbgen_manifest, is_generated


def is_owned(path: Path) -> bool:
    """Whether ddbgen wrote this file (so it may replace or remove it): a regular file with the header."""
    if path.name == MANIFEST:
        return is_ddbgen_manifest(path)
    line = first_line(path)
    return line is not None and is_generated(line)


def owned_files(folder: Path) -> set[str]:
    """Generated files present in ``folder``: regular files with a header, and its manifest when it is ddbgen's."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(item.name for item in entries if item.is_file(follow_symlinks=False))
    except FileNotFoundError:
        return set()
    except OSError as error:
        raise OutputError(f"{folder}: cannot be read: {error.strerror or error}") from None
    return {name for name in names if is_owned(folder / name)}


def read_bytes(path: Path) -> bytes | None:
    """A generated file's bytes, or None when there is none; OutputError for anything but a regular file."""
    try:
        return read_regular(path)
    except Unreadable as error:
        raise OutputError(f"{path}: {error}") from None


IDENTICAL = "identical"
CHANGED = "changed"
MISSING = "missing"
UNEXPECTED = "unexpected"
# A symbolic link, a named pipe, a device or a folder where a generated file belongs: never read.
NOT_REGULAR = "not a regular file"


def _state(path: Path, data: bytes) -> str:
    try:
        found = entry(path)
        if found is None:
            return MISSING
        if not stat.S_ISREG(found.st_mode):
            return NOT_REGULAR
        if found.st_size != len(data):
            return CHANGED
        return IDENTICAL if read_regular(path) == data else CHANGED
    except NotRegular:
        return NOT_REGULAR
    except Unreadable as error:
        raise OutputError(f"{path}: {error}") from None


def file_states(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    """The state of each generated file: every one in ``files``, then every owned one it lacks."""
    states = {name: _state(folder / name, data) for name, data in sorted(files.items())}
    for name in sorted(owned_files(folder) - set(files)):
        states[name] = UNEXPECTED
    return states


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
    # Why the folder is drift besides its files (another ddbgen version, another
    # profile, an interrupted write): check reports them, and they make it drift.
    drift_reasons: list[str] = field(default_factory=list)
    # What the profile warns of (regenerate prints them); they never make a folder drift.
    profile_warnings: list[str] = field(default_factory=list)
    recorded_profile: str | None = None
    recorded_version: str | None = None
    error: str | None = None
    # Found clean from the record of an earlier clean check (folder/clean_record.py), without a render.
    by_record: bool = False

    @property
    def drifted(self) -> list[FileState]:
        return [item for item in self.files if item.state != IDENTICAL]

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        return "clean" if not self.drifted and not self.drift_reasons else "drift"

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
            "source": self.source.shown() if self.source is not None else None,
            "generator_version": self.generator_version,
            "files": [{"path": item.path, "state": item.state} for item in self.files],
            "notes": self.drift_reasons,  # the key check --format json has always had
            "recorded": {"profile": self.recorded_profile, "generator_version": self.recorded_version},
        }
        if self.error is not None:
            document["error"] = self.error
        return document


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
    for name, state in file_states(folder, expected).items():
        show = with_diff and state not in (IDENTICAL, NOT_REGULAR)
        states.append(FileState(name, state, _diff(folder, name, expected.get(name)) if show else ""))
    return states
