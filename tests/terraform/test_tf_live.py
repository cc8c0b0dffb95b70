"""``ddbgen check --live`` on moto: tables applied by their modules, changed outside Terraform, and put back.

One root, in an AWS account of its own, calls four modules, each generated
from a profile file, and is applied once:

- ``scaled``: provisioned with autoscaling, Contributor Insights, two global
  indexes (one with capacity of its own), PITR, deletion protection, a tag of
  its own (on AWS provider 5 the table ignores its whole index set);
- ``ondemand``: on demand, a global index with on-demand limits, a replica in
  us-west-2 (moto's replicas are the harness's fill);
- ``local``: a local index;
- ``fixed``: provisioned without autoscaling.

Then, one kind at a time, what the issue lists is changed with boto3 as
someone would in the console, ``check --live`` is read (in process, through
the same library the command line calls), and the change is undone: with the
AWS CLI command ``check --live`` printed as the fix where it printed one (run as
printed, so the fix is proven too), else with boto3. Every kind must be
reported with exactly its paths, and the folder clean again after the undo.
The command line itself runs clean after the apply (exit 0), with a difference
(exit 1, its text and JSON), clean again at the end, against a table that does
not exist (exit 2), and through a relay: a denied optional read is reported as
not checked (exit 0), a denied needed read names the IAM action (exit 2), and
every call ``check --live`` and ``adopt`` make is in the README's IAM policy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.adopt import permissions
from generator.adopt.aws import Clients
from generator.folder import live_compare
from generator.folder.generate import generate
from generator.folder.live_check import check_live

from .conftest import REGION
from .relay import relay_to
from .roots import PROVIDER_BLOCKS
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

ACCOUNT = "300000000041"
REPLICA_REGION = "us-west-2"
TABLES = {"scaled": "live-scaled", "ondemand": "live-ondemand", "local": "live-local", "fixed": "live-fixed"}
MISSING = "live-missing"

# Alarms and IAM policies are not the table's: left out, the apply is shorter.
PROFILES = {
    "scaled": """\
extends: production
billing_mode: PROVISIONED
enable_autoscaling: true
enable_contributor_insights: true
enable_cloudwatch_alarms: false
create_iam_policies: false
common_tags: {Team: payments}
table:
  name: scaled
  attributes: {pk: S, sk: S, status: S, kind: S}
  hash_key: pk
  range_key: sk
  global_secondary_indexes:
    ByStatus: {hash_key: status, range_key: sk, projection: ALL}
    ByKind: {hash_key: kind, projection: KEYS_ONLY, read_capacity: 2, write_capacity: 2, autoscaling_read_max_capacity: 20, autoscaling_write_max_capacity: 20}
scaled_table_name: live-scaled
""",
    "ondemand": f"""\
extends: development
create_iam_policies: false
replica_regions: [{{region_name: {REPLICA_REGION}}}]
table:
  name: ondemand
  attributes: {{pk: S, status: S}}
  hash_key: pk
  global_secondary_indexes:
    ByStatus: {{hash_key: status, projection: KEYS_ONLY, on_demand_throughput: {{max_read_request_units: 10, max_write_request_units: 10}}}}
ondemand_table_name: live-ondemand
""",
    "local": """\
extends: development
create_iam_policies: false
table:
  name: local
  attributes: {pk: S, sk: S, total: N}
  hash_key: pk
  range_key: sk
  local_secondary_indexes:
    ByTotal: {range_key: total, projection: KEYS_ONLY}
local_table_name: live-local
""",
    "fixed": """\
extends: development
billing_mode: PROVISIONED
enable_autoscaling: false
create_iam_policies: false
read_capacity: 4
write_capacity: 3
table:
  name: fixed
  attributes: {pk: S}
  hash_key: pk
fixed_table_name: live-fixed
""",
}
CALL = """
module "{module}" {{
  source = "./modules/{module}"

  environment = "test"
}}
"""

Aws = Callable[..., Any]  # aws(service, region=...) -> a boto3 client in the root's account


# -- the kinds of difference: how each is made, what check --live must say, how it is undone ---------


@dataclass(frozen=True)
class Kind:
    module: str
    paths: frozenset[str]  # exactly the differences check --live reports
    make: Callable[[Aws, dict[str, Any]], None]
    undo: Callable[[Aws, dict[str, Any]], None] | None = None  # None: run the AWS CLI fix check --live printed
    undo_where_the_fix_is_apply: Callable[[Aws, dict[str, Any]], None] | None = None  # no Terraform run here


def _dynamodb(aws: Aws, region: str = REGION) -> Any:
    return aws("dynamodb", region=region)


def _table_arn(table: str, region: str = REGION) -> str:
    return f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{table}"


def _index(name: str, hash_key: str, projection: str, capacity: int | None) -> dict[str, Any]:
    index: dict[str, Any] = {
        "IndexName": name,
        "KeySchema": [{"AttributeName": hash_key, "KeyType": "HASH"}],
        "Projection": {"ProjectionType": projection},
    }
    if capacity:
        index["ProvisionedThroughput"] = {"ReadCapacityUnits": capacity, "WriteCapacityUnits": capacity}
    return index


def _rebuild_by_kind(projection: str, hash_key: str = "kind") -> Callable[[Aws, dict[str, Any]], None]:
    def rebuild(aws: Aws, _before: dict[str, Any]) -> None:
        dynamodb = _dynamodb(aws)
        dynamodb.update_table(
            TableName=TABLES["scaled"], GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "ByKind"}}]
        )
        dynamodb.update_table(
            TableName=TABLES["scaled"],
            AttributeDefinitions=[{"AttributeName": hash_key, "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": _index("ByKind", hash_key, projection, 2)}],
        )

    return rebuild


def _recreate_local(
    projection: str = "KEYS_ONLY",
    key_of_its_own: bool = False,
    view: str = "NEW_AND_OLD_IMAGES",
    index_key: str | None = None,
    ttl: str = "ttl",
) -> Callable[[Aws, dict[str, Any]], None]:
    """The local table deleted and made again as it was, but for these (a local index exists only with its table).

    The stream's view type is changed this way too: moto refuses to turn a stream on again once a table
    has had one ("Cannot enable stream"), where AWS turns it off, then on with the new view. So is the
    TTL attribute: AWS takes a new one only once TTL is off, and then not for up to an hour (the
    UpdateTimeToLive API reference).
    """

    def recreate(aws: Aws, before: dict[str, Any]) -> None:
        dynamodb, table = _dynamodb(aws), before["local"]
        sse: dict[str, Any] = {"Enabled": True, "SSEType": "KMS"}
        if key_of_its_own:
            sse["KMSMasterKeyId"] = aws("kms").create_key(Description="check --live")["KeyMetadata"]["Arn"]
        dynamodb.delete_table(TableName=TABLES["local"])
        (index,) = table["LocalSecondaryIndexes"]
        index_schema, attributes = index["KeySchema"], table["AttributeDefinitions"]
        if index_key is not None:  # the same index, sorted on another attribute (which replaces its own)
            (old_key,) = (item["AttributeName"] for item in index_schema if item["KeyType"] == "RANGE")
            index_schema = [item for item in index_schema if item["KeyType"] == "HASH"]
            index_schema.append({"AttributeName": index_key, "KeyType": "RANGE"})
            attributes = [item for item in attributes if item["AttributeName"] != old_key]
            attributes.append({"AttributeName": index_key, "AttributeType": "S"})
        dynamodb.create_table(
            TableName=TABLES["local"],
            BillingMode="PAY_PER_REQUEST",
            KeySchema=table["KeySchema"],
            AttributeDefinitions=attributes,
            LocalSecondaryIndexes=[
                {
                    "IndexName": index["IndexName"],
                    "KeySchema": index_schema,
                    "Projection": {"ProjectionType": projection},
                }
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
            SSESpecification=sse,
            Tags=[{"Key": key, "Value": value} for key, value in before["local-tags"].items()],
        )
        dynamodb.update_time_to_live(
            TableName=TABLES["local"], TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl}
        )

    return recreate


def _updated(module: str, **params: Any) -> Callable[[Aws, dict[str, Any]], None]:
    return lambda aws, _before: _dynamodb(aws).update_table(TableName=TABLES[module], **params)


def _ttl(enabled: bool) -> Callable[[Aws, dict[str, Any]], None]:
    specification = {"Enabled": enabled, "AttributeName": "ttl"}
    return lambda aws, _before: _dynamodb(aws).update_time_to_live(
        TableName=TABLES["scaled"], TimeToLiveSpecification=specification
    )


def _recovery(
    module: str, enabled: bool, days: int | None = None, region: str = REGION
) -> Callable[[Aws, dict[str, Any]], None]:
    specification: dict[str, Any] = {"PointInTimeRecoveryEnabled": enabled}
    if days:
        specification["RecoveryPeriodInDays"] = days
    return lambda aws, _before: _dynamodb(aws, region).update_continuous_backups(
        TableName=TABLES[module], PointInTimeRecoverySpecification=specification
    )


def _insights(module: str, action: str, index: str | None = None) -> Callable[[Aws, dict[str, Any]], None]:
    where = {"IndexName": index} if index else {}
    return lambda aws, _before: _dynamodb(aws).update_contributor_insights(
        TableName=TABLES[module], ContributorInsightsAction=action, **where
    )


def _target(low: int, high: int) -> Callable[[Aws, dict[str, Any]], None]:
    return lambda aws, _before: aws("application-autoscaling").register_scalable_target(
        ServiceNamespace="dynamodb",
        ResourceId=f"table/{TABLES['scaled']}",
        ScalableDimension="dynamodb:table:ReadCapacityUnits",
        MinCapacity=low,
        MaxCapacity=high,
    )


def _fixed_capacity(read: int) -> Callable[[Aws, dict[str, Any]], None]:
    return _updated("fixed", ProvisionedThroughput={"ReadCapacityUnits": read, "WriteCapacityUnits": 3})


def _stray_target(aws: Aws, _before: dict[str, Any]) -> None:
    """A scaling target registered by hand on a table whose profile has no autoscaling (no resource declares it)."""
    aws("application-autoscaling").register_scalable_target(
        ServiceNamespace="dynamodb",
        ResourceId=f"table/{TABLES['fixed']}",
        ScalableDimension="dynamodb:table:ReadCapacityUnits",
        MinCapacity=4,
        MaxCapacity=40,
    )


def _replica(action: str) -> Callable[[Aws, dict[str, Any]], None]:
    def update(aws: Aws, before: dict[str, Any]) -> None:
        _dynamodb(aws).update_table(
            TableName=TABLES["ondemand"], ReplicaUpdates=[{action: {"RegionName": REPLICA_REGION}}]
        )
        if action == "Create":  # the provider tags a replica it makes (propagate_tags): so does the undo
            tags = [{"Key": key, "Value": value} for key, value in before["ondemand-tags"].items()]
            _dynamodb(aws, REPLICA_REGION).tag_resource(
                ResourceArn=_table_arn(TABLES["ondemand"], REPLICA_REGION), Tags=tags
            )

    return update


def _policy(aws: Aws, _before: dict[str, Any]) -> None:
    arn = _table_arn(TABLES["ondemand"])
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "dynamodb:GetItem",
        "Resource": arn,
    }
    _dynamodb(aws).put_resource_policy(
        ResourceArn=arn, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    )


def _team_tag(value: str | None) -> Callable[[Aws, dict[str, Any]], None]:
    def tag(aws: Aws, _before: dict[str, Any]) -> None:
        arn = _table_arn(TABLES["scaled"])
        if value is None:
            _dynamodb(aws).untag_resource(ResourceArn=arn, TagKeys=["Team"])
        else:
            _dynamodb(aws).tag_resource(ResourceArn=arn, Tags=[{"Key": "Team", "Value": value}])

    return tag


def _index_limits(units: int) -> Callable[[Aws, dict[str, Any]], None]:
    limits = {"MaxReadRequestUnits": units, "MaxWriteRequestUnits": units}
    return _updated(
        "ondemand", GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "ByStatus", "OnDemandThroughput": limits}}]
    )


def _extra_index(aws: Aws, _before: dict[str, Any]) -> None:
    _dynamodb(aws).update_table(
        TableName=TABLES["scaled"],
        AttributeDefinitions=[{"AttributeName": "extra", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": _index("ByExtra", "extra", "KEYS_ONLY", 1)}],
    )


KINDS: dict[str, Kind] = {
    # What terraform plan cannot see
    "index added": Kind("scaled", frozenset({"table.global_secondary_indexes.ByExtra"}), _extra_index),
    "index projection": Kind(
        "scaled",
        frozenset({"table.global_secondary_indexes.ByKind.projection"}),
        _rebuild_by_kind("ALL"),
        undo_where_the_fix_is_apply=_rebuild_by_kind("KEYS_ONLY"),  # provider 6: the index's resource rebuilds it
    ),
    "index key": Kind(
        "scaled",
        frozenset({"table.global_secondary_indexes.ByKind.hash_key"}),
        _rebuild_by_kind("KEYS_ONLY", hash_key="status"),
        undo_where_the_fix_is_apply=_rebuild_by_kind("KEYS_ONLY"),
    ),
    "index on-demand limits": Kind(
        "ondemand",
        frozenset({"table.global_secondary_indexes.ByStatus.on_demand_throughput"}),
        _index_limits(20),
        _index_limits(10),
    ),
    "local index projection and the KMS key": Kind(
        "local",
        frozenset({"table.local_secondary_indexes.ByTotal.projection", "kms_key_arn"}),
        _recreate_local(projection="ALL", key_of_its_own=True),
        _recreate_local(),
    ),
    "local index key": Kind(
        "local",
        frozenset({"table.local_secondary_indexes.ByTotal.range_key"}),
        _recreate_local(index_key="placed"),
        _recreate_local(),
    ),
    "capacity beyond the scaling bounds": Kind(
        "scaled",
        frozenset({"capacity.table_read"}),
        _updated("scaled", ProvisionedThroughput={"ReadCapacityUnits": 500, "WriteCapacityUnits": 5}),
    ),
    "scaling target bounds": Kind("scaled", frozenset({"scaling_targets.table_read"}), _target(1, 7), _target(5, 100)),
    "scaling target the profile does not have": Kind("fixed", frozenset({"enable_autoscaling"}), _stray_target),
    "fixed capacity": Kind("fixed", frozenset({"capacity.table_read"}), _fixed_capacity(9), _fixed_capacity(4)),
    # The rest
    "ttl": Kind("scaled", frozenset({"ttl_enabled"}), _ttl(False), _ttl(True)),
    "ttl attribute": Kind(
        "local", frozenset({"ttl_attribute_name"}), _recreate_local(ttl="expires"), _recreate_local()
    ),
    "stream view type": Kind(
        "local", frozenset({"stream_view_type"}), _recreate_local(view="KEYS_ONLY"), _recreate_local()
    ),
    "recovery period": Kind(
        "scaled", frozenset({"point_in_time_recovery_period_in_days"}), _recovery("scaled", True, 10)
    ),
    "recovery": Kind(
        "ondemand",
        frozenset({"point_in_time_recovery_enabled"}),
        _recovery("ondemand", True),
        _recovery("ondemand", False),
    ),
    "table class": Kind(
        "scaled",
        frozenset({"table_class"}),
        _updated("scaled", TableClass="STANDARD_INFREQUENT_ACCESS"),
        _updated("scaled", TableClass="STANDARD"),
    ),
    "deletion protection": Kind(
        "scaled",
        frozenset({"prevent_destroy"}),
        _updated("scaled", DeletionProtectionEnabled=False),
        _updated("scaled", DeletionProtectionEnabled=True),
    ),
    "replica removed": Kind("ondemand", frozenset({"replica_regions"}), _replica("Delete"), _replica("Create")),
    "replica setting": Kind(
        "ondemand",
        frozenset({f"replica_regions.{REPLICA_REGION}.point_in_time_recovery"}),
        _recovery("ondemand", True, region=REPLICA_REGION),
        _recovery("ondemand", False, region=REPLICA_REGION),
    ),
    "contributor insights off": Kind(
        "scaled",
        frozenset({"contributor_insights.ByStatus"}),
        _insights("scaled", "DISABLE", "ByStatus"),
        _insights("scaled", "ENABLE", "ByStatus"),
    ),
    "contributor insights on": Kind(
        "ondemand", frozenset({"contributor_insights.table"}), _insights("ondemand", "ENABLE")
    ),
    "resource policy": Kind("ondemand", frozenset({"resource_policy"}), _policy),
    "tags": Kind("scaled", frozenset({"tags.Team"}), _team_tag(None), _team_tag("payments")),
}
KIND_SHOWN_ON_THE_COMMAND_LINE = "ttl"


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Found:
    made: list[dict[str, Any]]  # check --live's differences after the change
    fix_run: str | None  # the AWS CLI fix run as printed, if the undo was it
    undone: list[dict[str, Any]]  # its differences after the undo


@dataclass
class Live:
    root: Path
    env: dict[str, str]
    aws_provider: int
    applied: Result | None = None
    runs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)  # command-line runs by name
    kinds: dict[str, Found] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # what check --live and adopt called, through the relay


class _OneEndpoint:
    """A boto3 session whose clients all reach moto, as AWS_ENDPOINT_URL makes the command line's."""

    def __init__(self, session: Any, endpoint: str) -> None:
        self._session, self._endpoint = session, endpoint
        self.region_name = REGION

    def client(self, service: str, region_name: str | None = None) -> Any:
        return self._session.client(service, region_name=region_name, endpoint_url=self._endpoint)


def _ddbgen(live: Live, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=live.root,
        env=env or live.env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _generate(live: Live, out: str, profile: str, *overrides: str) -> None:
    """``ddbgen generate --profile PROFILE --set ... --out OUT`` in the root, through the library (no process to start)."""
    generate(
        str(live.root / profile) if "/" in profile else profile,
        [*overrides, f"aws_provider={live.aws_provider}"],
        live.root / out,
    )


def _run_fix(live: Live, command: str) -> None:
    """The fix as check --live printed it, run with the AWS CLI of the test extras."""
    ran = subprocess.run(
        ["bash", "-c", command],
        env={**live.env, "AWS_DEFAULT_REGION": REGION, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, f"{command}:\n{ran.stderr}"


def _live(parent: Path, line: int, terraform: Terraform, aws: Aws, clients: Clients, endpoint: str) -> Live:
    root = parent / "live"
    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    live = Live(root, terraform.env, line)
    for module, text in PROFILES.items():
        (root / "profiles" / f"{module}.yaml").write_text(text)
        _generate(live, f"modules/{module}", f"profiles/{module}.yaml")
    _generate(live, "extra/missing", "development", f"notifications_table_name={MISSING}")
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "".join(CALL.format(module=module) for module in TABLES))
    terraform.init(root)
    live.applied = terraform.run(root, "apply", "-auto-approve", "-input=false", "-json")

    # The relay passes every call on unchanged: the first check after the apply also tells its calls.
    with relay_to(endpoint) as (relay, seen):
        relayed = {**live.env, "AWS_ENDPOINT_URL": relay}
        live.runs["after apply"] = _ddbgen(live, "check", "--live", "-r", "modules", env=relayed)
        # adopt reads what check --live does not (Kinesis destinations, the scaling targets' tags)
        live.runs["adopt"] = _ddbgen(live, "adopt", TABLES["scaled"], "--out", "adopted/scaled.yaml", env=relayed)
        live.calls = list(seen)
    with relay_to(endpoint, deny=frozenset({"dynamodb:GetResourcePolicy"})) as (relay, _seen):
        live.runs["policy denied"] = _ddbgen(
            live, "check", "--live", "modules/ondemand", env={**live.env, "AWS_ENDPOINT_URL": relay}
        )
    with relay_to(endpoint, deny=frozenset({"dynamodb:DescribeTimeToLive"})) as (relay, _seen):
        live.runs["ttl denied"] = _ddbgen(
            live, "check", "--live", "modules/scaled", env={**live.env, "AWS_ENDPOINT_URL": relay}
        )

    dynamodb = aws("dynamodb")
    before = {
        "local": dynamodb.describe_table(TableName=TABLES["local"])["Table"],
        **{
            f"{module}-tags": {
                tag["Key"]: tag["Value"]
                for tag in dynamodb.list_tags_of_resource(ResourceArn=_table_arn(table))["Tags"]
            }
            for module, table in TABLES.items()
        },
    }

    def differences(module: str) -> list[dict[str, Any]]:
        (report,) = check_live([root / "modules" / module], clients=clients)
        assert report.error is None, report.error
        return [item.as_dict() for item in report.differences]

    for name, kind in KINDS.items():
        kind.make(aws, before)
        made = differences(kind.module)
        if name == KIND_SHOWN_ON_THE_COMMAND_LINE:
            live.runs["drift"] = _ddbgen(live, "check", "--live", f"modules/{kind.module}")
            live.runs["drift json"] = _ddbgen(live, "check", "--live", f"modules/{kind.module}", "--format", "json")
        fix_run = None
        fixes = {item["fix"] for item in made}
        if kind.undo is not None:
            kind.undo(aws, before)
        elif kind.undo_where_the_fix_is_apply is not None and not any(fix.startswith("aws ") for fix in fixes):
            kind.undo_where_the_fix_is_apply(aws, before)
        else:
            assert len(fixes) == 1 and next(iter(fixes)).startswith("aws "), made
            fix_run = fixes.pop()
            _run_fix(live, fix_run)
        live.kinds[name] = Found(made, fix_run, differences(kind.module))
    # The whole repository: the four modules, and one whose table was never made (extra/missing).
    live.runs["at the end"] = _ddbgen(live, "check", "--live", "-r", ".")
    return live


@pytest.fixture(scope="module")
def started(
    terraform: Terraform,
    provider_line: int,
    workers: ThreadPoolExecutor,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    moto_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Future[Live]:
    import boto3

    credentials = account_credentials(ACCOUNT)
    in_account = lambda service, region=REGION: aws(service, credentials, region)  # noqa: E731
    session = boto3.session.Session(
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=credentials["AWS_SESSION_TOKEN"],
    )
    clients = Clients(_OneEndpoint(session, moto_endpoint), region=REGION)
    return workers.submit(
        _live,
        tmp_path_factory.mktemp("live"),
        provider_line,
        terraform.with_env(credentials),
        in_account,
        clients,
        moto_endpoint,
    )


@pytest.fixture
def live(started: Future[Live]) -> Live:
    return started.result()


def _source(live: Live, module: str) -> str:
    return f"profile file profiles/{module}.yaml --set aws_provider={live.aws_provider}"


# -- the tests -------------------------------------------------------------------------------------


def test_clean_after_apply(live: Live) -> None:
    run = live.runs["after apply"]
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        *(
            f"modules/{module}: clean (table {TABLES[module]} in {REGION}; {_source(live, module)})"
            for module in sorted(TABLES)
        ),
        f"{len(TABLES)} folders: {len(TABLES)} clean, 0 drift, 0 errors",
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_difference_is_reported_with_its_paths(live: Live, kind: str) -> None:
    found = live.kinds[kind]
    assert {item["path"] for item in found.made} == KINDS[kind].paths, found.made


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_clean_again_once_undone(live: Live, kind: str) -> None:
    assert live.kinds[kind].undone == []


def test_what_terraform_plan_misses_is_named_and_fixed_with_the_aws_cli(live: Live) -> None:
    """On provider 5 with autoscaling the index set is ignored; capacity is the autoscaler's; a policy or
    Contributor Insights the profile turns off has no resource; a recovery period the profile leaves to AWS is kept."""
    misses = {
        kind: {item.get("terraform_plan_misses_it") for item in live.kinds[kind].made}
        for kind in (
            "index added",
            "capacity beyond the scaling bounds",
            "contributor insights on",
            "resource policy",
            "recovery period",
            "scaling target the profile does not have",
        )
    }
    index_reason = live_compare.INDEX_SET_IGNORED if live.aws_provider == 5 else live_compare.NO_INDEX_RESOURCE
    assert misses == {
        "index added": {index_reason},
        "capacity beyond the scaling bounds": {live_compare.CAPACITY_IGNORED},
        "contributor insights on": {live_compare.NOT_DECLARED},
        "resource policy": {live_compare.NOT_DECLARED},
        "recovery period": {live_compare.KEPT_WHEN_NOT_GIVEN},
        "scaling target the profile does not have": {live_compare.NOT_DECLARED},
    }
    assert all(live.kinds[kind].fix_run for kind in misses)
    assert "--global-secondary-index-updates" in (live.kinds["index added"].fix_run or "")
    assert "ReadCapacityUnits=100,WriteCapacityUnits=5" in (
        live.kinds["capacity beyond the scaling bounds"].fix_run or ""
    )


def test_an_index_rebuilt_outside_terraform_on_provider_5_is_rebuilt_with_the_aws_cli(live: Live) -> None:
    found = live.kinds["index projection"]
    (difference,) = found.made
    assert (difference["expected"], difference["live"]) == ("KEYS_ONLY", "ALL")
    if live.aws_provider == 5:
        assert difference["terraform_plan_misses_it"] == live_compare.INDEX_SET_IGNORED
        assert found.fix_run and found.fix_run.index('"Delete"') < found.fix_run.index('"Create":{"IndexName":"ByKind"')
    else:  # the index's own resource plans its replacement
        assert "terraform_plan_misses_it" not in difference and difference["fix"].startswith("regenerate and apply")


def test_the_values_of_each_difference(live: Live) -> None:
    shown = {
        kind: [(item["path"], item["expected"], item["live"]) for item in live.kinds[kind].made]
        for kind in (
            "capacity beyond the scaling bounds",
            "scaling target bounds",
            "fixed capacity",
            "ttl",
            "replica removed",
            "tags",
        )
    }
    assert shown == {
        "capacity beyond the scaling bounds": [("capacity.table_read", {"at_least": 5, "at_most": 100}, 500)],
        "scaling target bounds": [
            (
                "scaling_targets.table_read",
                {"min_capacity": 5, "max_capacity": 100},
                {"min_capacity": 1, "max_capacity": 7},
            )
        ],
        "fixed capacity": [("capacity.table_read", 4, 9)],
        "ttl": [("ttl_enabled", True, False)],
        "replica removed": [("replica_regions", [REPLICA_REGION], [])],
        "tags": [("tags.Team", "payments", None)],
    }


def test_a_difference_exits_1_with_one_line_each(live: Live) -> None:
    run, as_json = live.runs["drift"], live.runs["drift json"]
    assert run.returncode == 1 and as_json.returncode == 1, run.stderr
    assert run.stdout.splitlines() == [
        f"modules/scaled: 1 difference (table {TABLES['scaled']} in {REGION}; {_source(live, 'scaled')})",
        "  ttl_enabled: profile true, live false; fix: regenerate and apply: ddbgen regenerate modules/scaled, then terraform apply",
    ]
    document = json.loads(as_json.stdout)
    assert (document["status"], document["table"], document["folder"]) == ("drift", TABLES["scaled"], "modules/scaled")
    assert [{key: item[key] for key in ("path", "expected", "live")} for item in document["differences"]] == [
        {"path": "ttl_enabled", "expected": True, "live": False}
    ]


def test_clean_again_at_the_end_and_a_missing_table_exits_2(live: Live) -> None:
    run = live.runs["at the end"]
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        "extra/missing: error",
        *(
            f"modules/{module}: clean (table {TABLES[module]} in {REGION}; {_source(live, module)})"
            for module in sorted(TABLES)
        ),
        f"{len(TABLES) + 1} folders: {len(TABLES)} clean, 0 drift, 1 error",
    ]
    assert run.stderr.startswith(f"ddbgen: error: table {MISSING} not found in {REGION}")


def test_a_denied_optional_read_is_not_checked_and_not_fatal(live: Live) -> None:
    run = live.runs["policy denied"]
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("modules/ondemand: clean (")
    assert "  not checked: needs dynamodb:GetResourcePolicy (resource_policy)" in lines
    assert "  not checked: needs dynamodb:GetResourcePolicy (stream_resource_policy)" in lines


def test_a_denied_needed_read_names_the_iam_action(live: Live) -> None:
    run = live.runs["ttl denied"]
    assert run.returncode == 2
    assert "dynamodb:DescribeTimeToLive was denied in us-east-1; grant dynamodb:DescribeTimeToLive" in run.stderr
    assert "Permissions" in run.stderr


def test_every_call_of_check_live_and_adopt_is_in_the_readme_policy(live: Live) -> None:
    """Through the relay: check --live -r over the four tables (a replica among them), adopt of the autoscaled one."""
    assert all(live.runs[name].returncode == 0 for name in ("after apply", "adopt"))
    assert set(live.calls) <= permissions.ACTIONS, set(live.calls) - permissions.ACTIONS
    # and the policy grants nothing these runs do not use
    assert set(live.calls) == permissions.ACTIONS, permissions.ACTIONS - set(live.calls)


def test_the_reports_are_read_only(live: Live) -> None:
    """check --live makes only Describe, List and Get calls: nothing it reads can change the table."""
    assert all(call.split(":", 1)[1].startswith(("Describe", "List", "Get")) for call in live.calls)
