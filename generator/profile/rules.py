"""Validation rules, each written once for both sides of the module's boundary.

A rule carries a Python predicate (run on profile values at generation) and
the HCL condition that ``variables.tf`` runs on caller values at plan time,
with one message for both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.hcl import literal, quote

# Every profile value an input may take, as the profile loader sees it.
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    """One allowed-values rule: ``message`` completes "<input name> ...".

    ``condition`` receives the Terraform reference of the input (``var.x``)
    and returns the HCL expression that must hold.
    """

    message: str
    holds: Callable[[Any, Values], bool]
    condition: Callable[[str], str]
    # Whether ``condition`` is false rather than an error for a null value; Terraform
    # 1.9 to 1.11 evaluate both sides of ``||``, so other conditions are wrapped in try().
    null_safe: bool = False
    # What the rule is about below the input: ".read_units_per_second", "[*].region_name".
    subject: str = ""
    # Whether the rule still applies when the input is null (it is about other inputs too).
    checks_null: bool = False
    # The same rule as a JSON Schema fragment, for the profile schema; None where
    # JSON Schema cannot say it (rules that compare inputs).
    json: dict[str, Any] | None = None
    # A rule about several inputs says so in a sentence of its own, not "<input> ...".
    sentence: str | None = None

    def error_message(self, name: str) -> str:
        return self.sentence if self.sentence else f"{name}{self.subject} {self.message}."

    def nullable_condition(self, ref: str) -> str:
        """The condition for an input that may be null: null passes, and nothing errors on it."""
        condition = self.condition(ref)
        if self.checks_null:
            return condition
        return f"{ref} == null || {condition if self.null_safe else f'try({condition}, false)'}"

    def applies(self, value: Any) -> bool:
        return value is not None or self.checks_null

    def variable_condition(self, ref: str, nullable: bool) -> str:
        """The condition of this rule's ``validation`` block in a variable (nullable or not) read as ``ref``."""
        return self.nullable_condition(ref) if nullable else self.condition(ref)

    def accepts(self, value: Any, values: Values) -> bool:
        """Whether the profile loader lets ``value`` through this rule (``values``: every input's)."""
        return not self.applies(value) or self.holds(value, values)


def one_of(*choices: str) -> Rule:
    return Rule(
        message="must be one of " + ", ".join(choices),
        holds=lambda value, _values: value in choices,
        condition=lambda ref: f"contains({literal(list(choices))}, {ref})",
        json={"enum": list(choices)},
    )


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def on_demand_limit() -> Rule:
    """An on-demand throughput limit: a whole number of at least 1, or -1, which removes a limit set before.

    The API reference's OnDemandThroughput: "set the value of MaxReadRequestUnits as greater
    than or equal to 1. To remove the maximum OnDemandThroughput that is currently set on your
    table, set the value of MaxReadRequestUnits to -1" (the same for MaxWriteRequestUnits).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_OnDemandThroughput.html
    """
    return Rule(
        message="must be a whole number of at least 1, or -1 to remove a limit the table has (CreateTable refuses -1)",
        holds=lambda value, _values: _is_whole(value) and (value >= 1 or value == -1),
        condition=lambda ref: f"({ref} >= 1 || {ref} == -1) && floor({ref}) == {ref}",
        json={"anyOf": [{"type": "integer", "minimum": 1}, {"const": -1}]},
    )


ON_DEMAND_LIMIT = on_demand_limit()


def whole_number_at_least(minimum: int) -> Rule:
    return Rule(
        message=f"must be a whole number of at least {minimum}",
        holds=lambda value, _values: _is_whole(value) and value >= minimum,
        condition=lambda ref: f"{ref} >= {minimum} && floor({ref}) == {ref}",
        json={"type": "integer", "minimum": minimum},
    )


def between(low: int, high: int, why: str) -> Rule:
    return Rule(
        message=f"must be between {low} and {high} ({why})",
        holds=lambda value, _values: low <= value <= high,
        condition=lambda ref: f"{ref} >= {low} && {ref} <= {high}",
        json={"minimum": low, "maximum": high},
    )


# Warm throughput, of a table or a global index: DynamoDB's default is the least it takes
# (terraform-provider-aws docs, aws_dynamodb_table warm_throughput: read_units_per_second
# "Minimum value of 12000 (default)", write_units_per_second "Minimum value of 4000 (default)";
# "For a global secondary index, this value can be increased or decreased").
WARM_DEFAULTS = {"read_units_per_second": 12000, "write_units_per_second": 4000}
WARM_THROUGHPUT = {unit: whole_number_at_least(least) for unit, least in WARM_DEFAULTS.items()}


# Application Auto Scaling's target tracking for DynamoDB keeps utilization between 20 and 90 percent
# (DynamoDB Developer Guide, "Managing throughput capacity automatically with DynamoDB auto scaling").
AUTOSCALING_TARGET = between(20, 90, "the target utilization Application Auto Scaling accepts for DynamoDB")


def not_negative() -> Rule:
    return Rule(
        message="must not be negative",
        holds=lambda value, _values: value >= 0,
        condition=lambda ref: f"{ref} >= 0",
        json={"minimum": 0},
    )


def matches(pattern: str, description: str, allow_empty: bool = False) -> Rule:
    """A regular expression in the subset Python's ``re`` and Terraform's RE2 share."""
    anchored = f"^(?:{pattern})$"
    compiled = re.compile(anchored)

    def holds(value: Any, _values: Values) -> bool:
        return (allow_empty and value == "") or compiled.fullmatch(value) is not None

    def condition(ref: str) -> str:
        test = f"can(regex({quote(anchored)}, {ref}))"
        return f'{ref} == "" || {test}' if allow_empty else test

    json: dict[str, Any] = {"pattern": anchored}
    if allow_empty:
        json = {"anyOf": [{"const": ""}, json]}
    return Rule(message=f"must be {description}", holds=holds, condition=condition, null_safe=True, json=json)


def characters(ref: str) -> str:
    """HCL: the number of Unicode characters (code points) of the string ``ref``.

    AWS counts a length in Unicode characters, as Python's ``len`` does; Terraform's
    ``length`` counts grapheme clusters instead ("e" and a combining accent that NFC
    cannot compose, or a flag of two regional indicators, are one). ``split`` with an
    empty separator splits after each code point.
    """
    return f'length(split("", {ref}))'


def length_between(low: int, high: int) -> Rule:
    return Rule(
        message=f"must be {low} to {high} characters long",
        holds=lambda value, _values: low <= len(value) <= high,
        condition=lambda ref: f"{characters(ref)} >= {low} && {characters(ref)} <= {high}",
        json={"minLength": low, "maxLength": high},
    )


def at_least_input(other: str, unless_off: str) -> Rule:
    """The value must not be below input ``other`` while input ``unless_off`` is true."""
    return Rule(
        message=f"must be at least {other} when {unless_off} is true",
        holds=lambda value, values: not values[unless_off] or value >= values[other],
        condition=lambda ref: f"!var.{unless_off} || {ref} >= var.{other}",
    )


# AWS tag limits: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
MAX_TAGS = 50
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256


def tag_count(always_added: str) -> Rule:
    return Rule(
        message=f"must hold at most {MAX_TAGS} tags, counting the {always_added} tag the module adds",
        holds=lambda value, _values: len(set(value) | {always_added}) <= MAX_TAGS,
        condition=lambda ref: f'length(merge({ref}, {{ {always_added} = "" }})) <= {MAX_TAGS}',
        json={
            "if": {"required": [always_added]},
            "then": {"maxProperties": MAX_TAGS},
            "else": {"maxProperties": MAX_TAGS - 1},
        },
    )


def tag_sizes() -> Rule:
    return Rule(
        message=f"keys must be 1 to {MAX_TAG_KEY} characters and values at most {MAX_TAG_VALUE}",
        holds=lambda value, _values: all(
            1 <= len(key) <= MAX_TAG_KEY and len(item) <= MAX_TAG_VALUE for key, item in value.items()
        ),
        condition=lambda ref: (
            f"alltrue([for key, value in {ref} : "
            f"{characters('key')} >= 1 && {characters('key')} <= {MAX_TAG_KEY} && {characters('value')} <= {MAX_TAG_VALUE}])"
        ),
        json={
            "propertyNames": {"minLength": 1, "maxLength": MAX_TAG_KEY},
            "additionalProperties": {"maxLength": MAX_TAG_VALUE},
        },
    )


# DynamoDB's tagging restrictions (Developer Guide, "Tagging restrictions in DynamoDB",
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html):
# "The allowed characters are letters, white space, and numbers, plus the following special
# characters: + - = . _ : /". Letters, white space and numbers are the Unicode classes L, Z and
# N, the classes AWS's tag patterns name (^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ in the Service Quotas
# and EFS API references; DynamoDB's list has no @). Every resource the module tags also takes
# these (IAM, CloudWatch and Application Auto Scaling allow @ besides), so DynamoDB's set is the rule.
TAG_SPECIALS = "+-=._:/"
TAG_CHARACTERS_RE2 = r"^[\p{L}\p{Z}\p{N}+\-=._:/]*$"
_TAG_CLASSES = ("L", "Z", "N")


def tag_text(text: str) -> bool:
    """Whether every character of ``text`` is one DynamoDB allows in a tag (Unicode's L, Z or N, or TAG_SPECIALS)."""
    import unicodedata

    return all(char in TAG_SPECIALS or unicodedata.category(char)[0] in _TAG_CLASSES for char in text)


_TAG_TEXT_DESCRIPTION = "letters, numbers, white space and + - = . _ : / only (DynamoDB's tag characters)"


def tag_characters() -> Rule:
    """Tag keys and values of a map input: DynamoDB's characters only."""
    return Rule(
        message=f"keys and values must hold {_TAG_TEXT_DESCRIPTION}",
        holds=lambda value, _values: all(tag_text(key) and tag_text(item) for key, item in value.items()),
        condition=lambda ref: (
            f"alltrue([for key, value in {ref} : "
            f"can(regex({quote(TAG_CHARACTERS_RE2)}, key)) && can(regex({quote(TAG_CHARACTERS_RE2)}, value))])"
        ),
        null_safe=True,
        # JSON Schema patterns are ECMA-262 regular expressions, whose \p{...} needs a "u" flag
        # a schema cannot set: the loader alone checks the characters.
    )


def tag_value_characters() -> Rule:
    """A string input that becomes a tag value: DynamoDB's characters only."""
    return Rule(
        message=f"must hold {_TAG_TEXT_DESCRIPTION}: it is the value of the Environment tag",
        holds=lambda value, _values: tag_text(value),
        condition=lambda ref: f"can(regex({quote(TAG_CHARACTERS_RE2)}, {ref}))",
        null_safe=True,
    )


def no_reserved_tag_prefix() -> Rule:
    return Rule(
        message='keys must not start with "aws:" (AWS reserves that prefix)',
        holds=lambda value, _values: not any(key.lower().startswith("aws:") for key in value),
        condition=lambda ref: f'alltrue([for key in keys({ref}) : !startswith(lower(key), "aws:")])',
        json={"propertyNames": {"not": {"pattern": "^[aA][wW][sS]:"}}},
    )


def json_object(placeholders: tuple[str, ...] = ()) -> Rule:
    """A JSON document whose top level is an object (an IAM policy document); NaN and Infinity are not JSON."""
    from generator.profile.policy import is_json_object

    where = f" (it may use {', '.join(placeholders)})" if placeholders else ""
    return Rule(
        message=f"must be a JSON object, such as a policy document{where}",
        holds=lambda value, _values: is_json_object(value),
        condition=lambda ref: f"can(keys(jsondecode({ref})))",
        null_safe=True,
    )


def at_most_bytes(limit: int, what: str) -> Rule:
    """Text of at most ``limit`` bytes in UTF-8 (Terraform's length() counts characters; base64 counts bytes)."""
    return Rule(
        message=f"must be at most {limit} bytes ({what})",
        holds=lambda value, _values: len(value.encode("utf-8")) <= limit,
        # Every 4 base64 characters are 3 bytes, less one per padding "=".
        condition=lambda ref: (
            f'length(base64encode({ref})) / 4 * 3 - length(regex("=*$", base64encode({ref}))) <= {limit}'
        ),
    )


# CloudWatch: an alarm name is 1 to 255 characters (Amazon CloudWatch API
# Reference, PutMetricAlarm, AlarmName).
MAX_ALARM_NAME = 255
# IAM: a managed policy name is 1 to 128 characters (IAM User Guide, "IAM and AWS
# STS quotas"); the shortest region name (us-east-1) has 9.
MAX_IAM_NAME = 128
SHORTEST_REGION = 9


def room_for_alarm_names(longest_suffix: int, example: str) -> Rule:
    """The table name leaves room for the alarm names made from it, while alarms are on.

    ``longest_suffix``: the longest part the design's alarm names add to the
    table name (``-<index>-write-throttle``); replicas add
    ``-replication-latency-<region>``, known only from the caller's values.
    """
    most = MAX_ALARM_NAME - longest_suffix
    replica = len("-replication-latency-")

    def holds(value: Any, values: Values) -> bool:
        if not values["enable_cloudwatch_alarms"]:
            return True
        regions = (
            [item["region_name"] for item in values["replica_regions"]]
            if values["replication_latency_alarm_enabled"]
            else []
        )
        return len(value) <= most and all(len(value) + replica + len(region) <= MAX_ALARM_NAME for region in regions)

    def condition(ref: str) -> str:
        return (
            f"!var.enable_cloudwatch_alarms || ({characters(ref)} <= {most} && (!var.replication_latency_alarm_enabled || "
            f"alltrue([for replica in var.replica_regions : {characters(ref)} + {characters('replica.region_name')} <= {MAX_ALARM_NAME - replica}])))"
        )

    return Rule(
        message=(
            f"must be at most {most} characters while alarms are on: CloudWatch alarm names are at most {MAX_ALARM_NAME} "
            f"characters, and this module's longest adds {longest_suffix} ({example}), or -replication-latency- and the "
            "region for a replica"
        ),
        holds=holds,
        condition=condition,
    )


def room_for_iam_names() -> Rule:
    """The table name leaves room for the IAM policy names made from it, when it is their prefix."""
    most = MAX_IAM_NAME - len("--read-only") - SHORTEST_REGION
    return Rule(
        message=(
            f"must be at most {most} characters while the module creates IAM policies named after it "
            f"(create_iam_policies, and no iam_policy_name_prefix): IAM policy names are at most {MAX_IAM_NAME} "
            "characters, and <table name>-<region>-read-only adds at least 20; set iam_policy_name_prefix"
        ),
        holds=lambda value, values: (
            not values["create_iam_policies"] or values["iam_policy_name_prefix"] is not None or len(value) <= most
        ),
        condition=lambda ref: (
            f"!var.create_iam_policies || var.iam_policy_name_prefix != null || {characters(ref)} <= {most}"
        ),
    )


def only_when(other: str, expected: Any, what: str) -> Rule:
    """A nullable input may be set (not null) only while input ``other`` equals ``expected``."""
    return Rule(
        message=f"must be null unless {what}",
        holds=lambda value, values: value is None or values[other] == expected,
        # For a nullable input: Rule.nullable_condition lets null pass.
        condition=lambda _ref: f"var.{other} == {literal(expected)}",
        null_safe=True,
    )


def attribute_rule(attribute: str, rule: Rule) -> Rule:
    """``rule`` applied to one attribute of an object input, where the object and that attribute are set.

    In HCL the attribute is bound to a name, and the rule's condition is read only where it
    is set: ``alltrue([for value in [try(var.x.a, null)] : value >= 1 if value != null])``.
    (Terraform evaluates both sides of ``||``, so ``a == null || a >= 1`` fails on null.)
    """
    return Rule(
        message=rule.message,
        subject=f".{attribute}",
        json={"properties": {attribute: rule.json}} if rule.json else None,
        holds=lambda value, values: (
            value is None or value.get(attribute) is None or rule.holds(value[attribute], values)
        ),
        condition=lambda ref: (
            f"alltrue([for value in [try({ref}.{attribute}, null)] : {rule.condition('value')} if value != null])"
        ),
        checks_null=True,
    )


def each_item(attribute: str, rule: Rule, optional: bool = False) -> Rule:
    """``rule`` applied to ``attribute`` of every object in a list input (skipped where null if ``optional``)."""

    def holds(value: Any, values: Values) -> bool:
        return all((optional and item.get(attribute) is None) or rule.holds(item[attribute], values) for item in value)

    def condition(ref: str) -> str:
        test = f"try({rule.condition(f'item.{attribute}')}, false)"
        if optional:
            test = f"item.{attribute} == null || {test}"
        return f"alltrue([for item in {ref} : {test}])"

    json = {"items": {"properties": {attribute: rule.json}}} if rule.json else None
    return Rule(message=rule.message, subject=f"[*].{attribute}", holds=holds, condition=condition, json=json)


# AWS partitions by region name, from the partitions' regionRegex in botocore's
# botocore/data/endpoints.json: cn-* is aws-cn, us-gov-* aws-us-gov, us-iso-* aws-iso,
# us-isob-* aws-iso-b, eu-isoe-* aws-iso-e, us-isof-* aws-iso-f, eusc-* aws-eusc; the rest aws.
PARTITION_PREFIXES = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-iso-", "aws-iso"),
    ("us-isob-", "aws-iso-b"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
    ("eusc-", "aws-eusc"),
)
DEFAULT_PARTITION = "aws"


def partition_of(region: str) -> str:
    """The AWS partition of a region name (PARTITION_PREFIXES)."""
    return next((partition for prefix, partition in PARTITION_PREFIXES if region.startswith(prefix)), DEFAULT_PARTITION)


def partition_expression(region: str) -> str:
    """HCL: the partition of the region name ``region``, as ``partition_of`` gives it.

    A lookup in the table of prefixes: the one whose prefix the region starts with (at most one
    does: each ends in "-"), else aws.
    """
    table = ", ".join(f"{quote(prefix)} = {quote(partition)}" for prefix, partition in PARTITION_PREFIXES)
    return (
        f"coalesce(one([for prefix, partition in {{ {table} }} : partition if startswith({region}, prefix)]), "
        f"{quote(DEFAULT_PARTITION)})"
    )


def _arn_field(arn: Any, index: int) -> str | None:
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[index] if len(parts) > index else None


def _arn_field_expression(ref: str, index: int) -> str:
    """HCL: field ``index`` of the ARN ``ref`` (colon-separated)."""
    return f'split(":", {ref})[{index}]'


def arn_in_its_regions_partition(what: str) -> Rule:
    """An ARN whose partition (its second field) is its region's (its fourth), as ``partition_of`` gives it.

    No region of one partition exists in another: ``arn:aws-cn:...:us-east-1:...`` names nothing.
    """
    lookaheads = "|".join(prefix for prefix, _ in PARTITION_PREFIXES)
    patterns = [f"^arn:{partition}:[^:]*:{prefix}" for prefix, partition in PARTITION_PREFIXES]
    patterns.append(f"^arn:{DEFAULT_PARTITION}:[^:]*:(?!{lookaheads})")
    return Rule(
        message=f"must name {what} in its region's AWS partition (aws-cn for cn-* regions, aws-us-gov for us-gov-*, ...)",
        holds=lambda value, _values: _arn_field(value, 1) == partition_of(_arn_field(value, 3) or ""),
        condition=lambda ref: (
            f"{_arn_field_expression(ref, 1)} == {partition_expression(_arn_field_expression(ref, 3))}"
        ),
        json={"anyOf": [{"pattern": pattern} for pattern in patterns]},
    )


def replica_key_in_its_region() -> Rule:
    """Each replica's kms_key_arn, where given, names a key of the replica's own region and partition.

    KMS keys are regional, and a replica's key "must be created in the same region as the replica"
    (CloudFormation's AWS::DynamoDB::GlobalTable ReplicaSSESpecification).
    """

    def fits(item: Any) -> bool:
        key, region = item.get("kms_key_arn"), item["region_name"]
        return key is None or (_arn_field(key, 3) == region and _arn_field(key, 1) == partition_of(region))

    def condition(ref: str) -> str:
        test = (
            f"{_arn_field_expression('item.kms_key_arn', 3)} == item.region_name && "
            f"{_arn_field_expression('item.kms_key_arn', 1)} == {partition_expression('item.region_name')}"
        )
        return f"alltrue([for item in {ref} : item.kms_key_arn == null || try({test}, false)])"

    return Rule(
        message="must be a key in the replica's own region_name (KMS keys are regional, and DynamoDB encrypts a replica with a key of its region)",
        subject="[*].kms_key_arn",
        holds=lambda value, _values: all(fits(item) for item in value),
        condition=condition,
    )


def _customer_key(value: Any) -> bool:
    """Whether a kms_key_arn value names a customer managed key ("" and null mean the AWS managed key)."""
    return value not in (None, "")


def replica_keys_with_the_tables(table_key: str) -> Rule:
    """With a customer managed key on the table, every replica names one of its own.

    DynamoDB refuses a replica without one: "One or more parameter values were invalid:
    KMSMasterKeyId must be specified for each replica." (quoted in terraform-provider-aws#29102).
    """
    return Rule(
        message=f"must be given for every replica when {table_key} is set (DynamoDB needs a customer managed key in each replica's region: KMSMasterKeyId must be specified for each replica)",
        subject="[*].kms_key_arn",
        holds=lambda value, values: (
            not _customer_key(values[table_key]) or all(_customer_key(item.get("kms_key_arn")) for item in value)
        ),
        condition=lambda ref: (
            f'var.{table_key} == null || var.{table_key} == "" || '
            f'alltrue([for item in {ref} : item.kms_key_arn != null && item.kms_key_arn != ""])'
        ),
    )


def no_replica_keys_without_the_tables(table_key: str) -> Rule:
    """On the AWS managed key, no replica names a customer managed key.

    "You cannot mix AWS managed and customer managed KMS keys" (CloudFormation's
    AWS::DynamoDB::GlobalTable SSESpecification).
    """
    return Rule(
        message=f"must be null for every replica unless {table_key} is set (a global table cannot mix the AWS managed key and customer managed keys)",
        subject="[*].kms_key_arn",
        holds=lambda value, values: (
            _customer_key(values[table_key]) or not any(_customer_key(item.get("kms_key_arn")) for item in value)
        ),
        condition=lambda ref: (
            f'(var.{table_key} != null && var.{table_key} != "") || '
            f'alltrue([for item in {ref} : item.kms_key_arn == null || item.kms_key_arn == ""])'
        ),
    )


def one_partition() -> Rule:
    """Every replica in one AWS partition: a global table replicates within its partition only."""
    return Rule(
        message="must all be in one AWS partition, the table's: a global table replicates only between regions of one partition (aws, aws-cn, aws-us-gov, ...)",
        subject="[*].region_name",
        holds=lambda value, _values: len({partition_of(item["region_name"]) for item in value}) <= 1,
        condition=lambda ref: (
            f"length(distinct([for item in {ref} : {partition_expression('item.region_name')}])) <= 1"
        ),
    )


def unique_items(attribute: str) -> Rule:
    return Rule(
        message=f"must not name a {attribute} twice",
        holds=lambda value, _values: len({item[attribute] for item in value}) == len(value),
        condition=lambda ref: f"length(distinct({ref}[*].{attribute})) == length({ref})",
    )


def each_item_at_most(low: str, high: str) -> Rule:
    """In every object of a list input, attribute ``low`` must not exceed attribute ``high``."""
    return Rule(
        message=f"must have {low} at most {high} in each item",
        holds=lambda value, _values: all(item[low] <= item[high] for item in value),
        condition=lambda ref: f"alltrue([for item in {ref} : try(item.{low} <= item.{high}, false)])",
    )


def empty_unless(conditions: tuple[tuple[str, Any], ...], what: str) -> Rule:
    """A list input must be empty unless every (input, value) pair holds."""
    tests = " && ".join(f"var.{other} == {literal(expected)}" for other, expected in conditions)
    return Rule(
        message=f"must be empty unless {what}",
        holds=lambda value, values: not value or all(values[other] == expected for other, expected in conditions),
        condition=lambda ref: f"length({ref}) == 0 || ({tests})",
    )


def empty_on_provisioned_unless(switch: str, why: str) -> Rule:
    """A list input must be empty on a PROVISIONED table unless input ``switch`` is true."""
    return Rule(
        message=f'must be empty when billing_mode is "PROVISIONED" unless {switch} is true: {why}',
        holds=lambda value, values: not value or values["billing_mode"] == "PAY_PER_REQUEST" or bool(values[switch]),
        condition=lambda ref: f'length({ref}) == 0 || var.billing_mode == "PAY_PER_REQUEST" || var.{switch}',
    )


def _is_set(value: Any, flag: bool) -> bool:
    """Whether an optional input is given: a flag (a nullable bool) when true, anything else when not null."""
    return value is True if flag else value is not None


def _set_test(ref: str, flag: bool) -> str:
    """HCL for ``_is_set``: ``var.x == true`` for a flag (null == true is false), else ``var.x != null``."""
    return f"{ref} == true" if flag else f"{ref} != null"


def at_most_one_of(names: tuple[str, ...], why: str, flags: tuple[str, ...] = ()) -> Rule:
    """Of the named inputs (null when unset; ``flags``, nullable bools, also false), at most one may be set."""
    count = " + ".join(f"({_set_test(f'var.{name}', name in flags)} ? 1 : 0)" for name in names)
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return Rule(
        message=f"cannot be combined: at most one of {listed} may be set ({why})",
        sentence=f"At most one of {listed} may be set: {why}.",
        holds=lambda _value, values: sum(_is_set(values[name], name in flags) for name in names) <= 1,
        condition=lambda _ref: f"{count} <= 1",
        null_safe=True,
        checks_null=True,
    )


def set_when(flag: str, why: str) -> Rule:
    """A nullable input must be set while bool input ``flag`` is true."""
    return Rule(
        message=f"must be set while {flag} is true ({why})",
        holds=lambda value, values: value is not None or not values[flag],
        condition=lambda ref: f"{ref} != null || !var.{flag}",
        null_safe=True,
        checks_null=True,
    )


def needs_one_of(names: tuple[str, ...], flag: bool = False) -> Rule:
    """The input (``flag``: a nullable bool, unset when false too) may be set only with one of the named inputs."""
    others = " || ".join(f"var.{name} != null" for name in names)
    return Rule(
        message=f"needs {' or '.join(names)}",
        holds=lambda value, values: not _is_set(value, flag) or any(values[name] is not None for name in names),
        # Null passes before this (Rule.nullable_condition); a flag passes when false too.
        condition=lambda ref: f"{ref} == false || {others}" if flag else others,
        null_safe=True,
    )


# CloudWatch's PutMetricAlarm (API reference, Period): "Valid values are 10, 20, 30, and any
# multiple of 60", and "Period multiplied by EvaluationPeriods can't be more than 604,800
# seconds. For alarms with a period of less than one hour (3,600 seconds), the total evaluation
# period can't be longer than one day (86,400 seconds)."
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
HIGH_RESOLUTION_PERIODS = (10, 20, 30)
MAX_EVALUATION_RANGE = 604800
MAX_SHORT_PERIOD_RANGE = 86400
SHORT_PERIOD = 3600


def alarm_period() -> Rule:
    periods = ", ".join(str(period) for period in HIGH_RESOLUTION_PERIODS)
    return Rule(
        message=f"must be {periods} or a multiple of 60 seconds up to {MAX_EVALUATION_RANGE} (the periods CloudWatch alarms accept)",
        holds=lambda value, _values: (
            _is_whole(value)
            and (value in HIGH_RESOLUTION_PERIODS or (60 <= value <= MAX_EVALUATION_RANGE and value % 60 == 0))
        ),
        condition=lambda ref: (
            f"contains({literal(list(HIGH_RESOLUTION_PERIODS))}, {ref}) || ({ref} >= 60 && {ref} <= {MAX_EVALUATION_RANGE} && {ref} % 60 == 0)"
        ),
        json={
            "anyOf": [
                {"enum": list(HIGH_RESOLUTION_PERIODS)},
                {"minimum": 60, "maximum": MAX_EVALUATION_RANGE, "multipleOf": 60},
            ]
        },
    )


def evaluation_range(period: str) -> Rule:
    """Evaluation periods times input ``period`` within CloudWatch's limits on an alarm's evaluation range."""

    def holds(value: Any, values: Values) -> bool:
        total = value * values[period]
        return total <= MAX_EVALUATION_RANGE and (values[period] >= SHORT_PERIOD or total <= MAX_SHORT_PERIOD_RANGE)

    return Rule(
        message=(
            f"times {period} must be at most {MAX_EVALUATION_RANGE} seconds, and at most {MAX_SHORT_PERIOD_RANGE} "
            f"for a period under {SHORT_PERIOD} (the longest evaluation range CloudWatch alarms accept)"
        ),
        holds=holds,
        condition=lambda ref: (
            f"{ref} * var.{period} <= {MAX_EVALUATION_RANGE} && (var.{period} >= {SHORT_PERIOD} || {ref} * var.{period} <= {MAX_SHORT_PERIOD_RANGE})"
        ),
    )


def at_most_input(other: str) -> Rule:
    return Rule(
        message=f"must not exceed {other}",
        holds=lambda value, values: value <= values[other],
        condition=lambda ref: f"{ref} <= var.{other}",
    )


# -- AWS Backup (the backup input) -------------------------------------------------

# AWS Backup's Lifecycle: "DeleteAfterDays ... must be at least 90 days after the number of days
# specified in MoveToColdStorageAfterDays".
# https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
COLD_STORAGE_MINIMUM_DAYS = 90


def retention_after_cold_storage() -> Rule:
    """An object input's ``retention_days`` at least 90 days past its ``cold_storage_after_days``, when both are set."""

    def holds(value: Any, _values: Values) -> bool:
        if value is None or value.get("retention_days") is None or value.get("cold_storage_after_days") is None:
            return True
        return value["retention_days"] >= value["cold_storage_after_days"] + COLD_STORAGE_MINIMUM_DAYS

    return Rule(
        message=(
            f"must be at least {COLD_STORAGE_MINIMUM_DAYS} days past cold_storage_after_days "
            "(AWS Backup keeps a backup in cold storage for 90 days at least)"
        ),
        subject=".retention_days",
        holds=holds,
        # A null anywhere makes the comparison an error, and the rule does not apply then.
        condition=lambda ref: (
            f"try({ref}.retention_days >= {ref}.cold_storage_after_days + {COLD_STORAGE_MINIMUM_DAYS}, true)"
        ),
        null_safe=True,
        checks_null=True,
    )


def named_unless_created(name: str, switch: str) -> Rule:
    """An object input names ``name`` when its ``switch`` is false: an existing resource must be named."""
    return Rule(
        message=f"must be set when {switch} is false (the module then uses an existing one by that name)",
        subject=f".{name}",
        holds=lambda value, _values: (
            value is None or value.get(switch, True) is not False or value.get(name) is not None
        ),
        condition=lambda ref: f"try({ref}.{switch} != false || {ref}.{name} != null, true)",
        null_safe=True,
        checks_null=True,
        json={
            "if": {"type": "object", "properties": {switch: {"const": False}}, "required": [switch]},
            "then": {"properties": {name: {"type": "string"}}, "required": [name]},
        },
    )


def map_of_regional_arns(pattern: str, description: str) -> Rule:
    """A map from region names to ARNs of the pattern, whose first group is the ARN's region: each ARN of its key's region."""
    compiled = re.compile(f"^(?:{pattern})$")

    def holds(value: Any, _values: Values) -> bool:
        for region, arn in value.items():
            match = compiled.fullmatch(arn) if isinstance(arn, str) else None
            if match is None or match.group(1) != region:
                return False
        return True

    return Rule(
        message=f"must map each region name to {description}",
        holds=holds,
        condition=lambda ref: (
            f"alltrue([for region, arn in {ref} : try(regex({quote(f'^(?:{pattern})$')}, arn)[0] == region, false)])"
        ),
        null_safe=True,
    )


# -- multi-Region strong consistency (a replica's consistency_mode, global_table_witness) --------

# The Regions a multi-Region strongly consistent (MRSC) global table may span, in sets it may not
# leave: "The witness must be in a different Region than the replicas and within the same Region
# set: US Region set: US East (N. Virginia), US East (Ohio), US West (Oregon); EU Region set:
# Europe (Ireland), Europe (London), Europe (Paris), Europe (Frankfurt); AP Region set: Asia
# Pacific (Tokyo), Asia Pacific (Seoul), Asia Pacific (Osaka)" (DynamoDB API Reference,
# CreateGlobalTableWitnessGroupMemberAction, RegionName;
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateGlobalTableWitnessGroupMemberAction.html).
# A list AWS may grow: a Region it adds is refused here until this table names it.
MRSC_REGION_SETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("US", ("us-east-1", "us-east-2", "us-west-2")),
    ("EU", ("eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1")),
    ("AP", ("ap-northeast-1", "ap-northeast-2", "ap-northeast-3")),
)
STRONG = "STRONG"
MRSC_SETS_TEXT = "; ".join(f"{name}: {', '.join(regions)}" for name, regions in MRSC_REGION_SETS)


def mrsc_set_of(region: Any) -> str | None:
    """The MRSC Region set of a region name (MRSC_REGION_SETS), None outside every set."""
    return next((name for name, regions in MRSC_REGION_SETS if region in regions), None)


def mrsc_sets_literal() -> str:
    """HCL: the map from each region name of MRSC_REGION_SETS to its set's name."""
    pairs = ", ".join(f"{quote(region)} = {quote(name)}" for name, regions in MRSC_REGION_SETS for region in regions)
    return f"{{ {pairs} }}"


def mrsc_set_expression(region: str, sets: str | None = None) -> str:
    """HCL: the MRSC Region set of the region name ``region``, as ``mrsc_set_of`` gives it ("" outside every set).

    ``sets``: an expression holding ``mrsc_sets_literal()`` (a local), else the literal itself.
    """
    return f'lookup({sets or mrsc_sets_literal()}, {region}, "")'


def _strong(replicas: Any) -> bool:
    return any(item.get("consistency_mode") == STRONG for item in replicas)


def one_consistency_mode() -> Rule:
    """Every replica in one consistency mode (null is EVENTUAL, the provider's default).

    "A global table can't contain replicas configured with different consistency modes"
    (DynamoDB Developer Guide, "Global tables core concepts", Consistency modes).
    """
    return Rule(
        message="must be the same for every replica (a global table cannot mix EVENTUAL and STRONG replicas)",
        subject="[*].consistency_mode",
        holds=lambda value, _values: (
            len({"EVENTUAL" if item.get("consistency_mode") is None else item["consistency_mode"] for item in value})
            <= 1
        ),
        condition=lambda ref: (
            f'length(distinct([for item in {ref} : item.consistency_mode == null ? "EVENTUAL" : item.consistency_mode])) <= 1'
        ),
    )


def strong_replica_count(replicas: str) -> Rule:
    """STRONG replicas: two, or one beside the witness (this input), so that the table spans three Regions.

    "A MRSC global table can be configured with either three replicas, or with two replicas and
    one witness" (API Reference, CreateGlobalTableWitnessGroupMemberAction); the table is one of
    the replicas. A rule of the witness, not of the replicas: Terraform refuses validations of two
    variables that read each other (a cycle).
    """

    def holds(value: Any, values: Values) -> bool:
        found = values[replicas]
        return not _strong(found) or len(found) == (2 if value is None else 1)

    return Rule(
        message=(
            f"must be set beside one replica with consistency_mode STRONG in {replicas}, and null beside two (a "
            "multi-Region strongly consistent table is three Regions: the table's and two replicas', or one "
            "replica's and a witness's)"
        ),
        holds=holds,
        condition=lambda ref: (
            f'!anytrue([for item in var.{replicas} : item.consistency_mode == "{STRONG}"]) || '
            f"length(var.{replicas}) == ({ref} == null ? 2 : 1)"
        ),
        null_safe=True,
        checks_null=True,
    )


def strong_replicas_in_one_set() -> Rule:
    """STRONG replicas in Regions of one MRSC Region set."""
    return Rule(
        message=f"must be in one Region set of multi-Region strong consistency while consistency_mode is STRONG ({MRSC_SETS_TEXT})",
        subject="[*].region_name",
        holds=lambda value, _values: (
            not _strong(value)
            or (
                len({mrsc_set_of(item["region_name"]) for item in value}) == 1
                and mrsc_set_of(value[0]["region_name"]) is not None
            )
        ),
        condition=lambda ref: (
            f'!anytrue([for item in {ref} : item.consistency_mode == "{STRONG}"]) || '
            f"(length(distinct([for item in {ref} : {mrsc_set_expression('item.region_name')}])) == 1 && "
            f'!contains([for item in {ref} : {mrsc_set_expression("item.region_name")}], ""))'
        ),
    )


def witness_beside_one_replica(replicas: str) -> Rule:
    """A witness with exactly one replica: with the table's Region, the three an MRSC table spans."""
    return Rule(
        message=(
            f"needs exactly one replica in {replicas} (with a witness, a multi-Region strongly consistent table is "
            "three Regions: the table's, one replica's and the witness's)"
        ),
        holds=lambda _value, values: len(values[replicas]) == 1,
        condition=lambda _ref: f"length(var.{replicas}) == 1",
        null_safe=True,
    )


def witness_needs_strong(replicas: str) -> Rule:
    """A witness serves a multi-Region strongly consistent table only: its replicas are STRONG.

    "A list of witness updates for a MRSC global table" (API Reference, UpdateTable,
    GlobalTableWitnessUpdates); UpdateTable's MultiRegionConsistency STRONG configures MRSC.
    """
    return Rule(
        message=(
            f"needs consistency_mode STRONG on every replica in {replicas} (a witness serves multi-Region strong "
            "consistency only)"
        ),
        holds=lambda _value, values: (
            bool(values[replicas]) and all(item.get("consistency_mode") == STRONG for item in values[replicas])
        ),
        condition=lambda _ref: (
            f'length(var.{replicas}) > 0 && alltrue([for item in var.{replicas} : item.consistency_mode == "{STRONG}"])'
        ),
        null_safe=True,
    )


def witness_apart_from_replicas(replicas: str) -> Rule:
    """The witness's region is none of the replicas' ("in a different Region than the replicas")."""
    return Rule(
        message=f"must not be the region of a replica in {replicas} (a witness is a Region of its own)",
        subject=".region_name",
        holds=lambda value, values: value["region_name"] not in {item["region_name"] for item in values[replicas]},
        condition=lambda ref: f"!contains(var.{replicas}[*].region_name, {ref}.region_name)",
    )


def witness_in_replicas_set(replicas: str) -> Rule:
    """The witness's region in an MRSC Region set, the one of every replica ("within the same Region set")."""

    def holds(value: Any, values: Values) -> bool:
        found = mrsc_set_of(value["region_name"])
        return found is not None and all(mrsc_set_of(item["region_name"]) == found for item in values[replicas])

    def condition(ref: str) -> str:
        witness_set = mrsc_set_expression(f"{ref}.region_name")
        replica_set = mrsc_set_expression("item.region_name")
        return f'{witness_set} != "" && alltrue([for item in var.{replicas} : {replica_set} == {witness_set}])'

    return Rule(
        message=(
            "must be in the Region set of multi-Region strong consistency that holds every replica's region "
            f"({MRSC_SETS_TEXT})"
        ),
        subject=".region_name",
        holds=holds,
        condition=condition,
    )
