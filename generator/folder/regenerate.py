"""Render folders again from the profile each records, with the running ddbgen: the upgrade path.

Bump the ddbgen pin, ``ddbgen regenerate -r .``, review the diff, commit. Each
folder gets a change plan against what its manifest records first: a change the
module cannot carry out as the profile says is refused, and the folder is left
as it was (a dry run prints the plan beside the diffs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import DdbgenError
from generator.folder.baseline import recorded as recorded_baseline
from generator.folder.baseline import records_baseline
from generator.folder.baseline import rendered as rendered_baseline
from generator.folder.changes import Change, ChangeRefused, Options
from generator.folder.check import record_clean
from generator.folder.compare import IDENTICAL, FileState, Report, compare_files
from generator.folder.recorded import recorded_profile
from generator.folder.rerender import rerender, write_imports
from generator.folder.vendor import Planned, WriteResult, finish_interrupted_write, manifest_state, write
from generator.render.manifest import Manifest, read_manifest


@dataclass(frozen=True)
class Regenerated:
    report: Report  # the states of the files before, with diffs when asked
    result: WriteResult | None  # None for a dry run, a refusal or an error
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str = ""  # why nothing may be written, when the plan refuses a change

    @property
    def changed_files(self) -> list[FileState]:
        return [item for item in self.report.files if item.state != IDENTICAL]


def regenerate(
    folder: Path,
    dry_run: bool = False,
    with_diff: bool = False,
    options: Options | None = None,
    live_table: str | None = None,
) -> Regenerated:
    """Re-render ``folder`` from its recorded profile; write it unless ``dry_run`` or the plan refuses a change."""
    if not dry_run:
        finish_interrupted_write(folder)
    planned = Planned(manifest_state(folder))
    manifest = read_manifest(folder)
    if records_baseline(manifest):
        return _regenerate_baseline(folder, manifest, planned, dry_run, with_diff)
    profile = recorded_profile(folder, manifest)
    options = options if options is not None else Options(folder)
    done = rerender(folder, profile, manifest, options, live_table)
    report = _report(folder, profile, manifest, done.files, with_diff or dry_run)
    if dry_run:
        return Regenerated(report, None, done.changes, done.warnings, done.refusal)
    if done.refused:
        raise ChangeRefused(done.refusal)
    result = write(folder, done.files, planned=planned)
    if done.imports is not None and options.import_file is not None:
        write_imports(options.import_file, done.imports)
    record_clean(folder)
    return Regenerated(report, result, done.changes, done.warnings)


def _report(folder: Path, profile: Any, manifest: Manifest, files: dict[str, bytes], with_diff: bool) -> Report:
    """What a regenerate finds in ``folder`` against ``files``, with the profile (or baseline) it renders."""
    return Report(
        folder,
        profile=profile.name,
        source=profile.source,
        recorded_profile=manifest.profile_name,
        recorded_version=manifest.version,
        files=compare_files(folder, files, with_diff),
        profile_warnings=list(profile.warnings),
    )


def _regenerate_baseline(
    folder: Path, manifest: Manifest, planned: Planned, dry_run: bool, with_diff: bool
) -> Regenerated:
    """A baseline folder again from the overrides it records: no table, so no change plan."""
    found = recorded_baseline(manifest)
    files = rendered_baseline(found, folder)
    report = _report(folder, found, manifest, files, with_diff or dry_run)
    return Regenerated(report, None if dry_run else write(folder, files, planned=planned))


def regenerate_folders(
    folders: list[Path], dry_run: bool = False, with_diff: bool = False, **plan: object
) -> list[Regenerated]:
    """Each folder in turn; a folder's error (a refused change among them) is recorded in its report and the others go on."""
    done = []
    for folder in folders:
        options = Options(folder, **{key: value for key, value in plan.items() if key != "live_table"})  # type: ignore[arg-type]
        try:
            done.append(regenerate(folder, dry_run, with_diff, options, plan.get("live_table")))  # type: ignore[arg-type]
        except DdbgenError as error:
            done.append(Regenerated(Report(folder, error=str(error)), None))
    return done
