"""Reading what a repository names: inside the repository, regular files only, and bounded.

``ddbgen check`` runs in CI on pull requests, where anyone can commit a profile,
a manifest, a generated file or a symbolic link. So every file ddbgen reads
because such content names it goes through here:

- a path a profile or a manifest names must resolve (symbolic links followed)
  inside the repository root, the nearest folder above holding ``.git``, else
  the folder ddbgen runs in; never into ``.git`` itself;
- only regular files are opened: a named pipe would hang the read, a device
  (``/dev/zero``) would never end it, and a symbolic link where a generated
  file belongs is reported, never followed;
- a file over ``MAX_FILE_BYTES`` is refused before it is read.

Errors name the path and what is wrong with it, never what the file holds.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from generator.shown import excerpt

# Profiles, manifests and generated files are a few kB; a few MiB leaves room for
# any real one and keeps a hostile one from costing more than a second.
MAX_FILE_BYTES = 4 * 1024 * 1024
LIMIT_TEXT = "4 MiB"


def digest(data: bytes) -> str:
    """The digest ddbgen records of a file's bytes: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Unreadable(Exception):
    """A file that is not read, and why (a phrase completing "<path> ...")."""


class NotRegular(Unreadable):
    """Something other than a regular file where one was expected: ``kind`` says what."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"is {kind}, not a regular file")


def kind_of(mode: int) -> str:
    """What a file system entry is, in words."""
    for test, kind in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    ):
        if test(mode):
            return kind
    return "not a file"


def entry(path: Path) -> os.stat_result | None:
    """The entry at ``path`` itself (a link is not followed), or None when there is none."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as error:
        raise Unreadable(f"cannot be read: {_reason(error)}") from None


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of the regular file at ``path``, never following a link; None when nothing is there.

    Raises ``NotRegular`` for anything else at ``path`` and ``Unreadable`` for a
    file over ``limit`` bytes or one that cannot be read.
    """
    found = entry(path)
    if found is None:
        return None
    if not stat.S_ISREG(found.st_mode):
        raise NotRegular(kind_of(found.st_mode))
    if found.st_size > limit:
        raise _too_large(found.st_size, limit)
    try:
        # O_NONBLOCK: a named pipe swapped in after the lstat must not block the open.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ELOOP or error.errno == errno.EMLINK:
            raise NotRegular("a symbolic link") from None
        raise Unreadable(f"cannot be read: {_reason(error)}") from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegular(kind_of(opened.st_mode))
        if opened.st_size > limit:
            raise _too_large(opened.st_size, limit)
        data = _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise Unreadable(f"cannot be read: {_reason(error)}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def first_line(path: Path, limit: int = 4096) -> str | None:
    """The first line of the regular file at ``path`` (at most ``limit`` bytes), or None for anything else."""
    try:
        found = entry(path)
    except Unreadable:
        return None
    if found is None or not stat.S_ISREG(found.st_mode):
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        data = _read_at_most(descriptor, limit)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return data.split(b"\n", 1)[0].decode("utf-8", errors="replace")


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks = []
    while count > 0:
        chunk = os.read(descriptor, min(count, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> Unreadable:
    shown = LIMIT_TEXT if limit == MAX_FILE_BYTES else f"{limit} bytes"
    return Unreadable(f"is {size} bytes, over ddbgen's limit of {shown} for the files it reads; it was not read")


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__


# The longest path the system takes (Linux's PATH_MAX).
MAX_PATH = 4096


def resolved(path: Path) -> Path:
    """``path`` with every link followed; ``Unreadable`` for a path no file system holds."""
    text = str(path)
    if "\x00" in text:
        raise Unreadable("holds a NUL character, which no file name can")
    if len(text) > MAX_PATH:
        raise Unreadable(f"is {len(text)} characters long, longer than any path the system takes")
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError) as error:
        raise Unreadable(f"cannot be resolved: {_reason(error)}") from None


def inside(path: Path, root: Path) -> Path:
    """``path`` resolved (links followed); ``Unreadable`` unless it lies inside ``root`` and outside its ``.git``."""
    real, base = resolved(path), resolved(root)
    if real != base and base not in real.parents:
        raise Unreadable(
            f"resolves to {excerpt(str(real))}, outside the repository root {excerpt(str(base))}; "
            "ddbgen reads only files inside the repository it checks"
        )
    if ".git" in real.relative_to(base).parts:
        raise Unreadable("lies inside .git, the repository's own data, which ddbgen never reads")
    return real


def text_path(path: Path | str) -> bool:
    """Whether a path is text (UTF-8): one holding undecodable bytes cannot be written into a module's files."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
