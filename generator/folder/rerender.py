"""Render a folder that has a manifest again: the files, and the change plan against what it records.

``generate`` into such a folder and ``regenerate`` both come here. The plan
(``changes``) decides whether anything may be written; the render keeps the
addresses of the folder's former logical names (``moved.tf``); and when the
global indexes move out of the table into resources of their own, the root's
``import`` blocks are built here too (Terraform takes them only in the root).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DdbgenError, ManifestError, OutputError
from generator.folder import changes as planning
from generator.folder.changes import Change, Options, Recorded
from generator.hcl import literal
from generator.profile.loader import Profile
from generator.render.manifest import INLINE, MANIFEST, Manifest, read_manifest
from generator.render.render import global_index_shape, render

IMPORT_HEADER = "# Import blocks written by ddbgen: Terraform takes them only in the root module."


@dataclass(frozen=True)
class Rerendered:
    files: dict[str, bytes]
    changes: list[Change] = field(default_factory=list)
    refused: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    imports: str | None = None  # the root's import blocks, when the render needs them
    refusal: str = ""  # the message that stops the write, when ``refused``


def existing_manifest(folder: Path, force: bool = False) -> Manifest | None:
    """The folder's manifest, or None where it has none (a new folder).

    A manifest that cannot be read is an error: the change plan is made against
    it, and writing without one could replace the table unannounced. ``force``
    writes the folder as new all the same.
    """
    try:
        manifest = read_manifest(folder)
        planning.recorded_state(manifest)  # what the change plan compares with: its damage stops the write too
        return manifest
    except ManifestError as error:
        if force or not os.path.lexists(folder / MANIFEST):
            return None
        raise _unplannable(error) from None


def _recorded(manifest: Manifest) -> Recorded | None:
    try:
        return planning.recorded_state(manifest)
    except ManifestError as error:
        raise _unplannable(error) from None


def _unplannable(error: ManifestError) -> ManifestError:
    # The manifest's own advice (regenerate the folder) is what cannot be done safely without it.
    found = str(error).split("; regenerate")[0]
    return ManifestError(
        f"{found}. ddbgen plans each change against this record, so it writes nothing without it: restore it "
        "(git checkout -- the file), or generate the folder with --force to write it as new, with no change plan"
    )


def former_names(manifest: Manifest | None, recorded: Recorded | None, profile: Profile) -> tuple[str, ...]:
    """The logical names the folder's design had before the profile's, oldest first."""
    names = list(manifest.rendered.former_names) if manifest is not None else []
    if recorded is not None and recorded.design.name not in names:
        names.append(recorded.design.name)
    return tuple(name for name in names if name != profile.design.name)


def rerender(
    folder: Path, profile: Profile, manifest: Manifest | None, options: Options, live_table: str | None = None
) -> Rerendered:
    """The files ``profile`` renders into ``folder``, and the plan of what they change against ``manifest``'s record."""
    recorded = _recorded(manifest) if manifest is not None else None
    found = planning.plan(recorded, profile, options) if recorded is not None else []
    if live_table is not None:
        if not any(change.on_table for change in found):
            raise DdbgenError(
                f"--live-table {live_table}: no change to the set of global indexes waits for the table here; "
                "give --live-table only to finish a change ddbgen refused and printed the AWS CLI commands for"
            )
        from generator.folder.live_indexes import read_global_indexes

        found = planning.live_resolved(found, live_table, read_global_indexes(live_table))
    prevent_destroy = bool(profile.values["prevent_destroy"])
    refused = planning.refusals(found, options, prevent_destroy)
    imports = _imports(recorded, profile, options) if not refused else None
    if recorded is None and options.import_file is not None:
        raise DdbgenError(
            f"--import-file {options.import_file}: {folder} records no earlier render to move indexes from"
        )
    files = render(profile, folder, former_names(manifest, recorded, profile))
    warned = planning.warnings(found, options, prevent_destroy)
    if recorded is None:
        warned += planning.new_table_warnings(profile)
    return Rerendered(
        files=files,
        changes=found,
        refused=refused,
        warnings=warned,
        imports=imports,
        refusal=planning.refusal_message(folder, refused, prevent_destroy, options.allow_replacement)
        if refused
        else "",
    )


def _imports(recorded: Recorded | None, profile: Profile, options: Options) -> str | None:
    """The root's import blocks for global indexes that move out of the table into resources of their own."""
    if options.import_file is None:
        return None
    indexes = profile.design.global_indexes_with(profile.values)
    moving = (
        recorded is not None and recorded.global_indexes == INLINE and global_index_shape(profile) != INLINE and indexes
    )
    if not moving:
        raise DdbgenError(
            f"--import-file {options.import_file}: nothing to import: this render moves no global index out of the table "
            "(only a module rendered with inline indexes, by ddbgen 0.2 or for AWS provider 5, regenerated for provider 6 does)"
        )
    module = options.module
    if module is None:
        raise DdbgenError("--import-file needs --module NAME: the root's module block that calls this folder")
    if options.import_file.exists():
        raise OutputError(f"{options.import_file}: exists; left untouched. Move it away and run again.")
    arn = f"module.{module}.{profile.design.name}_table_arn"
    blocks = []
    for index in indexes:
        address = (
            f"module.{module}.aws_dynamodb_global_secondary_index.{index.resource_name}{'[0]' if index.switch else ''}"
        )
        # The index's ARN is the table's and /index/<name>: the import id the provider's
        # migrate acceptance tests use (TestAccDynamoDBGlobalSecondaryIndex_migrate_multiple_importblock).
        blocks.append(f'import {{\n  to = {address}\n  id = join("/index/", [{arn}, {literal(index.name)}])\n}}\n')
    lines = [
        IMPORT_HEADER,
        f"# Each global index of module.{module} moves out of its table into a resource of its own: import each,",
        "# plan (it imports them and changes nothing), apply, then delete this file.",
    ]
    return "\n".join(lines) + "\n\n" + "\n".join(blocks)


def write_imports(path: Path, text: str) -> None:
    """Write the root's import blocks (``rerender`` checked that no file is there)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
