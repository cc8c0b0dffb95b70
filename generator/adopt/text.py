"""What ``ddbgen adopt`` writes: the profile's text, the import blocks, and what the module creates beside them."""

from __future__ import annotations

import json
from typing import Any

from generator.adopt.capacity import METRIC, UNITS
from generator.hcl import quote
from generator.profile import addresses, monitoring
from generator.profile.catalogue import Input
from generator.profile.loader import Profile
from generator.profile.policy import json_text
from generator.profile.provider_lines import provider_line
from generator.profile.types import ListOf, Object
from generator.shown import counted


def shown(item: Input, value: Any) -> Any:
    """An input's value as the profile file writes it: policies as mappings, objects without their nulls."""
    if value is None:
        return None
    if item.json_document and isinstance(value, str):
        # A mapping reads better, but only where it gives back the very text (json_text's spacing).
        try:
            document = json.loads(value)
        except ValueError:
            return value
        # Floats stay text: YAML writes 1e-05 as 1.0e-05, which a policy does not take (values are kept as written).
        plain = isinstance(document, dict) and json_text(document) == value and not _holds_float(document)
        return document if plain else value
    if isinstance(item.type, Object) and isinstance(value, dict):
        return {key: entry for key, entry in value.items() if entry is not None}
    if isinstance(item.type, ListOf) and isinstance(item.type.item, Object) and isinstance(value, list):
        return [{key: entry for key, entry in element.items() if entry is not None} for element in value]
    return value


def _holds_float(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_float(item) for item in value)
    return isinstance(value, float)


def import_blocks(module: str, imports: list[tuple[str, str]], header: list[str]) -> str:
    """``import`` blocks for ``module.<module>``, as ``terraform fmt`` writes them."""
    blocks = [
        f"import {{\n  to = module.{module}.{address}\n  id = {quote(import_id)}\n}}\n"
        for address, import_id in imports
    ]
    comments = "".join(f"# {line}\n" for line in header)
    return comments + "\n" + "\n".join(blocks)


def alarm_keys(profile: Profile) -> list[str]:
    """The keys of the alarms the module creates for the profile's values, a replica region's as ``<region>/<key>``."""
    in_replica_regions = provider_line(profile.aws_provider).resource_region
    return monitoring.alarm_keys(profile.values, profile.design.global_indexes_with(profile.values), in_replica_regions)


def _alarm_name(table_name: str, key: str) -> str:
    region, _, own = key.rpartition("/")
    return monitoring.alarm_name(table_name, own) + (f" (in {region})" if region else "")


def creates(profile: Profile, imports: list[tuple[str, str]], region: str) -> list[str]:
    """What the module for ``profile`` creates that the imports do not bring in, one line each."""
    values, design = profile.values, profile.design
    imported = {address for address, _ in imports}
    table_name = values[design.table_name_input]
    indexes = design.global_indexes_with(values)
    found = []
    alarms = alarm_keys(profile)
    if alarms:
        names = ", ".join(_alarm_name(table_name, key) for key in alarms)
        found.append(f"{counted(len(alarms), 'CloudWatch alarm')}: {names}")
    if values["create_iam_policies"]:
        prefix = values["iam_policy_name_prefix"] or f"{table_name}-{region}"
        found.append(f"2 IAM policies: {prefix}-access, {prefix}-read-only")
    if values["enable_autoscaling"] and values["billing_mode"] == "PROVISIONED":
        scaled = [("table", f"table/{table_name}")] + [
            (index.key, f"table/{table_name}/index/{index.name}") for index in indexes
        ]
        targets = [(f"{key}_{unit}", resource_id, unit) for key, resource_id in scaled for unit in UNITS]
        new_targets = [
            key for key, _, _ in targets if addresses.instance(addresses.SCALING_TARGETS, key) not in imported
        ]
        new_policies = [
            f"{METRIC[unit]}:{resource_id}"
            for key, resource_id, unit in targets
            if addresses.instance(addresses.SCALING_POLICIES, key) not in imported
        ]
        if new_targets:
            found.append(f"{counted(len(new_targets), 'scaling target')}: {', '.join(new_targets)}")
        if new_policies:
            found.append(
                f"{counted(len(new_policies), 'target tracking scaling policy', 'target tracking scaling policies')}: {', '.join(new_policies)}"
            )
    if values["enable_contributor_insights"]:
        keys = [("table", "the table")] + [(index.key, f"index {index.name}") for index in indexes]
        new = [label for key, label in keys if addresses.instance(addresses.CONTRIBUTOR_INSIGHTS, key) not in imported]
        if new:
            found.append(f"Contributor Insights on {', '.join(new)}")
    regions = [replica["region_name"] for replica in values["replica_regions"]] if profile.aws_provider >= 6 else []
    for input_name, resource, what in (
        ("resource_policy", addresses.TABLE_POLICY, "resource policy"),
        ("stream_resource_policy", addresses.STREAM_POLICY, "stream resource policy"),
    ):
        if values[input_name] is None or (input_name == "stream_resource_policy" and not values["stream_enabled"]):
            continue
        keys = [("table", "the table")] + [(region, f"the replica in {region}") for region in regions]
        new = [label for key, label in keys if addresses.instance(resource, key) not in imported]
        if new:
            found.append(f"the {what} of {', '.join(new)}")
    return found
