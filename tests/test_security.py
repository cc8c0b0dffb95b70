"""Least privilege, read from the rendered policy documents; encryption and protection defaults.

The expected action sets, and the expressions of the locals the policies name
(which ARNs, which keys, which regions), are written out here, independently
of generator/render/security.py and templates/iam.tf.j2, so a change to what callers
are granted shows up as a failing test to review. The Terraform tier evaluates
those locals with ``terraform console``, for tables with and without replicas
and keys, and reads back the ARNs they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.profile.loader import Profile, builtin_names, load_profile
from generator.render.render import render
from tests.conftest import OUTPUT
from tests.hclparse import data_sources, decode, locals_of, outputs, resources, variables
from tests.tooling import console, terraform_binary, terraform_env

READ_ONLY_ACTIONS = {
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
}
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}
# The IAM Service Authorization Reference gives ListStreams no resource type, so
# "*" is the only resource it can be granted on; stream consumers need it (AWS
# Lambda's DynamoDB event source mappings). It lists stream ARNs, no item data.
LIST_STREAMS_ACTIONS = {"dynamodb:ListStreams"}
WRITE_ACTIONS = {"dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
# With a customer managed key DynamoDB calls KMS on an item caller's behalf only to
# decrypt the table key, for reads and writes alike (AWS KMS Developer Guide, "How
# Amazon DynamoDB uses AWS KMS"); both policies reach it through the read-only one.
KMS_ACTIONS = {"kms:Decrypt"}

# What no item-level policy may grant: writes for the read-only one, administration for both.
ITEM_WRITES = {
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:PartiQLDelete",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:TransactWriteItems",
}
ADMINISTRATION = {
    "dynamodb:CreateTable",
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTable",
    "dynamodb:CreateBackup",
    "dynamodb:DeleteBackup",
    "dynamodb:RestoreTableFromBackup",
    "dynamodb:RestoreTableToPointInTime",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:UpdateContinuousBackups",
    "dynamodb:TagResource",
    "dynamodb:UntagResource",
    "dynamodb:PutResourcePolicy",
    "dynamodb:DeleteResourcePolicy",
    "dynamodb:ExportTableToPointInTime",
    "dynamodb:ImportTable",
    "dynamodb:UpdateGlobalTable",
    "dynamodb:CreateGlobalTable",
    "dynamodb:UpdateGlobalTableSettings",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
}

# Each statement: the actions it grants, its resources as written (a local, or a
# list), and when it exists (a dynamic block's for_each; None: always).
READ_ONLY_STATEMENTS: dict[str, tuple[set[str], Any, str | None]] = {
    "ReadItems": (READ_ONLY_ACTIONS, "${local.table_resources}", None),
    "ReadStream": (
        STREAM_ACTIONS,
        "${local.stream_resources}",
        "${var.stream_enabled ? [local.stream_resources] : []}",
    ),
    "ListStreams": (LIST_STREAMS_ACTIONS, ["*"], '${var.stream_enabled ? ["*"] : []}'),
    "DecryptThroughDynamoDB": (
        KMS_ACTIONS,
        "${local.kms_keys}",
        "${length(local.kms_keys) == 0 ? [] : [local.kms_keys]}",
    ),
}
ACCESS_STATEMENTS = {**READ_ONLY_STATEMENTS, "WriteItems": (WRITE_ACTIONS, "${local.table_resources}", None)}
# The only wildcards the locals may write: every index and every stream of a table.
TABLE_WILDCARDS = ('"${arn}/index/*"', '"${arn}/stream/*"')

KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REPLICA_KMS_KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
EU_KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
GLOBAL = [
    f"replica_regions=[{{region_name: us-west-2, kms_key_arn: {REPLICA_KMS_KEY_ARN}}}]",
    f"kms_key_arn={KMS_KEY_ARN}",
]
# Rendered beside the built-in profiles' committed modules: a global table with
# keys, and each design for the AWS provider 5 line.
RENDERED = {
    "production-global": ("production", GLOBAL),
    "production-provider-5": ("production", ["aws_provider=5"]),
    "orders-provider-5": ("orders", ["aws_provider=5"]),
}
# data.aws_region's attribute for the region name, by provider line.
REGION_ATTRIBUTE = {5: "name", 6: "region"}


@dataclass(frozen=True)
class Module:
    folder: Path
    profile: Profile

    @property
    def table(self) -> str:
        return self.profile.design.name


def policy_locals(module: Module) -> dict[str, Any]:
    """What each local the policies read must be, as python-hcl2 reads it back."""
    table_name = f"var.{module.table}_table_name"
    return {
        "region": f"${{data.aws_region.current.{REGION_ATTRIBUTE[module.profile.aws_provider]}}}",
        # The table is "table", each replica its region.
        "table_regions": (
            "${merge({table = local.region}, {for replica in var.replica_regions : replica.region_name => replica.region_name})}"
        ),
        # Built from its parts, so the policy documents never wait on the table's attributes.
        "table_arns": (
            '${{for key, region in local.table_regions : key => "arn:${data.aws_partition.current.partition}:dynamodb:${region}:'
            "${data.aws_caller_identity.current.account_id}:table/${" + table_name + '}"}}'
        ),
        "table_arn": '${local.table_arns["table"]}',
        "table_resources": '${flatten([for arn in values(local.table_arns) : [arn, "${arn}/index/*"]])}',
        "stream_resources": '${[for arn in values(local.table_arns) : "${arn}/stream/*"]}',
        # "" and null both mean the AWS managed key, which needs no statement.
        "kms_key_arn": '${var.kms_key_arn == "" ? null : var.kms_key_arn}',
        "kms_keys": (
            '${compact(concat([local.kms_key_arn == null ? "" : local.kms_key_arn], '
            '[for replica in var.replica_regions : replica.kms_key_arn == null ? "" : replica.kms_key_arn]))}'
        ),
        "kms_via": '${[for region in values(local.table_regions) : "dynamodb.${region}.amazonaws.com"]}',
        # IAM policy names are unique in an account, across regions.
        "iam_policy_prefix": (
            '${var.iam_policy_name_prefix == null ? "${'
            + table_name
            + '}-${local.region}" : var.iam_policy_name_prefix}'
        ),
    }


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("iam")
    for name, (profile, overrides) in RENDERED.items():
        _write(root / name, render(load_profile(profile, overrides), root / name))
    return root


@pytest.fixture(params=builtin_names() + sorted(RENDERED))
def module(request, rendered: Path) -> Module:
    """Each built-in profile's committed module, and the modules of RENDERED."""
    name = request.param
    if name in RENDERED:
        profile, overrides = RENDERED[name]
        return Module(rendered / name, load_profile(profile, overrides))
    return Module(OUTPUT / name, load_profile(name))


def _documents(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        address.removeprefix("aws_iam_policy_document."): body
        for address, body in data_sources(folder).items()
        if address.startswith("aws_iam_policy_document.")
    }


def statements(folder: Path, document: str) -> list[dict[str, Any]]:
    """The document's statements, its sources' included, each with ``when`` (a dynamic block's
    for_each, or None) and its ``resources`` as the policy names them, ``statement.value`` resolved."""
    body = _documents(folder)[document]
    found = [{**statement, "when": None} for statement in body.get("statement", [])]
    for dynamic in body.get("dynamic", []):
        block = dynamic["statement"]
        (content,) = block["content"]
        found.append({**content, "when": block["for_each"]})
    for statement in found:
        statement["resources"] = _resolve(statement["resources"], statement["when"])
    for source in body.get("source_policy_documents", []):
        name = source.removeprefix("${data.aws_iam_policy_document.").removesuffix(".json}")
        found.extend(statements(folder, name))
    return found


def _iterated(when: str) -> str:
    """The one value ``for_each = COND ? [VALUE] : []`` (or ``COND ? [] : [VALUE]``) iterates over."""
    inner = when.removeprefix("${").removesuffix("}")
    options = [part.strip() for part in inner.split("?", 1)[1].split(" : ")]
    (value,) = [option for option in options if option != "[]"]
    assert value.startswith("[") and value.endswith("]") and "," not in value, when
    return value[1:-1]


def _resolve(resources: Any, when: str | None) -> Any:
    if resources == "${statement.value}":
        return "${" + _iterated(when) + "}"
    if resources == ["${statement.value}"]:
        value = _iterated(when)
        return [decode(value) if value.startswith('"') else "${" + value + "}"]
    return resources


def _actions(found: list[dict[str, Any]]) -> set[str]:
    return {action for statement in found for action in statement["actions"]}


def _local_name(reference: str) -> str:
    match = re.fullmatch(r"\$\{local\.([a-z_]+)\}", reference)
    assert match, f"resources {reference!r} are not a local"
    return match.group(1)


@pytest.mark.parametrize("document, expected", [("read_only", READ_ONLY_STATEMENTS), ("access", ACCESS_STATEMENTS)])
def test_each_policy_grants_exactly_its_statements(module: Module, document: str, expected: dict):
    found = statements(module.folder, document)
    by_sid = {statement["sid"]: statement for statement in found}
    assert len(by_sid) == len(found), "a statement id appears twice"
    assert set(by_sid) == set(expected)
    for sid, (actions, named, when) in expected.items():
        statement = by_sid[sid]
        assert len(statement["actions"]) == len(set(statement["actions"])) and set(statement["actions"]) == actions, sid
        assert statement["resources"] == named, sid
        assert statement["when"] == when, sid


def test_the_access_policy_is_the_read_only_one_plus_item_writes(module: Module):
    assert _documents(module.folder)["access"]["source_policy_documents"] == [
        "${data.aws_iam_policy_document.read_only.json}"
    ]
    granted = _actions(statements(module.folder, "access"))
    assert granted == READ_ONLY_ACTIONS | STREAM_ACTIONS | LIST_STREAMS_ACTIONS | KMS_ACTIONS | WRITE_ACTIONS
    assert not granted & ADMINISTRATION


def test_read_only_policy_has_no_write_or_administration(module: Module):
    granted = _actions(statements(module.folder, "read_only"))
    assert not granted & (ITEM_WRITES | ADMINISTRATION)
    verbs = ("Put", "Update", "Delete", "BatchWrite", "Create", "Restore")
    assert not any(action.split(":")[1].startswith(verbs) for action in granted)


@pytest.mark.parametrize("document", ["read_only", "access"])
def test_the_only_star_resource_is_list_streams_alone(module: Module, document: str):
    declared = locals_of(module.folder)
    star_statements = []
    for statement in statements(module.folder, document):
        assert statement.get("effect", "Allow") == "Allow"
        assert not {"not_actions", "not_resources", "principals", "not_principals"} & set(statement)
        assert all("*" not in action for action in statement["actions"]), statement["actions"]
        if isinstance(statement["resources"], list):
            assert "*" in statement["resources"], statement
            star_statements.append(statement)
            continue
        # A local: its expression, and those of the locals it builds on, name no
        # wildcard but every index and every stream of the table in each region.
        name = _local_name(statement["resources"])
        expression = declared[name]
        for wildcard in TABLE_WILDCARDS:
            expression = expression.replace(wildcard, "")
        assert "*" not in expression, (statement["sid"], declared[name])
    for name in ("table_arns", "table_regions", "kms_key_arn"):
        assert "*" not in declared[name], declared[name]
    (star,) = star_statements
    assert star["sid"] == "ListStreams"
    assert star["resources"] == ["*"]
    assert set(star["actions"]) == LIST_STREAMS_ACTIONS == {"dynamodb:ListStreams"}
    assert set(star) == {"sid", "actions", "resources", "when"}, (
        "the ListStreams statement carries more than its one action"
    )


def test_the_policy_locals_name_the_table_its_indexes_streams_and_keys_in_every_region(module: Module):
    declared = locals_of(module.folder)
    for name, expression in policy_locals(module).items():
        assert declared[name] == expression, name


def test_kms_statement_is_scoped_to_the_tables_keys_through_dynamodb(module: Module):
    read_only = statements(module.folder, "read_only")
    (decrypt,) = [statement for statement in read_only if statement["sid"] == "DecryptThroughDynamoDB"]
    # Only while a customer managed key encrypts the table or a replica.
    assert decrypt["when"] == "${length(local.kms_keys) == 0 ? [] : [local.kms_keys]}"
    assert decrypt["resources"] == "${local.kms_keys}"
    assert decrypt["condition"] == [
        {"test": "StringEquals", "variable": "kms:ViaService", "values": "${local.kms_via}"}
    ]
    access = statements(module.folder, "access")
    assert [statement["sid"] for statement in access if set(statement["actions"]) & KMS_ACTIONS] == [
        "DecryptThroughDynamoDB"
    ]
    assert {action for action in _actions(access) if action.startswith("kms:")} == KMS_ACTIONS


@pytest.mark.parametrize(
    "overrides",
    [[f"kms_key_arn={KMS_KEY_ARN}"], ['kms_key_arn=""'], GLOBAL],
    ids=["key", "empty key", "replicas with keys"],
)
def test_keys_and_replicas_change_only_the_defaults(overrides: list[str], tmp_path: Path):
    """Which keys and regions the policies name is decided at plan time, from the variables."""
    plain = render(load_profile("production"), tmp_path / "module")
    changed = render(load_profile("production", overrides), tmp_path / "module")
    assert {name for name in plain if name.endswith(".tf")} == {name for name in changed if name.endswith(".tf")}
    for name in plain:
        if name.endswith(".tf") and name != "variables.tf":
            assert changed[name] == plain[name], f"{name} changed"
    declared = variables(_write(tmp_path / "changed", changed))
    assert declared["kms_key_arn"]["default"] == load_profile("production", overrides).values["kms_key_arn"]
    if overrides == GLOBAL:
        assert declared["kms_key_arn"]["default"] == KMS_KEY_ARN
        (replica,) = declared["replica_regions"]["default"]
        assert (replica["region_name"], replica["kms_key_arn"]) == ("us-west-2", REPLICA_KMS_KEY_ARN)


def test_the_policies_are_optional_and_named_for_the_table_and_its_region(module: Module):
    found = resources(module.folder)
    for document, suffix in (("access", "-access"), ("read_only", "-read-only")):
        policy = found[f"aws_iam_policy.{document}"]
        assert policy["count"] == "${var.create_iam_policies ? 1 : 0}"
        assert policy["name"] == "${local.iam_policy_prefix}" + suffix
        assert policy["policy"] == f"${{data.aws_iam_policy_document.{document}.json}}"
        assert policy["tags"] == "${local.tags}"
    declared = variables(module.folder)
    assert declared["create_iam_policies"]["default"] is True
    assert declared["iam_policy_name_prefix"]["default"] is None
    # The documents are output whether or not the policies are created; the ARNs are null without them.
    given = outputs(module.folder)
    for document in ("access", "read_only"):
        assert (
            given[f"dynamodb_{document}_policy_json"]["value"] == f"${{data.aws_iam_policy_document.{document}.json}}"
        )
        assert given[f"dynamodb_{document}_policy_arn"]["value"] == f"${{one(aws_iam_policy.{document}[*].arn)}}"


# Encryption and protection.


def _table(module: Module) -> dict[str, Any]:
    return resources(module.folder)[f"aws_dynamodb_table.{module.table}"]


def _replica(module: Module) -> dict[str, Any]:
    (dynamic,) = [block["replica"] for block in _table(module)["dynamic"] if "replica" in block]
    assert dynamic["for_each"] == "${var.replica_regions}"
    (content,) = dynamic["content"]
    return content


def test_encryption_at_rest_is_always_on(module: Module):
    (encryption,) = _table(module)["server_side_encryption"]
    # A literal: no input turns it off. The key the IAM statements are scoped to is the table's.
    assert encryption == {"enabled": True, "kms_key_arn": "${local.kms_key_arn}"}
    # Each replica with its own region's key, or the AWS managed key there.
    assert _replica(module)["kms_key_arn"] == "${replica.value.kms_key_arn}"


@pytest.mark.parametrize("name", ["production", "orders"])
@pytest.mark.parametrize("line", [5, 6])
def test_protected_profiles_keep_pitr_and_deletion_protection_on(name: str, line: int, tmp_path: Path):
    profile = load_profile(name, [f"aws_provider={line}"])
    module = Module(_write(tmp_path / name, render(profile, tmp_path / name)), profile)
    declared = variables(module.folder)
    assert declared["point_in_time_recovery_enabled"]["default"] is True
    assert declared["prevent_destroy"]["default"] is True
    table = _table(module)
    assert table["deletion_protection_enabled"] == "${var.prevent_destroy}"
    (recovery,) = table["point_in_time_recovery"]
    assert recovery["enabled"] == "${var.point_in_time_recovery_enabled}"
    assert table["lifecycle"][0]["prevent_destroy"] is True
    # Replicas follow the table unless a replica says otherwise.
    replica = _replica(module)
    assert replica["point_in_time_recovery"] == (
        "${replica.value.point_in_time_recovery == null"
        " ? var.point_in_time_recovery_enabled : replica.value.point_in_time_recovery}"
    )
    if line == 6:
        assert replica["deletion_protection_enabled"] == (
            "${replica.value.deletion_protection_enabled == null"
            " ? var.prevent_destroy : replica.value.deletion_protection_enabled}"
        )
    else:
        assert "deletion_protection_enabled" not in replica  # provider 5 has no such replica argument


def test_the_table_arn_is_built_from_its_parts(module: Module):
    declared = locals_of(module.folder)
    assert declared["table_arn"] == '${local.table_arns["table"]}'
    assert "aws_dynamodb_table" not in str(_documents(module.folder)), "a policy document reads the table's attributes"
    for name in policy_locals(module):
        assert "aws_dynamodb_table" not in str(declared[name]), f"local.{name} reads the table's attributes"


# The Terraform tier: what the locals evaluate to.

# The three data sources, as fixed values: terraform console then needs no provider.
REGION, PARTITION, ACCOUNT = "us-east-1", "aws", "123456789012"
DATA = {
    "data.aws_region.current.region": f'"{REGION}"',
    "data.aws_region.current.name": f'"{REGION}"',
    "data.aws_partition.current.partition": f'"{PARTITION}"',
    "data.aws_caller_identity.current.account_id": f'"{ACCOUNT}"',
}
_LOCALS_BLOCK = re.compile(r"^locals \{\n.*?^\}\n", re.M | re.S)

# Profile and overrides, then the regions and the keys the policies must name.
EVALUATED = {
    "global table with keys": ("production", GLOBAL, {REGION, "us-west-2"}, [KMS_KEY_ARN, REPLICA_KMS_KEY_ARN]),
    "one region, AWS managed key": ("production", [], {REGION}, []),
    "an empty key is the AWS managed key": ("production", ['kms_key_arn=""'], {REGION}, []),
    # With a table key every replica has one of its region (the replica_regions rules); without one, none has.
    "table key, replicas with theirs": (
        "production",
        [f"kms_key_arn={KMS_KEY_ARN}", f"replica_regions=[{{region_name: eu-west-1, kms_key_arn: {EU_KMS_KEY_ARN}}}]"],
        {REGION, "eu-west-1"},
        [KMS_KEY_ARN, EU_KMS_KEY_ARN],
    ),
    "orders on provider 5, two replicas": (
        "orders",
        ["aws_provider=5", "replica_regions=[{region_name: eu-west-1}, {region_name: us-west-2}]"],
        {REGION, "eu-west-1", "us-west-2"},
        [],
    ),
}


@pytest.fixture(scope="module")
def terraform_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    binary = terraform_binary()
    work = tmp_path_factory.mktemp("iam-console")
    return binary, terraform_env(work / "home"), work


def _evaluation_folder(module: Path, target: Path) -> Path:
    """variables.tf and the locals of main.tf and iam.tf, the data sources read as DATA."""
    target.mkdir(parents=True)
    (target / "variables.tf").write_bytes((module / "variables.tf").read_bytes())
    text = "\n".join(
        block
        for name in ("main.tf", "iam.tf")
        for block in _LOCALS_BLOCK.findall((module / name).read_text(encoding="utf-8"))
    )
    for reference, value in DATA.items():
        text = text.replace(reference, value)
    assert not re.search(r"\bdata\.", text), "a local reads a data source this test does not stand in for"
    (target / "locals.tf").write_text(text, encoding="utf-8")
    return target


@pytest.mark.terraform
@pytest.mark.parametrize("case", sorted(EVALUATED))
def test_terraform_evaluates_the_policy_resources_in_every_region(case: str, terraform_work: tuple[str, dict, Path]):
    binary, env, work = terraform_work
    name, overrides, regions, keys = EVALUATED[case]
    profile = load_profile(name, overrides)
    module = _write(work / case / "module", render(profile, work / case / "module"))
    folder = _evaluation_folder(module, work / case / "console")
    expressions = ["table_resources", "stream_resources", "kms_keys", "kms_via", "iam_policy_prefix"]
    values, stderr = console(binary, env, folder, [f"local.{name}" for name in expressions], {"environment": "test"})
    assert "Error" not in stderr, stderr
    table_resources, stream_resources, kms_keys, kms_via, prefix = values

    table_name = profile.values[f"{profile.design.name}_table_name"]
    arns = {f"arn:{PARTITION}:dynamodb:{region}:{ACCOUNT}:table/{table_name}" for region in regions}
    assert len(table_resources) == len(set(table_resources)) and set(table_resources) == arns | {
        f"{arn}/index/*" for arn in arns
    }
    assert sorted(stream_resources) == sorted(f"{arn}/stream/*" for arn in arns)
    assert kms_keys == keys  # the table's key first, then each replica's in order
    assert sorted(kms_via) == sorted(f"dynamodb.{region}.amazonaws.com" for region in regions)
    assert prefix == f"{table_name}-{REGION}"
    # No wildcard but every index and every stream of the table in a region.
    for resource in table_resources + stream_resources + kms_keys:
        assert "*" not in resource.removesuffix("/index/*").removesuffix("/stream/*"), resource
