"""``ddbgen baseline``: write the account-and-region module, and read one back for check, regenerate and inventory.

A baseline folder's manifest records ``settings.kind: baseline`` and the
``--set`` overrides it was made with; every command that reads a folder again
renders it from those with the running ddbgen, as it renders a table module
from its recorded profile. The profile and render modules are imported only
where a baseline is made or rendered, so that ``check`` of table modules starts
as quickly without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import OutputError
from generator.folder.vendor import WriteResult, finish_interrupted_write, write
from generator.render.manifest import MANIFEST, Manifest, read_manifest

if TYPE_CHECKING:
    from generator.profile.baseline import Baseline

# What a baseline's manifest records as settings.kind (generator/profile/baseline.py NAME, KIND).
KIND, NAME = "kind", "baseline"


def generate_baseline(
    out: Path, overrides: Iterable[str], aws_provider: int, force: bool = False
) -> tuple[Baseline, WriteResult]:
    """Render the baseline with ``overrides`` for ``aws_provider`` and write it into ``out``."""
    from generator.profile.baseline import load_baseline
    from generator.render.baseline import render_baseline

    found = load_baseline(tuple(overrides), aws_provider)
    if (out / MANIFEST).exists():
        manifest = read_manifest(out)
        if not records_baseline(manifest):
            raise OutputError(
                f"{out}: holds a table module (profile {manifest.profile_name}), not a baseline: choose another --out"
            )
    finish_interrupted_write(out)
    return found, write(out, render_baseline(found, out), force=force)


def recorded(manifest: Manifest) -> Baseline:
    """The baseline a folder's manifest records, read again with this ddbgen."""
    from generator.profile.baseline import recorded_baseline

    assert manifest.source is not None and manifest.settings is not None
    return recorded_baseline(manifest.settings, manifest.source.overrides)


def records_baseline(manifest: Manifest | None) -> bool:
    """Whether a manifest is a baseline's: its settings name the kind, and it records the options it was made with."""
    return (
        manifest is not None
        and manifest.source is not None
        and isinstance(manifest.settings, dict)
        and manifest.settings.get(KIND) == NAME
    )


def rendered(found: Baseline, folder: Path) -> dict[str, bytes]:
    """The baseline's files for ``folder``, in memory."""
    from generator.render.baseline import render_baseline

    return render_baseline(found, folder)
