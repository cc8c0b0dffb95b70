"""The catalogue of the module's inputs: the single source for everything about them.

The profile schema, ``variables.tf``, the generated README's inputs table and
the tests all read this list; nothing about an input is written anywhere else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import rules
from .rules import Rule


class _Required:
    """Marks an input the caller must always pass."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

_TYPE_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "string": ("a string", lambda value: isinstance(value, str)),
    # HCL has no literal for infinity or NaN, which YAML's .inf and .nan would give.
    "number": (
        "a finite number",
        lambda value: isinstance(value, int) and not isinstance(value, bool)
        or isinstance(value, float) and math.isfinite(value),
    ),
    "bool": ("true or false", lambda value: isinstance(value, bool)),
    "map(string)": (
        "a mapping of strings to strings",
        lambda value: isinstance(value, dict)
        and all(isinstance(key, str) and isinstance(item, str) for key, item in value.items()),
    ),
}


@dataclass(frozen=True)
class Input:
    """One variable of the generated module.

    ``fixed_when`` says, from the resolved profile, whether the value is baked
    into the module at generation (Terraform accepts no variables in
    ``lifecycle``); a fixed input stays declared, defaults to the baked value
    and rejects any other.
    """

    name: str
    type: str
    description: str
    default: Any = REQUIRED
    rules: tuple[Rule, ...] = ()
    nullable: bool = False
    fixed_when: Callable[[Mapping[str, Any]], bool] | None = None
    fixed_because: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def type_description(self) -> str:
        return _TYPE_CHECKS[self.type][0]

    def has_type(self, value: Any) -> bool:
        if value is None:
            return self.nullable
        return _TYPE_CHECKS[self.type][1](value)

    def is_fixed(self, values: Mapping[str, Any]) -> bool:
        return self.fixed_when is not None and self.fixed_when(values)


def _always(_values: Mapping[str, Any]) -> bool:
    return True


def _when_autoscaling(values: Mapping[str, Any]) -> bool:
    return bool(values["enable_autoscaling"])


CAPACITY_RULES = (rules.whole_number_at_least(1),)
TARGET_RULES = (rules.between(20, 90, "the target utilization Application Auto Scaling accepts for DynamoDB"),)
THRESHOLD_RULES = (rules.not_negative(),)

INPUTS: tuple[Input, ...] = (
    Input(
        "environment",
        "string",
        "Deployment environment (for example staging or production); tagged on every resource as Environment.",
        rules=(rules.length_between(1, rules.MAX_TAG_VALUE),),
    ),
    Input(
        "notifications_table_name",
        "string",
        "Name of the notifications table.",
        default="user-notifications",
        rules=(rules.matches(r"[A-Za-z0-9_.-]{3,255}", "3 to 255 letters, digits, underscores, hyphens or dots"),),
    ),
    Input(
        "billing_mode",
        "string",
        "How capacity is paid for: PAY_PER_REQUEST (on demand) or PROVISIONED.",
        default="PAY_PER_REQUEST",
        rules=(rules.one_of("PAY_PER_REQUEST", "PROVISIONED"),),
    ),
    Input(
        "read_capacity",
        "number",
        "Read capacity units of the table and its index; with autoscaling, the scaling minimum. PROVISIONED only.",
        default=5,
        rules=CAPACITY_RULES,
    ),
    Input(
        "write_capacity",
        "number",
        "Write capacity units of the table and its index; with autoscaling, the scaling minimum. PROVISIONED only.",
        default=5,
        rules=CAPACITY_RULES,
    ),
    Input(
        "enable_autoscaling",
        "bool",
        "Scale provisioned read and write capacity with target tracking. PROVISIONED only.",
        default=False,
        fixed_when=_always,
        fixed_because="decides whether capacity is in the table's lifecycle ignore_changes",
    ),
    Input(
        "autoscaling_read_max_capacity",
        "number",
        "Upper bound of autoscaled read capacity.",
        default=100,
        rules=CAPACITY_RULES + (rules.at_least_input("read_capacity", "enable_autoscaling"),),
    ),
    Input(
        "autoscaling_write_max_capacity",
        "number",
        "Upper bound of autoscaled write capacity.",
        default=100,
        rules=CAPACITY_RULES + (rules.at_least_input("write_capacity", "enable_autoscaling"),),
    ),
    Input(
        "autoscaling_read_target_value",
        "number",
        "Read capacity utilization, in percent, that autoscaling keeps the table near.",
        default=70,
        rules=TARGET_RULES,
    ),
    Input(
        "autoscaling_write_target_value",
        "number",
        "Write capacity utilization, in percent, that autoscaling keeps the table near.",
        default=70,
        rules=TARGET_RULES,
    ),
    Input(
        "stream_enabled",
        "bool",
        "Publish item changes to a DynamoDB stream.",
        default=True,
    ),
    Input(
        "stream_view_type",
        "string",
        "What each stream record holds; used only while the stream is enabled.",
        default="NEW_AND_OLD_IMAGES",
        rules=(rules.one_of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"),),
    ),
    Input(
        "ttl_enabled",
        "bool",
        "Let DynamoDB delete items whose TTL attribute lies in the past.",
        default=True,
    ),
    Input(
        "ttl_attribute_name",
        "string",
        "Item attribute holding the expiry time, in epoch seconds.",
        default="ttl",
        rules=(rules.length_between(1, 255),),
    ),
    Input(
        "point_in_time_recovery_enabled",
        "bool",
        "Keep continuous backups that restore to any second of the last 35 days.",
        default=True,
    ),
    Input(
        "prevent_destroy",
        "bool",
        "Refuse to destroy the table: Terraform's lifecycle prevent_destroy plus DynamoDB deletion protection.",
        default=True,
        fixed_when=_always,
        fixed_because="is the literal of the table's lifecycle prevent_destroy",
    ),
    Input(
        "kms_key_arn",
        "string",
        "ARN of a customer managed KMS key for encryption at rest; null uses the AWS managed key.",
        default=None,
        nullable=True,
        rules=(
            rules.matches(
                r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+",
                "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or null",
            ),
        ),
    ),
    Input(
        "enable_type_index",
        "bool",
        "Add the TypeIndex global secondary index (PK, TypeSK) for a user's notifications of one type.",
        default=False,
        fixed_when=_when_autoscaling,
        fixed_because="with autoscaling the index's capacity is in the table's lifecycle ignore_changes",
    ),
    Input(
        "enable_cloudwatch_alarms",
        "bool",
        "Create alarms on read and write throttles, user errors and system errors.",
        default=True,
    ),
    Input(
        "alarm_sns_topic_arn",
        "string",
        'SNS topic ARN that receives alarm and OK notifications; "" sends none.',
        default="",
        rules=(
            rules.matches(
                r"arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?",
                'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) or ""',
                allow_empty=True,
            ),
        ),
    ),
    Input(
        "read_throttle_alarm_threshold",
        "number",
        "Read throttle events in five minutes above which the alarm fires.",
        default=10,
        rules=THRESHOLD_RULES,
    ),
    Input(
        "write_throttle_alarm_threshold",
        "number",
        "Write throttle events in five minutes above which the alarm fires.",
        default=10,
        rules=THRESHOLD_RULES,
    ),
    Input(
        "user_errors_alarm_threshold",
        "number",
        "User errors (HTTP 400) in five minutes above which the alarm fires; counted for the whole account and region.",
        default=50,
        rules=THRESHOLD_RULES,
    ),
    Input(
        "system_errors_alarm_threshold",
        "number",
        "System errors (HTTP 500) on the table in five minutes above which the alarm fires.",
        default=5,
        rules=THRESHOLD_RULES,
    ),
    Input(
        "enable_contributor_insights",
        "bool",
        "Enable CloudWatch Contributor Insights on the table and its index.",
        default=False,
    ),
    Input(
        "common_tags",
        "map(string)",
        "Tags for every taggable resource; an Environment key here overrides the one taken from environment.",
        default={},
        rules=(rules.tag_count("Environment"), rules.tag_sizes(), rules.no_reserved_tag_prefix()),
    ),
)

BY_NAME: dict[str, Input] = {item.name: item for item in INPUTS}


def defaults() -> dict[str, Any]:
    """The value of every input that has a default, as the spec's Inputs table gives it."""
    return {item.name: item.default for item in INPUTS if not item.required}


@dataclass(frozen=True)
class Output:
    """One output of the generated module: ``value`` is its HCL expression."""

    name: str
    description: str
    value: str


OUTPUTS: tuple[Output, ...] = (
    Output(
        'notifications_table_name',
        'Name of the notifications table.',
        'aws_dynamodb_table.notifications.name',
    ),
    Output(
        'notifications_table_arn',
        'ARN of the notifications table.',
        'aws_dynamodb_table.notifications.arn',
    ),
    Output(
        'notifications_table_stream_arn',
        "ARN of the table's stream; null while streams are off.",
        'var.stream_enabled ? aws_dynamodb_table.notifications.stream_arn : null',
    ),
    Output(
        'notifications_table_stream_label',
        'Timestamp label of the current stream, for event source mappings; null while streams are off.',
        'var.stream_enabled ? aws_dynamodb_table.notifications.stream_label : null',
    ),
    Output(
        'notifications_table_type_index_name',
        'Name of the TypeIndex global secondary index; null when it is not enabled.',
        'var.enable_type_index ? local.type_index_name : null',
    ),
    Output(
        'dynamodb_access_policy_arn',
        "ARN of the IAM policy that reads and writes the table's items, indexes and stream.",
        'aws_iam_policy.access.arn',
    ),
    Output(
        'dynamodb_access_policy_json',
        'JSON of the read-write policy, for inline or permission-boundary use.',
        'data.aws_iam_policy_document.access.json',
    ),
    Output(
        'dynamodb_read_only_policy_arn',
        "ARN of the IAM policy that only reads the table's items, indexes and stream.",
        'aws_iam_policy.read_only.arn',
    ),
    Output(
        'dynamodb_read_only_policy_json',
        'JSON of the read-only policy, for inline or permission-boundary use.',
        'data.aws_iam_policy_document.read_only.json',
    ),
    Output(
        'cloudwatch_alarm_arns',
        'ARNs of the CloudWatch alarms by name (read_throttle, write_throttle, user_errors, system_errors); empty when alarms are off.',
        '{ for name, alarm in aws_cloudwatch_metric_alarm.notifications : name => alarm.arn }',
    ),
    Output(
        'autoscaling_policy_arns',
        'ARNs of the target tracking policies by target (table_read, table_write, type_index_read, type_index_write); empty without autoscaling.',
        '{ for name, policy in aws_appautoscaling_policy.capacity : name => policy.arn }',
    ),
)
