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

from .hcl import literal, quote

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


def one_of(*choices: str) -> Rule:
    return Rule(
        message="must be one of " + ", ".join(choices),
        holds=lambda value, _values: value in choices,
        condition=lambda ref: f"contains({literal(list(choices))}, {ref})",
        json={"enum": list(choices)},
    )


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


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
        return f"{ref} == \"\" || {test}" if allow_empty else test

    json: dict[str, Any] = {"pattern": anchored}
    if allow_empty:
        json = {"anyOf": [{"const": ""}, json]}
    return Rule(message=f"must be {description}", holds=holds, condition=condition, null_safe=True, json=json)


def length_between(low: int, high: int) -> Rule:
    return Rule(
        message=f"must be {low} to {high} characters long",
        holds=lambda value, _values: low <= len(value) <= high,
        condition=lambda ref: f"length({ref}) >= {low} && length({ref}) <= {high}",
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
        condition=lambda ref: f"length(merge({ref}, {{ {always_added} = \"\" }})) <= {MAX_TAGS}",
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
            f"length(key) >= 1 && length(key) <= {MAX_TAG_KEY} && length(value) <= {MAX_TAG_VALUE}])"
        ),
        json={
            "propertyNames": {"minLength": 1, "maxLength": MAX_TAG_KEY},
            "additionalProperties": {"maxLength": MAX_TAG_VALUE},
        },
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
    from .policy import is_json_object

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
            f"length(base64encode({ref})) / 4 * 3 - length(regex(\"=*$\", base64encode({ref}))) <= {limit}"
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
        regions = [item["region_name"] for item in values["replica_regions"]] if values["replication_latency_alarm_enabled"] else []
        return len(value) <= most and all(len(value) + replica + len(region) <= MAX_ALARM_NAME for region in regions)

    def condition(ref: str) -> str:
        return (
            f"!var.enable_cloudwatch_alarms || (length({ref}) <= {most} && (!var.replication_latency_alarm_enabled || "
            f"alltrue([for replica in var.replica_regions : length({ref}) + length(replica.region_name) <= {MAX_ALARM_NAME - replica}])))"
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
        condition=lambda ref: f"!var.create_iam_policies || var.iam_policy_name_prefix != null || length({ref}) <= {most}",
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
    """``rule`` applied to one attribute of an object input, where that attribute is set."""
    return Rule(
        message=rule.message,
        subject=f".{attribute}",
        json={"properties": {attribute: rule.json}} if rule.json else None,
        holds=lambda value, values: value.get(attribute) is None or rule.holds(value[attribute], values),
        condition=lambda ref: f"try({ref}.{attribute}, null) == null || try({rule.condition(f'{ref}.{attribute}')}, false)",
        null_safe=True,
    )


def each_item(attribute: str, rule: Rule, optional: bool = False) -> Rule:
    """``rule`` applied to ``attribute`` of every object in a list input (skipped where null if ``optional``)."""

    def holds(value: Any, values: Values) -> bool:
        return all(
            (optional and item.get(attribute) is None) or rule.holds(item[attribute], values) for item in value
        )

    def condition(ref: str) -> str:
        test = f"try({rule.condition(f'item.{attribute}')}, false)"
        if optional:
            test = f"item.{attribute} == null || {test}"
        return f"alltrue([for item in {ref} : {test}])"

    json = {"items": {"properties": {attribute: rule.json}}} if rule.json else None
    return Rule(message=rule.message, subject=f"[*].{attribute}", holds=holds, condition=condition, json=json)


def unique_items(attribute: str) -> Rule:
    return Rule(
        message=f"must not name a {attribute} twice",
        holds=lambda value, _values: len({item[attribute] for item in value}) == len(value),
        condition=lambda ref: f"length(distinct({ref}[*].{attribute})) == length({ref})",
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


def at_most_one_of(names: tuple[str, ...], why: str) -> Rule:
    """Of the named inputs (null or false when unset), at most one may be set."""

    def is_set(value: Any) -> bool:
        return value not in (None, False)

    tests = ", ".join(f"var.{name} != null && var.{name} != false" for name in names)
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return Rule(
        message=f"cannot be combined: at most one of {listed} may be set ({why})",
        sentence=f"At most one of {listed} may be set: {why}.",
        holds=lambda _value, values: sum(is_set(values[name]) for name in names) <= 1,
        condition=lambda _ref: f"length([for set in [{tests}] : set if set]) <= 1",
        null_safe=True,
        checks_null=True,
    )


def needs_one_of(names: tuple[str, ...]) -> Rule:
    """The input may be set only together with one of the named inputs."""
    tests = " || ".join(f"var.{name} != null" for name in names)
    return Rule(
        message=f"needs {' or '.join(names)}",
        holds=lambda value, values: value in (None, False) or any(values[name] is not None for name in names),
        # For a nullable input: Rule.nullable_condition lets null pass.
        condition=lambda ref: f"{ref} == false || {tests}",
        null_safe=True,
    )


def alarm_period() -> Rule:
    return Rule(
        message="must be 10, 30 or a multiple of 60 seconds (the periods CloudWatch alarms accept)",
        holds=lambda value, _values: _is_whole(value) and (value in (10, 30) or (value >= 60 and value % 60 == 0)),
        condition=lambda ref: f"contains([10, 30], {ref}) || ({ref} >= 60 && {ref} % 60 == 0)",
        json={"anyOf": [{"enum": [10, 30]}, {"minimum": 60, "multipleOf": 60}]},
    )


def at_most_input(other: str) -> Rule:
    return Rule(
        message=f"must not exceed {other}",
        holds=lambda value, values: value <= values[other],
        condition=lambda ref: f"{ref} <= var.{other}",
    )
