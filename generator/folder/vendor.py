"""Write a rendered module into a folder that users vendor, without ever losing their work.

One writer at a time: ``write`` holds the folder's lock (an ``flock`` on
``.ddbgen-lock`` inside it, removed when the write ends). A second writer waits
for the first, up to ``LOCK_WAIT`` seconds, then gives up with an error that
names the first's process. The lock is the kernel's: a writer that dies, even
by ``kill -9``, releases it.

A write works in two phases. First every new file, and a link to every file it
will replace, is written and synced into a staging folder (``.ddbgen-*``)
inside the target, and last a journal of the renames to come; a failure there
has changed nothing. Then files move into place by rename only; if one rename
fails, those already done are undone from the staged copies. The folder ends as
it was or as asked, and the staging folder is removed.

What no process can undo is its own ``kill -9`` (or a power cut) in the
middle of the renames: the folder is then part old, part new, and the staging
folder with its journal stays. The next write into the folder first finishes
that interrupted one from the journal (a roll-forward), then does its own; a
staging folder without a journal (killed before any rename) is removed.
Meanwhile ``check`` reports the folder as interrupted (``interrupted_write``).
So, whenever no ddbgen is writing it, a folder is as it was, as asked, or
interrupted with a journal that says so and that the next write completes.

A file without the ddbgen header is the user's: it is never overwritten unless
forced, and never removed. Generated files the new render no longer holds are
removed; other files are left alone. A symbolic link, a named pipe or any other
non-regular file where a generated file belongs is never read or followed: it
is "not a regular file", replaced only with ``--force``, never when a folder.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import OutputError, OwnershipError
from generator.folder.compare import CHANGED, MISSING, NOT_REGULAR, UNEXPECTED, file_states, is_owned
from generator.reading import Unreadable, entry, kind_of, read_regular
from generator.render.manifest import MANIFEST, digest
from generator.shown import excerpt

STAGING_PREFIX = ".ddbgen-"
LOCK = ".ddbgen-lock"
JOURNAL = "journal.json"
# A write takes well under a second; a writer still holding the lock after this is stuck.
LOCK_WAIT = 60.0


@dataclass
class WriteResult:
    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def interrupted_write(folder: Path) -> str | None:
    """Why ``folder`` may be part old, part new right now: a write killed mid-way, or one under way; None if neither."""
    journals = [path for path in _staging_folders(folder) if os.path.lexists(path / JOURNAL)]
    if not journals:
        return None
    holder = _lock_holder(folder)
    if holder is not None:
        return f"another ddbgen{holder} is writing this folder; check it again when that has finished"
    return (
        f"a ddbgen write into this folder was interrupted part way ({journals[0].name} holds its journal); "
        "the next ddbgen generate or regenerate of the folder finishes it"
    )


@dataclass(frozen=True)
class Planned:
    """The manifest a change plan was made against (``manifest_state``): the write holds only while it is still there."""

    manifest: str | None


def finish_interrupted_write(folder: Path) -> None:
    """Finish a killed write into ``folder`` now, so that a change plan reads the folder as that write left it."""
    if folder.is_dir() and not folder.is_symlink() and _staging_folders(folder):
        with _locked(folder):
            _recover(folder)


def manifest_state(folder: Path) -> str | None:
    """A digest of the folder's manifest as it is now; None when it has none."""
    try:
        data = read_regular(folder / MANIFEST)
    except Unreadable as error:
        return f"unreadable: {error}"
    return None if data is None else digest(data)


def write(folder: Path, files: dict[str, bytes], force: bool = False, planned: Planned | None = None) -> WriteResult:
    """Make ``folder`` hold exactly ``files`` among its generated files; leave other files alone.

    With ``planned``, the folder's manifest must still be the one the change plan
    read: another writer may have changed the folder between the plan and the lock.
    """
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    with _locked(folder) as created:
        try:
            _recover(folder)
            if planned is not None and manifest_state(folder) != planned.manifest:
                raise OutputError(
                    f"{folder / MANIFEST}: changed while ddbgen planned the change (another writer?); "
                    "nothing was written: run the command again"
                )
            for name in sorted(files):
                _check_ownership(folder / name, name, force)
            states = file_states(folder, files)
            changed = {name: files[name] for name, state in states.items() if state in (CHANGED, MISSING, NOT_REGULAR)}
            stale = [name for name, state in states.items() if state == UNEXPECTED]
            if changed or stale:
                _commit(folder, changed, stale)
        except BaseException:
            if created is not None:
                _remove_tree(created)
            raise
    return WriteResult(
        folder=folder,
        written=sorted(changed),
        unchanged=sorted(set(files) - set(changed)),
        removed=stale,
    )


def _check_ownership(target: Path, name: str, force: bool) -> None:
    try:
        found = entry(target)
    except Unreadable as error:
        raise OutputError(f"{target}: {error}") from None
    if found is None:
        return
    if stat.S_ISDIR(found.st_mode):
        raise OwnershipError(f"{target}: is a folder, where ddbgen writes a file; left untouched. Move it away.")
    if force or is_owned(target):
        return
    if not stat.S_ISREG(found.st_mode):
        raise OwnershipError(
            f"{target}: is {kind_of(found.st_mode)}, not a regular file, where ddbgen writes a generated file; "
            "left untouched and not followed. Move it away, or pass --force to replace it."
        )
    mark = "not a ddbgen manifest" if name == MANIFEST else "no '# Code generated by ddbgen' header"
    raise OwnershipError(
        f"{target}: exists and was not generated by ddbgen ({mark}); "
        "left untouched. Move it away, or pass --force to overwrite it."
    )


# -- the lock -------------------------------------------------------------------


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder that ``mkdir(parents=True)`` would create, if any."""
    missing = None
    for path in [folder, *folder.parents]:
        if os.path.lexists(path):
            break
        missing = path
    return missing


@contextmanager
def _locked(folder: Path) -> Iterator[Path | None]:
    """Hold ``folder``'s write lock (creating the folder if need be); yields the outermost folder this created."""
    import fcntl

    deadline = time.monotonic() + LOCK_WAIT
    path = folder / LOCK
    while True:
        created = _first_missing(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as error:
            if created is not None:
                _remove_tree(created)
            if error.errno == errno.ELOOP:
                raise OutputError(f"{path}: is a symbolic link where ddbgen keeps its write lock; remove it") from None
            if isinstance(error, PermissionError) or error.errno == errno.EROFS:
                # A folder nobody may write needs no lock: a write that changes nothing still succeeds,
                # and any other fails as it tries.
                yield None
                return
            raise OutputError(f"{folder}: cannot be written: {error.strerror or error}") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder_of(descriptor)
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"{folder}: another ddbgen{holder} has been writing this folder for {LOCK_WAIT:g} s; "
                    "nothing was written. Run again when it has finished."
                ) from None
            time.sleep(0.02)
            continue
        # The writer we waited for removes the lock file (and may remove a folder it
        # created): a lock on a file no longer at ``path`` locks nothing.
        if _same_file(descriptor, path):
            break
        os.close(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        yield created
    finally:
        if _same_file(descriptor, path):
            with suppress(OSError):
                os.unlink(path)
        os.close(descriptor)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(descriptor), os.lstat(path))
    except OSError:
        return False


def _holder_of(descriptor: int) -> str:
    """`` (process N)``: the writer that holds the lock, as it wrote itself into the lock file."""
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""


def _lock_holder(folder: Path) -> str | None:
    """`` (process N)`` when a writer holds ``folder``'s lock now, None when none does; never creates the lock file."""
    import fcntl

    try:
        descriptor = os.open(folder / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder_of(descriptor)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return None
    finally:
        os.close(descriptor)


# -- staging, journal and recovery ----------------------------------------------------


def _staging_folders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return sorted(
                folder / item.name
                for item in entries
                if item.name.startswith(STAGING_PREFIX) and item.name != LOCK and item.is_dir(follow_symlinks=False)
            )
    except OSError:
        return []


def _plain_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and 0 < len(name) <= 255
        and name not in (".", "..")
        and "/" not in name
        and "\x00" not in name
        and not name.startswith(STAGING_PREFIX)
    )


def _read_journal(staging: Path) -> tuple[list[str], list[str]] | None:
    """The renames and removals an interrupted write had staged, or None without a usable journal."""
    try:
        data = read_regular(staging / JOURNAL, limit=1 << 20)
        record = json.loads(data.decode("utf-8")) if data is not None else None
    except (Unreadable, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    renames, removals = record.get("renames"), record.get("removals")
    if not (isinstance(renames, list) and isinstance(removals, list)):
        return None
    if not all(_plain_name(name) for name in renames + removals):
        return None
    return renames, removals


def _recover(folder: Path) -> None:
    """Finish what a killed write into ``folder`` began (its journal says what), then remove its staging folder."""
    try:
        _roll_forward(folder)
    except (OSError, Unreadable) as error:
        raise OutputError(
            f"{folder}: a write into it was interrupted, and finishing it failed: {getattr(error, 'strerror', None) or error}; "
            "its staging folder .ddbgen-* was left as it is"
        ) from None


def _roll_forward(folder: Path) -> None:
    for staging in _staging_folders(folder):
        plan = _read_journal(staging)
        if plan is not None:
            renames, removals = plan
            for name in renames:
                staged, target = staging / "new" / name, folder / name
                found, present = entry(staged), entry(target)
                # Only over what a write may replace: nothing, or a file ddbgen wrote.
                if found is not None and stat.S_ISREG(found.st_mode) and (present is None or is_owned(target)):
                    os.replace(staged, target)
            for name in removals:
                if is_owned(folder / name):
                    os.unlink(folder / name)
            _sync_folder(folder)
        _remove_tree(staging)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the renames durable where the platform allows syncing a directory."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _keep(source: Path, copy: Path) -> None:
    """Keep the entry at ``source`` (a file, or a link as a link) at ``copy``: a hard link, else a copy."""
    try:
        os.link(source, copy, follow_symlinks=False)
    except OSError:
        import shutil

        shutil.copy2(source, copy, follow_symlinks=False)


def _commit(folder: Path, changed: dict[str, bytes], stale: list[str]) -> None:
    import tempfile

    staging: Path | None = None
    undo: list[tuple[str, bool]] = []  # (name, whether it was removed rather than written)
    keep_staging = False
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        new, old = staging / "new", staging / "old"
        new.mkdir()
        old.mkdir()
        # Phase 1: nothing in the folder changes yet.
        for name, data in changed.items():
            _write_synced(new / name, data)
            if os.path.lexists(folder / name):
                _keep(folder / name, old / name)
        _sync_folder(new)
        _sync_folder(old)
        # The journal comes last: with it, every new file is staged and the renames may begin.
        _write_synced(staging / JOURNAL, json.dumps({"renames": sorted(changed), "removals": stale}).encode("utf-8"))
        _sync_folder(staging)
        # Phase 2: renames only, each recorded so that it can be undone.
        for name in sorted(changed):
            os.replace(new / name, folder / name)
            undo.append((name, False))
        for name in stale:
            os.replace(folder / name, old / name)
            undo.append((name, True))
        _sync_folder(folder)
        os.unlink(staging / JOURNAL)
    except BaseException as error:
        keep_staging = not _undo(folder, staging, undo)
        if not keep_staging and staging is not None and os.path.lexists(staging / JOURNAL):
            os.unlink(staging / JOURNAL)
        if not isinstance(error, OSError):
            raise
        detail = f"{folder}: cannot be written: {error.strerror or excerpt(str(error))}"
        if keep_staging:
            assert staging is not None  # only what was staged can be kept
            detail += f"; some files could not be restored, their previous copies are in {staging / 'old'}"
        else:
            detail += "; the folder was left as it was"
        raise OutputError(detail) from None
    finally:
        if staging is not None and not keep_staging:
            _remove_tree(staging)


def _undo(folder: Path, staging: Path | None, undo: list[tuple[str, bool]]) -> bool:
    """Reverse the renames done so far, newest first; whether every one was reversed.

    A new file goes back into staging/new, so that the journal, if this stops
    part way, still describes a write the next run can finish.
    """
    restored = True
    for name, removed in reversed(undo):
        assert staging is not None
        try:
            if not removed:
                os.replace(folder / name, staging / "new" / name)
            if os.path.lexists(staging / "old" / name):
                os.replace(staging / "old" / name, folder / name)
        except OSError:
            restored = False
    return restored
