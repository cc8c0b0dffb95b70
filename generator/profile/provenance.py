"""Where a module folder's profile came from, and the command that makes the folder again.

A folder records its profile as it was given: a built-in name, or a profile
file as a path relative to the folder (so the record holds wherever the
repository is cloned), with the ``--set`` overrides. ``check`` and
``regenerate`` read that profile again; error messages and the module's
fixed-at-generation guards quote the ``ddbgen generate`` command, with paths
relative to the repository root, that makes the folder again.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

# A profile's name (its file's stem): it is written into headers and comments, so it
# cannot end a line or hold anything a reader would take for syntax.
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,254}")


@dataclass(frozen=True)
class ProfileRead:
    """One profile file a resolution read: the path as named (the manifest's, or a parent's ``extends``
    joined to that file's folder), where it resolved to, and the digest of the bytes read there."""

    named: Path
    real: Path
    digest: str


@dataclass(frozen=True)
class Source:
    """A profile as asked for: ``builtin`` name or ``path`` (absolute), and the overrides given with it."""

    builtin: str | None = None
    path: Path | None = None
    overrides: tuple[str, ...] = ()
    # How a built-in that is not a table's profile calls itself (the account baseline), not compared.
    called: str | None = field(default=None, compare=False)

    @property
    def reference(self) -> str:
        return self.builtin if self.builtin is not None else str(self.path)

    def describe(self) -> str:
        """``built-in profile production`` or ``profile file profiles/x.yaml``, then ``--set`` overrides.

        A file is shown relative to its repository root, whatever folder ddbgen runs in.
        """
        if self.called is not None:
            text = self.called
        elif self.builtin is not None:
            text = f"built-in profile {self.builtin}"
        else:
            assert self.path is not None
            text = f"profile file {shown_path(self.path)}"
        return text + "".join(f" --set {shlex.quote(item)}" for item in self.overrides)

    def shown(self) -> dict[str, Any]:
        """The source as ``check --format json`` shows it: a file relative to its repository root."""
        where: dict[str, Any] = {"builtin": self.builtin} if self.path is None else {"file": shown_path(self.path)}
        return {**where, "overrides": list(self.overrides)}

    def record(self, folder: Path) -> dict[str, Any]:
        """The manifest's record of this source, with a file path relative to ``folder``."""
        where: dict[str, Any] = (
            {"builtin": self.builtin} if self.builtin is not None else {"file": _relative(self.path, folder)}
        )
        return {**where, "overrides": list(self.overrides)}

    def command(self, folder: Path, override: tuple[str, str] | None = None) -> str:
        """``ddbgen generate ...`` that renders ``folder`` again, run from the repository root.

        ``override`` (key, value text) replaces or adds one ``--set``.
        """
        root = repository_root(folder)
        overrides = list(self.overrides)
        if override is not None:
            key, value = override
            overrides = [item for item in overrides if item.partition("=")[0].strip() != key] + [f"{key}={value}"]
        profile = self.builtin if self.builtin is not None else _relative(self.path, root)
        words = ["ddbgen", "generate", "--profile", profile]
        for item in overrides:
            words += ["--set", item]
        words += ["--out", _relative(folder, root)]
        return " ".join(shlex.quote(word) for word in words)


def source_from_record(record: Mapping[str, Any], folder: Path) -> Source:
    """The source a manifest recorded (validated by the caller's schema check)."""
    overrides = tuple(record.get("overrides", ()))
    if "builtin" in record:
        return Source(builtin=record["builtin"], overrides=overrides)
    return Source(path=Path(os.path.normpath(folder.absolute() / record["file"])), overrides=overrides)


def repository_root(folder: Path) -> Path:
    """The nearest folder above ``folder`` holding ``.git``; without one, the folder ddbgen runs in."""
    absolute = Path(os.path.normpath(folder.absolute()))
    for candidate in absolute.parents:
        if (candidate / ".git").exists():
            return candidate
    return Path.cwd()


def module_source(folder: Path) -> str:
    """The folder as a ``module`` block's ``source`` in a root module at the repository root."""
    relative = _relative(folder, repository_root(folder))
    return relative if relative.startswith("../") else f"./{relative}"


def _relative(path: Path | None, start: Path) -> str:
    assert path is not None
    text = os.path.relpath(os.path.normpath(path.absolute()), os.path.normpath(start.absolute()))
    return str(PurePosixPath(*Path(text).parts))


def shown_path(path: Path) -> str:
    """A profile file as messages show it: relative to its repository root (README, "Untrusted repositories"),
    or the absolute path of a file outside it."""
    relative = _relative(path, repository_root(path))
    return relative if not relative.startswith("..") else str(path.absolute())


def relative_reads(reads: tuple[Path, ...], folder: Path) -> list[str]:
    """The profile files a resolution read, relative to ``folder`` (for the manifest)."""
    return [_relative(path, folder) for path in reads]
