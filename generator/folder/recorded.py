"""The profile a folder's manifest records, read again from where it was given.

``check`` and ``regenerate`` both start here: the built-in profile, or the
profile file (inside the repository, and still there), with the ``--set``
overrides the folder was made with.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ManifestError, ProfileError
from generator.profile.loader import Profile, load_source
from generator.profile.provenance import repository_root
from generator.reading import Unreadable, entry, inside
from generator.render.manifest import Manifest
from generator.shown import excerpt


def recorded_profile(folder: Path, manifest: Manifest, root: Path | None = None) -> Profile:
    """The profile a folder's manifest names, read again from where it was given.

    ``root``: the folder's repository root (``repository_root``), when the caller has it.
    """
    source = manifest.source
    if source is None:
        raise ManifestError(
            f"{manifest.path}: was written by ddbgen {manifest.version}, which recorded no profile source; "
            f"generate the folder once with ddbgen generate --profile NAME|PATH --out {folder}"
        )
    root = repository_root(folder) if root is None else root
    if source.path is not None:
        # Outside the repository is refused before anything is looked at there, existence included.
        try:
            missing = entry(inside(source.path, root)) is None
        except Unreadable as error:
            raise ProfileError(
                str(manifest.path),
                "profile.source.file",
                f"the recorded profile file {excerpt(str(source.path))} {error}",
            ) from None
        if missing:
            raise ProfileError(
                str(manifest.path),
                "profile.source",
                f"the recorded {source.describe()} no longer exists; restore it, or make the folder "
                f"from another profile with ddbgen generate --profile NAME|PATH --out {folder}",
            )
    return load_source(source, root, str(manifest.path))
