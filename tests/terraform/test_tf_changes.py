"""A table's whole life on moto: every profile change does what it says, or ddbgen refuses it first.

One root, in an AWS account of its own, calls six modules, each generated
from a profile file and changed over three applies, as a platform team would:
edit the profile, ``ddbgen regenerate``, ``terraform plan -out``, read the plan
with ``terraform show -json``, apply it, read every table back (DescribeTable)
and compare it with the profile's design.

- ``ondemand``: on demand, two global indexes; then an index added and TTL
  turned off; then an index removed and another's projection changed;
- ``scaled``: provisioned with autoscaling (provider 5 ignores its whole index
  set): each index change is refused, and the recipe ddbgen prints (the AWS CLI
  commands, then ``regenerate --live-table``) runs as printed: an index added,
  then one removed and one rebuilt;
- ``local``: a local index's projection changed: refused (it replaces the
  table), then let through with ``--allow-replacement``;
- ``renamed``: applied as ddbgen 0.2 named its resources (alarms, Contributor
  Insights, resource policies after the design), then regenerated with today's
  names and a new logical name: every address moved, nothing replaced;
- ``billing``: on demand with a global index, switched to PROVISIONED, then
  back;
- ``global``: provisioned with autoscaling, a replica added by the second
  apply, once the scaling targets exist (the sequence the README documents).

Every plan's table deletes are counted: none, but the ``local`` table's, which
ddbgen refused before ``--allow-replacement``. A last plan is clean, and
``ddbgen check`` is clean for every folder. The tier's provider line is used
(5 on this machine): provider 6 renders are checked against its schema only.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.profile.loader import Profile, load_profile
from tests.test_addresses import NAMES_0_2

from .conftest import REGION
from .readback import key_schema, projection
from .roots import PROVIDER_BLOCKS
from .toolchain import Result, Terraform

pytestmark = [pytest.mark.terraform, pytest.mark.moto, pytest.mark.slow]

ACCOUNT = "300000000031"
REPLICA_REGION = "us-west-2"
TABLES = {
    "ondemand": "changes-ondemand",
    "scaled": "changes-scaled",
    "local": "changes-local",
    "renamed": "changes-renamed",
    "billing": "changes-billing",
    "global": "changes-global",
}

PROFILES = {
    "ondemand": """\
extends: development
table:
  name: ondemand
  attributes: {pk: S, sk: S, status: S, kind: S}
  hash_key: pk
  range_key: sk
  global_secondary_indexes:
    ByStatus: {hash_key: status, range_key: sk, projection: ALL}
    ByKind: {hash_key: kind, projection: KEYS_ONLY}
""",
    "scaled": """\
extends: production
billing_mode: PROVISIONED
enable_autoscaling: true
enable_contributor_insights: true
table:
  name: scaled
  attributes: {pk: S, sk: S, status: S}
  hash_key: pk
  range_key: sk
  global_secondary_indexes:
    ByStatus: {hash_key: status, projection: ALL}
""",
    "local": """\
extends: development
table:
  name: local
  attributes: {pk: S, sk: S, total: N}
  hash_key: pk
  range_key: sk
  local_secondary_indexes:
    ByTotal: {range_key: total, projection: KEYS_ONLY}
""",
    "renamed": """\
extends: development
enable_cloudwatch_alarms: true
enable_contributor_insights: true
resource_policy:
  Version: "2012-10-17"
  Statement:
    - {Sid: Read, Effect: Allow, Principal: {AWS: "arn:aws:iam::300000000031:root"}, Action: "dynamodb:GetItem", Resource: __DYNAMODB_TABLE_ARN__}
stream_resource_policy:
  Version: "2012-10-17"
  Statement:
    - {Sid: Stream, Effect: Allow, Principal: {AWS: "arn:aws:iam::300000000031:root"}, Action: "dynamodb:GetRecords", Resource: __DYNAMODB_STREAM_ARN__}
table:
  name: events
  attributes: {pk: S, sk: S}
  hash_key: pk
  range_key: sk
""",
    "billing": """\
extends: development
table:
  name: billing
  attributes: {pk: S, status: S}
  hash_key: pk
  global_secondary_indexes:
    ByStatus: {hash_key: status, projection: ALL}
""",
    "global": """\
extends: development
billing_mode: PROVISIONED
enable_autoscaling: true
""",
}

# The profiles name their tables, as a team's do: the root passes only the environment.
CALL = """
module "{module}" {{
  source = "./modules/{module}"

  environment = "test"
}}
"""


def _as_rendered_by_0_2(folder: Path, design: str) -> None:
    """A module folder with the resource addresses ddbgen 0.2 gave it, and no moved blocks."""
    for path in folder.glob("*.tf"):
        text = path.read_text()
        for today, old in NAMES_0_2.items():
            kind, label = today.split(".")
            was = old.format(design)
            text = text.replace(f'resource "{kind}" "{label}"', f'resource "{kind}" "{was.split(".")[1]}"')
            text = re.sub(rf"\b{re.escape(today)}\b", was, text)
        path.write_text(text)
    (folder / "moved.tf").unlink()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


# -- one step of the table's life -----------------------------------------------


@dataclass
class Step:
    plan: dict[str, Any]  # terraform show -json of the step's saved plan
    applied: Result
    described: dict[str, dict[str, Any]]  # DescribeTable of each table after the apply
    profiles: dict[str, Profile]  # what each module was generated from, at this step


@dataclass
class Life:
    root: Path
    terraform: Terraform
    aws: Callable[..., Any]
    steps: list[Step] = field(default_factory=list)
    refused: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)  # "<step>/<module>" -> refusal
    unchanged: dict[str, bool] = field(default_factory=dict)  # a refused folder was left byte for byte as it was
    recipes: dict[str, list[str]] = field(default_factory=dict)  # "<step>/scaled" -> the commands run
    regenerated: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    last_plan: Result | None = None
    checked: subprocess.CompletedProcess[str] | None = None
    line: int = 5


def _ddbgen(life: Life, *args: str, expect: int | None = 0) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=life.root,
        env=life.terraform.env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    if expect is not None:
        assert completed.returncode == expect, (
            f"ddbgen {' '.join(args)} exited {completed.returncode}:\n{completed.stderr}"
        )
    return completed


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def _refused_then(life: Life, step: str, module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``regenerate modules/MODULE`` refused (exit 2, folder untouched); return the refusal."""
    folder = life.root / "modules" / module
    before = _folder_bytes(folder)
    refusal = _ddbgen(life, "regenerate", f"modules/{module}", *args, expect=2)
    life.refused[f"{step}/{module}"] = refusal
    life.unchanged[f"{step}/{module}"] = _folder_bytes(folder) == before
    return refusal


RECIPE_STEP = re.compile(
    r"\(\d+\) (aws dynamodb update-table .*?), then (aws dynamodb wait table-exists --table-name \S+);"
)


def _run_recipe(life: Life, step: str, refusal: subprocess.CompletedProcess[str]) -> None:
    """The AWS CLI commands of a refusal, run as printed, then the regenerate it names."""
    commands = [command for pair in RECIPE_STEP.findall(refusal.stderr) for command in pair]
    assert commands, refusal.stderr
    for command in commands:
        ran = subprocess.run(
            ["bash", "-c", command],
            # The AWS CLI v1 reads its region from AWS_DEFAULT_REGION (Terraform's env has AWS_REGION).
            env={
                **life.terraform.env,
                "AWS_DEFAULT_REGION": REGION,
                "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert ran.returncode == 0, f"{command}:\n{ran.stderr}"
    life.recipes[f"{step}/scaled"] = commands
    (regenerate,) = re.findall(r"run (ddbgen regenerate \S+ --live-table \S+):", refusal.stderr)
    life.regenerated[f"{step}/scaled"] = _ddbgen(life, *regenerate.split()[1:])


def _loaded(life: Life) -> dict[str, Profile]:
    return {
        module: load_profile(str(life.root / "profiles" / f"{module}.yaml"), [f"aws_provider={life.line}"])
        for module in TABLES
    }


def _plan_and_apply(life: Life) -> Step:
    life.terraform.run(life.root, "plan", "-input=false", "-no-color", "-out=tfplan")
    plan = life.terraform.run(life.root, "show", "-json", "tfplan").json()
    applied = life.terraform.run(life.root, "apply", "-input=false", "-json", "tfplan")
    return Step(plan, applied, _describe(life), _loaded(life))


def _describe(life: Life) -> dict[str, dict[str, Any]]:
    dynamodb = life.aws("dynamodb")
    return {module: dynamodb.describe_table(TableName=table)["Table"] for module, table in TABLES.items()}


def _root_text() -> str:
    return PROVIDER_BLOCKS + "".join(CALL.format(module=module) for module in TABLES)


def _life(parent: Path, line: int, terraform: Terraform, aws: Callable[..., Any]) -> Life:
    root = parent / "life"
    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    life = Life(root, terraform, aws)
    life.line = line
    for module, text in PROFILES.items():
        name_input = (
            "notifications_table_name"
            if module == "global"
            else f"{'events' if module == 'renamed' else module}_table_name"
        )
        text = text.replace("\n", f"\n{name_input}: {TABLES[module]}\n", 1)
        (root / "profiles" / f"{module}.yaml").write_text(text)
        _ddbgen(
            life,
            "generate",
            "--profile",
            f"profiles/{module}.yaml",
            "--set",
            f"aws_provider={line}",
            "--out",
            f"modules/{module}",
        )
    _as_rendered_by_0_2(root / "modules" / "renamed", "events")
    (root / "main.tf").write_text(_root_text())
    terraform.init(root)
    created = terraform.run(root, "apply", "-auto-approve", "-input=false", "-json")
    life.steps.append(Step({"resource_changes": _as_changes(created)}, created, _describe(life), _loaded(life)))

    # -- step 1 ---------------------------------------------------------------
    profiles = root / "profiles"
    _edit(
        profiles / "ondemand.yaml", "    ByKind:", "    ByTotal: {hash_key: total, projection: [status]}\n    ByKind:"
    )
    _edit(profiles / "ondemand.yaml", "kind: S}", "kind: S, total: N}")
    _edit(profiles / "ondemand.yaml", "extends: development\n", "extends: development\nttl_enabled: false\n")
    _ddbgen(life, "regenerate", "modules/ondemand")

    _edit(profiles / "scaled.yaml", "{pk: S, sk: S, status: S}", "{pk: S, sk: S, status: S, customer: S}")
    _edit(
        profiles / "scaled.yaml",
        "    ByStatus:",
        "    ByCustomer: {hash_key: customer, range_key: sk, projection: KEYS_ONLY}\n    ByStatus:",
    )
    _run_recipe(life, "1", _refused_then(life, "1", "scaled"))

    _edit(profiles / "local.yaml", "projection: KEYS_ONLY", "projection: ALL")
    _refused_then(life, "1", "local")
    _ddbgen(life, "regenerate", "modules/local", "--allow-replacement")

    _edit(profiles / "renamed.yaml", "name: events", "name: audit")
    _edit(profiles / "renamed.yaml", "events_table_name:", "audit_table_name:")  # the same table name
    life.regenerated["1/renamed"] = _ddbgen(life, "regenerate", "modules/renamed")

    _edit(profiles / "billing.yaml", "extends: development\n", "extends: development\nbilling_mode: PROVISIONED\n")
    _ddbgen(life, "regenerate", "modules/billing")

    _edit(
        profiles / "global.yaml",
        "enable_autoscaling: true\n",
        f"enable_autoscaling: true\nreplica_regions: [{{region_name: {REPLICA_REGION}}}]\n",
    )
    _ddbgen(life, "regenerate", "modules/global")
    life.steps.append(_plan_and_apply(life))

    # -- step 2 ---------------------------------------------------------------
    _edit(profiles / "ondemand.yaml", "    ByKind: {hash_key: kind, projection: KEYS_ONLY}\n", "")
    _edit(
        profiles / "ondemand.yaml",
        "{pk: S, sk: S, status: S, kind: S, total: N}",
        "{pk: S, sk: S, status: S, total: N}",
    )
    _edit(profiles / "ondemand.yaml", "range_key: sk, projection: ALL}", "range_key: sk, projection: KEYS_ONLY}")
    _ddbgen(life, "regenerate", "modules/ondemand")

    _edit(profiles / "scaled.yaml", "    ByStatus: {hash_key: status, projection: ALL}\n", "")
    _edit(profiles / "scaled.yaml", "{pk: S, sk: S, status: S, customer: S}", "{pk: S, sk: S, customer: S}")
    _edit(profiles / "scaled.yaml", "range_key: sk, projection: KEYS_ONLY}", "range_key: sk, projection: ALL}")
    _run_recipe(life, "2", _refused_then(life, "2", "scaled"))

    _edit(profiles / "billing.yaml", "billing_mode: PROVISIONED\n", "billing_mode: PAY_PER_REQUEST\n")
    _ddbgen(life, "regenerate", "modules/billing")
    life.steps.append(_plan_and_apply(life))

    life.last_plan = terraform.run(root, "plan", "-input=false", "-json", "-detailed-exitcode", expect=(0, 2))
    life.checked = _ddbgen(life, "check", "-r", "modules", expect=None)
    return life


def _as_changes(result: Result) -> list[dict[str, Any]]:
    """An apply's -json stream as show -json's resource_changes: address, type and actions."""
    return [
        {
            "address": message["change"]["resource"]["addr"],
            "type": message["change"]["resource"]["resource_type"],
            "mode": "managed",
            "change": {"actions": [message["change"]["action"]]},
        }
        for message in result.json_lines()
        if message.get("type") == "planned_change"
    ]


@pytest.fixture(scope="module")
def started(
    terraform: Terraform,
    provider_line: int,
    workers: ThreadPoolExecutor,
    account_credentials: Callable[[str], dict[str, str]],
    aws: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Future[Life]:
    credentials = account_credentials(ACCOUNT)
    clients = lambda service, region=REGION: aws(service, credentials, region)  # noqa: E731
    return workers.submit(
        _life, tmp_path_factory.mktemp("changes"), provider_line, terraform.with_env(credentials), clients
    )


@pytest.fixture
def life(started: Future[Life]) -> Life:
    return started.result()


# -- reading plans and tables ---------------------------------------------------------


def _changes(step: Step, module: str) -> dict[str, list[str]]:
    """Address inside the module -> planned actions, for the module's managed resources."""
    prefix = f"module.{module}."
    return {
        change["address"].removeprefix(prefix): change["change"]["actions"]
        for change in step.plan.get("resource_changes", [])
        if change["mode"] == "managed"
        and change["address"].startswith(prefix)
        and change["change"]["actions"] != ["no-op"]
    }


def _assert_matches_design(table: dict[str, Any], profile: Profile) -> None:
    """DescribeTable against the design: keys, each global and local index's keys and projection."""
    design = profile.design
    assert key_schema(table["KeySchema"]) == [(design.hash_key, "HASH")] + (
        [(design.range_key, "RANGE")] if design.range_key else []
    )
    wanted = {index.name: index for index in design.global_indexes_with(profile.values)}
    found = {index["IndexName"]: index for index in table.get("GlobalSecondaryIndexes") or []}
    assert set(found) == set(wanted)
    for name, index in wanted.items():
        assert key_schema(found[name]["KeySchema"]) == list(index.key_schema), name
        assert projection(found[name]) == (index.projection, sorted(index.non_key_attributes)), name
    local = {index["IndexName"]: index for index in table.get("LocalSecondaryIndexes") or []}
    assert set(local) == {index.name for index in design.local_indexes}
    for index in design.local_indexes:
        assert projection(local[index.name]) == (index.projection, sorted(index.non_key_attributes)), index.name
    attributes = {item["AttributeName"]: item["AttributeType"] for item in table["AttributeDefinitions"]}
    keys = {design.hash_key, design.range_key} | {
        name for index in [*wanted.values(), *design.local_indexes] for name in index.key_attributes
    }
    assert attributes == {name: design.attributes[name] for name in keys if name}


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [0, 1, 2])
def test_after_each_apply_every_table_is_its_design(life: Life, step: int) -> None:
    for module in TABLES:
        _assert_matches_design(life.steps[step].described[module], life.steps[step].profiles[module])


def test_no_plan_deletes_a_table_unless_ddbgen_refused_it_first(life: Life) -> None:
    deleted = [
        (number, change["address"])
        for number, step in enumerate(life.steps)
        for change in step.plan["resource_changes"]
        if change["type"] == "aws_dynamodb_table" and "delete" in change["change"]["actions"]
    ]
    assert deleted == [(1, "module.local.aws_dynamodb_table.local")]
    assert "replaces the table" in life.refused["1/local"].stderr and life.unchanged["1/local"]


def test_an_index_added_or_removed_on_demand_plans_the_table_in_place(life: Life) -> None:
    for step in (1, 2):
        assert _changes(life.steps[step], "ondemand") == {"aws_dynamodb_table.ondemand": ["update"]}, step


def test_ttl_turned_off_sends_the_attribute_name_and_stays_off(life: Life) -> None:
    """The render names the attribute (the fill refuses an empty one, as AWS does); the last plan is clean."""
    described = life.aws("dynamodb").describe_time_to_live(TableName=TABLES["ondemand"])["TimeToLiveDescription"]
    assert described == {"TimeToLiveStatus": "DISABLED"}


@pytest.mark.parametrize("step", ["1", "2"])
def test_an_autoscaled_index_change_is_refused_with_the_recipe_that_does_it(life: Life, step: str) -> None:
    refusal = life.refused[f"{step}/scaled"].stderr
    assert "refused on this provider line" in refusal and "ignore_changes" in refusal
    assert life.unchanged[f"{step}/scaled"]
    assert all(command.startswith("aws dynamodb ") for command in life.recipes[f"{step}/scaled"])
    assert "in place: index" in life.regenerated[f"{step}/scaled"].stdout


def test_the_recipe_keeps_the_table_and_scales_every_index_it_made(life: Life) -> None:
    """Step 1 adds ByCustomer; step 2 deletes ByStatus and rebuilds ByCustomer: scaling follows each."""
    first, second = _changes(life.steps[1], "scaled"), _changes(life.steps[2], "scaled")
    assert not any(address.startswith("aws_dynamodb_table.") for address in first | second)
    added = {address for address, actions in first.items() if actions == ["create"]}
    assert {
        'aws_appautoscaling_target.capacity["ByCustomer_read"]',
        'aws_appautoscaling_target.capacity["ByCustomer_write"]',
        'aws_dynamodb_contributor_insights.table["ByCustomer"]',
    } <= added
    removed = {address for address, actions in second.items() if actions == ["delete"]}
    assert {
        'aws_appautoscaling_target.capacity["ByStatus_read"]',
        'aws_appautoscaling_target.capacity["ByStatus_write"]',
    } <= removed
    targets = life.aws("application-autoscaling").describe_scalable_targets(ServiceNamespace="dynamodb")[
        "ScalableTargets"
    ]
    scaled = sorted(
        {target["ResourceId"] for target in targets if target["ResourceId"].startswith(f"table/{TABLES['scaled']}")}
    )
    assert scaled == [f"table/{TABLES['scaled']}", f"table/{TABLES['scaled']}/index/ByCustomer"]
    insights = life.aws("dynamodb").describe_contributor_insights(TableName=TABLES["scaled"], IndexName="ByCustomer")
    assert insights["ContributorInsightsStatus"] == "ENABLED"


def test_a_local_index_change_replaces_the_table_only_when_allowed(life: Life) -> None:
    """The provider would plan nothing for a projection change: the module's record of its local indexes triggers the replacement."""
    assert "--allow-replacement" in life.refused["1/local"].stderr
    assert _changes(life.steps[1], "local") == {
        "aws_dynamodb_table.local": ["delete", "create"],
        "terraform_data.local_indexes": ["update"],
    }


def test_a_0_2_module_with_a_new_logical_name_moves_every_address_and_replaces_nothing(life: Life) -> None:
    """Applied as 0.2 named its resources, regenerated with today's names and a new logical name."""
    assert "in place: table.name: the logical name changes from events to audit" in life.regenerated["1/renamed"].stdout
    created = {change["address"] for change in life.steps[0].plan["resource_changes"]}
    assert {f"module.renamed.{old.format('events')}" for old in NAMES_0_2.values()} <= {
        re.sub(r"\[.*\]$", "", address) for address in created
    }, "step 0 applied each of 0.2's addresses"
    moved = {
        change["previous_address"].removeprefix("module.renamed."): change["address"].removeprefix("module.renamed.")
        for change in life.steps[1].plan["resource_changes"]
        if change.get("previous_address", "").startswith("module.renamed.")
    }
    assert moved["aws_dynamodb_table.events"] == "aws_dynamodb_table.audit"
    assert (
        moved['aws_cloudwatch_metric_alarm.events["read_throttle"]']
        == 'aws_cloudwatch_metric_alarm.table["read_throttle"]'
    )
    assert (
        moved['aws_dynamodb_contributor_insights.events["table"]'] == 'aws_dynamodb_contributor_insights.table["table"]'
    )
    assert moved['aws_dynamodb_resource_policy.events["table"]'] == 'aws_dynamodb_resource_policy.table["table"]'
    assert (
        moved['aws_dynamodb_resource_policy.events_stream["table"]']
        == 'aws_dynamodb_resource_policy.table_stream["table"]'
    )
    assert _changes(life.steps[1], "renamed") == {}, "nothing created, changed or destroyed"


def test_the_billing_switch_works_both_ways_with_a_global_index(life: Life) -> None:
    for step, mode in ((1, "PROVISIONED"), (2, "PAY_PER_REQUEST")):
        assert _changes(life.steps[step], "billing") == {"aws_dynamodb_table.billing": ["update"]}, step
        assert life.steps[step].described["billing"]["BillingModeSummary"]["BillingMode"] == mode


def test_a_replica_is_added_once_the_scaling_targets_exist(life: Life) -> None:
    """The second apply adds the replica to a table whose write capacity is autoscaled (the fill refuses it otherwise)."""
    assert _changes(life.steps[1], "global") == {
        "aws_dynamodb_table.notifications": ["update"],
        # Both policies cover every replica's table, index and stream ARNs.
        "aws_iam_policy.access[0]": ["update"],
        "aws_iam_policy.read_only[0]": ["update"],
    }
    assert life.steps[1].described["global"]["Replicas"] == [{"RegionName": REPLICA_REGION, "ReplicaStatus": "ACTIVE"}]


def test_the_last_plan_is_clean_and_every_folder_checks_clean(life: Life) -> None:
    assert life.last_plan is not None and life.last_plan.returncode == 0, life.last_plan.planned_changes()
    assert life.checked is not None and life.checked.returncode == 0, life.checked.stdout + life.checked.stderr
