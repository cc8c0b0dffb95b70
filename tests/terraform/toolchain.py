"""Terraform and the AWS provider for the tests: found locally, run offline.

Terraform only ever installs the AWS provider from a filesystem mirror (no
registry is reachable, and none is asked), and links it from there: the
provider is some 700 MB, so no test folder gets a copy of its own.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIRROR_ENV = "DDBGEN_TF_PLUGIN_MIRROR"
DEFAULT_MIRROR = Path("/opt/tf-plugins")
PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws"
# Where provider mirrors and plugin directories usually live, searched when
# neither the override nor the default holds the provider.
MIRROR_SEARCH_ROOTS = (
    Path.home() / ".terraform.d" / "plugins",
    Path.home() / ".local" / "share" / "terraform" / "plugins",
    Path("/usr/local/share/terraform/plugins"),
    Path("/usr/share/terraform/plugins"),
    Path("/opt"),
)
# The discard port on loopback: nothing listens there, so a request fails at once.
CLOSED_PORT = "http://127.0.0.1:9"
# A hung run fails its test instead of stalling the suite; a slow one takes 10 s.
COMMAND_TIMEOUT_SECONDS = 180


def terraform_platform(binary: str) -> str:
    """The provider platform this Terraform runs on, such as linux_amd64."""
    # Without CHECKPOINT_DISABLE, "terraform version" asks HashiCorp for the latest release.
    env = {**_clean_env(), "CHECKPOINT_DISABLE": "1", "HTTPS_PROXY": CLOSED_PORT, "HTTP_PROXY": CLOSED_PORT}
    version = subprocess.run([binary, "version", "-json"], capture_output=True, text=True, check=True, env=env)
    return json.loads(version.stdout)["platform"]


def _holds_aws_provider(mirror: Path, platform: str) -> bool:
    return any(mirror.joinpath(PROVIDER_SOURCE).glob(f"*/{platform}/terraform-provider-aws_*"))


def provider_majors(mirror: Path, platform: str) -> tuple[int, ...]:
    """The AWS provider lines (major versions) ``mirror`` holds for ``platform``, lowest first.

    A filesystem mirror keeps each release in
    ``registry.terraform.io/hashicorp/aws/<version>/<platform>/``; a folder
    whose name is not a version, or that holds no provider binary, is no release.
    """
    majors = set()
    for binary in mirror.joinpath(PROVIDER_SOURCE).glob(f"*/{platform}/terraform-provider-aws_*"):
        version = binary.parent.parent.name
        major, dot, _rest = version.partition(".")
        if dot and major.isdigit():
            majors.add(int(major))
    return tuple(sorted(majors))


def find_provider_mirror(platform: str) -> tuple[Path | None, str]:
    """Return the filesystem mirror holding the AWS provider, or None and why not."""
    override = os.environ.get(MIRROR_ENV)
    if override:
        mirror = Path(override)
        if _holds_aws_provider(mirror, platform):
            return mirror, ""
        return None, f"{MIRROR_ENV}={override} holds no {PROVIDER_SOURCE} provider for {platform}"
    if _holds_aws_provider(DEFAULT_MIRROR, platform):
        return DEFAULT_MIRROR, ""
    pattern = f"{PROVIDER_SOURCE}/*/{platform}/terraform-provider-aws_*"
    for root in MIRROR_SEARCH_ROOTS:
        # A mirror is the folder above registry.terraform.io: the root itself
        # or a folder at most two levels below it.
        for depth in ("", "*/", "*/*/"):
            for binary in sorted(root.glob(depth + pattern)) if root.is_dir() else ():
                return binary.parents[5], ""
    searched = ", ".join(str(root) for root in (DEFAULT_MIRROR, *MIRROR_SEARCH_ROOTS))
    return None, f"no filesystem mirror of {PROVIDER_SOURCE} for {platform} in {searched} (set {MIRROR_ENV})"


@functools.cache
def tier_line(lines: tuple[int, ...]) -> tuple[int | None, str]:
    """The AWS provider line the tier runs on, of ``lines`` (those ddbgen renders for), or None and why not.

    The highest line the mirror holds: with only 5 there, every module the tier
    generates is rendered for 5; put a provider 6 in the mirror
    (``$DDBGEN_TF_PLUGIN_MIRROR``) and the whole tier runs on 6.
    """
    binary = shutil.which("terraform")
    if binary is None:
        return None, "terraform is not on PATH"
    platform = terraform_platform(binary)
    mirror, reason = find_provider_mirror(platform)
    if mirror is None:
        return None, reason
    held = [major for major in provider_majors(mirror, platform) if major in lines]
    if not held:
        wanted = " or ".join(str(line) for line in lines)
        return None, f"the mirror at {mirror} holds no AWS provider {wanted}.x for {platform}"
    return max(held), ""


def write_cli_config(path: Path, mirror: Path, plugin_cache: Path) -> Path:
    """A CLI config that installs the AWS provider from ``mirror`` only, by link."""
    plugin_cache.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "disable_checkpoint = true\n"
        f"plugin_cache_dir = {json.dumps(str(plugin_cache))}\n"
        # A fresh test folder has no lock file; without this, Terraform would
        # not take the provider from the cache until a lock file lists it.
        "plugin_cache_may_break_dependency_lock_file = true\n"
        "\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(str(mirror))}\n"
        f"    include = [{json.dumps(PROVIDER_SOURCE)}]\n"
        "  }\n"
        "}\n"
    )
    return path


def _clean_env() -> dict[str, str]:
    """The caller's environment without Terraform and AWS settings that would change a run."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TF_", "AWS_", "CHECKPOINT_"))
        and key.upper() not in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
    }


def offline_env(cli_config: Path, aws_endpoint: str) -> dict[str, str]:
    """Environment for Terraform runs that may reach nothing but ``aws_endpoint`` on 127.0.0.1."""
    env = _clean_env()
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        # Every AWS service the provider calls goes to moto: no root names an endpoint.
        AWS_ENDPOINT_URL=aws_endpoint,
        # Last line of defence: anything still headed off this machine goes to
        # a closed port on loopback and fails there. Go never proxies loopback.
        HTTP_PROXY=CLOSED_PORT,
        HTTPS_PROXY=CLOSED_PORT,
        NO_PROXY="127.0.0.1,localhost",
    )
    # Debug logging stays available to whoever runs the tests.
    for key in ("TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


class TerraformError(AssertionError):
    """A Terraform command ended with an exit code the test did not expect."""


@dataclass
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        """The document of a command that prints one (``validate -json``, ``output -json``)."""
        return json.loads(self.stdout)

    def json_lines(self) -> list[dict]:
        """The messages of a ``-json`` run (plan, apply, destroy, validate streams one per line)."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    def diagnostics(self, severity: str = "error") -> list[dict]:
        return [
            message["diagnostic"]
            for message in self.json_lines()
            if message.get("type") == "diagnostic" and message["diagnostic"]["severity"] == severity
        ]

    def planned_changes(self) -> dict[str, str]:
        """Resource address -> planned action, from ``plan -json``."""
        return {
            message["change"]["resource"]["addr"]: message["change"]["action"]
            for message in self.json_lines()
            if message.get("type") == "planned_change"
        }


@dataclass
class Terraform:
    binary: str
    env: dict[str, str]
    # (what ran, seconds it took, time.monotonic() when it started), for the run's summary
    timings: list[tuple[str, float, float]] = field(default_factory=list)

    def run(self, workdir: Path, *args: str, expect: tuple[int, ...] = (0,)) -> Result:
        started = time.monotonic()
        completed = subprocess.run(
            [self.binary, *args],
            cwd=workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        result = Result(
            tuple(args), completed.returncode, completed.stdout, completed.stderr, time.monotonic() - started
        )
        self.timings.append((f"{workdir.name}: terraform {' '.join(args)}", result.seconds, started))
        if result.returncode not in expect:
            raise TerraformError(
                f"terraform {' '.join(args)} in {workdir} exited {result.returncode}, expected {expect}\n"
                f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}"
            )
        return result

    def with_env(self, overrides: dict[str, str]) -> Terraform:
        """The same Terraform with part of its environment replaced, such as another account's credentials."""
        return Terraform(self.binary, {**self.env, **overrides}, self.timings)

    def init(self, workdir: Path) -> Result:
        return self.run(workdir, "init", "-input=false", "-no-color")


def offline_terraform(
    binary: str,
    mirror: Path,
    aws_endpoint: str,
    home: Path,
    warm_up_root: Path,
    timings: list[tuple[str, float, float]] | None = None,
) -> Terraform:
    """Terraform with its own CLI config in ``home``, whose plugin cache already holds the provider.

    Terraform's plugin cache is not safe for concurrent installs: two inits
    that both find it empty race to create the same directory, and the loser
    fails with "file exists" (CI saw it). So one init of ``warm_up_root`` fills
    the cache first; inits after it, in parallel or not, only link to it.
    """
    cli_config = write_cli_config(home / "terraform.tfrc", mirror, home / "plugin-cache")
    terraform = Terraform(binary, offline_env(cli_config, aws_endpoint), [] if timings is None else timings)
    terraform.init(warm_up_root)
    return terraform
