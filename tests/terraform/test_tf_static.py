"""fmt, init, validate and plan: every built-in profile's module and every example.

Init takes the AWS provider from the local mirror only. The plans run against
moto, which the profile callers reach through the environment as the
examples do; planning a new table asks AWS for little more than who the
caller is. The module's runs start together, two at a time, on the first test
that needs one.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .module_source import read_variables
from .roots import (
    EXAMPLE_GENERATE_ARGS,
    EXAMPLES,
    EXAMPLES_DIR,
    MODULE_DIR_NAME,
    PROFILES,
    copy_example,
    profile_caller,
)
from .selection import selected_params
from .toolchain import PROVIDER_SOURCE, Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]


def _resource_types(planned: dict[str, str]) -> Counter[str]:
    """How many instances of each managed resource type a plan creates."""
    created = Counter()
    for address, action in planned.items():
        resource = address.removeprefix("module.dynamodb.")
        if action == "create" and not resource.startswith("data."):
            created[resource.split(".")[0]] += 1
    return created


def _assert_valid(result: Result) -> None:
    report = result.json()
    assert report["valid"], report["diagnostics"]
    assert report["diagnostics"] == [], "validate warned"


@dataclass
class Checked:
    root: Path
    validate: Result
    plan: Result | None  # examples are planned where they are applied, in test_tf_apply


def _check_profile(profile: str, parent: Path, terraform: Terraform) -> Checked:
    root = profile_caller(profile, parent)
    terraform.init(root)
    validate = terraform.run(root, "validate", "-json", "-no-color", expect=(0, 1))
    return Checked(root, validate, terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(0, 1)))


def _check_example(name: str, parent: Path, terraform: Terraform) -> Checked:
    root = copy_example(name, parent)
    terraform.init(root)
    return Checked(root, terraform.run(root, "validate", "-json", "-no-color", expect=(0, 1)), None)


@pytest.fixture(scope="module")
def checking(
    request: pytest.FixtureRequest,
    terraform: Terraform,
    workers: ThreadPoolExecutor,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Future[Checked]]:
    """Init, validate and plan of what the selected tests check, by profile or example name."""
    started = {}
    for profile in selected_params(request, "profile"):
        started[profile] = workers.submit(_check_profile, profile, tmp_path_factory.mktemp("profile"), terraform)
    for example in selected_params(request, "example"):
        started[example] = workers.submit(_check_example, example, tmp_path_factory.mktemp("example"), terraform)
    return started


def test_committed_examples_are_formatted(terraform: Terraform, tmp_path: Path) -> None:
    # A copy, so a module generated into examples/ by hand is not what is judged.
    committed = tmp_path / "examples"
    shutil.copytree(
        EXAMPLES_DIR, committed, ignore=shutil.ignore_patterns(MODULE_DIR_NAME, ".terraform*", "*.tfstate*")
    )
    result = terraform.run(committed, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


@pytest.mark.parametrize("profile", PROFILES)
def test_generated_module_is_formatted(
    terraform: Terraform, checking: dict[str, Future[Checked]], profile: str
) -> None:
    module = checking[profile].result().root / MODULE_DIR_NAME
    result = terraform.run(module, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


@pytest.mark.parametrize("profile", PROFILES)
def test_provider_is_linked_from_the_mirror_not_copied(
    checking: dict[str, Future[Checked]], provider_mirror: Path, profile: str
) -> None:
    root = checking[profile].result().root
    (installed,) = (root / ".terraform" / "providers" / PROVIDER_SOURCE).glob("*/*")
    assert installed.is_symlink()
    assert installed.resolve().is_relative_to(provider_mirror.resolve())


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_module_validates(checking: dict[str, Future[Checked]], profile: str) -> None:
    _assert_valid(checking[profile].result().validate)


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_module_plans_what_its_defaults_ask_for(checking: dict[str, Future[Checked]], profile: str) -> None:
    checked = checking[profile].result()
    defaults = {name: variable.default for name, variable in read_variables(checked.root / MODULE_DIR_NAME).items()}
    result = checked.plan
    assert result.returncode == 0, result.diagnostics()
    assert result.diagnostics("warning") == []

    indexes = 1 + bool(defaults["enable_type_index"])
    autoscaled = defaults["enable_autoscaling"] and defaults["billing_mode"] == "PROVISIONED"
    expected = Counter(
        {
            "aws_dynamodb_table": 1,
            "aws_iam_policy": 2,
            "aws_cloudwatch_metric_alarm": 4 if defaults["enable_cloudwatch_alarms"] else 0,
            "aws_appautoscaling_target": 2 * indexes if autoscaled else 0,
            "aws_appautoscaling_policy": 2 * indexes if autoscaled else 0,
            "aws_dynamodb_contributor_insights": indexes if defaults["enable_contributor_insights"] else 0,
        }
    )
    assert _resource_types(result.planned_changes()) == +expected


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_validates(checking: dict[str, Future[Checked]], example: str) -> None:
    _assert_valid(checking[example].result().validate)


def test_examples_readme_gives_the_generate_command_the_tests_use() -> None:
    readme = (EXAMPLES_DIR / "README.md").read_text()
    commands = set(re.findall(r"^ddbgen generate .*$", readme, flags=re.MULTILINE))
    expected = {
        f"ddbgen generate {' '.join(args)} --out examples/{name}/{MODULE_DIR_NAME}"
        for name, args in EXAMPLE_GENERATE_ARGS.items()
    }
    assert commands == expected


def test_every_example_folder_is_tested() -> None:
    folders = {path.parent.name for path in EXAMPLES_DIR.glob("*/main.tf")}
    assert folders == set(EXAMPLES)
