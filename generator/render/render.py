"""Render a resolved profile into the module's files, in memory.

Nothing here touches the output folder: ``render`` returns file names and
bytes, which ``vendor`` writes and ``check`` compares. The folder is an input
all the same: the manifest records the profile file relative to it, and the
module's messages quote the command that makes the folder again.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__, cache
from generator.errors import OutputError
from generator.hcl import literal, template
from generator.profile import addresses, dashboard, monitoring
from generator.profile.catalogue import STREAM_ARN_PLACEHOLDER, TABLE_ARN_PLACEHOLDER, Input, outputs, read_at_creation
from generator.profile.design import Design, Index
from generator.profile.loader import Profile
from generator.profile.moved import moves
from generator.profile.provenance import module_source
from generator.profile.provider_lines import provider_line
from generator.profile.rules import MRSC_SETS_TEXT, mrsc_set_expression, mrsc_sets_literal, partition_expression
from generator.reading import text_path
from generator.render import security
from generator.render.fingerprint import template_dir
from generator.render.hclformat import align_assignments
from generator.render.manifest import GENERATOR, INLINE, MANIFEST, RESOURCES, Rendered, header, manifest_bytes
from generator.render.markdown import markdown_cell, markdown_code, markdown_fenced, markdown_span, markdown_text
from generator.shown import excerpt

README = "README.md"
# Every file a render may produce, in the order the README lists them; a file
# whose template renders nothing for a profile is not produced.
TERRAFORM_FILES = (
    "main.tf",
    "indexes.tf",
    "autoscaling.tf",
    "alarms.tf",
    "dashboard.tf",
    "iam.tf",
    "contributor_insights.tf",
    "resource_policy.tf",
    "kinesis.tf",
    "backup.tf",
    "moved.tf",
    "variables.tf",
    "outputs.tf",
    "versions.tf",
)


@dataclass(frozen=True)
class Validation:
    condition: str
    message: str


def _fixed_message(item: Input, reason: str, profile: Profile, folder: Path) -> str:
    baked = profile.values[item.name]
    command = profile.source.command(folder, (item.name, literal(not baked)))
    return (
        f"{item.name} is fixed at generation: {reason[0].lower()}{reason[1:]} This module was generated from profile {profile.name} "
        f"with {item.name} = {literal(baked)}. To change it, regenerate the module; from the repository root: {command}"
    )


def validations(item: Input, profile: Profile, folder: Path, reason: str | None) -> list[Validation]:
    """The ``validation`` blocks of one variable: its rules, then the fixed-at-generation guard (``reason``: why it is fixed)."""
    ref = f"var.{item.name}"
    found = []
    for rule in item.rules:
        found.append(Validation(rule.variable_condition(ref, item.nullable), rule.error_message(item.name)))
    if reason is not None:
        baked = literal(profile.values[item.name])
        found.append(Validation(f"{ref} == {baked}", _fixed_message(item, reason, profile, folder)))
    return found


def ignore_changes(profile: Profile) -> list[str]:
    """What the table's lifecycle ignores, which Terraform takes only as literals."""
    ignored = list(read_at_creation(profile.aws_provider))
    if profile.values["enable_autoscaling"]:
        ignored = ["read_capacity", "write_capacity"] + ignored
        # On provider 5 a GSI's capacity has no address of its own in ignore_changes:
        # the whole index set is ignored, so an index-set change is refused at
        # generation (generator/folder/changes.py). On 6 each index ignores its own.
        if not provider_line(profile.aws_provider).gsi_resource and profile.design.has_global_indexes(profile.values):
            ignored.insert(2, "global_secondary_index")
    return ignored


def global_index_shape(profile: Profile) -> str:
    """How the render holds the global indexes: inside the table, or each as its own resource."""
    return RESOURCES if provider_line(profile.aws_provider).gsi_resource else INLINE


def _checkov_skips(address: str) -> str:
    """``#checkov:skip`` comments for the block at ``address``, each on a line of its own.

    A check that cannot fit a reusable module is skipped where it applies, with its
    reason (generator/render/security.py CHECKOV_SKIPS, keyed by address); checkov reads these.
    """
    return "".join(f"\n  #checkov:skip={check.id}:{check.reason}" for check in security.CHECKOV_SKIPS.get(address, ()))


def _environment():
    """The process's Jinja environment: templates compile once, however many profiles render."""
    return _environment_for(str(template_dir()))


@functools.cache
def _environment_for(directory: str):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["hcl"] = literal
    env.filters["hcl_template"] = template
    env.globals["checkov_skips"] = _checkov_skips
    env.filters["md_code"] = markdown_code
    env.filters["md_cell"] = markdown_cell
    env.filters["md_span"] = markdown_span
    env.filters["md_text"] = markdown_text
    env.filters["md_fenced"] = markdown_fenced
    return env


def _index_entry(index: Index, design: Design) -> dict[str, Any]:
    """A global index as the module holds it: what it is, its key schema, and its capacity expressions."""
    # One key_schema entry per attribute, in KeySchema order (every HASH before every RANGE, as the
    # provider's key schema validator requires): a multi-attribute key is more entries of a kind.
    schema = [
        {"attribute_name": name, "attribute_type": design.attributes[name], "key_type": kind}
        for name, kind in index.key_schema
    ]
    return {
        "index": index,
        "key_schema": schema,
        "non_key_attributes": list(index.non_key_attributes) or None,
        # HCL expressions: the index's own number, or the table's input.
        "read_capacity": _or_input(index.read_capacity, "read_capacity"),
        "write_capacity": _or_input(index.write_capacity, "write_capacity"),
        "read_max_capacity": _or_input(index.autoscaling_read_max_capacity, "autoscaling_read_max_capacity"),
        "write_max_capacity": _or_input(index.autoscaling_write_max_capacity, "autoscaling_write_max_capacity"),
        "read_target_value": _or_input(index.autoscaling_read_target_value, "autoscaling_read_target_value"),
        "write_target_value": _or_input(index.autoscaling_write_target_value, "autoscaling_write_target_value"),
        "on_demand_throughput": index.on_demand_throughput,
    }


def _or_input(value: float | None, name: str) -> str:
    return literal(value) if value is not None else f"var.{name}"


def _attributes(design: Design, gsi_resource: bool) -> list[dict[str, Any]]:
    """The table's attribute blocks: every key's, or, when each global index is its own resource
    (which declares its keys' types), the table's and its local indexes' keys only."""
    table_keys = {design.hash_key, design.range_key} | {index.range_key for index in design.local_indexes}
    return [
        {"name": name, "type": kind, "switch": design.attribute_switch(name), "note": design.notes.get(name)}
        for name, kind in design.attributes.items()
        if not gsi_resource or name in table_keys
    ]


def _bytecode_cache():
    """Compiled templates kept between runs, in ddbgen's cache folder (``generator/cache.py``).

    Jinja keys each entry by the template's source, so a changed template is
    compiled again. A cache folder that is off, or that others could write, means no cache.
    """
    import jinja2

    folder = cache.usable(create=True)
    return jinja2.FileSystemBytecodeCache(folder, f"jinja-{__version__}-%s.cache") if folder is not None else None


def variable_entry(
    item: Input, values: Mapping[str, Any], checks: list[Validation], fixed_because: str | None = None
) -> dict[str, Any]:
    """One input as ``variables.tf.j2`` and the READMEs read it."""
    return {
        "name": item.name,
        "type_lines": item.type.type_lines(),
        "type": item.type.hcl,
        "description": item.description,
        "required": item.required,
        "nullable": item.nullable,
        "default": None if item.required else values[item.name],
        "fixed_because": fixed_because,
        "validations": checks,
    }


def context(profile: Profile, folder: Path, former_names: tuple[str, ...] = ()) -> dict[str, Any]:
    design = profile.design
    provider = provider_line(profile.aws_provider)
    fixed = {item.name: item.fixed_reason(design, profile.values) for item in profile.inputs}
    inputs = [
        variable_entry(item, profile.values, validations(item, profile, folder, fixed[item.name]), fixed[item.name])
        for item in profile.inputs
    ]
    return {
        "profile_name": profile.name,
        "profile_description": profile.description,
        "generator": GENERATOR,
        "version": __version__,
        "design": design,
        "table": design.name,
        "table_resource": design.resource,
        "table_name_input": design.table_name_input,
        "attributes": _attributes(design, provider.gsi_resource),
        "global_indexes": [_index_entry(index, design) for index in design.global_indexes],
        "local_indexes": design.local_indexes,
        "provider": provider,
        "inputs": inputs,
        "outputs": outputs(design, profile.aws_provider, public_module_names=profile.moved_from is not None),
        "prevent_destroy": profile.values["prevent_destroy"],
        "autoscaling_baked": profile.values["enable_autoscaling"],
        "ignore_changes": ignore_changes(profile),
        "settings": profile.settings(),
        "regenerate_command": profile.source.command(folder),
        "module_source": module_source(folder),
        "alarms_notify_nobody": profile.values["enable_cloudwatch_alarms"]
        and not profile.values["alarm_sns_topic_arn"],
        "addresses": addresses,
        "moves": moves(profile, former_names),
        "former_names": [name for name in former_names if name != design.name],
        "moved_from": profile.moved_from,
        "iam": {
            "read_actions": security.READ_ACTIONS,
            "stream_actions": security.STREAM_ACTIONS,
            "list_streams_actions": security.LIST_STREAMS_ACTIONS,
            "write_actions": security.WRITE_ACTIONS,
            "kms_read_actions": security.KMS_READ_ACTIONS,
        },
        "backup_managed_policies": security.BACKUP_MANAGED_POLICIES,
        "dashboard": dashboard,
        "throttle_lines": dashboard.throttle_lines(),
        "system_errors_query": next(alarm.query for alarm in monitoring.ALARMS if alarm.measure == monitoring.INSIGHTS),
        "dashboard_layout": dashboard.layout(
            [index.key for index in design.global_indexes_with(profile.values)], replicas=True
        ),
        "alarms": monitoring.ALARMS,
        "alarm_thresholds": {alarm.key: profile.values[alarm.threshold_input] for alarm in monitoring.ALARMS},
        "alarm_windows": {
            alarm.key: (monitoring.window_of(alarm, profile.values), monitoring.window_note(alarm, profile.values))
            for alarm in monitoring.ALARMS
        },
        "alarms_left_out": monitoring.ALARMS_LEFT_OUT,
        "replica_partition": partition_expression("replica.region_name"),
        "mrsc_set": lambda region: mrsc_set_expression(region, "local.mrsc_region_sets"),
        "mrsc_region_sets": mrsc_sets_literal(),
        "mrsc_sets_text": MRSC_SETS_TEXT,
        "table_arn_placeholder": TABLE_ARN_PLACEHOLDER,
        "stream_arn_placeholder": STREAM_ARN_PLACEHOLDER,
    }


def _align_hcl_examples(markdown: str) -> str:
    """The README's HCL examples laid out as ``terraform fmt`` would, whatever length the design's names have."""
    parts = markdown.split("```hcl\n")
    for number, part in enumerate(parts[1:], start=1):
        code, fence, rest = part.partition("```")
        parts[number] = align_assignments(code) + fence + rest
    return "```hcl\n".join(parts)


def render(profile: Profile, folder: Path, former_names: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file of the module for ``profile`` written into ``folder``, by name, as the bytes to write.

    ``former_names``: logical names the design had before in this folder (its manifest records
    them); ``moved.tf`` moves their addresses to the current name's.
    """
    # Paths are written into the manifest and the regenerate command: they must be text.
    for path in (folder, profile.source.path):
        if path is not None and not text_path(path):
            raise OutputError(
                f"{excerpt(str(path))}: the path is not UTF-8 text, and ddbgen writes it into the module's files; rename it"
            )
    env = _environment()
    former_names = tuple(name for name in former_names if name != profile.design.name)
    values = context(profile, folder, former_names)
    files: dict[str, bytes] = {}
    for name in TERRAFORM_FILES + (README,):
        body = env.get_template(f"{name}.j2").render(values)
        body = align_assignments(body) if name.endswith(".tf") else _align_hcl_examples(body)
        if body.strip():
            files[name] = f"{header(name, profile.name)}\n\n{body}".encode()
    files[MANIFEST] = manifest_bytes(profile, folder, files, Rendered(global_index_shape(profile), former_names))
    return files
