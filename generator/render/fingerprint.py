"""What a render is made of, besides the profile: this ddbgen's code, templates and built-in profiles.

``fingerprint()`` digests them as the running process finds them on disk, with
the libraries and the Python that shape a render (Jinja, PyYAML, Unicode's
tables): two processes with one fingerprint render a profile to the same bytes.
A check keys its record of a clean folder by it (``folder/clean_record.py``), so
a template or code change, an upgrade of Jinja or a new Python makes the next
check render again. It is computed, never read from anywhere a repository could
write: reading some sixty small files costs about a millisecond.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

TEMPLATE_DIR_NAME = "templates"
PACKAGE = Path(__file__).resolve().parent.parent
# The files of the package a render reads: its code, the built-in profiles, the templates.
SUFFIXES = (".py", ".yaml", ".j2")
# Libraries whose version shapes a render (each one's __init__.py names its version).
LIBRARIES = ("jinja2", "yaml")


def template_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they sit at the top level."""
    packaged = PACKAGE / TEMPLATE_DIR_NAME
    return packaged if packaged.is_dir() else PACKAGE.parent / TEMPLATE_DIR_NAME


def _files(folder: str, skip: str | None = None) -> list[tuple[str, str]]:
    """(path relative to ``folder``, path) of each file a render reads under ``folder``, sorted."""
    found = []
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__" and os.path.join(current, name) != skip)
        for name in files:
            if name.endswith(SUFFIXES):
                path = os.path.join(current, name)
                found.append((os.path.relpath(path, folder).replace(os.sep, "/"), path))
    return sorted(found)


def fingerprint_of(package: Path, templates: Path) -> str:
    """The digest of ``package``'s code and built-in profiles, ``templates``, the libraries and the Python."""
    import unicodedata
    from importlib.util import find_spec

    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        # Length-prefixed, so that no two sequences of (label, data) give one stream.
        encoded = label.encode("utf-8", "surrogateescape")
        digest.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        digest.update(data)

    inner_templates = os.path.join(str(package), TEMPLATE_DIR_NAME)
    for relative, path in _files(str(package), skip=inner_templates):
        add(f"package/{relative}", _read(path))
    # One name for the templates whether they sit in the wheel's package or beside a checkout.
    for relative, path in _files(str(templates)):
        add(f"templates/{relative}", _read(path))
    for library in LIBRARIES:
        spec = find_spec(library)
        origin = spec.origin if spec is not None else None
        add(f"library/{library}", _read(origin) if origin and os.path.isfile(origin) else b"absent")
    add("python", f"{sys.implementation.name} {sys.version} unicode {unicodedata.unidata_version}".encode())
    return "sha256:" + digest.hexdigest()


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


@functools.cache
def fingerprint() -> str:
    """The running ddbgen's fingerprint, computed once per process."""
    return fingerprint_of(PACKAGE, template_dir())
