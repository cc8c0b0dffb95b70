"""Time ``ddbgen check --live -r`` over 50 tables on moto: the target is at most 10 seconds.

Run from the repository root as ``python -m tests.bench_live`` (``make bench-live``). It
serves the Terraform tier's moto (with its fills) on 127.0.0.1, makes 50 tables through
the API (each with a global index, TTL, tags and the AWS managed key; every other one
provisioned with scaling targets and target tracking policies on the table and its index,
the others on demand), adopts each into a profile of its own and generates its module
folder, as a platform repository would hold them. Then it runs ``ddbgen check --live -r``
over the repository ``--runs`` times, as a user or CI would (a new process each time,
so start-up and boto3's imports count), checks that every table is clean (a check that
compared nothing would be fast too), and prints the median wall time. It exits 1 when the
median is over the target.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
TABLES = 50
REGION = "us-east-1"


def _make_tables(endpoint: str, count: int) -> list[str]:
    import boto3

    from tests.terraform.scaling import scale

    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    dynamodb = session.client("dynamodb", endpoint_url=endpoint)
    autoscaling = session.client("application-autoscaling", endpoint_url=endpoint)
    names = []
    for number in range(count):
        name = f"bench-{number:02}"
        provisioned = number % 2 == 0
        capacity = {"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}} if provisioned else {}
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in ("pk", "sk", "status")],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "ByStatus",
                    "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                    **capacity,
                }
            ],
            BillingMode="PROVISIONED" if provisioned else "PAY_PER_REQUEST",
            SSESpecification={"Enabled": True, "SSEType": "KMS"},
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=[{"Key": "Environment", "Value": "bench"}, {"Key": "Team", "Value": f"team-{number % 5}"}],
            **capacity,
        )
        dynamodb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )
        if provisioned:
            for resource_id, kind in ((f"table/{name}", "table"), (f"table/{name}/index/ByStatus", "index")):
                for unit in ("Read", "Write"):
                    scale(autoscaling, resource_id, kind, unit, 5, 50, 70.0)
        names.append(name)
    return names


def build_repository(root: Path, endpoint: str, names: list[str]) -> None:
    """profiles/<table>.yaml adopted from each table, and modules/<table>/ generated from it."""
    import boto3

    from generator.adopt.adopt import adopt
    from generator.adopt.aws import Clients
    from generator.folder import vendor
    from generator.profile.loader import load_profile
    from generator.render.render import render

    class _Moto:
        region_name = REGION

        def __init__(self) -> None:
            self._session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")

        def client(self, service: str, region_name: str | None = None) -> object:
            return self._session.client(service, region_name=region_name, endpoint_url=endpoint)

    clients = Clients(_Moto(), region=REGION)
    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    for name in names:
        profile = root / "profiles" / f"{name}.yaml"
        profile.write_text(adopt(name, clients=clients, profile_path=profile).profile_yaml, encoding="utf-8")
        folder = root / "modules" / name
        vendor.write(folder, render(load_profile(str(profile)), folder))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of check --live; the median counts")
    arguments = parser.parse_args(argv)

    from tests.terraform.moto_gaps import MotoServer

    server = MotoServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="ddbgen-bench-live-") as folder:
            root = Path(folder) / "repo"
            started = time.perf_counter()
            names = _make_tables(server.endpoint, TABLES)
            build_repository(root, server.endpoint, names)
            print(f"{TABLES} tables on moto and their module folders made in {time.perf_counter() - started:.1f} s")
            env = {
                **{key: value for key, value in os.environ.items() if not key.startswith("AWS_")},
                "AWS_ENDPOINT_URL": server.endpoint,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": REGION,
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true",
            }
            command = [sys.executable, "-m", "generator", "check", "--live", "-r", "modules"]
            times = []
            for _ in range(arguments.runs):
                start = time.perf_counter()
                completed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                summary = completed.stdout.splitlines()[-1] if completed.stdout else completed.stderr
                if completed.returncode != 0 or summary != f"{TABLES} folders: {TABLES} clean, 0 drift, 0 errors":
                    print(f"check --live did not find every table clean (exit {completed.returncode}): {summary}")
                    print(completed.stderr[-2000:])
                    return 2
    finally:
        server.stop()
    median = statistics.median(times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"ddbgen check --live -r over {TABLES} tables: median {median:.2f} s of {arguments.runs} runs ({', '.join(f'{t:.2f}' for t in times)})"
    )
    print(
        f"target: at most {TARGET_SECONDS:.0f} s; {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, load {load:.2f} at the end"
    )
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
