"""``ddbgen inventory``: one record per module folder under a root, from the manifests alone.

Each record says what the folder's manifest records (the profile, the design,
the table's default name, billing and capacity, indexes, PITR, alarms,
dashboard, backup, provider line, ddbgen version) and whether the folder is
clean: it is checked as ``ddbgen check`` does, re-rendered in memory. Nothing
calls AWS. The values a manifest records are checked against the catalogue
before they are shown: a damaged manifest is that folder's error, never the
end of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import DdbgenError, ManifestError
from generator.folder.baseline import recorded as recorded_baseline
from generator.folder.baseline import records_baseline
from generator.folder.check import check, discover
from generator.folder.compare import Report
from generator.profile import monitoring
from generator.profile.baseline import ALARMS as BASELINE_ALARMS
from generator.profile.baseline import Baseline
from generator.profile.provider_lines import provider_line
from generator.render.manifest import read_manifest

CLEAN, DRIFT, ERROR = "clean", "drift", "error"
# What the design column says of an account baseline, which has no table.
BASELINE_DESIGN = "account baseline (no table)"


@dataclass(frozen=True)
class Record:
    """What the inventory knows of one folder; ``error`` set means the rest may be empty."""

    folder: str
    status: str
    profile: str = ""
    design: str = ""
    table_name: str = ""
    billing_mode: str = ""
    capacity: dict[str, Any] = field(default_factory=dict)
    global_indexes: tuple[str, ...] = ()
    local_indexes: tuple[str, ...] = ()
    point_in_time_recovery: dict[str, Any] = field(default_factory=dict)
    alarms: dict[str, Any] = field(default_factory=dict)
    dashboard: bool = False
    backup: dict[str, Any] | None = None
    aws_provider: int | None = None
    generator_version: str = ""
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        document = {
            "folder": self.folder,
            "status": self.status,
            "profile": self.profile,
            "design": self.design,
            "table_name": self.table_name,
            "billing_mode": self.billing_mode,
            "capacity": self.capacity,
            "global_indexes": list(self.global_indexes),
            "local_indexes": list(self.local_indexes),
            "point_in_time_recovery": self.point_in_time_recovery,
            "alarms": self.alarms,
            "dashboard": self.dashboard,
            "backup": self.backup,
            "aws_provider": self.aws_provider,
            "generator_version": self.generator_version,
        }
        if self.error is not None:
            document["error"] = self.error
        return document


def inventory(root: Path) -> list[Record]:
    """A record for every folder under ``root`` that holds a ddbgen manifest, sorted by folder."""
    return [_record(folder, root) for folder in discover(root)]


def _shown_folder(folder: Path, root: Path) -> str:
    return str(folder.relative_to(root)) if folder != root else "."


def _record(folder: Path, root: Path) -> Record:
    shown = _shown_folder(folder, root)
    try:
        report = check(folder)
        return _from_manifest(folder, shown, report)
    except DdbgenError as error:
        return Record(shown, ERROR, error=str(error))


def _from_manifest(folder: Path, shown: str, report: Report) -> Record:
    from generator.folder.changes import recorded_state

    manifest = read_manifest(folder)
    if records_baseline(manifest):
        return _baseline_record(shown, report, recorded_baseline(manifest), manifest.version)
    recorded = recorded_state(manifest)
    if recorded is None:
        raise ManifestError(f"{manifest.path}: records no settings (ddbgen 0.1); regenerate the folder")
    design, values = recorded.design, recorded.values
    indexes = design.global_indexes_with(values)
    return Record(
        folder=shown,
        status=report.status,
        profile=report.source_text(),
        design=f"{design.name} (specification)" if design.builtin else design.name,
        table_name=values[design.table_name_input],
        billing_mode=values["billing_mode"],
        capacity=_capacity(values, indexes),
        global_indexes=tuple(index.name for index in indexes),
        local_indexes=tuple(index.name for index in design.local_indexes),
        point_in_time_recovery={
            "enabled": values["point_in_time_recovery_enabled"],
            "days": values["point_in_time_recovery_period_in_days"]
            if values["point_in_time_recovery_enabled"]
            else None,
        },
        alarms={
            "count": len(monitoring.alarm_keys(values, indexes, provider_line(recorded.aws_provider).resource_region)),
            "topic": values["alarm_sns_topic_arn"] or None,
        },
        dashboard=bool(values.get("enable_dashboard", False)),
        backup=values.get("backup"),
        aws_provider=recorded.aws_provider,
        generator_version=manifest.version,
    )


def _baseline_record(shown: str, report: Report, found: Baseline, version: str) -> Record:
    """An account baseline: no table, its alarms and topic."""
    return Record(
        folder=shown,
        status=report.status,
        profile=report.source_text(),
        design=BASELINE_DESIGN,
        alarms={
            "count": sum(bool(found.values[alarm.switch]) for alarm in BASELINE_ALARMS),
            "topic": found.values["alarm_sns_topic_arn"] or None,
        },
        aws_provider=found.aws_provider,
        generator_version=version,
    )


def _capacity(values: dict[str, Any], indexes: Any) -> dict[str, Any]:
    """The table's capacity as the manifest records it: provisioned units and scaling bounds, or on-demand limits."""
    if values["billing_mode"] == "PROVISIONED":
        found: dict[str, Any] = {"read": values["read_capacity"], "write": values["write_capacity"]}
        if values["enable_autoscaling"]:
            found["autoscaling"] = {
                "read_max": values["autoscaling_read_max_capacity"],
                "write_max": values["autoscaling_write_max_capacity"],
                "read_target": values["autoscaling_read_target_value"],
                "write_target": values["autoscaling_write_target_value"],
            }
        own = {index.name: _own_capacity(index) for index in indexes if _own_capacity(index)}
        if own:
            found["indexes"] = own
        return found
    limits = values["on_demand_throughput"] or {}
    return {
        "max_read_request_units": limits.get("max_read_request_units"),
        "max_write_request_units": limits.get("max_write_request_units"),
    }


def _own_capacity(index: Any) -> dict[str, int]:
    names = ("read_capacity", "write_capacity", "autoscaling_read_max_capacity", "autoscaling_write_max_capacity")
    return {name: getattr(index, name) for name in names if getattr(index, name) is not None}


def exit_status(records: list[Record]) -> str:
    """``error`` when any folder could not be read, else ``clean``: drift is shown, not failed (``check`` fails it)."""
    return ERROR if any(record.status == ERROR for record in records) else CLEAN
