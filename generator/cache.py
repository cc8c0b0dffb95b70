"""ddbgen's cache folder: the user's own, never a repository's.

Two things are kept there between runs: Jinja's compiled templates, and the
record of each folder ``check`` found clean (``folder/clean_record.py``). Both
are trusted when read back (compiled templates are code; a record lets a check
conclude "clean" without rendering), so the folder must be one that only this
user can write: owned by the user, writable by no one else, and not a symbolic
link. A repository is content anyone may commit, so a cache folder inside one
(a folder above it holds ``.git``), or inside the repository being checked, is
never used: a CI job that sets ``XDG_CACHE_HOME`` to its workspace would
otherwise load a pull request's compiled templates and records.

``$DDBGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/ddbgen``, else ``~/.cache/ddbgen``;
``DDBGEN_CACHE_DIR=""`` turns the cache off. A folder that is not usable means
no cache, never an error: the cache only saves time.
"""

from __future__ import annotations

import os
import stat

CACHE_ENV = "DDBGEN_CACHE_DIR"


def cache_folder() -> str | None:
    """Where ddbgen's cache is configured to be (not yet checked); None when it is turned off."""
    folder = os.environ.get(CACHE_ENV)
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "ddbgen")
    return os.path.abspath(folder) if folder else None


def private_folder(path: str, create: bool) -> bool:
    """Whether ``path`` is a folder only this user can write (made so when ``create`` and it is absent)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            found = os.lstat(path)
        except OSError:
            return False
    except OSError:
        return False
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        and os.access(path, os.W_OK)
    )


def usable(create: bool = False) -> str | None:
    """The cache folder when it is on, outside every repository and only this user can write it, else None.

    ``create`` makes it (private) when it is absent.
    """
    folder = cache_folder()
    if folder is None or _in_a_repository(folder):
        return None
    return folder if private_folder(folder, create) else None


def _in_a_repository(folder: str) -> bool:
    """Whether a folder at or above ``folder`` holds ``.git``: the cache would be content anyone may commit."""
    current = os.path.realpath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def is_inside(path: str, root: str) -> bool:
    """Whether ``path`` (links followed) is ``root`` or lies below it (links followed)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)
