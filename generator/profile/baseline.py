"""The account-and-region baseline (``ddbgen baseline``): what belongs to an account and region, not to a table.

Its alarms watch metrics with no table dimension: UserErrors (the table
module's kind, ``monitoring.ALARMS``), the account's provisioned capacity in
use, and the most any one table uses of the per-table quota. Its inputs come
from the same catalogue functions as the table module's (switch, threshold and
window per kind of alarm; the topic and the tags are the table module's own
inputs), so their rules and descriptions are written once. Its manifest records
``settings.kind: baseline``: ``check``, ``check -r`` and ``regenerate`` read it
again from the ``--set`` overrides it records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.errors import ProfileError
from generator.profile import catalogue, monitoring, rules
from generator.profile.catalogue import Input
from generator.profile.design import NOTIFICATIONS
from generator.profile.loader import OVERRIDE_SOURCE, parse_override, validate
from generator.profile.provenance import Source
from generator.profile.provider_lines import DEFAULT_AWS_PROVIDER, PROVIDER_LINES
from generator.profile.types import STRING
from generator.shown import closest, some, yaml_text

# The name a baseline's manifest records as its profile, and the kind its settings name.
NAME = "baseline"
KIND = "kind"

# AWS's recommended alarm for the account's provisioned capacity: "Period 300, Datapoints to alarm 2
# out of 2, Maximum, threshold 80" (CloudWatch User Guide, "Recommended alarms", DynamoDB:
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#DynamoDB).
ACCOUNT_CAPACITY_WINDOW = monitoring.Window(300, 2, 2)
# AWS recommends no alarm on MaxProvisionedTable*CapacityUtilization; the same window is ours.
TABLE_QUOTA_WINDOW = monitoring.Window(
    300, 2, 2, source="ours: the window AWS recommends for AccountProvisionedRead/WriteCapacityUtilization"
)
PERCENT = (rules.between(1, 100, "a percentage"),)


def _capacity_alarm(key: str, metric: str, what: str, why: str, window: monitoring.Window) -> monitoring.Alarm:
    return monitoring.Alarm(
        key,
        monitoring.ACCOUNT,
        monitoring.METRIC,
        monitoring.Metric(metric, "Maximum", "utilization"),
        description=f"{what[:1].upper()}{what[1:]} above {{threshold}}% in {{region}} (the Maximum over {{period}} seconds).",
        switch_description=f"Alarm on {metric}: {what}.",
        threshold_input=f"{key}_alarm_threshold",
        threshold_description=f"The percentage of {what} above which the alarm fires.",
        threshold_default=80,
        threshold_rules=PERCENT,
        why=why,
        window=window,
    )


USER_ERRORS = next(alarm for alarm in monitoring.ALARMS if alarm.key == "user_errors")
ALARMS: tuple[monitoring.Alarm, ...] = (
    USER_ERRORS,
    *(
        _capacity_alarm(
            f"account_{unit}_capacity",
            f"AccountProvisioned{unit.capitalize()}CapacityUtilization",
            f"the account's {unit} capacity quota provisioned to its tables and indexes",
            "Tables cannot be created or raised past the account's quota: ask Service Quotas before it runs out.",
            ACCOUNT_CAPACITY_WINDOW,
        )
        for unit in monitoring.UNITS
    ),
    *(
        _capacity_alarm(
            f"table_{unit}_quota",
            f"MaxProvisionedTable{unit.capitalize()}CapacityUtilization",
            f"the per-table {unit} capacity quota provisioned to the account's most provisioned table or index",
            "A table near the per-table quota cannot be scaled further, by hand or by autoscaling.",
            TABLE_QUOTA_WINDOW,
        )
        for unit in monitoring.UNITS
    ),
)

_TABLE_INPUTS = {item.name: item for item in catalogue.inputs(NOTIFICATIONS, DEFAULT_AWS_PROVIDER)}


def inputs() -> tuple[Input, ...]:
    """The baseline module's inputs: the topic and tags as the table module has them, a name prefix, and each alarm's."""
    return (
        _TABLE_INPUTS["alarm_sns_topic_arn"],
        Input(
            "alarm_name_prefix",
            STRING,
            "What each alarm's name starts with: <prefix>-<kind> (for example dynamodb-account-read-capacity).",
            default="dynamodb",
            rules=(rules.matches(r"[A-Za-z0-9_.-]{1,200}", "1 to 200 letters, digits, _ . or -"),),
        ),
        *catalogue.alarm_inputs(ALARMS),
        _TABLE_INPUTS["common_tags"],
    )


@dataclass(frozen=True)
class Baseline:
    """A resolved baseline: its values and provider line, and the ``--set`` overrides they came from."""

    values: dict[str, Any]
    aws_provider: int
    overrides: tuple[str, ...] = ()
    name: str = NAME
    description: str = "The DynamoDB alarms of an AWS account and region."
    reads: tuple[Any, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def source(self) -> Source:
        return Source(builtin=NAME, overrides=self.overrides, called="account baseline")

    @property
    def inputs(self) -> tuple[Input, ...]:
        return inputs()

    def settings(self) -> dict[str, Any]:
        return {KIND: NAME, "aws_provider": self.aws_provider}


def load_baseline(overrides: Iterable[str] = (), aws_provider: int = DEFAULT_AWS_PROVIDER) -> Baseline:
    """The baseline with every default, ``overrides`` (``KEY=VALUE``, read as YAML) over them, checked."""
    if aws_provider not in PROVIDER_LINES:
        raise ProfileError("--aws-provider", "aws_provider", f"must be one of {some(sorted(PROVIDER_LINES))}")
    known = {item.name: item for item in inputs()}
    values = {name: item.default for name, item in known.items()}
    origins = {}
    for text in overrides:
        key, value = parse_override(text)
        if key not in known:
            near = closest(key, list(known))
            hint = f"; did you mean {near[0]}?" if near else f"; inputs: {some(sorted(known))}"
            raise ProfileError(OVERRIDE_SOURCE, key, f"is not an input of the baseline{hint}")
        values[key] = value
        origins[key] = OVERRIDE_SOURCE
    validate(values, tuple(known.values()), origins, ("the baseline's defaults", {}))
    warnings: tuple[str, ...] = ()
    if any(values[alarm.switch] for alarm in ALARMS) and not values["alarm_sns_topic_arn"]:
        warnings = ("the baseline's alarms notify nobody unless alarm_sns_topic_arn is set",)
    return Baseline(values, aws_provider, tuple(overrides), warnings=warnings)


def is_baseline(settings: Any) -> bool:
    """Whether a manifest's recorded settings are a baseline's."""
    return isinstance(settings, dict) and settings.get(KIND) == NAME


def recorded_baseline(settings: dict[str, Any], overrides: Iterable[str]) -> Baseline:
    """The baseline a manifest records, read again from its ``--set`` overrides with this ddbgen."""
    aws_provider = settings.get("aws_provider", DEFAULT_AWS_PROVIDER)
    if aws_provider not in PROVIDER_LINES:
        raise ProfileError(
            "ddbgen-manifest.json", "profile.settings.aws_provider", f"is damaged ({yaml_text(aws_provider)})"
        )
    return load_baseline(tuple(overrides), aws_provider)


def alarm_name_suffix(alarm: monitoring.Alarm) -> str:
    return "-" + alarm.key.replace("_", "-")
