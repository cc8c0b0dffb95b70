"""``ddbgen-manifest.json``: how a module folder was made, so that it can be checked and made again.

It records the generator version, the profile as it was given (a built-in name
or a file relative to the folder, and the ``--set`` overrides), the profile
files the resolution read, the resolved settings and values, and a digest of
each generated file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.errors import ManifestError
from generator.profile.provenance import PROFILE_NAME, Source, relative_reads, source_from_record
from generator.reading import MAX_PATH, Unreadable, digest, read_regular, text_path

MANIFEST = "ddbgen-manifest.json"
GENERATOR = "ddbgen"


# How a folder's global indexes are rendered: inside the table (every ddbgen
# before 0.3, and provider 5) or each as its own resource (provider 6).
INLINE = "inline"
RESOURCES = "resources"


@dataclass(frozen=True)
class Rendered:
    """What a manifest records of the render itself, beside the profile: what the next render builds on."""

    global_indexes: str = INLINE
    # Logical names the design had before, oldest first: moved.tf keeps their addresses.
    former_names: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        return {"former_names": list(self.former_names), "global_indexes": self.global_indexes}


def manifest_bytes(profile: Any, folder: Path, files: dict[str, bytes], rendered: Rendered = Rendered()) -> bytes:
    """The manifest of ``files`` rendered from ``profile`` into ``folder``."""
    record = {
        "generated_by": GENERATOR,
        "generator_version": __version__,
        "profile": {
            "name": profile.name,
            "source": profile.source.record(folder),
            "reads": relative_reads(profile.reads, folder),
            "settings": profile.settings(),
            "values": profile.values,
        },
        "rendered": rendered.record(),
        "files": {name: digest(data) for name, data in sorted(files.items())},
    }
    return (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Manifest:
    """What a folder's manifest says; ``source`` is None when it records none (ddbgen 0.1)."""

    path: Path
    version: str
    profile_name: str
    source: Source | None
    reads: tuple[Path, ...]
    values: dict[str, Any]
    settings: dict[str, Any] | None = None  # None: a manifest that records no settings (ddbgen 0.1)
    rendered: Rendered = Rendered()
    digest: str = ""  # of the bytes this record was read from


# A version as ddbgen writes one: it is printed in reports and written into headers.
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")


def _parse(path: Path) -> tuple[Any, bytes]:
    """The JSON document at ``path`` and its bytes: a regular file, bounded in size, any depth refused cleanly;
    ManifestError says why not."""
    try:
        data = read_regular(path)
    except Unreadable as error:
        raise ManifestError(f"{path}: {error}") from None
    if data is None:
        raise ManifestError(
            f"{path}: no ddbgen manifest here; generate the folder with ddbgen generate, or pass --profile"
        )
    try:
        return json.loads(data.decode("utf-8")), data
    except UnicodeDecodeError:
        raise ManifestError(
            f"{path}: cannot be read: it is not UTF-8 text; regenerate the folder with ddbgen generate"
        ) from None
    except RecursionError:
        raise ManifestError(
            f"{path}: is nested too deeply to be a ddbgen manifest; regenerate the folder with ddbgen generate"
        ) from None
    except ValueError as error:
        # json's message gives a position, never the text.
        detail = str(error) if isinstance(error, json.JSONDecodeError) else "not JSON"
        raise ManifestError(
            f"{path}: is not valid JSON ({detail}); regenerate the folder with ddbgen generate"
        ) from None


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest; ManifestError says why there is no usable one."""
    path = folder / MANIFEST
    record, data = _parse(path)
    if not isinstance(record, dict) or record.get("generated_by") != GENERATOR:
        raise ManifestError(f'{path}: is not a ddbgen manifest (it has no "generated_by": "ddbgen")')
    profile = record.get("profile")
    version = record.get("generator_version")
    if not isinstance(profile, dict) or not isinstance(version, str) or not isinstance(profile.get("name"), str):
        raise ManifestError(
            f"{path}: is damaged: it must hold generator_version and profile.name; regenerate the folder"
        )
    if not VERSION.fullmatch(version):
        raise ManifestError(f"{path}: generator_version is damaged: it is not a version number; regenerate the folder")
    if not PROFILE_NAME.fullmatch(profile["name"]):
        raise ManifestError(f"{path}: profile.name is damaged: it is not a profile name; regenerate the folder")
    source = profile.get("source")
    if source is not None and not _valid_source(source):
        raise ManifestError(
            f"{path}: profile.source is damaged: it must hold builtin or file, and overrides; regenerate the folder"
        )
    reads = profile.get("reads", [])
    if not isinstance(reads, list) or not all(_valid_path(item) for item in reads):
        raise ManifestError(f"{path}: profile.reads is damaged: it must be a list of paths; regenerate the folder")
    values = profile.get("values")
    settings = profile.get("settings")
    return Manifest(
        path=path,
        version=version,
        profile_name=profile["name"],
        source=source_from_record(source, folder) if source is not None else None,
        reads=tuple((folder.absolute() / item) for item in reads),
        values=values if isinstance(values, dict) else {},
        settings=settings if isinstance(settings, dict) else None,
        rendered=_rendered(record.get("rendered"), path),
        digest=digest(data),
    )


def _valid_path(item: Any) -> bool:
    return isinstance(item, str) and 0 < len(item) <= MAX_PATH and "\x00" not in item and text_path(item)


def _rendered(record: Any, path: Path) -> Rendered:
    """The manifest's record of the render; a manifest without one was rendered with inline indexes."""
    from generator.profile.design import LOGICAL_NAME

    if record is None:
        return Rendered()
    damaged = ManifestError(
        f"{path}: rendered is damaged: it must hold global_indexes ({INLINE} or {RESOURCES}) and former_names "
        "(Terraform identifiers); regenerate the folder"
    )
    if not isinstance(record, dict):
        raise damaged
    shape = record.get("global_indexes", INLINE)
    names = record.get("former_names", [])
    # Former names become resource addresses in moved.tf: nothing but an identifier may pass.
    if shape not in (INLINE, RESOURCES) or not isinstance(names, list):
        raise damaged
    if not all(isinstance(name, str) and LOGICAL_NAME.fullmatch(name) for name in names):
        raise damaged
    return Rendered(shape, tuple(names))


def _valid_source(source: Any) -> bool:
    if not isinstance(source, dict):
        return False
    overrides = source.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(item, str) and text_path(item) for item in overrides):
        return False
    if "builtin" in source and not (isinstance(source["builtin"], str) and PROFILE_NAME.fullmatch(source["builtin"])):
        return False
    if "file" in source and not _valid_path(source["file"]):
        return False
    kinds = [key for key in ("builtin", "file") if isinstance(source.get(key), str) and source[key]]
    return len(kinds) == 1


def is_ddbgen_manifest(path: Path) -> bool:
    """Whether ``path`` holds a manifest ddbgen wrote (so it may replace it), damaged or not."""
    try:
        record, _ = _parse(path)
    except ManifestError:
        return False
    return isinstance(record, dict) and record.get("generated_by") == GENERATOR


def header(file_name: str, profile_name: str) -> str:
    """The first line of every generated file: who wrote it, from what, and hands off."""
    text = f"Code generated by {GENERATOR} {__version__} from profile {profile_name}; DO NOT EDIT."
    return f"<!-- {text} -->" if file_name.endswith(".md") else f"# {text}"


def is_generated(first_line: str) -> bool:
    """Whether a file's first line is a ddbgen header (any version, any profile)."""
    return first_line.lstrip("#<!- ").startswith(f"Code generated by {GENERATOR} ")
