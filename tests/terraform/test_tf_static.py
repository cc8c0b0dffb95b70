"""fmt, init, validate and plan: every built-in profile's module; fmt of the examples.

Init takes the AWS provider from the local mirror only. One root calls the
module of each selected built-in profile (module "<profile>"), so one init and
one plan check them all: the plan validates the configuration as
``terraform validate`` does and reports the same diagnostics, then plans
against moto, which the root reaches through the environment as the examples
do; planning a new table asks AWS for little more than who the caller is.
Each test reads its profile's part of the plan. The examples are validated by
the plan of their apply in test_tf_apply.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import OUTPUT

from .module_source import read_variables
from .roots import (
    EXAMPLE_GENERATE_ARGS,
    EXAMPLES,
    EXAMPLES_DIR,
    MODULE_DIR_NAME,
    PROFILES,
    profiles_caller,
)
from .selection import selected_params
from .toolchain import PROVIDER_SOURCE, Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]


def _resource_types(planned: dict[str, str], module: str) -> Counter[str]:
    """How many instances of each managed resource type a plan creates in ``module``."""
    created = Counter()
    for address, action in planned.items():
        if not address.startswith(f"module.{module}."):
            continue
        resource = address.removeprefix(f"module.{module}.")
        if action == "create" and not resource.startswith("data."):
            created[resource.split(".")[0]] += 1
    return created


@dataclass
class Checked:
    root: Path
    plan: Result

    def diagnostics_of(self, profile: str) -> list[dict]:
        """The plan's errors and warnings about the profile's module (its files are modules/<profile>/...)."""
        return [
            message["diagnostic"]
            for message in self.plan.json_lines()
            if message.get("type") == "diagnostic"
            and message["diagnostic"].get("range", {}).get("filename", "").startswith(f"modules/{profile}/")
        ]


def _check_profiles(profiles: list[str], parent: Path, terraform: Terraform) -> Checked:
    root = profiles_caller(profiles, parent)
    terraform.init(root)
    return Checked(root, terraform.run(root, "plan", "-json", "-input=false", "-lock=false", expect=(0, 1)))


@pytest.fixture(scope="module")
def checking(
    request: pytest.FixtureRequest,
    terraform: Terraform,
    workers: ThreadPoolExecutor,
    tmp_path_factory: pytest.TempPathFactory,
) -> Future[Checked]:
    """Init and plan of the root calling the modules of the profiles the selected tests check."""
    profiles = selected_params(request, "profile") or list(PROFILES)
    return workers.submit(_check_profiles, profiles, tmp_path_factory.mktemp("static"), terraform)


def test_committed_examples_are_formatted(terraform: Terraform, tmp_path: Path) -> None:
    # A copy, so a module generated into examples/ by hand is not what is judged.
    committed = tmp_path / "examples"
    shutil.copytree(
        EXAMPLES_DIR, committed, ignore=shutil.ignore_patterns(MODULE_DIR_NAME, ".terraform*", "*.tfstate*")
    )
    result = terraform.run(committed, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


@pytest.mark.parametrize("profile", PROFILES)
def test_generated_module_is_formatted(terraform: Terraform, checking: Future[Checked], profile: str) -> None:
    module = checking.result().root / "modules" / profile
    result = terraform.run(module, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


def test_the_generated_readmes_hcl_examples_are_formatted(terraform: Terraform, tmp_path: Path) -> None:
    """Callers copy the module README's examples: they are laid out as fmt would, whatever the design's names."""
    written = 0
    for readme in sorted(OUTPUT.glob("*/README.md")):
        for number, block in enumerate(readme.read_text(encoding="utf-8").split("```hcl\n")[1:]):
            example = tmp_path / readme.parent.name / f"example_{number}.tf"
            example.parent.mkdir(exist_ok=True)
            example.write_text(block.split("```", 1)[0], encoding="utf-8")
            written += 1
    assert written >= 2 * len(list(OUTPUT.glob("*/README.md")))
    result = terraform.run(tmp_path, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"


def test_provider_is_linked_from_the_mirror_not_copied(checking: Future[Checked], provider_mirror: Path) -> None:
    root = checking.result().root
    (installed,) = (root / ".terraform" / "providers" / PROVIDER_SOURCE).glob("*/*")
    assert installed.is_symlink()
    assert installed.resolve().is_relative_to(provider_mirror.resolve())


def test_the_plan_reports_no_diagnostic(checking: Future[Checked]) -> None:
    """No error or warning at all, from the root or any module: what ``terraform validate`` would say."""
    result = checking.result().plan
    assert result.diagnostics() == [] and result.diagnostics("warning") == []
    assert result.returncode == 0


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_module_validates(checking: Future[Checked], profile: str) -> None:
    assert checking.result().diagnostics_of(profile) == []


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_module_plans_what_its_defaults_ask_for(checking: Future[Checked], profile: str) -> None:
    checked = checking.result()
    defaults = {name: variable.default for name, variable in read_variables(checked.root / "modules" / profile).items()}
    result = checked.plan
    assert result.returncode == 0, result.diagnostics()

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
    assert _resource_types(result.planned_changes(), profile) == +expected


def test_examples_readme_gives_the_generate_command_the_tests_use() -> None:
    """The README gives each command as users run it (provider 6, the default line); the tests add the line.

    ``roots.generate_module`` appends ``--set aws_provider=<the mirror's line>``
    to these arguments, which the README says where it gives the commands.
    """
    readme = (EXAMPLES_DIR / "README.md").read_text()
    commands = set(re.findall(r"^ddbgen generate .*$", readme, flags=re.MULTILINE))
    expected = {
        f"ddbgen generate {' '.join(args)} --out examples/{name}/{MODULE_DIR_NAME}"
        for name, args in EXAMPLE_GENERATE_ARGS.items()
    }
    assert commands == expected
    assert not any("aws_provider" in " ".join(args) for args in EXAMPLE_GENERATE_ARGS.values())
    prose = " ".join(readme.split())
    assert "The tests add `--set aws_provider=5` to each command where only provider 5 is available" in prose


def test_every_example_folder_is_tested() -> None:
    folders = {path.parent.name for path in EXAMPLES_DIR.glob("*/main.tf")}
    assert folders == set(EXAMPLES)
