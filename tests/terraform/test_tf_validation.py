"""Plan-time validation: an invalid caller value fails ``plan`` with the module's message.

Terraform reports every failed variable validation of a plan at once, so one
root holds one module call per invalid value and a single plan checks them
all. One invalid input per call: a validation that reads another input is
skipped when that input fails its own, so two in one call would hide a rule.

Rules that compare two inputs get a plan of their own: Terraform checks them
only in the plan walk, which it never reaches once the validate walk before
it has found a rule broken. The expected messages are read from the rendered
variables.tf.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .module_source import Variable, read_variables
from .roots import EXAMPLE_GENERATE_ARGS, generate_module
from .toolchain import Result, Terraform

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
    also: tuple[tuple[str, str], ...] = ()  # valid inputs the rule compares with


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
    Case("autoscaling", "enable_autoscaling", FLIP),
    Case("autoscaling", "enable_type_index", FLIP),
    Case("autoscaling", "prevent_destroy", FLIP),
    Case("autoscaling", "autoscaling_read_max_capacity", "5", (("read_capacity", "10"),)),
    Case("autoscaling", "autoscaling_write_max_capacity", "5", (("write_capacity", "10"),)),
)
# The name of each case's module call, which Terraform quotes in the diagnostic.
LABELS = {case: f"case{index}_{case.variable}" for index, case in enumerate(CASES)}
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


@dataclass
class ValidationRun:
    variables: dict[str, dict[str, Variable]]  # variant -> name -> variable
    messages_by_case: dict[str, list[tuple[str, str]]]  # case label -> [(message, rule location)]
    unattributed: list[dict]


def _plan_cases(
    terraform: Terraform, root: Path, cases: list[Case], variables: dict[str, dict[str, Variable]]
) -> Result:
    root.mkdir()
    calls = [_module_call(case, variables[case.variant]) for case in cases]
    (root / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n\n' + "\n".join(calls))
    terraform.init(root)
    return terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(1,))


@pytest.fixture(scope="module")
def validation_run(
    terraform: Terraform, workers: ThreadPoolExecutor, tmp_path_factory: pytest.TempPathFactory
) -> ValidationRun:
    workspace = tmp_path_factory.mktemp("validation")
    variables = {
        variant: read_variables(generate_module(workspace / "modules" / variant, *args))
        for variant, args in VARIANTS.items()
    }
    single = [case for case in CASES if not case.also]
    compared = [case for case in CASES if case.also]
    planning = [
        workers.submit(_plan_cases, terraform, workspace / name, group, variables)
        for name, group in (("single-input-rules", single), ("compared-input-rules", compared))
    ]
    results = [future.result() for future in planning]

    labels = {f'module "{LABELS[case]}"' for case in CASES}
    messages_by_case: dict[str, list[tuple[str, str]]] = {LABELS[case]: [] for case in CASES}
    unattributed = []
    for diagnostic in (diagnostic for result in results for diagnostic in result.diagnostics()):
        context = diagnostic.get("snippet", {}).get("context")
        detail = diagnostic.get("detail", "")
        if diagnostic["summary"] == "Invalid value for variable" and context in labels and CHECKED_BY in detail:
            message, location = detail.split(CHECKED_BY, 1)
            messages_by_case[context.split('"')[1]].append((message, location))
        else:
            unattributed.append(diagnostic)
    return ValidationRun(variables, messages_by_case, unattributed)


@pytest.mark.parametrize("case", CASES, ids=[f"{case.variant}-{LABELS[case]}" for case in CASES])
def test_invalid_value_fails_plan_with_the_modules_message(validation_run: ValidationRun, case: Case) -> None:
    variable = validation_run.variables[case.variant][case.variable]
    allowed = {validation.message for validation in variable.validations}
    reported = validation_run.messages_by_case[LABELS[case]]
    assert reported, f"plan accepted {case.variable} = {case.value if case.value is not FLIP else 'the non-default'}"
    for message, location in reported:
        assert message in allowed, f"{case.variable}: unexpected message {message!r}"
        assert location.startswith(f"../modules/{case.variant}/variables.tf:"), location


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
        for message, _location in validation_run.messages_by_case[LABELS[case]]
    }
    assert declared - fired == set()
