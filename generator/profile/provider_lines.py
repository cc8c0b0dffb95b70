"""The AWS provider lines a module can be rendered for, and what each render may use.

Terraform takes one version constraint per provider for the whole root, so a
module must admit the line its root uses. A render for one line uses only what
that line has and nothing it deprecates; ``versions.tf`` admits the line from
the lowest release that has every argument the render uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import ProfileError
from generator.shown import yaml_text

# The profile setting that chooses the line, and the line without one.
AWS_PROVIDER = "aws_provider"
DEFAULT_AWS_PROVIDER = 6


@dataclass(frozen=True)
class ProviderLine:
    major: int
    # The lowest release of the line with every argument the render uses (see
    # MINIMUM_BECAUSE), and why: each argument that raised it, with its release.
    minimum: str
    minimum_because: tuple[tuple[str, str], ...]
    # data.aws_region's name for the region: "name" until 6.0 deprecated it for "region".
    region_attribute: str
    # Each global index its own aws_dynamodb_global_secondary_index (provider 6): the
    # table declares none, so one index changes without Terraform touching the others,
    # and with autoscaling each index ignores only its own capacity. On provider 5 the
    # indexes are the table's global_secondary_index blocks.
    gsi_resource: bool
    # Arguments only provider 6 has: Contributor Insights mode, warm throughput,
    # a replica's consistency_mode and deletion protection, the per-resource
    # region argument that lets one module manage policies in a replica's region,
    # a multi-Region strong consistency witness (6.22.0) and a restore from an
    # on-demand backup (restore_backup_arn, 6.38.0).
    contributor_insights_mode: bool
    warm_throughput: bool
    # Global index keys of up to four attributes each: key_schema entries, which provider
    # 6.29.0 brought (#45357); the line-6 render's floor (6.44.0) is above it. Line 5 has
    # one hash_key and one range_key per index.
    multi_attribute_keys: bool
    replica_consistency_mode: bool
    replica_deletion_protection: bool
    resource_region: bool
    global_table_witness: bool
    restore_backup_arn: bool

    @property
    def constraint(self) -> str:
        return f">= {self.minimum}, < {self.major + 1}.0.0"


# Every line ddbgen renders for, by major version: the one list of them.
PROVIDER_LINES: dict[int, ProviderLine] = {
    5: ProviderLine(
        major=5,
        minimum="5.98.0",
        # Each from the provider's CHANGELOG (PR numbers in the comment of versions.tf);
        # 5.98.0 from terraform-aws-modules/dynamodb-table raising its floor to 5.98 for it.
        minimum_because=(
            ("point_in_time_recovery.recovery_period_in_days", "5.98.0"),
            ("ttl.attribute_name with enabled = false, which turns TTL off (#40046)", "5.75.1"),
            ("on_demand_throughput", "5.72.0"),
            ("restore_source_table_arn", "5.64.0"),
            ("aws_dynamodb_resource_policy", "5.43.0"),
            ("import_table", "5.21.0"),
        ),
        region_attribute="name",
        gsi_resource=False,
        contributor_insights_mode=False,
        warm_throughput=False,
        multi_attribute_keys=False,
        replica_consistency_mode=False,
        replica_deletion_protection=False,
        resource_region=False,
        global_table_witness=False,
        restore_backup_arn=False,
    ),
    6: ProviderLine(
        major=6,
        minimum="6.44.0",
        minimum_because=(
            ("aws_dynamodb_global_secondary_index, no longer experimental (#47747)", "6.44.0"),
            ("dynamic key_schema blocks without a panic (#46195)", "6.30.0"),
            ("warm_throughput", "6.13.0"),
            ("aws_dynamodb_contributor_insights.mode", "6.11.0"),
            ("replica.deletion_protection_enabled", "6.9.0"),
            ("replica.consistency_mode", "6.3.0"),
            ("data.aws_region.region", "6.0.0"),
        ),
        region_attribute="region",
        gsi_resource=True,
        contributor_insights_mode=True,
        warm_throughput=True,
        multi_attribute_keys=True,
        replica_consistency_mode=True,
        replica_deletion_protection=True,
        resource_region=True,
        global_table_witness=True,
        restore_backup_arn=True,
    ),
}


def provider_line(aws_provider: int) -> ProviderLine:
    return PROVIDER_LINES[aws_provider]


def multi_attribute_refusal(index_name: str, key: str, aws_provider: int) -> str:
    """Why a render for ``aws_provider`` cannot hold an index with a multi-attribute key (``key``, as shown), in one line."""
    return (
        f"index {index_name} has a multi-attribute key ({key}), which needs AWS provider 6.29 or later "
        f"(key_schema entries), and this renders for line {aws_provider} (aws_provider)"
    )


def is_aws_provider(value: Any) -> bool:
    """Whether ``value`` names a line ddbgen renders for (a number, never a boolean).

    Compared, not hashed: a profile may give any YAML value here, a list included.
    """
    return not isinstance(value, bool) and any(value == major for major in PROVIDER_LINES)


def read_aws_provider(value: Any, source: str) -> int:
    """The ``aws_provider`` setting: a line ddbgen renders for, the default when it is not set."""
    if value is None:
        return DEFAULT_AWS_PROVIDER
    if not is_aws_provider(value):
        lines = " or ".join(str(major) for major in PROVIDER_LINES)
        raise ProfileError(
            source, AWS_PROVIDER, f"must be {lines}, the major version of the AWS provider (got {yaml_text(value)})"
        )
    return int(value)
