"""Render folders again from the profile each records, with the running ddbgen: the upgrade path.

Bump the ddbgen pin, ``ddbgen regenerate -r .``, review the diff, commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .check import FileState, Report, compare_files, recorded_profile
from .errors import DdbgenError
from .manifest import read_manifest
from .render import render
from .vendor import IDENTICAL, WriteResult, write


@dataclass(frozen=True)
class Regenerated:
    report: Report  # the states of the files before, with diffs when asked
    result: WriteResult | None  # None for a dry run or an error

    @property
    def changes(self) -> list[FileState]:
        return [item for item in self.report.files if item.state != IDENTICAL]


def regenerate(folder: Path, dry_run: bool = False, with_diff: bool = False) -> Regenerated:
    """Re-render ``folder`` from its recorded profile; write it unless ``dry_run``."""
    manifest = read_manifest(folder)
    profile = recorded_profile(folder, manifest)
    files = render(profile, folder)
    report = Report(
        folder,
        profile=profile.name,
        source=profile.source,
        recorded_profile=manifest.profile_name,
        recorded_version=manifest.version,
        files=compare_files(folder, files, with_diff or dry_run),
        notes=list(profile.warnings),
    )
    return Regenerated(report, None if dry_run else write(folder, files))


def regenerate_folders(folders: list[Path], dry_run: bool = False, with_diff: bool = False) -> list[Regenerated]:
    """Each folder in turn; a folder's error is recorded in its report and the others go on."""
    done = []
    for folder in folders:
        try:
            done.append(regenerate(folder, dry_run, with_diff))
        except DdbgenError as error:
            done.append(Regenerated(Report(folder, error=str(error)), None))
    return done
