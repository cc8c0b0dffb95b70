"""``ddbgen check --live``: each module folder's live table against the profile it was generated from.

For each folder it reads the profile its manifest records (as ``check`` does),
reads the table that profile names (``<name>_table_name``, or ``--table``)
with adopt's read-only readers, and compares the two (``live_compare``).
Several folders are read at once, at most ``MAX_READERS`` tables at a time:
each table is a dozen small API calls, mostly waiting on the network. Nothing
is written, and nothing read from AWS chooses a path: folders come from the
command line or from the search under ``--recursive``.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.adopt.aws import Clients, read_table
from generator.errors import DdbgenError, OutputError
from generator.folder.baseline import records_baseline
from generator.folder.check import _require_folder
from generator.folder.live_compare import Difference, NotChecked, compare
from generator.folder.recorded import recorded_profile
from generator.profile.loader import Profile
from generator.profile.provenance import Source
from generator.render.manifest import read_manifest
from generator.shown import counted, yaml_text

# Tables read at once: enough to hide the API's latency, few enough for its rate limits
# (DescribeTable and the other control-plane reads are throttled per account and region).
MAX_READERS = 8


@dataclass
class LiveReport:
    folder: Path
    profile: str | None = None
    source: Source | None = None
    table: str | None = None
    region: str | None = None
    differences: list[Difference] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None  # why a folder found under ROOT has no table to read

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.skipped is not None:
            return "skipped"
        return "drift" if self.differences else "clean"

    def lines(self) -> list[str]:
        """The report as text: a line for the folder, one per difference, one per read it could not make."""
        if self.error is not None:
            return [f"{self.folder}: error"]
        if self.skipped is not None:
            return [f"{self.folder}: skipped ({self.skipped})"]
        where = f"table {self.table} in {self.region}; {self.source.describe() if self.source else f'profile {self.profile}'}"
        head = f"{counted(len(self.differences), 'difference')}" if self.differences else "clean"
        found = [f"{self.folder}: {head} ({where})"]
        for item in self.differences:
            unseen = f"; terraform plan misses it: {item.unseen}" if item.unseen else ""
            keep = f" (or, to keep it, {item.keep})" if item.keep else ""
            found.append(
                f"  {item.path}: profile {_shown(item.expected)}, live {_shown(item.live)}{unseen}; fix: {item.fix}{keep}"
            )
        found += [f"  {item.line()}" for item in self.not_checked]
        return found

    def as_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "status": self.status,
            "folder": str(self.folder),
            "table": self.table,
            "region": self.region,
            "profile": self.profile,
            "source": self.source.record(self.folder) if self.source is not None else None,
            "differences": [item.as_dict() for item in self.differences],
            "not_checked": [item.as_dict() for item in self.not_checked],
        }
        if self.error is not None:
            document["error"] = self.error
        if self.skipped is not None:
            document["skipped"] = self.skipped
        return document


def _shown(value: Any) -> str:
    return "none" if value is None else yaml_text(value)


def check_live(
    folders: Sequence[Path],
    *,
    table: str | None = None,
    region: str | None = None,
    profile: Profile | None = None,
    clients: Clients | None = None,
    found_under_root: bool = False,
) -> list[LiveReport]:
    """Compare the live table of each folder with its profile; ``table`` and ``profile`` are for one folder.

    An account baseline has no table: named as a FOLDER it is an error, found under ROOT (``found_under_root``)
    it is skipped, so that ``check --live -r .`` passes in a repository that keeps one beside its tables.
    """
    if (table is not None or profile is not None) and len(folders) != 1:
        raise DdbgenError("--table and --profile check the live table of one FOLDER")
    clients = clients or Clients(region=region)
    if len(folders) <= 1:
        return [_check(folder, table, profile, clients, found_under_root) for folder in folders]
    with ThreadPoolExecutor(max_workers=min(MAX_READERS, len(folders)), thread_name_prefix="ddbgen-live") as pool:
        return list(pool.map(lambda folder: _check(folder, None, None, clients, found_under_root), folders))


def _check(
    folder: Path, table: str | None, profile: Profile | None, clients: Clients, found_under_root: bool = False
) -> LiveReport:
    """One folder's report; its error (no such table, a denied read) is its report, not the end of the run."""
    report = LiveReport(folder)
    try:
        _require_folder(folder)
        if profile is None:
            manifest = read_manifest(folder)
            if records_baseline(manifest) and found_under_root:
                report.skipped = "an account baseline: no table to read"
                return report
            if records_baseline(manifest):
                raise OutputError(f"{folder}: is an account baseline: it has no table for check --live to read")
            profile = recorded_profile(folder, manifest)
        report.profile, report.source = profile.name, profile.source
        report.table = table or profile.values[profile.design.table_name_input]
        live = read_table(report.table, clients, adopting=False)
        report.region = live.region
        comparison = compare(live, profile, str(folder))
    except DdbgenError as error:
        report.error = str(error)
        return report
    report.differences, report.not_checked = comparison.differences, comparison.not_checked
    return report
