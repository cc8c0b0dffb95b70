"""Fixtures of the Terraform tier: Terraform, the AWS provider mirror, moto on 127.0.0.1.

Where Terraform, the provider or moto is missing, the tier skips and says
which. With ``DDBGEN_REQUIRE_TERRAFORM=1`` (``.ci/run`` sets it) the same
checks fail instead, so CI cannot pass without having run the tier.

Each Terraform run keeps a core busy, mostly loading the AWS provider; the
test modules start their runs on ``workers``, two at a time in each pytest
worker, and their tests wait for the result they check.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator.profile.provider_lines import PROVIDER_LINES
from tests import tooling
from tests.tooling import require

from . import timing
from .roots import generate_module
from .toolchain import Terraform, find_provider_mirror, offline_terraform, terraform_platform, tier_line

REGION = "us-east-1"


@pytest.fixture(scope="session")
def terraform_binary() -> str:
    return tooling.terraform_binary()


@pytest.fixture(scope="session")
def platform(terraform_binary: str) -> str:
    """The provider platform terraform runs on, such as linux_amd64."""
    return terraform_platform(terraform_binary)


@pytest.fixture(scope="session")
def provider_mirror(platform: str) -> Path:
    mirror, reason = find_provider_mirror(platform)
    require(mirror is not None, reason)
    return mirror


@pytest.fixture(scope="session")
def provider_line(provider_mirror: Path) -> int:
    """The AWS provider line the tier renders every module for: the highest the mirror holds."""
    line, reason = tier_line(tuple(PROVIDER_LINES))
    require(line is not None, reason)
    return line


@pytest.fixture(scope="session")
def moto_server() -> Iterator[Any]:
    for package in ("moto", "boto3", "flask", "werkzeug"):
        require(importlib.util.find_spec(package) is not None, f"{package} is not installed (pip install -e '.[test]')")
    from .moto_gaps import MotoServer

    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def moto_endpoint(moto_server: Any) -> str:
    return moto_server.endpoint


@pytest.fixture(scope="session")
def terraform(
    terraform_binary: str,
    provider_mirror: Path,
    provider_line: int,
    moto_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Terraform:
    """Terraform that installs the AWS provider from the mirror and reaches only moto."""
    home = tmp_path_factory.mktemp("terraform-cli")
    warm_up_root = generate_module(home / "plugin-cache-warm-up", "--profile", "default", line=provider_line)
    return offline_terraform(terraform_binary, provider_mirror, moto_endpoint, home, warm_up_root, timing.RUNS)


@pytest.fixture(scope="session")
def workers() -> Iterator[ThreadPoolExecutor]:
    """Two Terraform runs at a time, one per core of the machines this runs on."""
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="terraform")
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def account_credentials(moto_endpoint: str) -> Callable[[str], dict[str, str]]:
    """``account_credentials(id)``: environment credentials for an AWS account of its own in moto.

    moto keeps accounts apart and ties assumed-role credentials to the role's
    account, as AWS does; resources made with them are invisible to the others.
    """
    import boto3

    sts = boto3.client(
        "sts",
        endpoint_url=moto_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def credentials(account_id: str) -> dict[str, str]:
        role = f"arn:aws:iam::{account_id}:role/ddbgen-tests"
        assumed = sts.assume_role(RoleArn=role, RoleSessionName="ddbgen-tests")["Credentials"]
        return {
            "AWS_ACCESS_KEY_ID": assumed["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": assumed["SecretAccessKey"],
            "AWS_SESSION_TOKEN": assumed["SessionToken"],
        }

    return credentials


@pytest.fixture(scope="session")
def aws(moto_endpoint: str) -> Callable[..., Any]:
    """boto3 clients of moto: ``aws("dynamodb")``; ``aws("dynamodb", credentials)`` for another account,
    ``aws("dynamodb", region="us-west-2")`` for another region (a replica's)."""
    import boto3

    default = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    session = boto3.session.Session()
    # Clients are thread-safe; making them from one session is not, and workers make them too.
    making = threading.Lock()

    def client(service: str, credentials: dict[str, str] | None = None, region: str = REGION) -> Any:
        chosen = credentials or default
        with making:
            return session.client(
                service,
                endpoint_url=moto_endpoint,
                region_name=region,
                aws_access_key_id=chosen["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=chosen["AWS_SECRET_ACCESS_KEY"],
                aws_session_token=chosen.get("AWS_SESSION_TOKEN"),
            )

    return client
