"""Existing tables brought under ddbgen, and let go of, without being replaced: proved by Terraform on moto.

Three roots, each in an AWS account of its own, run as a user would run
them (``python -m generator adopt ...``, ``generate ...``, ``terraform ...``):

- **import** (three tables made through the API, with items, in one root with a
  module call and an import file each): ``ddbgen adopt`` (through a relay that
  notes each API action it calls), ``ddbgen generate``, then for the root
  ``init``, ``plan``, ``apply``, and ``plan`` again once the import blocks are
  deleted; each table's tests read the plan's part of its own module:

  - ``on-demand``: a global index, TTL on ``expires_at``, Contributor Insights
    on the table and its index;
  - ``autoscaled``: provisioned, with scalable targets and target tracking
    policies (at 60 %) on the table and its index, named as the module names them;
  - ``recovery``: point-in-time recovery kept 10 days, a KEYS_ONLY stream, tags
    of its own, the STANDARD_INFREQUENT_ACCESS class, a resource policy;

- **moved_from**: a table applied with ``fixtures/public_module`` (the
  addresses of terraform-aws-modules/dynamodb-table v4.4.0) with that module's
  defaults for autoscaling and a global index (its table in ``autoscaled[0]``);
  ``generate`` with a ``moved_from`` that does not name the copy is refused,
  naming both copies and ``terraform state list``; the command it names tells
  the copy, ``ddbgen adopt --moved-from <copy>``, ``generate``, the same
  ``module`` block pointed at the generated folder, ``init``, ``plan``,
  ``apply``, ``plan`` again;
- **removed**: a production module (``prevent_destroy``) applied, an item
  written, then the ``module`` block deleted (planned only: it deletes the
  table), and replaced with the ``removed`` block of the module's README
  (planned and applied: everything forgotten, nothing destroyed).

All three start together on the ``workers`` pool: in modules of their own, the
single-scenario ones would each leave a core idle.
Plans that carry an import, a move or a removal are read as JSON, never by
their exit code (Terraform exits 2 for them under ``-detailed-exitcode`` even
when nothing changes).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.adopt import permissions
from tests.hclparse import parse_file

from .relay import operation, relay_to
from .roots import PROVIDER_BLOCKS
from .scaling import scale
from .selection import selected_fixtures, selected_params
from .toolchain import Result, Terraform, offline_env

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

Clients = Callable[[str], Any]  # boto3 clients in a scenario's account

# Reads adopt is documented to make; it makes no other kind of call.
READ_PREFIXES = ("Describe", "List", "Get")


# -- the user's commands, and what Terraform says --------------------------------


def _ddbgen(root: Path, env: dict[str, str], *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """``ddbgen ARGS`` in the root folder, as a user types it."""
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert completed.returncode == expect, f"ddbgen {' '.join(args)} exited {completed.returncode}:\n{completed.stderr}"
    return completed


def _listed(output: str, prefix: str) -> list[str]:
    """What adopt's output lines starting with ``prefix`` (``to import:``, ``created:``) say."""
    return [line.removeprefix(prefix).strip() for line in output.splitlines() if line.startswith(prefix)]


def _created_names(output: str) -> list[str]:
    """The names adopt lists as created: "created: 4 CloudWatch alarms: a, b, c, d", "created: 2 IAM policies: e, f"."""
    return sorted(name for line in _listed(output, "created:") for name in line.split(": ", 1)[1].split(", "))


def _managed_changes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """``resource_changes`` of ``terraform show -json`` of a plan, data sources left out."""
    return [change for change in plan.get("resource_changes", []) if change["mode"] == "managed"]


def _planned_names(changes: list[dict[str, Any]]) -> list[str]:
    return sorted(
        change["change"]["after"].get("alarm_name") or change["change"]["after"]["name"] for change in changes
    )


def _differing(change: dict[str, Any]) -> set[str]:
    before, after = change["before"] or {}, change["after"] or {}
    return {key for key in set(before) | set(after) if before.get(key) != after.get(key)}


def _summary(result: Result) -> dict[str, Any]:
    (summary,) = [message["changes"] for message in result.json_lines() if message.get("type") == "change_summary"]
    return summary


NOTHING_TO_DO = {"add": 0, "change": 0, "import": 0, "remove": 0, "operation": "plan"}
# == import: three tables made through the API ====================================


def _on_demand(aws: Clients, table: str) -> None:
    dynamodb = aws("dynamodb")
    dynamodb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "order_id", "AttributeType": "S"},
            {"AttributeName": "status", "AttributeType": "S"},
            {"AttributeName": "placed_at", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByStatus",
                "KeySchema": [
                    {"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "placed_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        Tags=[{"Key": "Environment", "Value": "qa"}, {"Key": "Team", "Value": "checkout"}],
    )
    dynamodb.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )
    for index in ({}, {"IndexName": "ByStatus"}):
        dynamodb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE", **index)


def _autoscaled(aws: Clients, table: str) -> None:
    capacity = {"ReadCapacityUnits": 4, "WriteCapacityUnits": 3}
    aws("dynamodb").create_table(
        TableName=table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput=capacity,
        KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "visit", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "customer", "AttributeType": "S"},
            {"AttributeName": "visit", "AttributeType": "S"},
            {"AttributeName": "page", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByPage",
                "KeySchema": [{"AttributeName": "page", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["duration"]},
                "ProvisionedThroughput": capacity,
            }
        ],
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        Tags=[{"Key": "Environment", "Value": "staging"}],
    )
    autoscaling = aws("application-autoscaling")
    for resource_id, kind in ((f"table/{table}", "table"), (f"table/{table}/index/ByPage", "index")):
        for unit, low in (("Read", 4), ("Write", 3)):
            # Tagged as the table is, as the module tags its targets: the import changes nothing.
            scale(autoscaling, resource_id, kind, unit, low, 40, 60.0, Tags={"Environment": "staging"})


def _recovery(aws: Clients, table: str) -> None:
    dynamodb = aws("dynamodb")
    arn = dynamodb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "account", "KeyType": "HASH"}, {"AttributeName": "entry", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "account", "AttributeType": "S"},
            {"AttributeName": "entry", "AttributeType": "N"},
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        TableClass="STANDARD_INFREQUENT_ACCESS",
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        Tags=[
            {"Key": "Environment", "Value": "production"},
            {"Key": "CostCentre", "Value": "ledger-42"},
            {"Key": "DataClass", "Value": "financial"},
        ],
    )["TableDescription"]["TableArn"]
    dynamodb.update_continuous_backups(
        TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 10},
    )
    statement = {
        "Sid": "Auditors",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{arn.split(':')[4]}:role/auditors"},
        "Action": ["dynamodb:GetItem", "dynamodb:Query"],
        "Resource": arn,
    }
    # As Terraform's jsonencode writes a policy: keys sorted, no spaces.
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, sort_keys=True, separators=(",", ":"))
    dynamodb.put_resource_policy(ResourceArn=arn, Policy=policy)


@dataclass(frozen=True)
class Scenario:
    table: str
    module: str  # the root's module block, and the generated module's folder
    environment: str  # the table's Environment tag, given to the module as environment
    make: Callable[[Clients, str], None]
    items: tuple[dict[str, Any], ...]  # written before adopt, in DynamoDB JSON
    profile: dict[str, Any]  # what the written profile must say (a part of it)
    imports: tuple[str, ...]  # addresses in the module adopt must import
    left_alone: tuple[str, ...] = ()  # how each "left as it is" line adopt prints must start


SCENARIOS = {
    "on-demand": Scenario(
        table="adopt-on-demand",
        module="checkout",
        environment="qa",
        make=_on_demand,
        items=tuple(
            {
                "order_id": {"S": f"o-{n}"},
                "status": {"S": "placed"},
                "placed_at": {"N": str(n)},
                "expires_at": {"N": "4102444800"},
            }
            for n in range(3)
        ),
        profile={
            "billing_mode": "PAY_PER_REQUEST",
            "ttl_enabled": True,
            "ttl_attribute_name": "expires_at",
            "enable_contributor_insights": True,
            "common_tags": {"Environment": "qa", "Team": "checkout"},
        },
        imports=(
            "aws_dynamodb_table.adopt_on_demand",
            'aws_dynamodb_contributor_insights.table["table"]',
            'aws_dynamodb_contributor_insights.table["ByStatus"]',
        ),
    ),
    "autoscaled": Scenario(
        table="adopt-autoscaled",
        module="visits",
        environment="staging",
        make=_autoscaled,
        items=tuple({"customer": {"S": f"c-{n}"}, "visit": {"S": "v-1"}, "page": {"S": "/home"}} for n in range(3)),
        profile={
            "billing_mode": "PROVISIONED",
            "read_capacity": 4,
            "write_capacity": 3,
            "enable_autoscaling": True,
            "autoscaling_read_max_capacity": 40,
            "autoscaling_write_max_capacity": 40,
            "autoscaling_read_target_value": 60,
            "autoscaling_write_target_value": 60,
        },
        imports=(
            "aws_dynamodb_table.adopt_autoscaled",
            *(
                f'aws_appautoscaling_{kind}.capacity["{key}_{unit}"]'
                for key in ("table", "ByPage")
                for unit in ("read", "write")
                for kind in ("target", "policy")
            ),
        ),
    ),
    "recovery": Scenario(
        table="adopt-recovery",
        module="ledger",
        environment="production",
        make=_recovery,
        items=tuple({"account": {"S": "acme"}, "entry": {"N": str(n)}, "amount": {"N": "12.5"}} for n in range(3)),
        profile={
            "point_in_time_recovery_enabled": True,
            "point_in_time_recovery_period_in_days": 10,
            "stream_enabled": True,
            "stream_view_type": "KEYS_ONLY",
            "table_class": "STANDARD_INFREQUENT_ACCESS",
            "common_tags": {"Environment": "production", "CostCentre": "ledger-42", "DataClass": "financial"},
        },
        imports=("aws_dynamodb_table.adopt_recovery", 'aws_dynamodb_resource_policy.table["table"]'),
        left_alone=("resource policy: imported with its text unchanged; the AWS provider puts it again",),
    ),
}


def _described(aws: Clients, table: str) -> dict[str, Any]:
    """The table's settings and everything adopt reads beside it, as the API answers.

    What changes by itself (item counts, sizes, statuses, restorable times) is left out.
    """
    dynamodb, autoscaling = aws("dynamodb"), aws("application-autoscaling")
    described = dynamodb.describe_table(TableName=table)["Table"]
    indexes = [index["IndexName"] for index in described.get("GlobalSecondaryIndexes", [])]
    resource_ids = [f"table/{table}"] + [f"table/{table}/index/{index}" for index in indexes]
    units = ("ReadCapacityUnits", "WriteCapacityUnits")
    recovery = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    try:
        resource_policy = json.loads(dynamodb.get_resource_policy(ResourceArn=described["TableArn"])["Policy"])
    except dynamodb.exceptions.PolicyNotFoundException:
        resource_policy = None
    tags = dynamodb.list_tags_of_resource(ResourceArn=described["TableArn"])["Tags"]
    return {
        **{
            key: described.get(key)
            for key in ("TableArn", "KeySchema", "AttributeDefinitions", "StreamSpecification", "LatestStreamArn")
        },
        **{key: described.get(key) for key in ("TableClassSummary", "DeletionProtectionEnabled", "BillingModeSummary")},
        "capacity": [described["ProvisionedThroughput"][unit] for unit in units],
        "encryption": [described["SSEDescription"].get(key) for key in ("Status", "SSEType", "KMSMasterKeyArn")],
        "indexes": [
            [index[key] for key in ("IndexName", "KeySchema", "Projection")]
            + [index["ProvisionedThroughput"][unit] for unit in units]
            for index in described.get("GlobalSecondaryIndexes", [])
        ],
        "ttl": dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"],
        "recovery": {
            key: value
            for key, value in recovery["PointInTimeRecoveryDescription"].items()
            if key in ("PointInTimeRecoveryStatus", "RecoveryPeriodInDays")
        },
        "tags": {tag["Key"]: tag["Value"] for tag in tags},
        "targets": sorted(
            (target["ResourceId"], target["ScalableDimension"], target["MinCapacity"], target["MaxCapacity"])
            for target in autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb", ResourceIds=resource_ids)[
                "ScalableTargets"
            ]
        ),
        "policies": sorted(
            (policy["PolicyName"], policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"])
            for resource_id in resource_ids
            for policy in autoscaling.describe_scaling_policies(ServiceNamespace="dynamodb", ResourceId=resource_id)[
                "ScalingPolicies"
            ]
            if policy["ResourceId"] == resource_id  # moto matches a ResourceId by substring
        ),
        "insights": [
            dynamodb.describe_contributor_insights(TableName=table, **({"IndexName": index} if index else {}))[
                "ContributorInsightsStatus"
            ]
            for index in ["", *indexes]
        ],
        "resource_policy": resource_policy,
    }


MODULE_CALL = """\
module "{module}" {{
  source      = "./modules/{module}"
  environment = "{environment}"
}}
"""


@dataclass
class Adopted:
    scenario: Scenario
    before: dict[str, Any]  # _described before adopt
    adopt_calls: list[str]  # the API calls adopt made, as IAM actions (service:Operation)
    adopt_output: str
    profile: dict[str, Any]  # the profile file adopt wrote, loaded
    import_ids: dict[str, str]  # address in the module -> import id, from the import blocks adopt wrote
    plan: dict[str, Any]  # terraform show -json of the plan that apply carried out
    second_plan: Result  # planned after apply, with the import blocks deleted
    after: dict[str, Any]  # _described after apply
    items: list[dict[str, Any]]  # a scan of the table after apply


def _import_ids(path: Path, module: str) -> dict[str, str]:
    prefix = f"module.{module}."
    found = {}
    for block in parse_file(path).get("import", []):
        to = block["to"].removeprefix("${").removesuffix("}")
        assert to.startswith(prefix), to
        found[to.removeprefix(prefix)] = block["id"]
    return found


IMPORT_ACCOUNT = "200000000001"


def _adopt(
    scenario: Scenario, root: Path, line: int, env: dict[str, str], aws: Clients, endpoint: str
) -> dict[str, Any]:
    """Make the scenario's table through the API, then adopt and generate it as a user would."""
    scenario.make(aws, scenario.table)
    dynamodb = aws("dynamodb")
    for item in scenario.items:
        dynamodb.put_item(TableName=scenario.table, Item=item)
    before = _described(aws, scenario.table)
    profile_path = f"profiles/{scenario.module}.yaml"
    imports = f"imports-{scenario.module}.tf"
    with relay_to(endpoint) as (relay, seen):
        adopt = _ddbgen(
            root,
            {**env, "AWS_ENDPOINT_URL": relay},
            *("adopt", scenario.table, "--out", profile_path, "--import-file", imports),
            *("--module", scenario.module, "--aws-provider", str(line)),
        )
    adopt_calls = list(seen)
    _ddbgen(root, env, "generate", "--profile", profile_path, "--out", f"modules/{scenario.module}")
    return {
        "before": before,
        "adopt_calls": adopt_calls,
        "adopt_output": adopt.stdout,
        "profile": yaml.safe_load((root / profile_path).read_text()),
        "import_ids": _import_ids(root / imports, scenario.module),
    }


def _of_module(plan: dict[str, Any], module: str) -> dict[str, Any]:
    """The part of a plan that concerns one module call of the root."""
    prefix = f"module.{module}."
    return {
        **plan,
        "resource_changes": [
            change for change in plan.get("resource_changes", []) if change["address"].startswith(prefix)
        ],
        "resource_drift": [change for change in plan.get("resource_drift", []) if change["address"].startswith(prefix)],
    }


def _adopt_and_import(
    scenarios: list[Scenario], parent: Path, line: int, terraform: Terraform, aws: Clients, endpoint: str
) -> dict[str, Adopted]:
    """Every scenario's table adopted into one root, one module call each: one init, plan, apply and re-plan for all."""
    root = parent / "root"
    root.mkdir()
    adopted = {scenario.module: _adopt(scenario, root, line, terraform.env, aws, endpoint) for scenario in scenarios}
    calls = [MODULE_CALL.format(module=scenario.module, environment=scenario.environment) for scenario in scenarios]
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + "\n".join(calls))

    terraform.init(root)
    terraform.run(root, "plan", "-json", "-input=false", "-out=tfplan")
    plan = terraform.run(root, "show", "-json", "tfplan").json()
    terraform.run(root, "apply", "-json", "-input=false", "tfplan")
    # As the README says: apply, then delete the import blocks.
    for scenario in scenarios:
        (root / f"imports-{scenario.module}.tf").unlink()
    second_plan = terraform.run(root, "plan", "-json", "-input=false")
    dynamodb = aws("dynamodb")
    return {
        scenario.module: Adopted(
            scenario=scenario,
            plan=_of_module(plan, scenario.module),
            second_plan=second_plan,
            after=_described(aws, scenario.table),
            items=dynamodb.scan(TableName=scenario.table, ConsistentRead=True)["Items"],
            **adopted[scenario.module],
        )
        for scenario in scenarios
    }


# == moved_from: from the public module's addresses ================================

PUBLIC_MODULE = Path(__file__).parent / "fixtures" / "public_module"
MOVED_ACCOUNT = "200000000011"
MOVED_TABLE = "moved-from-check"
MOVED_ITEMS = tuple(
    {"pk": {"S": f"customer-{n}"}, "sk": {"S": "order-1"}, "status": {"S": "shipped"}} for n in range(3)
)
PUBLIC_CALL = f"""\
module "orders" {{
  source = "./public_module"

  name           = "{MOVED_TABLE}"
  hash_key       = "pk"
  range_key      = "sk"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  attributes = [
    {{ name = "pk", type = "S" }},
    {{ name = "sk", type = "S" }},
    {{ name = "status", type = "S" }},
  ]
  global_secondary_indexes = [
    {{
      name            = "ByStatus"
      hash_key        = "status"
      range_key       = "sk"
      projection_type = "ALL"
      read_capacity   = 5
      write_capacity  = 5
    }},
  ]
  server_side_encryption_enabled = true

  # The public module's defaults otherwise: ignore_changes_global_secondary_index = false
  # keeps the table in aws_dynamodb_table.autoscaled[0].
  autoscaling_enabled = true
  autoscaling_read    = {{ max_capacity = 30 }}
  autoscaling_write   = {{ max_capacity = 30 }}
  autoscaling_indexes = {{
    ByStatus = {{ read_min_capacity = 5, read_max_capacity = 30, write_min_capacity = 5, write_max_capacity = 30 }}
  }}

  resource_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Sid       = "ReadersInTheAccount"
      Effect    = "Allow"
      Principal = {{ AWS = "arn:aws:iam::{MOVED_ACCOUNT}:root" }}
      Action    = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource  = "__DYNAMODB_TABLE_ARN__"
    }}]
  }})

  tags = {{ Environment = "prod", Team = "orders" }}
}}
"""
# The same module block, its source switched to the generated module.
DDBGEN_CALL = 'module "orders" {\n  source = "./modules/orders"\n\n  environment = "prod"\n}\n'
# A caller of the module reading its outputs by the public module's names: the same text in both roots.
CALLER = """
output "caller" {
  value = {
    arn                 = module.orders.dynamodb_table_arn
    id                  = module.orders.dynamodb_table_id
    stream_arn          = module.orders.dynamodb_table_stream_arn
    stream_label        = module.orders.dynamodb_table_stream_label
    replicas            = module.orders.dynamodb_table_replicas
    replica_arns        = module.orders.dynamodb_table_replica_arns
    replica_stream_arns = module.orders.dynamodb_table_replica_stream_arns
    replica_labels      = module.orders.dynamodb_table_replica_stream_labels
  }
}
"""


@dataclass
class Switched:
    guessed: subprocess.CompletedProcess[str]  # generate with a moved_from that names no copy
    state_list: str  # what the command the refusal names printed
    adopt_output: str
    moved: list[tuple[str, str]]  # (from, to) of the rendered moved.tf, inside the module
    plan: dict[str, Any]  # terraform show -json of the plan that switched the source
    second_plan: Result
    items: list[dict[str, Any]]
    read_before: dict[str, Any]  # the caller's output through the public module
    read_after: dict[str, Any]  # the same output through the generated module


def _switch_source(parent: Path, line: int, terraform: Terraform, aws: Clients) -> Switched:
    root = parent / "orders"
    shutil.copytree(PUBLIC_MODULE, root / "public_module")
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + PUBLIC_CALL + CALLER)
    terraform.init(root)
    terraform.run(root, "apply", "-auto-approve", "-input=false", "-no-color")
    read_before = terraform.run(root, "output", "-json").json()["caller"]["value"]
    dynamodb = aws("dynamodb")
    for item in MOVED_ITEMS:
        dynamodb.put_item(TableName=MOVED_TABLE, Item=item)

    # A profile that does not name the copy: refused, nothing written.
    guessed = _ddbgen(
        root,
        terraform.env,
        *("generate", "--profile", "default", "--set", "moved_from=terraform-aws-modules/dynamodb-table"),
        *("--set", "billing_mode=PROVISIONED", "--set", "enable_autoscaling=true", "--out", "modules/guessed"),
        expect=2,
    )
    # The command the refusal names tells the copy.
    listed = terraform.run(root, "state", "list").stdout
    (copy,) = re.findall(r"^module\.orders\.aws_dynamodb_table\.(\w+)\[0\]$", listed, flags=re.M)
    adopt = _ddbgen(
        root,
        terraform.env,
        *("adopt", MOVED_TABLE, "--out", "profiles/orders.yaml", "--module", "orders"),
        *("--aws-provider", str(line), "--moved-from", copy),
    )
    _ddbgen(root, terraform.env, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")
    moved = [(block["from"], block["to"]) for block in parse_file(root / "modules" / "orders" / "moved.tf")["moved"]]
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + DDBGEN_CALL + CALLER)

    terraform.init(root)  # a module block whose source changed needs init again
    terraform.run(root, "plan", "-json", "-input=false", "-out=tfplan")
    plan = terraform.run(root, "show", "-json", "tfplan").json()
    terraform.run(root, "apply", "-json", "-input=false", "tfplan")
    second_plan = terraform.run(root, "plan", "-json", "-input=false")
    items = dynamodb.scan(TableName=MOVED_TABLE, ConsistentRead=True)["Items"]
    read_after = terraform.run(root, "output", "-json").json()["caller"]["value"]
    return Switched(guessed, listed, adopt.stdout, moved, plan, second_plan, items, read_before, read_after)


# == removed: letting go of a production module without deleting its table ========

REMOVED_ACCOUNT = "200000000021"
REMOVED_TABLE = "removed-check"
REMOVED_ITEM = {"PK": {"S": "USER#1"}, "SK": {"S": "NOTIFICATION#1"}, "message": {"S": "still here"}}
PRODUCTION_CALL = f"""\
module "dynamodb" {{
  source = "./module"

  environment              = "production"
  notifications_table_name = "{REMOVED_TABLE}"
}}
"""


@dataclass
class Removed:
    readme_block: str  # the removed block the module's README gives
    applied: list[str]  # state addresses after the module's apply
    without_recipe: Result  # plan -json with the module block deleted (never applied)
    with_recipe: Result  # plan -json with the README's removed block instead
    state_after: list[str]  # after applying the plan with the removed block


def _readme_recipe(module_dir: Path) -> str:
    """The ``removed`` block in the README's section on removing the module."""
    readme = (module_dir / "README.md").read_text()
    section = readme.split("## Removing the module without deleting the table", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```hcl\n(removed \{.*?\n\})\n```", section, flags=re.S)
    return block


def _let_go(parent: Path, line: int, terraform: Terraform, aws: Clients) -> Removed:
    root = parent / "production"
    root.mkdir()
    _ddbgen(
        root, terraform.env, "generate", "--profile", "production", "--set", f"aws_provider={line}", "--out", "module"
    )
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + PRODUCTION_CALL)
    terraform.init(root)
    terraform.run(root, "apply", "-auto-approve", "-input=false", "-no-color")
    aws("dynamodb").put_item(TableName=REMOVED_TABLE, Item=REMOVED_ITEM)
    applied = terraform.run(root, "state", "list").stdout.split()
    recipe = _readme_recipe(root / "module")

    (root / "main.tf").write_text(PROVIDER_BLOCKS)
    without_recipe = terraform.run(root, "plan", "-json", "-input=false")
    (root / "main.tf").write_text(PROVIDER_BLOCKS + "\n" + recipe + "\n")
    with_recipe = terraform.run(root, "plan", "-json", "-input=false", "-out=tfplan")
    terraform.run(root, "apply", "-json", "-input=false", "tfplan")
    return Removed(recipe, applied, without_recipe, with_recipe, terraform.run(root, "state", "list").stdout.split())


# == the scenarios, started together =============================================


@pytest.fixture(scope="module")
def scenarios(
    request: pytest.FixtureRequest,
    terraform: Terraform,
    provider_line: int,
    workers: ThreadPoolExecutor,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    moto_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Future[Any]]:
    """Every scenario the selected tests need, running in the background, the longest first."""

    def in_account(account: str) -> tuple[Terraform, Clients]:
        credentials = account_credentials(account)
        return terraform.with_env(credentials), lambda service: aws(service, credentials)

    needed = selected_fixtures(request)
    started: dict[str, Future[Any]] = {}
    if "switched" in needed:
        started["moved_from"] = workers.submit(
            _switch_source, tmp_path_factory.mktemp("moved-from"), provider_line, *in_account(MOVED_ACCOUNT)
        )
    chosen = [SCENARIOS[name] for name in selected_params(request, "adopted")]
    if chosen:
        # The tables have names of their own: one account, one root, holds them all.
        started["import"] = workers.submit(
            _adopt_and_import,
            chosen,
            tmp_path_factory.mktemp("adopt"),
            provider_line,
            *in_account(IMPORT_ACCOUNT),
            moto_endpoint,
        )
    if "removed" in needed:
        started["removed"] = workers.submit(
            _let_go, tmp_path_factory.mktemp("removed"), provider_line, *in_account(REMOVED_ACCOUNT)
        )
    return started


@pytest.fixture(params=list(SCENARIOS))
def adopted(request: pytest.FixtureRequest, scenarios: dict[str, Future[Any]]) -> Adopted:
    """A table made through the API, adopted, imported and applied beside the others in one root."""
    return scenarios["import"].result()[SCENARIOS[request.param].module]


@pytest.fixture
def switched(scenarios: dict[str, Future[Any]]) -> Switched:
    """A table of the public module's, its module block switched to a module ddbgen generated for it."""
    return scenarios["moved_from"].result()


@pytest.fixture
def removed(scenarios: dict[str, Future[Any]]) -> Removed:
    """A production module, its module block replaced with the removed block of its README."""
    return scenarios["removed"].result()


# == import: the tests ===========================================================


def test_adopt_only_describes_lists_and_gets(adopted: Adopted) -> None:
    calls = {operation(call) for call in adopted.adopt_calls}
    assert calls, "adopt's calls did not pass the relay"
    assert {call for call in calls if not call.startswith(READ_PREFIXES)} == set()
    assert {
        "DescribeTable",
        "DescribeTimeToLive",
        "DescribeContinuousBackups",
        "ListTagsOfResource",
        "DescribeKinesisStreamingDestination",
        "DescribeContributorInsights",
        "GetResourcePolicy",
        "DescribeScalableTargets",
        "DescribeKey",
    } <= calls
    if adopted.scenario.profile.get("enable_autoscaling"):
        assert {"DescribeScalingPolicies", "ListTagsForResource"} <= calls


def test_every_call_adopt_makes_is_granted_by_the_readme_policy(adopted: Adopted) -> None:
    assert adopted.adopt_calls and set(adopted.adopt_calls) <= permissions.ACTIONS


def test_profile_says_what_the_table_has(adopted: Adopted, provider_line: int) -> None:
    profile, scenario = adopted.profile, adopted.scenario
    assert profile["aws_provider"] == provider_line
    assert {key: profile.get(key) for key in scenario.profile} == scenario.profile
    # The AWS managed key is the module's default: the profile names none.
    assert (profile["kms_key_arn"], profile["prevent_destroy"]) == (None, False)


def test_import_blocks_name_what_adopt_lists(adopted: Adopted) -> None:
    assert sorted(adopted.import_ids) == sorted(adopted.scenario.imports)
    (listed,) = _listed(adopted.adopt_output, "to import:")
    assert sorted(listed.split(", ")) == sorted(adopted.scenario.imports)


def test_adopt_says_what_it_leaves_as_it_is(adopted: Adopted) -> None:
    """These tables hold nothing the module cannot represent: adopt's only note is the resource policy's."""
    notes = _listed(adopted.adopt_output, "left as it is:")
    assert len(notes) == len(adopted.scenario.left_alone), notes
    assert all(note.startswith(start) for note, start in zip(notes, adopted.scenario.left_alone, strict=False))


def test_plan_imports_without_changing_anything(adopted: Adopted) -> None:
    module = f"module.{adopted.scenario.module}."
    imported = {
        change["address"].removeprefix(module): change["change"]
        for change in _managed_changes(adopted.plan)
        if "importing" in change["change"]
    }
    assert sorted(imported) == sorted(adopted.scenario.imports)
    for address, change in imported.items():
        assert change["importing"]["id"] == adopted.import_ids[address], address
        if not address.startswith("aws_dynamodb_resource_policy."):  # see below
            assert change["actions"] == ["no-op"], f"{address}: {change['actions']}"
            assert change["before"] == change["after"], address
    assert adopted.plan.get("resource_drift", []) == []


def _resource_policy_import(adopted: Adopted) -> dict[str, Any]:
    (change,) = [
        change["change"]
        for change in _managed_changes(adopted.plan)
        if change["type"] == "aws_dynamodb_resource_policy" and "importing" in change["change"]
    ]
    return change


WITH_RESOURCE_POLICY = pytest.mark.parametrize("adopted", ["recovery"], indirect=True)


@WITH_RESOURCE_POLICY
def test_a_resource_policy_is_imported_with_the_same_document(adopted: Adopted) -> None:
    """As adopt says: the provider puts an imported resource policy again on the first apply.

    It does not read confirm_remove_self_resource_access back on import, so the
    plan sets it (null to false), and a new revision follows. The document is
    the table's.
    """
    change = _resource_policy_import(adopted)
    assert change["actions"] == ["update"]
    assert _differing(change) <= {"confirm_remove_self_resource_access", "revision_id", "policy"}
    before, after = change["before"], change["after"]
    assert (before["confirm_remove_self_resource_access"], after["confirm_remove_self_resource_access"]) == (
        None,
        False,
    )
    assert json.loads(after["policy"]) == json.loads(before["policy"])


@WITH_RESOURCE_POLICY
def test_a_resource_policy_is_imported_with_its_text_unchanged(adopted: Adopted) -> None:
    """adopt's note says the policy keeps its text: the plan should not rewrite it."""
    change = _resource_policy_import(adopted)
    assert change["after"]["policy"] == change["before"]["policy"]


def test_everything_else_planned_is_created_as_adopt_said(adopted: Adopted) -> None:
    created = [change for change in _managed_changes(adopted.plan) if "importing" not in change["change"]]
    assert {tuple(change["change"]["actions"]) for change in created} == {("create",)}
    assert {change["type"] for change in created} == {"aws_cloudwatch_metric_alarm", "aws_iam_policy"}
    assert _planned_names(created) == _created_names(adopted.adopt_output)


def test_second_plan_shows_no_changes(adopted: Adopted) -> None:
    result = adopted.second_plan
    assert _summary(result) == NOTHING_TO_DO
    assert result.planned_changes() == {}
    # Nothing imported drifted either. (The alarms the module created "drift" in the
    # refresh alone: the provider reads back [] for action lists and dimensions it
    # stored as null, and plans no change from it.)
    module = f"module.{adopted.scenario.module}."
    drifted = {
        message["change"]["resource"]["addr"].removeprefix(module)
        for message in result.json_lines()
        if message.get("type") == "resource_drift"
    }
    assert drifted & set(adopted.scenario.imports) == set()


def test_items_written_before_are_all_still_there(adopted: Adopted) -> None:
    assert sorted(adopted.items, key=str) == sorted(adopted.scenario.items, key=str)


def test_the_table_and_what_goes_with_it_are_as_they_were(adopted: Adopted) -> None:
    """Read back after apply: settings, TTL, recovery, tags, scaling, Contributor Insights and policy as before."""
    assert adopted.after == adopted.before


# == moved_from: the tests =========================================================


def _moves(switched: Switched) -> dict[str, dict[str, Any]]:
    """Previous address -> resource change, of each change that moves a resource."""
    return {
        change["previous_address"]: change for change in _managed_changes(switched.plan) if "previous_address" in change
    }


def _unwrapped(address: str) -> str:
    return address.removeprefix("${").removesuffix("}")


def test_callers_read_the_public_modules_output_names_after_the_switch(switched: Switched) -> None:
    """moved_from gives the generated module the public module's output names: the caller's text is unchanged."""
    before, after = switched.read_before, switched.read_after
    assert after["arn"] == before["arn"] and after["arn"].endswith(f":table/{MOVED_TABLE}")
    assert after["id"] == before["id"] == MOVED_TABLE
    # No replicas: empty maps on both sides.
    for key in ("replicas", "replica_arns", "replica_stream_arns", "replica_labels"):
        assert after[key] == before[key] == {}, key
    # The table has no stream: the public module gives the provider's empty value, ddbgen null
    # (its own outputs say null while streams are off).
    assert before["stream_arn"] in (None, "") and after["stream_arn"] is None
    assert before["stream_label"] in (None, "") and after["stream_label"] is None


def test_moved_from_never_guesses_the_public_modules_table_copy(switched: Switched) -> None:
    """Generation refuses, naming both copies and the command that tells; the command tells."""
    refusal = switched.guessed.stderr
    for named in (
        "aws_dynamodb_table.autoscaled[0]",
        "aws_dynamodb_table.autoscaled_gsi_ignore[0]",
        "terraform state list",
    ):
        assert named in refusal
    assert "module.orders.aws_dynamodb_table.autoscaled[0]" in switched.state_list.split()


def test_every_old_address_is_moved_and_nothing_destroyed(switched: Switched) -> None:
    moves = _moves(switched)
    # The public module's addresses are instances ([0], ["ByStatus"]); the other blocks move ddbgen 0.2's
    # names (tests/test_addresses.py), of which this state, the public module's, holds none.
    public = [(_unwrapped(old), _unwrapped(new)) for old, new in switched.moved if "[" in _unwrapped(old)]
    expected = {f"module.orders.{old}": f"module.orders.{new}" for old, new in public}
    assert {old: change["address"] for old, change in moves.items()} == expected
    # The public module v4.4.0's default copy for autoscaling (ignore_changes_global_secondary_index = false).
    assert "module.orders.aws_dynamodb_table.autoscaled[0]" in moves
    for old, change in moves.items():
        assert change["change"]["actions"] in (["no-op"], ["update"]), old
    assert [
        change["address"] for change in _managed_changes(switched.plan) if "delete" in change["change"]["actions"]
    ] == []


def test_the_table_moves_unchanged_and_the_targets_gain_the_tables_tags(switched: Switched) -> None:
    """The table and its scaling policies move as they are.

    The public module tags no scaling target, and the ddbgen module tags them as
    it tags the table: that update alone is planned with their move, and adopt
    said so.
    """
    by_type: dict[str, list[dict[str, Any]]] = {}
    for change in _moves(switched).values():
        by_type.setdefault(change["type"], []).append(change["change"])
    assert [change["actions"] for change in by_type["aws_dynamodb_table"]] == [["no-op"]]
    assert [change["actions"] for change in by_type["aws_appautoscaling_policy"]] == [["no-op"]] * 4
    for change in by_type["aws_appautoscaling_target"]:
        assert change["actions"] == ["update"]
        assert _differing(change) == {"tags", "tags_all"}
        assert change["after"]["tags"] == {"Environment": "prod", "Team": "orders", "Name": MOVED_TABLE}
    assert len(by_type["aws_appautoscaling_target"]) == 4
    assert _listed(switched.adopt_output, "left as it is: scaling targets ")
    # The resource policy keeps its document, and its text (below).
    (policy,) = by_type["aws_dynamodb_resource_policy"]
    assert _differing(policy) <= {"policy", "revision_id"}
    assert json.loads(policy["after"]["policy"]) == json.loads(policy["before"]["policy"])


def test_the_resource_policy_moves_with_its_text(switched: Switched) -> None:
    (policy,) = [change for change in _moves(switched).values() if change["type"] == "aws_dynamodb_resource_policy"]
    assert policy["change"]["actions"] == ["no-op"]


def test_what_the_switch_adds_is_created_as_adopt_said(switched: Switched) -> None:
    new = [change for change in _managed_changes(switched.plan) if "previous_address" not in change]
    assert {tuple(change["change"]["actions"]) for change in new} == {("create",)}
    assert {change["type"] for change in new} == {"aws_cloudwatch_metric_alarm", "aws_iam_policy"}
    assert _planned_names(new) == _created_names(switched.adopt_output)


def test_after_the_switch_the_plan_is_clean_and_the_items_are_there(switched: Switched) -> None:
    assert _summary(switched.second_plan) == NOTHING_TO_DO
    assert switched.second_plan.planned_changes() == {}
    assert sorted(switched.items, key=str) == sorted(MOVED_ITEMS, key=str)


# == removed: the tests ============================================================


def _resources(addresses: list[str] | dict[str, str]) -> set[str]:
    """Managed resource addresses, data sources left out."""
    return {address for address in addresses if ".data." not in address}


def test_the_readme_gives_the_recipe_for_the_module_block(removed: Removed) -> None:
    assert removed.readme_block == "removed {\n  from = module.dynamodb\n\n  lifecycle {\n    destroy = false\n  }\n}"


def test_without_the_recipe_the_plan_deletes_the_table_and_all_with_it(removed: Removed) -> None:
    """prevent_destroy guards only a resource that is still configured: this plan is never applied."""
    planned = removed.without_recipe.planned_changes()
    assert {address: planned[address] for address in _resources(planned)} == dict.fromkeys(
        _resources(removed.applied), "delete"
    )
    assert planned["module.dynamodb.aws_dynamodb_table.notifications"] == "delete"
    kinds = {address.split(".")[2] for address in _resources(planned)}
    assert {"aws_dynamodb_table", "aws_cloudwatch_metric_alarm", "aws_iam_policy"} <= kinds


def test_with_the_recipe_everything_is_forgotten_and_nothing_destroyed(removed: Removed) -> None:
    planned = removed.with_recipe.planned_changes()
    assert {address: planned[address] for address in _resources(planned)} == dict.fromkeys(
        _resources(removed.applied), "remove"
    )
    # Forgetting counts as none of these; a destroy would count under "remove".
    assert _summary(removed.with_recipe) == NOTHING_TO_DO
    assert removed.state_after == []


def test_after_apply_the_table_its_item_alarms_and_policies_are_still_there(
    removed: Removed, account_credentials: Callable[[str], dict[str, str]], aws: Callable[..., Any]
) -> None:
    credentials = account_credentials(REMOVED_ACCOUNT)
    dynamodb = aws("dynamodb", credentials)
    table = dynamodb.describe_table(TableName=REMOVED_TABLE)["Table"]
    assert (table["TableStatus"], table["DeletionProtectionEnabled"]) == ("ACTIVE", True)
    key = {"PK": REMOVED_ITEM["PK"], "SK": REMOVED_ITEM["SK"]}
    assert dynamodb.get_item(TableName=REMOVED_TABLE, Key=key, ConsistentRead=True)["Item"] == REMOVED_ITEM

    alarms = aws("cloudwatch", credentials).describe_alarms(AlarmNamePrefix=REMOVED_TABLE)["MetricAlarms"]
    assert (
        len(alarms) == len([address for address in removed.applied if ".aws_cloudwatch_metric_alarm." in address]) > 0
    )
    policies = {policy["PolicyName"] for policy in aws("iam", credentials).list_policies(Scope="Local")["Policies"]}
    assert {f"{REMOVED_TABLE}-us-east-1-access", f"{REMOVED_TABLE}-us-east-1-read-only"} <= policies


# == what adopt refuses, or names, without Terraform ==================================

CHECKS_ACCOUNT = "200000000004"


@pytest.fixture(scope="module")
def checks_account(
    account_credentials: Callable[[str], dict[str, str]], aws: Callable[..., Any], moto_endpoint: str
) -> tuple[Clients, dict[str, str]]:
    """boto3 clients, and the environment of ``ddbgen adopt``, in an account of these checks' own."""
    credentials = account_credentials(CHECKS_ACCOUNT)
    env = {**offline_env(Path("/nonexistent/terraform.tfrc"), moto_endpoint), **credentials}
    return (lambda service: aws(service, credentials)), env


def _plain_table(aws: Clients, table: str, tags: dict[str, str], **params: Any) -> None:
    aws("dynamodb").create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        Tags=[{"Key": key, "Value": value} for key, value in tags.items()],
        **params,
    )


def test_adopt_refuses_a_table_on_the_dynamodb_owned_key(
    checks_account: tuple[Clients, dict[str, str]], moto_endpoint: str, tmp_path: Path
) -> None:
    """The module always encrypts with KMS, so apply would switch the table's key: adopt exits 2 and writes nothing."""
    clients, env = checks_account
    _plain_table(clients, "adopt-owned-key", {"Environment": "qa"})
    with relay_to(moto_endpoint) as (relay, seen):
        command = ("adopt", "adopt-owned-key", "--out", "profile.yaml", "--import-file", "imports.tf")
        refused = _ddbgen(tmp_path, {**env, "AWS_ENDPOINT_URL": relay}, *command, expect=2)
    assert "cannot adopt table adopt-owned-key: it is encrypted with an AWS owned key" in refused.stderr
    assert "--sse-specification Enabled=true,SSEType=KMS" in refused.stderr
    assert list(tmp_path.iterdir()) == []
    assert seen and {call for call in seen if not operation(call).startswith(READ_PREFIXES)} == set()


def test_adopt_names_the_environment_tag_apply_would_add(
    checks_account: tuple[Clients, dict[str, str]], tmp_path: Path
) -> None:
    clients, env = checks_account
    _plain_table(clients, "adopt-untagged", {"Team": "search"}, SSESpecification={"Enabled": True, "SSEType": "KMS"})
    adopted = _ddbgen(tmp_path, env, "adopt", "adopt-untagged", "--out", "profile.yaml", "--import-file", "imports.tf")
    (note,) = _listed(adopted.stdout, "left as it is: tag Environment:")
    assert "apply adds it to the table" in note
