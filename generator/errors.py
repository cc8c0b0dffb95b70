"""The user-facing failures of ddbgen: one family, one subclass per kind.

The CLI catches exactly ``DdbgenError`` and prints its message (exit 2); any
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class DdbgenError(Exception):
    """A problem with what the user asked for, not with ddbgen itself."""


class ProfileError(DdbgenError):
    """A profile file, a built-in profile name or a ``--set`` override is invalid."""

    def __init__(self, source: str, key: str | None, problem: str) -> None:
        self.source = source
        # A key is a name: a key of a megabyte is shown as its beginning.
        self.key = key if key is None or len(key) <= 200 else key[:199] + "…"
        self.problem = problem
        where = f"{source}: {self.key}" if self.key else source
        super().__init__(f"{where}: {problem}")


class OwnershipError(DdbgenError):
    """``generate`` would overwrite a file that ddbgen did not write."""


class OutputError(DdbgenError):
    """The output folder cannot be read or written as asked."""


class ManifestError(DdbgenError):
    """A folder's ddbgen manifest is missing, unreadable or not what ddbgen writes."""


class AdoptError(DdbgenError):
    """The live table cannot be read, or the module cannot keep it as it is."""
