"""Terraform root folders for the tests: the examples, a caller per profile, one caller of several.

The examples and a profile's caller call the generated module as
``module "dynamodb"`` at ``./module``; ``profiles_caller`` calls one module
per profile. ddbgen writes each module afresh for the test, for the AWS
provider line the tier runs on (``generate_module``). No root names an
endpoint: the environment that ``toolchain.offline_env`` builds sends every
AWS call to moto.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.profile.provider_lines import PROVIDER_LINES

from .toolchain import tier_line

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples"
MODULE_DIR_NAME = "module"

# What each example's module is generated with; examples/README.md gives the
# same commands (a test checks that it does).
EXAMPLE_GENERATE_ARGS: dict[str, tuple[str, ...]] = {
    "basic-on-demand": ("--profile", "default"),
    "provisioned-autoscaling": (
        "--profile",
        "default",
        "--set",
        "enable_autoscaling=true",
        "--set",
        "enable_type_index=true",
    ),
    "cloudwatch-alarms": ("--profile", "default"),
    "custom-kms-key": ("--profile", "default"),
}
EXAMPLES = tuple(EXAMPLE_GENERATE_ARGS)
PROFILES = ("default", "development", "staging", "production")

# What every root of the tier starts with: the provider and its region. The
# endpoint comes from the environment (toolchain.offline_terraform).
PROVIDER_BLOCKS = """\
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}
"""

# A caller of a profile's module that sets only the one required input, so
# that its plan shows the profile's own defaults at work.
PROFILE_CALLER = (
    PROVIDER_BLOCKS
    + """
module "dynamodb" {
  source = "./module"

  environment              = "{environment}"
  notifications_table_name = "{table_name}"
{inputs}}
"""
)


def tier_provider_line() -> int:
    """The AWS provider line of the tier: the highest the mirror holds (toolchain.tier_line)."""
    line, reason = tier_line(tuple(PROVIDER_LINES))
    if line is None:
        raise AssertionError(f"no AWS provider line to render the module for: {reason}")
    return line


def generate_module(out: Path, *generate_args: str, line: int | None = None) -> Path:
    """Run ``ddbgen generate ARGS --set aws_provider=LINE --out OUT`` the way a user would, and return OUT.

    LINE is the provider line the tier runs on unless given: a module admits
    only its own line, and the roots take the provider from the mirror.
    """
    line = tier_provider_line() if line is None else line
    generate_args = (*generate_args, "--set", f"aws_provider={line}")
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *generate_args, "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if completed.returncode != 0:
        raise AssertionError(f"ddbgen generate {' '.join(generate_args)} failed:\n{completed.stdout}{completed.stderr}")
    return out


def copy_example(name: str, parent: Path) -> Path:
    """Copy examples/NAME to PARENT/NAME, leaving out local leftovers, and generate its module."""
    root = parent / name
    shutil.copytree(
        EXAMPLES_DIR / name,
        root,
        ignore=shutil.ignore_patterns(MODULE_DIR_NAME, ".terraform", ".terraform.lock.hcl", "*.tfstate*", "*.tfplan"),
    )
    generate_module(root / MODULE_DIR_NAME, *EXAMPLE_GENERATE_ARGS[name])
    return root


def profiles_caller(profiles: list[str], parent: Path) -> Path:
    """A root at PARENT/profiles calling each built-in PROFILE's module: ``module "<profile>"`` at ./modules/<profile>.

    Each call sets only the required input and the table's name: one init and
    one plan show every profile's own defaults at work.
    """
    root = parent / "profiles"
    calls = []
    for profile in profiles:
        generate_module(root / "modules" / profile, "--profile", profile)
        calls.append(
            f'module "{profile}" {{\n'
            f'  source                   = "./modules/{profile}"\n'
            f'  environment              = "{profile}"\n'
            f'  notifications_table_name = "{profile}-user-notifications"\n'
            "}\n"
        )
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + "\n".join(calls))
    return root


def profile_caller(
    profile: str, parent: Path, *, table_name: str | None = None, inputs: dict[str, str] | None = None
) -> Path:
    """A root at PARENT/profile-PROFILE calling the module generated from built-in PROFILE.

    ``inputs`` adds module arguments, each given as HCL source text.
    """
    root = parent / f"profile-{profile}"
    root.mkdir(parents=True)
    generate_module(root / MODULE_DIR_NAME, "--profile", profile)
    text = PROFILE_CALLER.replace("{environment}", profile)
    text = text.replace("{table_name}", table_name or f"{profile}-user-notifications")
    text = text.replace("{inputs}", "".join(f"  {name} = {value}\n" for name, value in (inputs or {}).items()))
    (root / "main.tf").write_text(text)
    return root
