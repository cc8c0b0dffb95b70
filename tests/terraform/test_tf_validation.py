"""Plan-time validation: an invalid caller value fails ``plan`` with the module's message.

Terraform reports every failed variable validation of a plan at once, so one
root holds one module call per invalid value and a single plan checks them
all. One invalid input per call: a validation that reads another input is
skipped when that input fails its own, so two in one call would hide a rule.

Rules that compare two inputs get a plan of their own: Terraform checks them
only in the plan walk, which it never reaches once the validate walk before
it has found a rule broken. The module's three preconditions (a replica in the
table's own region, a replica in another partition than the table's, an IAM
policy name over 128 characters) are checked in that plan too. The expected
messages are read from the rendered module: the code under test on both sides,
a circle made harmless by test_bad_input.py, where a literal case states every
rule's message (test_every_rule_message_is_stated_by_a_literal_case).

Inputs only provider 6 has (warm_throughput, contributor_insights_mode, a
replica's consistency_mode, global_table_witness, restore_backup_arn) are planned
only when the tier runs on 6.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.profile.monitoring import ALARMS
from generator.profile.provider_lines import PROVIDER_LINES
from tests.hclparse import parse_file

from .module_source import Variable, read_variables
from .readback import BY_CAUSE
from .roots import EXAMPLE_GENERATE_ARGS, generate_module
from .toolchain import Result, Terraform, tier_line

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

# The module as generated from the default profile, and as generated for the
# provisioned-autoscaling example (autoscaling, and with it the type index, fixed on).
VARIANTS = {
    "default": ("--profile", "default"),
    "autoscaling": EXAMPLE_GENERATE_ARGS["provisioned-autoscaling"],
}
FLIP = object()  # the opposite of the module's default: what an input fixed at generation rejects


@dataclass(frozen=True)
class Case:
    variant: str
    variable: str
    value: object  # HCL source text, or FLIP
    also: tuple[tuple[str, str], ...] = ()  # valid inputs the rule compares with (its plan is the plan walk's)
    lines: tuple[int, ...] = (5, 6)  # the provider lines whose module has the input

    @property
    def plan_walk(self) -> bool:
        return bool(self.also)


@dataclass(frozen=True)
class Precondition:
    """A module call that breaks a precondition of the module: its plan fails with the precondition's message."""

    variable: str
    value: str  # HCL source text
    resources: tuple[str, ...]  # the addresses in the module of the resources whose precondition it breaks
    file: str  # the module file declaring them
    # How the broken precondition's error_message starts, where a resource has several.
    message_start: str = ""
    provider: str | None = None  # the root's provider the call takes, by alias; None: the default one


def _tags(count: int) -> str:
    return "{ " + ", ".join(f'tag{index} = "value"' for index in range(count)) + " }"


CASES = (
    Case("default", "environment", '""'),
    Case("default", "notifications_table_name", '"no spaces allowed"'),
    Case("default", "billing_mode", '"ON_DEMAND"'),
    Case("default", "read_capacity", "0.5"),
    Case("default", "write_capacity", "0"),
    Case("default", "enable_autoscaling", FLIP),
    Case("default", "autoscaling_read_max_capacity", "0"),
    Case("default", "autoscaling_write_max_capacity", "2.5"),
    Case("default", "autoscaling_read_target_value", "95"),
    Case("default", "autoscaling_write_target_value", "10"),
    Case("default", "stream_view_type", '"ALL_IMAGES"'),
    Case("default", "ttl_attribute_name", '""'),
    Case("default", "prevent_destroy", FLIP),
    Case("default", "kms_key_arn", '"alias/aws/dynamodb"'),
    Case("default", "alarm_sns_topic_arn", '"alerts"'),
    Case("default", "read_throttle_alarm_threshold", "-1"),
    Case("default", "write_throttle_alarm_threshold", "-1"),
    Case("default", "user_errors_alarm_threshold", "-0.5"),
    Case("default", "system_errors_alarm_threshold", "-5"),
    Case("default", "common_tags", _tags(50)),  # 51 with the Environment tag the module adds
    Case("default", "common_tags", '{ "' + "k" * 129 + '" = "value" }'),
    Case("default", "common_tags", '{ Owner = "' + "v" * 257 + '" }'),
    Case("default", "common_tags", '{ "aws:owner" = "platform" }'),
    Case("default", "common_tags", '{ "owner@example" = "platform" }'),  # not DynamoDB's tag characters
    Case("default", "environment", '"prod,eu"'),  # the Environment tag's value
    Case("default", "on_demand_throughput", "{ max_read_request_units = -2 }"),
    Case("default", "on_demand_throughput", "{ max_read_request_units = 0.5 }"),
    Case("default", "on_demand_throughput", "{ max_write_request_units = 0 }"),
    Case("default", "table_class", '"GLACIER"'),
    Case("default", "point_in_time_recovery_period_in_days", "36"),
    Case("default", "replica_regions", '[{ region_name = "mars-1" }]'),
    Case("default", "replica_regions", '[{ region_name = "us-west-2", kms_key_arn = "alias/replica" }]'),
    Case("default", "replica_regions", '[{ region_name = "us-west-2" }, { region_name = "us-west-2" }]'),
    Case("default", "replica_regions", '[{ region_name = "us-west-2" }, { region_name = "cn-north-1" }]'),
    Case(
        "default",
        "replica_regions",
        '[{ region_name = "eu-west-1", kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]',
    ),
    Case("default", "resource_policy", '"[1]"'),
    Case("default", "stream_resource_policy", '"[1]"'),
    Case("default", "restore_source_name", '"ab"'),
    Case("default", "restore_source_table_arn", '"source-table"'),
    Case("default", "restore_date_time", '"yesterday"'),
    Case("default", "import_table", '{ input_format = "PARQUET", bucket = "imports" }'),
    Case("default", "import_table", '{ input_format = "CSV", bucket = "imports", input_compression_type = "RAR" }'),
    Case("default", "capacity_alarm_threshold_percent", "0"),
    Case("default", "replication_latency_alarm_threshold_ms", "-1"),
    Case("default", "iam_policy_name_prefix", '"has space"'),
    # AWS Backup: one value breaking every rule of the input but one, then that one.
    Case(
        "default",
        "backup",
        '{ schedule = "daily", retention_days = 0.5, cold_storage_after_days = 0, vault_name = "a b", '
        'copy_to_vault_arn = "arn:aws:s3:::b" }',
    ),
    Case("default", "backup", '{ schedule = "cron(0 5 ? * * *)", create_vault = false }'),
    Case(
        "default",
        "replica_alarm_sns_topic_arns",
        '{ "us-west-2" = "arn:aws:sns:us-east-1:123456789012:alerts" }',
        lines=(6,),
    ),
    Case("default", "warm_throughput", "{ read_units_per_second = 100 }", lines=(6,)),
    Case("default", "warm_throughput", "{ write_units_per_second = 100 }", lines=(6,)),
    Case("default", "contributor_insights_mode", '"ALL_KEYS"', lines=(6,)),
    Case("default", "replica_regions", '[{ region_name = "us-west-2", consistency_mode = "SOMETIMES" }]', lines=(6,)),
    Case("default", "restore_backup_arn", '"arn:aws:dynamodb:us-east-1:123456789012:table/orders"', lines=(6,)),
    # A witness beside an eventually consistent replica (multi-Region strong consistency only).
    Case(
        "default",
        "global_table_witness",
        '{ region_name = "us-east-2" }',
        (("replica_regions", '[{ region_name = "us-west-2" }]'),),
        lines=(6,),
    ),
    Case("autoscaling", "enable_autoscaling", FLIP),
    # Fixed with autoscaling on provider 5 only: on 6 each index is a resource of its own.
    Case("autoscaling", "enable_type_index", FLIP, lines=(5,)),
    Case("autoscaling", "prevent_destroy", FLIP),
    Case("autoscaling", "autoscaling_read_max_capacity", "5", (("read_capacity", "10"),)),
    Case("autoscaling", "autoscaling_write_max_capacity", "5", (("write_capacity", "10"),)),
    Case("default", "on_demand_throughput", "{ max_read_request_units = 10 }", (("billing_mode", '"PROVISIONED"'),)),
    Case("default", "point_in_time_recovery_period_in_days", "7", (("point_in_time_recovery_enabled", "false"),)),
    Case("default", "replica_regions", '[{ region_name = "us-west-2" }]', (("stream_view_type", '"KEYS_ONLY"'),)),
    # A replica of a provisioned table needs its write capacity autoscaled (AWS refuses it otherwise).
    Case("default", "replica_regions", '[{ region_name = "us-west-2" }]', (("billing_mode", '"PROVISIONED"'),)),
    Case("default", "stream_resource_policy", '"{}"', (("stream_enabled", "false"),)),
    # Restore and import are ways to create the table: one at a time.
    Case(
        "default",
        "restore_source_name",
        '"orders-backup"',
        (("import_table", '{ input_format = "DYNAMODB_JSON", bucket = "imports" }'),),
    ),
    Case("default", "restore_date_time", '"2025-01-01T00:00:00Z"', (("restore_source_name", "null"),)),
    Case(
        "default",
        "restore_date_time",
        '"2025-01-01T00:00:00Z"',
        (("restore_source_name", '"orders-backup"'), ("restore_to_latest_time", "true")),
    ),
    Case("default", "restore_to_latest_time", "true", (("restore_source_table_arn", "null"),)),
    # A table on a customer managed key, a replica on none; the reverse.
    Case(
        "default",
        "replica_regions",
        '[{ region_name = "us-west-2" }]',
        (("kms_key_arn", '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"'),),
    ),
    Case(
        "default",
        "replica_regions",
        '[{ region_name = "us-west-2", kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]',
        (("kms_key_arn", "null"),),
    ),
    # The table name leaves room for the alarm names (CloudWatch: 255) and the IAM policy names
    # (IAM: 128) made from it; each rule reads the switches, so each is planned with the other satisfied.
    Case("default", "notifications_table_name", '"' + "t" * 230 + '"', (("iam_policy_name_prefix", '"p"'),)),
    Case("default", "notifications_table_name", '"' + "t" * 120 + '"', (("create_iam_policies", "true"),)),
    # A policy over DynamoDB's 20 KB: 20488 bytes of valid JSON.
    Case("default", "resource_policy", 'jsonencode({ a = "' + "x" * 20480 + '" })'),
    Case("default", "stream_resource_policy", 'jsonencode({ a = "' + "x" * 20480 + '" })'),
    Case("default", "timeouts", '{ create = "1 hour" }'),
    Case("default", "timeouts", '{ update = "90" }'),
    Case("default", "timeouts", '{ delete = "m" }'),
    # Kinesis: a name where the ARN goes; an ARN while streaming is off; streaming without an ARN.
    Case("default", "kinesis_stream_arn", '"orders-changes"'),
    Case(
        "default",
        "kinesis_stream_arn",
        '"arn:aws:kinesis:us-east-1:123456789012:stream/orders-changes"',
        (("kinesis_streaming_enabled", "false"),),
    ),
    Case("default", "kinesis_stream_arn", "null", (("kinesis_streaming_enabled", "true"),)),
    Case("default", "kinesis_approximate_creation_date_time_precision", '"NANOSECOND"'),
    Case(
        "default",
        "kinesis_approximate_creation_date_time_precision",
        '"MICROSECOND"',
        (("kinesis_streaming_enabled", "false"),),
    ),
    # Autoscaling: cooldowns, and each rule of a scheduled action (one broken in each call).
    Case("default", "autoscaling_scale_in_cooldown", "-1"),
    Case("default", "autoscaling_scale_out_cooldown", "1.5"),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "a/b", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(2 weeks)", min_capacity = 5, max_capacity = 50 }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50, unit = "reads" }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50, index = "ByStatus" }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50, timezone = "Europe Paris" }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50, start_time = "yesterday" }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50, end_time = "tomorrow" }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 0, max_capacity = 50 }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 2.5 }]',
    ),
    Case(
        "autoscaling",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 60, max_capacity = 50 }]',
    ),
    Case(
        "default",
        "autoscaling_scheduled_actions",
        '[{ name = "up", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }]',
        (("billing_mode", '"PROVISIONED"'),),
    ),
    # The by-cause throttle alarms' thresholds; every kind's window, each rule broken once.
    *(
        Case("default", alarm.threshold_input, "-1")
        for alarm in ALARMS
        if alarm.key in BY_CAUSE or "kinesis" in alarm.key
    ),
    *(
        case
        for alarm in ALARMS
        for case in (
            Case("default", alarm.period_input, "45"),
            Case("default", alarm.evaluation_periods_input, "0"),
            Case("default", alarm.datapoints_input, "1.5"),
            Case("default", alarm.datapoints_input, "3", ((alarm.evaluation_periods_input, "2"),)),
            # Over a day of periods under an hour.
            Case("default", alarm.evaluation_periods_input, "289", ((alarm.period_input, "300"),)),
        )
    ),
)
PRECONDITIONS = (
    Precondition(
        "replica_regions",
        '[{ region_name = "us-east-1" }]',
        ("aws_dynamodb_table.notifications",),
        "main.tf",
        "replica_regions must not name the table's own region",
    ),
    # The plan's region is us-east-1, in partition aws.
    Precondition(
        "replica_regions",
        '[{ region_name = "cn-north-1" }]',
        ("aws_dynamodb_table.notifications",),
        "main.tf",
        "replica_regions must be in the table's AWS partition",
    ),
    # The default policy names are the table's name and the region's, then -access or -read-only. A table
    # name of 108 characters passes its own rule (room for us-east-1, the shortest region name) and
    # breaks the precondition in ap-southeast-2.
    Precondition(
        "notifications_table_name",
        '"' + "t" * 108 + '"',
        ("aws_iam_policy.access", "aws_iam_policy.read_only"),
        "iam.tf",
        provider="sydney",
    ),
)
# Providers of the roots besides the default one (us-east-1), by alias: region.
ALIASED_PROVIDERS = {"sydney": "ap-southeast-2"}
# The name of each case's module call, which Terraform quotes in the diagnostic.
LABELS = {case: f"case{index}_{case.variable}" for index, case in enumerate(CASES)}
PRECONDITION_LABELS = {case: f"precondition{index}_{case.variable}" for index, case in enumerate(PRECONDITIONS)}
CHECKED_BY = "\n\nThis was checked by the validation rule at "


def _hcl_bool(value: object) -> str:
    assert isinstance(value, bool), f"FLIP needs a bool default, not {value!r}"
    return "false" if value else "true"


def _module_call(case: Case, variables: dict[str, Variable]) -> str:
    value = _hcl_bool(variables[case.variable].default) if case.value is FLIP else case.value
    arguments = {
        "source": f'"../modules/{case.variant}"',
        "environment": '"validation"',
        **dict(case.also),
        case.variable: value,
    }
    body = "".join(f"  {name} = {text}\n" for name, text in arguments.items())
    return f'module "{LABELS[case]}" {{\n{body}}}\n'


def _precondition_call(case: Precondition) -> str:
    arguments = {"source": '"../modules/default"', "environment": '"validation"', case.variable: case.value}
    if case.provider is not None:
        arguments["providers"] = f"{{ aws = aws.{case.provider} }}"
    body = "".join(f"  {name} = {text}\n" for name, text in arguments.items())
    return f'module "{PRECONDITION_LABELS[case]}" {{\n{body}}}\n'


def _precondition_message(module: Path, case: Precondition, resource: str) -> re.Pattern[str]:
    """The precondition's error_message as the module writes it, its interpolations matching anything."""
    kind, name = resource.split(".")
    (body,) = [block[kind][name] for block in parse_file(module / case.file)["resource"] if name in block.get(kind, {})]
    messages = [item["error_message"] for item in body["lifecycle"][0]["precondition"]]
    (message,) = [message for message in messages if message.startswith(case.message_start)]
    return re.compile(
        "".join(".+" if part.startswith("${") else re.escape(part) for part in re.split(r"(\$\{[^}]*\})", message))
    )


def _where(diagnostic: dict) -> tuple[str, str]:
    """(file, resource address in the module) a diagnostic points at."""
    context = diagnostic.get("snippet", {}).get("context") or ""
    kind_name = re.fullmatch(r'resource "([^"]+)" "([^"]+)"', context)
    return diagnostic.get("range", {}).get("filename", ""), ".".join(kind_name.groups()) if kind_name else context


@dataclass
class ValidationRun:
    line: int
    variables: dict[str, dict[str, Variable]]  # variant -> name -> variable
    messages_by_case: dict[str, list[tuple[str, str]]]  # case label -> [(message, rule location)]
    # precondition label -> [(resource address in the module, message)]: the precondition's own
    # diagnostic, and any other that names the value, such as the provider's own check of it
    preconditions: dict[str, list[tuple[str, str]]]
    expected_preconditions: dict[tuple[str, str], re.Pattern[str]]  # (label, resource) -> message
    unattributed: list[dict]


def _plan_cases(terraform: Terraform, root: Path, calls: list[str]) -> Result:
    root.mkdir()
    providers = 'provider "aws" {\n  region = "us-east-1"\n}\n\n' + "".join(
        f'provider "aws" {{\n  alias  = "{alias}"\n  region = "{region}"\n}}\n\n'
        for alias, region in ALIASED_PROVIDERS.items()
    )
    (root / "main.tf").write_text(providers + "\n".join(calls))
    terraform.init(root)
    return terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(1,))


@pytest.fixture(scope="module")
def validation_run(
    terraform: Terraform, provider_line: int, workers: ThreadPoolExecutor, tmp_path_factory: pytest.TempPathFactory
) -> ValidationRun:
    workspace = tmp_path_factory.mktemp("validation")
    modules = {variant: generate_module(workspace / "modules" / variant, *args) for variant, args in VARIANTS.items()}
    variables = {variant: read_variables(module) for variant, module in modules.items()}
    planned = [case for case in CASES if provider_line in case.lines]
    single = [_module_call(case, variables[case.variant]) for case in planned if not case.plan_walk]
    compared = [_module_call(case, variables[case.variant]) for case in planned if case.plan_walk]
    compared += [_precondition_call(case) for case in PRECONDITIONS]
    planning = [
        workers.submit(_plan_cases, terraform, workspace / name, calls)
        for name, calls in (("single-input-rules", single), ("compared-input-rules", compared))
    ]
    results = [future.result() for future in planning]

    labels = {f'module "{LABELS[case]}"' for case in planned}

    # Terraform's JSON diagnostics name no module instance: a precondition's is known by its resource
    # and how its message starts, which only one case breaks, and the provider's own errors by the value they quote.
    def broken(diagnostic: dict) -> Precondition | None:
        file, resource = _where(diagnostic)
        found = [
            case
            for case in PRECONDITIONS
            if (file, resource) in {(f"../modules/default/{case.file}", guarded) for guarded in case.resources}
            and diagnostic.get("detail", "").startswith(case.message_start)
        ]
        return found[0] if len(found) == 1 else None

    messages_by_case: dict[str, list[tuple[str, str]]] = {LABELS[case]: [] for case in planned}
    preconditions: dict[str, list[tuple[str, str]]] = {label: [] for label in PRECONDITION_LABELS.values()}
    unattributed = []
    for diagnostic in (diagnostic for result in results for diagnostic in result.diagnostics()):
        context = diagnostic.get("snippet", {}).get("context")
        detail = diagnostic.get("detail", "")
        if diagnostic["summary"] == "Invalid value for variable" and context in labels and CHECKED_BY in detail:
            message, location = detail.split(CHECKED_BY, 1)
            messages_by_case[context.split('"')[1]].append((message, location))
        elif diagnostic["summary"] == "Resource precondition failed" and (case := broken(diagnostic)) is not None:
            preconditions[PRECONDITION_LABELS[case]].append((_where(diagnostic)[1], detail))
        elif named := [case for case in PRECONDITIONS if case.value.strip('"') in diagnostic["summary"] + detail]:
            preconditions[PRECONDITION_LABELS[named[0]]].append((_where(diagnostic)[1], diagnostic["summary"]))
        else:
            unattributed.append(diagnostic)
    expected = {
        (PRECONDITION_LABELS[case], resource): _precondition_message(modules["default"], case, resource)
        for case in PRECONDITIONS
        for resource in case.resources
    }
    return ValidationRun(provider_line, variables, messages_by_case, preconditions, expected, unattributed)


# The cases of the line the tier runs on (the highest the mirror holds); a module of the
# other line has none of the inputs the rest are about. With no line, the tier skips anyway.
TIER_CASES = [case for case in CASES if tier_line(tuple(PROVIDER_LINES))[0] in case.lines] or list(CASES)


@pytest.mark.parametrize("case", TIER_CASES, ids=[f"{case.variant}-{LABELS[case]}" for case in TIER_CASES])
def test_invalid_value_fails_plan_with_the_modules_message(validation_run: ValidationRun, case: Case) -> None:
    assert validation_run.line in case.lines, f"the provider {validation_run.line} module has no {case.variable}"
    variable = validation_run.variables[case.variant][case.variable]
    allowed = {validation.message for validation in variable.validations}
    reported = validation_run.messages_by_case[LABELS[case]]
    assert reported, f"plan accepted {case.variable} = {case.value if case.value is not FLIP else 'the non-default'}"
    for message, location in reported:
        assert message in allowed, f"{case.variable}: unexpected message {message!r}"
        assert location.startswith(f"../modules/{case.variant}/variables.tf:"), location


@pytest.mark.parametrize("case", PRECONDITIONS, ids=list(PRECONDITION_LABELS.values()))
def test_broken_precondition_fails_plan_with_the_modules_message(
    validation_run: ValidationRun, case: Precondition
) -> None:
    label = PRECONDITION_LABELS[case]
    reported = validation_run.preconditions[label]
    for guarded in case.resources:
        (message,) = [message for resource, message in reported if resource == guarded]
        assert validation_run.expected_preconditions[(label, guarded)].fullmatch(message), message
    # Nothing else: no provider error beside them (each policy's name is guarded before the provider sees it).
    assert [resource for resource, _message in reported if resource not in case.resources] == []


def test_plan_fails_for_no_other_reason(validation_run: ValidationRun) -> None:
    assert validation_run.unattributed == []


def test_every_validation_rule_of_the_module_is_exercised(validation_run: ValidationRun) -> None:
    """Each validation block, in either variant, has fired for some case: a new rule needs a new case."""
    declared = {
        (name, validation.message)
        for variables in validation_run.variables.values()
        for name, variable in variables.items()
        for validation in variable.validations
    }
    fired = {
        (case.variable, message)
        for case in CASES
        for message, _location in validation_run.messages_by_case.get(LABELS[case], [])
    }
    assert declared - fired == set()
