"""Least privilege, read from the rendered policy documents; encryption and protection defaults.

The expected action sets are written out here, independently of
generator/security.py, so a change to what callers are granted shows up as a
failing test to review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.profiles import load_profile
from generator.render import render
from tests.conftest import OUTPUT
from tests.hclparse import decode, parse_text, variables

READ_ONLY_ACTIONS = {
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
}
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}
WRITE_ACTIONS = {"dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
# With a customer managed key DynamoDB calls KMS on an item caller's behalf only to
# decrypt the table key, for reads and writes alike (AWS KMS Developer Guide, "How
# Amazon DynamoDB uses AWS KMS"); both policies reach it through the read-only one.
KMS_ACTIONS = {"kms:Decrypt"}

# What no item-level policy may grant: writes for the read-only one, administration for both.
ITEM_WRITES = {
    "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
    "dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:TransactWriteItems",
}
ADMINISTRATION = {
    "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:CreateBackup",
    "dynamodb:DeleteBackup", "dynamodb:RestoreTableFromBackup", "dynamodb:RestoreTableToPointInTime",
    "dynamodb:UpdateTimeToLive", "dynamodb:UpdateContinuousBackups", "dynamodb:TagResource",
    "dynamodb:UntagResource", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy",
    "dynamodb:ExportTableToPointInTime", "dynamodb:ImportTable", "dynamodb:UpdateGlobalTable",
    "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey",
}

TABLE = "${local.table_arn}"
TABLE_AND_INDEXES = [TABLE, "${local.table_arn}/index/*"]
STREAM = "${local.table_arn}/stream/*"
# Built from its parts, so the policy documents never wait on the table's attributes.
TABLE_ARN = (
    "arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_region.current.name}:"
    "${data.aws_caller_identity.current.account_id}:table/${var.notifications_table_name}"
)
KEY = "${var.kms_key_arn}"
KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _main(folder: Path) -> dict[str, Any]:
    return parse_text((folder / "main.tf").read_text(encoding="utf-8"))


def _local(main: dict[str, Any], name: str) -> Any:
    return next(block[name] for block in main["locals"] if name in block)


def _documents(main: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: body
        for block in main["data"]
        for kind, named in block.items()
        if kind == "aws_iam_policy_document"
        for name, body in named.items()
    }


def statements(main: dict[str, Any], document: str) -> list[dict[str, Any]]:
    """The document's statements, each with ``when`` (a dynamic block's for_each, or None) and its
    ``resources`` resolved through ``statement.value`` and ``local.*`` to what the policy names."""
    body = _documents(main)[document]
    found = []
    for statement in body.get("statement", []):
        found.append({**statement, "when": None})
    for dynamic in body.get("dynamic", []):
        block = dynamic["statement"]
        (content,) = block["content"]
        found.append({**content, "when": block["for_each"]})
    for statement in found:
        statement["resources"] = _resolve(main, statement["resources"], statement["when"])
        statement.setdefault("effect", "Allow")
    inherited = body.get("source_policy_documents", [])
    for source in inherited:
        name = source.removeprefix("${data.aws_iam_policy_document.").removesuffix(".json}")
        found.extend(statements(main, name))
    return found


def _resolve(main: dict[str, Any], resources: Any, when: str | None) -> list[str]:
    if resources == "${local.table_resources}":
        return _local(main, "table_resources")
    if resources == ["${statement.value}"]:
        # for_each = COND ? [VALUE] : [] or COND ? [] : [VALUE]: the one value it iterates over.
        inner = when.removeprefix("${").removesuffix("}")
        options = [part.strip() for part in inner.split("?", 1)[1].split(":")]
        (value,) = [option.strip("[]") for option in options if option != "[]"]
        return [decode(value) if value.startswith('"') else "${" + value + "}"]
    return resources


def _actions(found: list[dict[str, Any]]) -> set[str]:
    return {action for statement in found for action in statement["actions"]}


@pytest.fixture(scope="module")
def with_kms_key(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    files = render(load_profile("production", [f"kms_key_arn={KMS_KEY_ARN}"]))
    folder = tmp_path_factory.mktemp("kms")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {"main": _main(folder), "folder": folder}


def test_read_only_policy_grants_exactly_the_read_sets(builtin_profile: str):
    found = statements(_main(OUTPUT / builtin_profile), "read_only")
    by_sid = {statement["sid"]: statement for statement in found}
    assert set(by_sid) == {"ReadItems", "ReadStream", "DecryptThroughDynamoDB"}
    assert set(by_sid["ReadItems"]["actions"]) == READ_ONLY_ACTIONS
    assert set(by_sid["ReadStream"]["actions"]) == STREAM_ACTIONS
    assert set(by_sid["DecryptThroughDynamoDB"]["actions"]) == KMS_ACTIONS
    assert _actions(found) == READ_ONLY_ACTIONS | STREAM_ACTIONS | KMS_ACTIONS


def test_read_only_policy_has_no_write_or_administration(builtin_profile: str):
    granted = _actions(statements(_main(OUTPUT / builtin_profile), "read_only"))
    assert not granted & (ITEM_WRITES | ADMINISTRATION)
    assert not any(action.split(":")[1].startswith(("Put", "Update", "Delete", "BatchWrite", "Create")) for action in granted)


def test_access_policy_grants_reads_and_item_writes_only(builtin_profile: str):
    found = statements(_main(OUTPUT / builtin_profile), "access")
    assert _actions(found) == READ_ONLY_ACTIONS | STREAM_ACTIONS | WRITE_ACTIONS | KMS_ACTIONS
    assert not _actions(found) & ADMINISTRATION
    assert {statement["sid"] for statement in found} == {"WriteItems", "ReadItems", "ReadStream", "DecryptThroughDynamoDB"}


@pytest.mark.parametrize("document", ["read_only", "access"])
def test_resources_are_the_table_its_indexes_its_stream_and_its_key(builtin_profile: str, document: str):
    for statement in statements(_main(OUTPUT / builtin_profile), document):
        assert statement["effect"] == "Allow"
        assert "not_actions" not in statement and "not_resources" not in statement and "principals" not in statement
        assert all("*" not in action for action in statement["actions"]), statement["actions"]
        if statement["sid"] in ("ReadItems", "WriteItems"):
            assert statement["resources"] == TABLE_AND_INDEXES
        elif statement["sid"] == "ReadStream":
            assert statement["resources"] == [STREAM]
            assert statement["when"] == '${var.stream_enabled ? ["${local.table_arn}/stream/*"] : []}'
        else:
            assert statement["resources"] == [KEY]
        for resource in statement["resources"]:
            # The only wildcards: every index and every stream of this table.
            assert "*" not in resource.replace(f"{TABLE}/index/*", "").replace(f"{TABLE}/stream/*", ""), resource


def test_kms_statement_exists_only_with_a_key_scoped_to_it_through_dynamodb(with_kms_key: dict[str, Any]):
    main = with_kms_key["main"]
    (decrypt,) = [statement for statement in statements(main, "read_only") if statement["sid"] == "DecryptThroughDynamoDB"]
    assert decrypt["when"] == "${var.kms_key_arn == null ? [] : [var.kms_key_arn]}"
    assert decrypt["resources"] == [KEY]
    assert decrypt["condition"] == [
        {"test": "StringEquals", "variable": "kms:ViaService", "values": ["${local.kms_condition}"]}
    ]
    assert _local(main, "kms_condition") == "dynamodb.${data.aws_region.current.name}.amazonaws.com"
    # The key the statement is scoped to is the one the profile gave.
    assert variables(with_kms_key["folder"])["kms_key_arn"]["default"] == KMS_KEY_ARN
    access = statements(main, "access")
    assert [statement["sid"] for statement in access if "kms:Decrypt" in statement["actions"]] == ["DecryptThroughDynamoDB"]
    assert {action for statement in access for action in statement["actions"] if action.startswith("kms:")} == KMS_ACTIONS


# Encryption and protection.


def _table(folder: Path) -> dict[str, Any]:
    main = _main(folder)
    return next(block["aws_dynamodb_table"]["notifications"] for block in main["resource"] if "aws_dynamodb_table" in block)


def test_encryption_at_rest_is_always_on(builtin_profile: str):
    (encryption,) = _table(OUTPUT / builtin_profile)["server_side_encryption"]
    # A literal: no input turns it off. The key the IAM statements are scoped to is the table's.
    assert encryption == {"enabled": True, "kms_key_arn": KEY}


def test_production_keeps_pitr_and_deletion_protection_on():
    declared = variables(OUTPUT / "production")
    assert declared["point_in_time_recovery_enabled"]["default"] is True
    assert declared["prevent_destroy"]["default"] is True
    table = _table(OUTPUT / "production")
    assert table["deletion_protection_enabled"] == "${var.prevent_destroy}"
    assert table["point_in_time_recovery"] == [{"enabled": "${var.point_in_time_recovery_enabled}"}]
    assert table["lifecycle"][0]["prevent_destroy"] is True


def test_the_table_arn_is_built_from_its_parts(builtin_profile: str):
    main = _main(OUTPUT / builtin_profile)
    assert _local(main, "table_arn") == TABLE_ARN
    assert "aws_dynamodb_table" not in str(_documents(main)), "a policy document reads the table's attributes"
