"""The record of a clean check, kept in ddbgen's cache: how the next check of the folder can skip the render.

A folder's render is a function of what it is made from: this ddbgen (its
version and ``render/fingerprint.py``'s digest of its code, templates and
built-in profiles), the folder's manifest (the profile it names, the overrides,
the design's former names), each profile file its ``extends`` chain reads, the
folder's path and the repository root. When ``check`` has rendered a folder and
found it clean, it keeps a record, keyed by digests of all of these, of the
profile files it read (as named, where they resolved to, their digests) and the
digest of every file it expected. The next check computes the key again, reads
each profile file again under the same confinement as the loader, and reads
every generated file without following links; when every digest it computes
matches the record, and no other generated file, staging folder or link is
there, the folder is what a render would give: clean, without parsing YAML,
importing Jinja or rendering. Anything else falls through to the full check.

The trust is in the record, never in the manifest: a pull request can commit a
manifest whose digests match edited files, but it cannot write the record,
which only ddbgen writes, after a render of its own, in a cache folder only the
user can write, outside every repository (``generator/cache.py``). The manifest
enters only as the digest of its bytes, part of the key.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__, cache
from generator.folder.compare import IDENTICAL, FileState, Report, is_owned
from generator.folder.vendor import LOCK, STAGING_PREFIX
from generator.profile.provenance import Source, repository_root
from generator.reading import Unreadable, digest, inside, read_regular
from generator.render.fingerprint import fingerprint
from generator.render.manifest import MANIFEST

if TYPE_CHECKING:
    from generator.profile.loader import Profile
    from generator.render.manifest import Manifest

SCHEMA = 1
RECORDS = "clean"
RECORD_LIMIT = 1 << 20


def _store(root: Path, create: bool = False) -> str | None:
    """The folder of records, when the cache is usable and lies outside the repository being checked."""
    base = cache.usable(create)
    if base is None or cache.is_inside(base, str(root)):
        return None
    store = os.path.join(base, RECORDS)
    return store if cache.private_folder(store, create) else None


def _absolute(folder: Path) -> str:
    """The folder as a render sees it (``os.path.normpath`` of its absolute path)."""
    return os.path.normpath(os.path.abspath(folder))


def _record_path(store: str, folder: str, root: Path) -> str:
    """One record per folder and repository root: a new clean check replaces the last."""
    name = hashlib.sha256(f"{folder}\0{root}".encode("utf-8", "surrogateescape")).hexdigest()
    return os.path.join(store, f"{name}.json")


def _key(folder: str, root: Path, manifest_digest: str) -> str:
    """The digest of what a render of ``folder`` is made from, besides the profile files."""
    material = [SCHEMA, __version__, fingerprint(), folder, str(root), manifest_digest]
    return hashlib.sha256(json.dumps(material).encode("utf-8", "surrogateescape")).hexdigest()


def remember(folder: Path, root: Path, manifest: Manifest, profile: Profile, files: dict[str, bytes]) -> None:
    """Keep the record of a clean check of ``folder`` against its recorded profile; no cache, no record."""
    if not all(read.named.is_absolute() for read in profile.read_files):
        return
    store = _store(root, create=True)
    if store is None:
        return
    absolute = _absolute(folder)
    source = profile.source
    record = {
        "schema": SCHEMA,
        "key": _key(absolute, root, manifest.digest),
        "profile": profile.name,
        "source": {
            "builtin": source.builtin,
            "file": str(source.path) if source.path is not None else None,
            "overrides": list(source.overrides),
        },
        "recorded": {"profile": manifest.profile_name, "generator_version": manifest.version},
        "reads": [[str(read.named), str(read.real), read.digest] for read in profile.read_files],
        "files": {name: digest(data) for name, data in sorted(files.items())},
    }
    path = _record_path(store, absolute, root)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def recall(folder: Path) -> Report | None:
    """The clean report of ``folder`` when its record holds for every digest computed now; None otherwise."""
    try:
        return _recall(folder)
    except (OSError, Unreadable, ValueError, RecursionError):
        return None


def _recall(folder: Path) -> Report | None:
    root = repository_root(folder)
    store = _store(root)
    if store is None:
        return None
    absolute = _absolute(folder)
    record = _read_record(_record_path(store, absolute, root))
    if record is None:
        return None
    manifest = read_regular(folder / MANIFEST)
    if manifest is None or record["key"] != _key(absolute, root, digest(manifest)):
        return None
    for named, real, expected in record["reads"]:
        # The loader's confinement, again: inside the repository, resolved where it was, a regular file.
        if str(inside(Path(named), root)) != real:
            return None
        data = read_regular(Path(real))
        if data is None or digest(data) != expected:
            return None
    files: dict[str, str] = record["files"]
    with os.scandir(folder) as entries:
        present = {item.name: item for item in entries}
    for name, expected in files.items():
        item = present.get(name)
        if item is None or not item.is_file(follow_symlinks=False):
            return None
        data = manifest if name == MANIFEST else read_regular(folder / name)
        if data is None or digest(data) != expected:
            return None
    for name, item in present.items():
        if name in files:
            continue
        if name.startswith(STAGING_PREFIX) and name != LOCK:
            return None  # a write under way or interrupted: the full check says which
        if item.is_file(follow_symlinks=False) and is_owned(folder / name):
            return None  # a generated file the render does not hold
    source = record["source"]
    return Report(
        folder,
        profile=record["profile"],
        source=Source(
            builtin=source["builtin"],
            path=Path(source["file"]) if source["file"] is not None else None,
            overrides=tuple(source["overrides"]),
        ),
        files=[FileState(name, IDENTICAL) for name in sorted(files)],
        recorded_profile=record["recorded"]["profile"],
        recorded_version=record["recorded"]["generator_version"],
        by_record=True,
    )


def _read_record(path: str) -> dict[str, Any] | None:
    """A record as ``remember`` writes it, or None (absent, damaged, or of another shape)."""
    data = read_regular(Path(path), RECORD_LIMIT)
    if data is None:
        return None
    record = json.loads(data.decode("utf-8"))
    if not isinstance(record, dict) or record.get("schema") != SCHEMA or not isinstance(record.get("key"), str):
        return None
    source, recorded = record.get("source"), record.get("recorded")
    reads, files = record.get("reads"), record.get("files")
    valid = (
        isinstance(record.get("profile"), str)
        and isinstance(source, dict)
        and (isinstance(source.get("builtin"), str) != isinstance(source.get("file"), str))
        and isinstance(source.get("overrides"), list)
        and all(isinstance(item, str) for item in source["overrides"])
        and isinstance(recorded, dict)
        and all(isinstance(recorded.get(key), str) for key in ("profile", "generator_version"))
        and isinstance(reads, list)
        and all(
            isinstance(item, list) and len(item) == 3 and all(isinstance(part, str) for part in item) for item in reads
        )
        and isinstance(files, dict)
        and MANIFEST in files
        and all(isinstance(name, str) and isinstance(value, str) for name, value in files.items())
    )
    return record if valid else None
