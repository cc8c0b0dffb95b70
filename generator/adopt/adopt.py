"""``ddbgen adopt``: a profile and import blocks that take over a live table exactly as it is.

``adopt`` reads the table (``aws.read_table``), maps what it read to the
profile whose design and every input match the table (``mapping``), refuses
what the module could not keep without changing the table, loads the profile
it writes to check it resolves to what was read, and returns its text with the
``import`` blocks for the root module (``text``).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.adopt import mapping
from generator.adopt import text as adopt_text
from generator.adopt.aws import Clients, read_table
from generator.adopt.live import LiveTable
from generator.errors import AdoptError, ProfileError
from generator.profile import catalogue
from generator.profile.design import LOGICAL_NAME
from generator.profile.loader import DESCRIPTION, EXTENDS, Profile, is_path, load_profile
from generator.profile.moved import MOVED_FROM, PUBLIC_MODULE, TABLE_COPIES, MovedFrom, moved_blocks
from generator.profile.provenance import repository_root
from generator.profile.provider_lines import AWS_PROVIDER, DEFAULT_AWS_PROVIDER, read_aws_provider
from generator.profile.text import profile_yaml
from generator.shown import some, yaml_text

CHECK_NAME = "adopted.yaml"


@dataclass(frozen=True)
class Adoption:
    profile_yaml: str  # the profile file's text
    import_blocks: str  # HCL import blocks for the root module (terraform fmt clean)
    imports: list[tuple[str, str]]  # (address inside the module, import id)
    creates: list[str]  # what the module creates beside the imports
    cannot_represent: list[str]  # what the module cannot represent but leaves alone on apply


def adopt(
    table_name: str,
    *,
    module: str = "dynamodb",
    extends: str | None = None,
    aws_provider: int | None = None,
    moved_from: str | None = None,
    name: str | None = None,
    profile_path: str | Path | None = None,
    clients: Clients | None = None,
) -> Adoption:
    """Read table ``table_name`` and write the profile and import blocks that take it over as it is.

    ``module`` names the module block the imports go to; ``extends`` makes the
    profile extend that profile and hold only what differs from it (a path is
    written relative to ``profile_path``'s folder, where the profile will be
    written); ``name`` is the design's name (default: from the table name);
    ``moved_from`` names the copy of terraform-aws-modules/dynamodb-table's table
    that holds it (``this``, ``autoscaled`` or ``autoscaled_gsi_ignore``): the
    profile's ``moved_from`` moves its addresses, and the import blocks are
    left with what no ``moved`` block covers.
    """
    if not LOGICAL_NAME.fullmatch(module):
        raise AdoptError(
            f"module name {module} must be a Terraform identifier (a letter or underscore, then letters, digits, _ or -)"
        )
    if name is not None and not LOGICAL_NAME.fullmatch(name):
        raise AdoptError(
            f"design name {name} must be a Terraform identifier (a letter or underscore, then letters, digits, _ or -)"
        )
    if moved_from is not None and moved_from not in TABLE_COPIES:
        raise AdoptError(
            f"--moved-from {moved_from}: must name the public module's table copy that holds the table: "
            f"{', '.join(TABLE_COPIES)} (`terraform state list | grep aws_dynamodb_table` in its root shows it)"
        )
    if aws_provider is not None:
        read_aws_provider(aws_provider, "--aws-provider")
    parent = load_profile(extends) if extends is not None else None
    # The line the profile renders for: the one asked for, else the parent's, else the default.
    provider = aws_provider or (parent.aws_provider if parent is not None else DEFAULT_AWS_PROVIDER)

    live = read_table(table_name, clients)
    plan = mapping.plan(live, provider, name)
    if plan.refusals:
        more = f" (and {len(plan.refusals) - 1} more: {'; '.join(plan.refusals[1:])})" if len(plan.refusals) > 1 else ""
        raise AdoptError(f"cannot adopt table {live.name}: {plan.refusals[0]}{more}")

    settings: dict[str, Any] = {
        DESCRIPTION: f"DynamoDB table {live.name} in {live.region}, adopted as it is by ddbgen adopt."
    }
    if aws_provider is not None:
        settings[AWS_PROVIDER] = aws_provider
    section = plan.design.as_profile()
    inputs = [item for item in catalogue.inputs(plan.design, provider) if not item.required]
    if parent is None:
        if section is not None:
            settings["table"] = section
        baseline = catalogue.defaults(plan.design, provider)
        written = {item.name: plan.values.get(item.name, baseline[item.name]) for item in inputs}
        parent_ref = check_ref = None
        root = None
    else:
        assert extends is not None
        parent_ref, check_ref = _extends_refs(extends, profile_path)
        root = _check_root(extends, profile_path)
        if section != parent.design.as_profile():
            settings["table"] = section
        baseline = _baseline(live.name, check_ref, provider, section, root)
        _check_inherited_tags(live.name, extends, baseline["common_tags"], plan.values["common_tags"])
        written = {
            item.name: plan.values[item.name]
            for item in inputs
            if item.name in plan.values and plan.values[item.name] != baseline[item.name]
        }
    if moved_from is not None:
        settings[MOVED_FROM] = MovedFrom(PUBLIC_MODULE, moved_from).as_profile()
    body = {item.name: adopt_text.shown(item, written[item.name]) for item in inputs if item.name in written}

    header = [
        f"Profile of DynamoDB table {live.name} in {live.region} (account {live.account}), written by ddbgen adopt",
        "from what the AWS API answers: its design and every input keep the table as it is.",
        "Generate its module: ddbgen generate --profile <this file> --out <module folder>",
        "then import the table with the import blocks adopt writes (--import-file), in the root module.",
    ]
    text = "".join(f"# {comment}\n" for comment in header) + profile_yaml(_document(parent_ref, settings, body))
    profile = _check(live, plan, provider, profile_yaml(_document(check_ref, settings, body)), root)

    imports = list(plan.imports)
    if moved_from is not None:
        # What a moved block takes over needs no import; what it does not (the index
        # resources of provider 6, Contributor Insights) still does.
        moved = {target for _source, target in moved_blocks(profile)}
        imports = [(address, import_id) for address, import_id in imports if address not in moved]
    blocks = adopt_text.import_blocks(
        module,
        imports,
        [
            f"Import blocks for DynamoDB table {live.name} in {live.region}, written by ddbgen adopt.",
            f"Terraform takes import blocks only in the root module: keep them beside module {module}.",
        ],
    )
    return Adoption(
        profile_yaml=text,
        import_blocks=blocks,
        imports=imports,
        # What moves in is brought in as surely as what is imported.
        creates=adopt_text.creates(profile, plan.imports, live.region),
        cannot_represent=list(plan.notes),
    )


def _document(extends: str | None, settings: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    return {**({EXTENDS: extends} if extends is not None else {}), **settings, **body}


def _extends_refs(extends: str, profile_path: str | Path | None) -> tuple[str, str]:
    """``extends`` as the written profile gives it (relative to its folder) and as the check reads it (absolute)."""
    if not is_path(extends):
        return extends, extends
    target = Path(extends).resolve()
    folder = Path(profile_path).resolve().parent if profile_path is not None else Path.cwd()
    return Path(os.path.relpath(target, folder)).as_posix(), str(target)


def _check_root(extends: str, profile_path: str | Path | None) -> Path | None:
    """The repository root the profile adopt writes will be read in, which its ``extends`` must lie in."""
    if not is_path(extends):
        return None
    target = Path(extends).resolve()
    root = repository_root(Path(profile_path).resolve() if profile_path is not None else target)
    if root in target.parents:
        return root
    if profile_path is None:
        return target.parent
    raise AdoptError(
        f"--extends {extends} lies outside the repository root {root} of {profile_path}: the profile adopt writes "
        "could not be read there (a profile extends only profiles inside its repository)"
    )


def _load_text(text: str, root: Path | None) -> Profile:
    with tempfile.TemporaryDirectory(prefix="ddbgen-adopt-") as folder:
        path = Path(folder) / CHECK_NAME
        path.write_text(text, encoding="utf-8")
        return load_profile(str(path), root=root)


def _baseline(table_name: str, extends: str, aws_provider: int, section: Any, root: Path | None) -> dict[str, Any]:
    """The parent's resolved values for the adopted table's design and provider line."""
    text = profile_yaml({EXTENDS: extends, AWS_PROVIDER: aws_provider, "table": section})
    try:
        return _load_text(text, root).values
    except ProfileError as error:
        raise AdoptError(f"cannot adopt table {table_name} extending {extends}: {_problem(error)}") from None


def _problem(error: ProfileError) -> str:
    """A profile error without the name of the temporary file adopt checked."""
    where = error.source if not error.source.endswith(CHECK_NAME) else ""
    return ": ".join(part for part in (where, error.key, error.problem) if part)


def _check_inherited_tags(table_name: str, extends: str, inherited: dict[str, str], live: dict[str, str]) -> None:
    extra = sorted(set(inherited) - set(live))
    if extra:
        raise AdoptError(
            f"cannot adopt table {table_name} extending {extends}: it sets tags {some(extra)}, which the table does not have, "
            "and a profile cannot drop an inherited tag, so apply would add them; adopt without --extends, "
            "or extend a profile without them"
        )


def _check(live: LiveTable, plan: mapping.Plan, aws_provider: int, text: str, root: Path | None) -> Profile:
    """Load the profile adopt writes and check it resolves to what was read."""
    try:
        profile = _load_text(text, root)
    except ProfileError as error:
        raise AdoptError(
            f"cannot adopt table {live.name}: the module cannot take what the table has: {_problem(error)}"
        ) from None
    if profile.aws_provider != aws_provider or profile.design.as_profile() != plan.design.as_profile():
        raise AdoptError(f"cannot adopt table {live.name}: the profile does not resolve to the table's design")
    for key, value in plan.values.items():
        if profile.values[key] != value:
            raise AdoptError(
                f"cannot adopt table {live.name}: the profile resolves {key} to {yaml_text(profile.values[key])}, "
                f"but the table has {yaml_text(value)}"
            )
    return profile
