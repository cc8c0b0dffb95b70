"""Bad input gets a clear error and changes nothing.

Every case of the corpus runs the real command line on a profile written into
``tmp_path``: exit 2, one line on stderr naming the file (or ``--set``), the key
and what is allowed, no traceback, and the output folder exactly as it was (or
still absent). The same rules are ``validation`` blocks of ``variables.tf``:
the last tests check that every rule's message is there, and that Terraform
itself rejects a value breaking each rule with that message.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.profile import monitoring
from generator.profile.loader import load_profile
from generator.render.render import render
from tests.conftest import OUTPUT
from tests.hclparse import variables
from tests.tooling import console, terraform_binary, terraform_env

runner = CliRunner()

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@dataclass(frozen=True)
class Case:
    """One bad input: the profile under test, and what its one-line error must say.

    ``where`` is the file the message names: ``profile`` (the file under test),
    ``parent`` (``parent.yaml`` beside it), ``--set`` or ``--profile``. ``key`` is
    None where there is no key to name (a file that is not YAML at all).
    """

    profile: str | bytes | None
    key: str | None
    allowed: str
    sets: tuple[str, ...] = ()
    where: str = "profile"
    others: dict[str, str] = field(default_factory=dict)
    file_name: str = "profile"


def _tags(count: int) -> str:
    return "common_tags:\n" + "".join(f"  Tag{number}: x\n" for number in range(count))


def _design(
    name: str = "orders",
    attributes: str = "{id: S, sk: S}",
    hash_key: str | None = "id",
    range_key: str | None = "sk",
    gsis: str | None = None,
    lsis: str | None = None,
    extra: str = "",
) -> str:
    """A profile whose table section is the given design (each part as YAML flow text)."""
    text = f"table:\n  name: {name}\n  attributes: {attributes}\n"
    text += f"  hash_key: {hash_key}\n" if hash_key else ""
    text += f"  range_key: {range_key}\n" if range_key else ""
    text += f"  global_secondary_indexes: {gsis}\n" if gsis else ""
    text += f"  local_secondary_indexes: {lsis}\n" if lsis else ""
    return text + (f"  {extra}" if extra else "")


def _warm_index(warm: str, kind: str = "gsis") -> str:
    """A design whose one index ByA (global, or local with kind="lsis") has ``warm_throughput: <warm>``."""
    key = "hash_key" if kind == "gsis" else "range_key"
    return _design(
        attributes="{id: S, sk: S, a: S}", **{kind: f"{{ByA: {{{key}: a, projection: ALL, warm_throughput: {warm}}}}}"}
    )


def _alias_bomb() -> str:
    """Nine levels of nine YAML aliases: 9**9 strings once expanded, 1 kB on disk."""
    lines = ['common_tags:\n  level0: &level0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    lines += [f"  level{n}: &level{n} [{', '.join([f'*level{n - 1}'] * 9)}]\n" for n in range(1, 9)]
    return "".join(lines)


CORPUS: dict[str, Case] = {
    # Keys.
    "unknown key": Case("bilingmode: PROVISIONED\n", "bilingmode", "did you mean billing_mode?"),
    "unknown key, nothing close": Case(
        "frobnicate: 1\n", "frobnicate", "settings: extends, description, table, aws_provider, moved_from; the module's"
    ),
    "misspelt setting": Case("extend: production\n", "extend", "did you mean extends?"),
    "close to several inputs": Case(
        "alarm_treshold: 1\n",
        "alarm_treshold",
        "(the nearest: user_errors_alarm_threshold, system_errors_alarm_threshold,",
    ),
    "environment in a profile": Case("environment: production\n", "environment", "every caller passes it"),
    "key given twice": Case("read_capacity: 5\nread_capacity: 7\n", "read_capacity", "give each key once"),
    "tag keys equal after NFC": Case(
        'common_tags: {"Caf\\u00e9": a, "Cafe\\u0301": b}\n', "Café", "give each key once"
    ),
    # Types.
    "number given text": Case("read_capacity: ten\n", "read_capacity", "must be a finite number"),
    "number given infinity": Case(
        "user_errors_alarm_threshold: .inf\n", "user_errors_alarm_threshold", "finite number"
    ),
    "number given true": Case("write_capacity: true\n", "write_capacity", "must be a finite number"),
    "bool given text": Case('stream_enabled: "yes"\n', "stream_enabled", "must be true or false"),
    "string given a number": Case("ttl_attribute_name: 5\n", "ttl_attribute_name", "must be a string"),
    "map given a list": Case("common_tags: [Team, payments]\n", "common_tags", "a mapping of strings to strings"),
    "tag value given a number": Case(
        "common_tags: {CostCenter: 1234}\n",
        "common_tags.CostCenter",
        'quote it to keep it as written: CostCenter: "1234"',
    ),
    "tag value given a boolean": Case(
        "common_tags: {Critical: true}\n", "common_tags.Critical", 'quote it to keep it as written: Critical: "true"'
    ),
    "null for a non-nullable input": Case("billing_mode: null\n", "billing_mode", "must be a string"),
    # Enums.
    "billing mode": Case("billing_mode: ON_DEMAND\n", "billing_mode", "must be one of PAY_PER_REQUEST, PROVISIONED"),
    "stream view type": Case(
        "stream_view_type: ALL\n",
        "stream_view_type",
        "must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES",
    ),
    # Ranges.
    "read capacity 0": Case("read_capacity: 0\n", "read_capacity", "must be a whole number of at least 1"),
    "write capacity not whole": Case("write_capacity: 2.5\n", "write_capacity", "must be a whole number of at least 1"),
    "autoscaling max 0": Case(
        "autoscaling_write_max_capacity: 0\n", "autoscaling_write_max_capacity", "must be a whole number of at least 1"
    ),
    "autoscaling max below capacity": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nread_capacity: 20\nautoscaling_read_max_capacity: 10\n",
        "autoscaling_read_max_capacity",
        "must be at least read_capacity when enable_autoscaling is true",
    ),
    "autoscaling write max below capacity": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nwrite_capacity: 20\nautoscaling_write_max_capacity: 10\n",
        "autoscaling_write_max_capacity",
        "must be at least write_capacity when enable_autoscaling is true",
    ),
    "target above 90": Case(
        "autoscaling_read_target_value: 95\n", "autoscaling_read_target_value", "must be between 20 and 90"
    ),
    "target below 20": Case(
        "autoscaling_write_target_value: 10\n", "autoscaling_write_target_value", "must be between 20 and 90"
    ),
    "negative threshold": Case(
        "system_errors_alarm_threshold: -1\n", "system_errors_alarm_threshold", "must not be negative"
    ),
    # Names and formats.
    "table name too short": Case(
        "notifications_table_name: ab\n", "notifications_table_name", "3 to 255 letters, digits"
    ),
    "table name too long": Case(
        f"notifications_table_name: {'a' * 256}\n", "notifications_table_name", "3 to 255 letters, digits"
    ),
    "table name with a space": Case(
        "notifications_table_name: user notifications\n", "notifications_table_name", "underscores, hyphens or dots"
    ),
    "table name too long for the alarm names": Case(
        f"notifications_table_name: {'a' * 230}\niam_policy_name_prefix: p\n",
        "notifications_table_name",
        "must be at most 215 characters while alarms are on: CloudWatch alarm names are at most 255 characters",
    ),
    "table name too long for the IAM policy names": Case(
        f"notifications_table_name: {'a' * 109}\n",
        "notifications_table_name",
        "must be at most 108 characters while the module creates IAM policies named after it",
    ),
    "table name not ASCII": Case("notifications_table_name: tablé\n", "notifications_table_name", "3 to 255 letters"),
    "empty TTL attribute": Case('ttl_attribute_name: ""\n', "ttl_attribute_name", "must be 1 to 255 characters long"),
    "KMS alias instead of key": Case(
        "kms_key_arn: arn:aws:kms:us-east-1:123456789012:alias/notifications\n",
        "kms_key_arn",
        'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), "" or null',
    ),
    "KMS key with a short account": Case(
        "kms_key_arn: arn:aws:kms:us-east-1:12345:key/abc\n", "kms_key_arn", "a KMS key ARN"
    ),
    "SNS ARN of another service": Case(
        "alarm_sns_topic_arn: arn:aws:sqs:us-east-1:123456789012:alerts\n",
        "alarm_sns_topic_arn",
        'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), "" or null',
    ),
    "SNS topic name with a slash": Case(
        "alarm_sns_topic_arn: arn:aws:sns:us-east-1:123456789012:a/b\n", "alarm_sns_topic_arn", "an SNS topic ARN"
    ),
    # Tags.
    "50 tags plus Environment": Case(
        _tags(50), "common_tags", "must hold at most 50 tags, counting the Environment tag"
    ),
    "tag key of 129 characters": Case(
        f"common_tags: {{{'k' * 129}: x}}\n", "common_tags", "keys must be 1 to 128 characters"
    ),
    "empty tag key": Case('common_tags: {"": x}\n', "common_tags", "keys must be 1 to 128 characters"),
    "tag value of 257 characters": Case(f"common_tags: {{Team: {'v' * 257}}}\n", "common_tags", "values at most 256"),
    "tag key with aws: prefix": Case("common_tags: {'aws:owner': me}\n", "common_tags", 'must not start with "aws:"'),
    # DynamoDB's tag characters: letters, numbers, white space and + - = . _ : / (issue 18).
    "tag key with a character DynamoDB refuses": Case(
        "common_tags: {'team@example': x}\n",
        "common_tags",
        "keys and values must hold letters, numbers, white space and + - = . _ : / only",
    ),
    "tag value with a character DynamoDB refuses": Case(
        "common_tags: {Team: 'a,b'}\n",
        "common_tags",
        "keys and values must hold letters, numbers, white space and + - = . _ : / only",
    ),
    "tag value with a control character": Case(
        'common_tags: {Team: "a\\tb"}\n', "common_tags", "keys and values must hold letters, numbers, white space"
    ),
    "tag key with AWS: prefix": Case("common_tags: {'AWS:Owner': me}\n", "common_tags", 'must not start with "aws:"'),
    # The file itself.
    "malformed YAML": Case("read_capacity: [1, 2\nbilling_mode: PROVISIONED\n", None, "is not valid YAML"),
    "tab-indented YAML": Case("common_tags:\n\tTeam: a\n", None, "is not valid YAML"),
    "two YAML documents": Case("read_capacity: 1\n---\nread_capacity: 2\n", None, "expected a single document"),
    "not UTF-8": Case(b"ttl_attribute_name: \xff\xfe\n", None, "cannot be read"),
    "top level a list": Case("- read_capacity: 5\n", None, "must be a mapping of input names to values, not a list"),
    # What the file holds is not quoted back: a file named as a profile may be anything.
    "top level a string": Case("production\n", None, "must be a mapping of input names to values, not a single value"),
    # PyYAML reads with libyaml where it has it (its wheels do), whose words these are.
    "nested too deeply": Case("[" * 5000 + "]" * 5000 + "\n", None, "exceeded maximum nesting depth"),
    "YAML alias bomb": Case(_alias_bomb(), None, "holds more than 100000 values once its YAML aliases are expanded"),
    "lone surrogate": Case('ttl_attribute_name: "\\ud800"\n', None, "invalid Unicode character escape code"),
    "file name with a space": Case("{}\n", None, "may hold only letters, digits", file_name="my profile"),
    # extends.
    "extends an unknown built-in": Case(
        "extends: prodution\n",
        "extends",
        "did you mean production? built-in profiles are default, development, orders, production, staging",
    ),
    "extends a missing file": Case("extends: ./base.yaml\n", "extends", "not found"),
    "extends nothing": Case("extends:\n", "extends", "must be a built-in profile name or a path to a profile file"),
    "extends a list": Case("extends: [production]\n", "extends", "must be a built-in profile name or a path"),
    "extends itself": Case("extends: ./profile.yaml\n", "extends", "must end at a profile without extends"),
    "extends cycle": Case(
        "extends: parent.yaml\n",
        "extends",
        "must end at a profile without extends",
        others={"parent": "extends: profile.yaml\n"},
    ),
    "bad value in the parent": Case(
        "extends: parent.yaml\n",
        "read_capacity",
        "whole number of at least 1",
        where="parent",
        others={"parent": "read_capacity: 0\n"},
    ),
    "missing profile file": Case(None, None, "not found", sets=(), where="--profile"),
    # Settings.
    "provider line 7": Case(
        "aws_provider: 7\n", "aws_provider", "must be 5 or 6, the major version of the AWS provider"
    ),
    "provider line as text": Case("aws_provider: six\n", "aws_provider", "must be 5 or 6"),
    "description not text": Case("description: [a, b]\n", "description", "must be a string"),
    "moved_from another module": Case(
        "moved_from: cloudposse/dynamodb\n", "moved_from", "must be terraform-aws-modules/dynamodb-table"
    ),
    "moved_from unknown copy": Case(
        "moved_from: {module: terraform-aws-modules/dynamodb-table, table: copy}\n",
        "moved_from.table",
        "must be one of this, autoscaled, autoscaled_gsi_ignore",
    ),
    # The table's design (issue 9's rules), each with its key path.
    "design not a mapping": Case("table: orders\n", "table", "must be a mapping"),
    "design without hash_key": Case(_design(hash_key=None), "table.hash_key", "is required in a table design"),
    "design key unknown": Case(_design(extra="colour: blue\n"), "table.colour", "is not a design key"),
    "design key misspelt": Case(_design(extra="hashkey: id\n"), "table.hashkey", "did you mean hash_key?"),
    "key names a misspelt attribute": Case(_design(range_key="skk"), "table.range_key", "did you mean sk?"),
    "logical name not an identifier": Case(_design(name="9orders"), "table.name", "must be a Terraform identifier"),
    "logical name with a space": Case(_design(name="'my orders'"), "table.name", "must be a Terraform identifier"),
    "attribute type X": Case(
        _design(attributes="{id: S, sk: X}"), "table.attributes.sk", "must be S (string), N (number) or B (binary)"
    ),
    "attribute type list": Case(
        _design(attributes="{id: S, sk: [S]}"), "table.attributes.sk", "must be S (string), N (number) or B (binary)"
    ),
    "key names an undeclared attribute": Case(
        _design(range_key="sort"), "table.range_key", "must name a declared attribute (id, sk)"
    ),
    "range key equals hash key": Case(_design(range_key="id"), "table.range_key", "must differ from hash_key"),
    "attribute no key uses": Case(
        _design(attributes="{id: S, sk: S, total: N}"), "table.attributes.total", "is used by no key"
    ),
    "GSI key undeclared": Case(
        _design(gsis="{ByStatus: {hash_key: stats, projection: ALL}}"),
        "table.global_secondary_indexes.ByStatus.hash_key",
        "must name a declared attribute",
    ),
    # Multi-attribute index keys (a global index's hash_key or range_key as a list, provider 6.29).
    "GSI hash_key of five attributes": Case(
        _design(
            attributes="{id: S, sk: S, a: S, b: S, c: S, d: S, e: S}",
            gsis="{ByAll: {hash_key: [a, b, c, d, e], projection: ALL}}",
        ),
        "table.global_secondary_indexes.ByAll.hash_key",
        "lists 5 attributes ([a, b, c, d, e]); DynamoDB allows at most 4",
    ),
    "GSI range_key of five attributes": Case(
        _design(
            attributes="{id: S, sk: S, a: S, b: S, c: S, d: S, e: S}",
            gsis="{ByAll: {hash_key: id, range_key: [a, b, c, d, e], projection: ALL}}",
        ),
        "table.global_secondary_indexes.ByAll.range_key",
        "lists 5 attributes",
    ),
    "GSI key lists an attribute twice": Case(
        _design(attributes="{id: S, sk: S, a: S}", gsis="{ByA: {hash_key: [a, a], projection: ALL}}"),
        "table.global_secondary_indexes.ByA.hash_key",
        "lists a twice: an attribute is in a key once",
    ),
    "GSI range_key repeats a hash_key attribute": Case(
        _design(
            attributes="{id: S, sk: S, a: S, b: S}",
            gsis="{ByA: {hash_key: [a, b], range_key: [id, b], projection: ALL}}",
        ),
        "table.global_secondary_indexes.ByA.range_key",
        "lists b, which the index's hash_key lists too",
    ),
    "GSI key list names an undeclared attribute": Case(
        _design(attributes="{id: S, sk: S, a: S}", gsis="{ByA: {hash_key: [a, region], projection: ALL}}"),
        "table.global_secondary_indexes.ByA.hash_key",
        "must name a declared attribute (id, sk, a), not region",
    ),
    "GSI key empty list": Case(
        _design(attributes="{id: S, sk: S, a: S}", gsis="{ByA: {hash_key: [], projection: ALL}}"),
        "table.global_secondary_indexes.ByA.hash_key",
        "is an empty list",
    ),
    "GSI multi-attribute key on provider 5": Case(
        "aws_provider: 5\n"
        + _design(attributes="{id: S, sk: S, a: S, b: S}", gsis="{ByAB: {hash_key: [a, b], projection: ALL}}"),
        "table.global_secondary_indexes.ByAB.hash_key",
        "index ByAB has a multi-attribute key (hash_key: [a, b]), which needs AWS provider 6.29 or later",
    ),
    "LSI range_key as a list": Case(
        _design(attributes="{id: S, sk: S, a: S, b: S}", lsis="{ByAB: {range_key: [a, b], projection: ALL}}"),
        "table.local_secondary_indexes.ByAB.range_key",
        "must name one attribute, not a list ([a, b]): only a global index's hash_key and range_key",
    ),
    "table hash_key as a list": Case(
        _design(attributes="{id: S, sk: S}", hash_key="[id, sk]", range_key=None),
        "table.hash_key",
        "must name one attribute, not a list ([id, sk])",
    ),
    # An index's warm throughput (provider 6): the table's rules, both units.
    "index warm throughput reads too low": Case(
        _warm_index("{read_units_per_second: 11999, write_units_per_second: 4000}"),
        "table.global_secondary_indexes.ByA.warm_throughput.read_units_per_second",
        "must be a whole number of at least 12000 (got 11999)",
    ),
    "index warm throughput writes not whole": Case(
        _warm_index("{read_units_per_second: 12000, write_units_per_second: 4000.5}"),
        "table.global_secondary_indexes.ByA.warm_throughput.write_units_per_second",
        "must be a whole number of at least 4000 (got 4000.5)",
    ),
    "index warm throughput of one unit": Case(
        _warm_index("{read_units_per_second: 12000}"),
        "table.global_secondary_indexes.ByA.warm_throughput.write_units_per_second",
        "is required beside the other unit",
    ),
    "index warm throughput unknown unit": Case(
        _warm_index("{reads: 12000}"),
        "table.global_secondary_indexes.ByA.warm_throughput.reads",
        "is not a design key",
    ),
    "index warm throughput not a mapping": Case(
        _warm_index("12000"),
        "table.global_secondary_indexes.ByA.warm_throughput",
        "must be a mapping (got 12000)",
    ),
    "index warm throughput on provider 5": Case(
        "aws_provider: 5\n" + _warm_index("{read_units_per_second: 12000, write_units_per_second: 4000}"),
        "table.global_secondary_indexes.ByA.warm_throughput",
        "is only on AWS provider line 6 (an index's warm_throughput), and this profile renders for line 5",
    ),
    "index warm throughput on a local index": Case(
        _warm_index("{read_units_per_second: 12000, write_units_per_second: 4000}", "lsis"),
        "table.local_secondary_indexes.ByA.warm_throughput",
        "is not a design key",
    ),
    "GSI without hash_key": Case(
        _design(gsis="{ByStatus: {projection: ALL}}"),
        "table.global_secondary_indexes.ByStatus.hash_key",
        "is required for a global index",
    ),
    "GSI projection unknown": Case(
        _design(attributes="{id: S, sk: S, status: S}", gsis="{ByStatus: {hash_key: status, projection: SOME}}"),
        "table.global_secondary_indexes.ByStatus.projection",
        "must be ALL, KEYS_ONLY, or a list of the non-key attributes to INCLUDE",
    ),
    "INCLUDE names a key attribute": Case(
        _design(attributes="{id: S, sk: S, status: S}", gsis="{ByStatus: {hash_key: status, projection: [sk, total]}}"),
        "table.global_secondary_indexes.ByStatus.projection",
        "lists key attribute sk",
    ),
    "INCLUDE over 100 attributes in all": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: [" + ", ".join(f"a{n}" for n in range(60)) + "]}}",
            lsis="{ByOther: {range_key: status, projection: [" + ", ".join(f"b{n}" for n in range(41)) + "]}}",
        ),
        "table",
        "projects 101 distinct non-key attributes in all; DynamoDB allows at most 100",
    ),
    "more than 20 GSIs": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{" + ", ".join(f"Index{n:02}: {{hash_key: status, projection: ALL}}" for n in range(21)) + "}",
        ),
        "table.global_secondary_indexes",
        "holds 21 indexes; DynamoDB allows at most 20",
    ),
    "more than 5 LSIs": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            lsis="{" + ", ".join(f"Local{n}: {{range_key: status, projection: ALL}}" for n in range(6)) + "}",
        ),
        "table.local_secondary_indexes",
        "holds 6 indexes; DynamoDB allows at most 5",
    ),
    "LSI without a table range key": Case(
        _design(
            range_key=None, attributes="{id: S, status: S}", lsis="{ByStatus: {range_key: status, projection: ALL}}"
        ),
        "table.local_secondary_indexes",
        "needs a table with a range_key",
    ),
    "index name too short": Case(
        _design(attributes="{id: S, sk: S, status: S}", gsis="{By: {hash_key: status, projection: ALL}}"),
        "table.global_secondary_indexes.By",
        "must be an index name of 3 to 255 letters, digits, underscores, hyphens or dots",
    ),
    "index name with a space": Case(
        _design(attributes="{id: S, sk: S, status: S}", gsis="{'By Status': {hash_key: status, projection: ALL}}"),
        "table.global_secondary_indexes.By Status",
        "must be an index name of 3 to 255",
    ),
    "index named table": Case(
        _design(attributes="{id: S, sk: S, status: S}", gsis="{table: {hash_key: status, projection: ALL}}"),
        "table.global_secondary_indexes.table",
        "cannot be named 'table'",
    ),
    "index name twice across kinds": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL}}",
            lsis="{ByStatus: {range_key: status, projection: ALL}}",
        ),
        "table.local_secondary_indexes.ByStatus",
        "names an index twice: index names must be unique",
    ),
    "index name twice in one kind": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL}, ByStatus: {hash_key: status, projection: ALL}}",
        ),
        None,
        "key ByStatus appears twice in one mapping",
    ),
    "index capacity below 1": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, read_capacity: 0}}",
        ),
        "table.global_secondary_indexes.ByStatus.read_capacity",
        "must be a whole number of at least 1",
    ),
    "index max below its capacity": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, write_capacity: 10, autoscaling_write_max_capacity: 5}}",
        ),
        "table.global_secondary_indexes.ByStatus.autoscaling_write_max_capacity",
        "must be at least write_capacity (10)",
    ),
    "notifications_table_name for another design": Case(
        _design() + "notifications_table_name: x\n",
        "notifications_table_name",
        "its table is orders, so the input is orders_table_name",
    ),
    # The table's newer settings (issue 11), one case per rule.
    "table class": Case("table_class: COLD\n", "table_class", "must be one of STANDARD, STANDARD_INFREQUENT_ACCESS"),
    "PITR period 40": Case(
        "point_in_time_recovery_period_in_days: 40\n",
        "point_in_time_recovery_period_in_days",
        "must be between 1 and 35",
    ),
    "PITR period without PITR": Case(
        "point_in_time_recovery_enabled: false\npoint_in_time_recovery_period_in_days: 7\n",
        "point_in_time_recovery_period_in_days",
        "must be null unless point_in_time_recovery_enabled is true",
    ),
    "on-demand limits on a provisioned table": Case(
        "billing_mode: PROVISIONED\non_demand_throughput: {max_read_request_units: 10}\n",
        "on_demand_throughput",
        'must be null unless billing_mode is "PAY_PER_REQUEST"',
    ),
    "backup without a schedule": Case("backup: {retention_days: 7}\n", "backup.schedule", "is required: a string"),
    "backup every five minutes": Case(
        "backup: {schedule: 'cron(*/5 * ? * * *)'}\n",
        "backup.schedule",
        "must be an AWS Backup cron expression in UTC, six fields with one minute (at most hourly)",
    ),
    "backup kept no day": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', retention_days: 0}\n",
        "backup.retention_days",
        "must be a whole number of at least 1",
    ),
    "backup to cold storage on day 0": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', cold_storage_after_days: 0}\n",
        "backup.cold_storage_after_days",
        "must be a whole number of at least 1",
    ),
    "backup deleted within 90 days of cold storage": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', retention_days: 100, cold_storage_after_days: 30}\n",
        "backup.retention_days",
        "must be at least 90 days past cold_storage_after_days (AWS Backup keeps a backup in cold storage for 90 days at least)",
    ),
    "backup vault name with a space": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', vault_name: my vault}\n",
        "backup.vault_name",
        "must be 2 to 50 letters, digits, hyphens or underscores",
    ),
    "backup into an existing vault without its name": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', create_vault: false}\n",
        "backup.vault_name",
        "must be set when create_vault is false (the module then uses an existing one by that name)",
    ),
    "backup copied to a bucket": Case(
        "backup: {schedule: 'cron(0 5 ? * * *)', copy_to_vault_arn: 'arn:aws:s3:::b'}\n",
        "backup.copy_to_vault_arn",
        "must be a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME)",
    ),
    "a replica's topic in another region": Case(
        "replica_alarm_sns_topic_arns: {us-west-2: 'arn:aws:sns:us-east-1:123456789012:alerts'}\n",
        "replica_alarm_sns_topic_arns",
        "must map each region name to an SNS topic ARN of that region (arn:aws:sns:REGION:ACCOUNT:NAME)",
    ),
    "on-demand limit 0": Case(
        "on_demand_throughput: {max_write_request_units: 0}\n",
        "on_demand_throughput.max_write_request_units",
        "must be a whole number of at least 1",
    ),
    "on-demand limit -2": Case(
        "on_demand_throughput: {max_read_request_units: -2}\n",
        "on_demand_throughput.max_read_request_units",
        "must be a whole number of at least 1, or -1 to remove a limit the table has",
    ),
    "index scaling target over 90": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, autoscaling_read_target_value: 95}}",
        ),
        "table.global_secondary_indexes.ByStatus.autoscaling_read_target_value",
        "must be between 20 and 90 (the target utilization Application Auto Scaling accepts for DynamoDB) (got 95)",
    ),
    "index scaling target not a number": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, autoscaling_write_target_value: high}}",
        ),
        "table.global_secondary_indexes.ByStatus.autoscaling_write_target_value",
        "must be between 20 and 90",
    ),
    "index on-demand limit of one unit": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, on_demand_throughput: {max_read_request_units: 40}}}",
        ),
        "table.global_secondary_indexes.ByStatus.on_demand_throughput.max_write_request_units",
        "is required beside the other unit: DynamoDB describes a unit without a limit as -1",
    ),
    "index on-demand limit -2": Case(
        _design(
            attributes="{id: S, sk: S, status: S}",
            gsis="{ByStatus: {hash_key: status, projection: ALL, on_demand_throughput: {max_read_request_units: 5, max_write_request_units: -2}}}",
        ),
        "table.global_secondary_indexes.ByStatus.on_demand_throughput.max_write_request_units",
        "must be a whole number of at least 1, or -1 to remove a limit the table has",
    ),
    "on-demand unknown attribute": Case(
        "on_demand_throughput: {max_reads: 5}\n",
        "on_demand_throughput.max_reads",
        "is not one of max_read_request_units, max_write_request_units",
    ),
    "warm throughput too low": Case(
        "warm_throughput: {read_units_per_second: 100}\n",
        "warm_throughput.read_units_per_second",
        "must be a whole number of at least 12000",
    ),
    "warm write throughput too low": Case(
        "warm_throughput: {write_units_per_second: 3999}\n",
        "warm_throughput.write_units_per_second",
        "must be a whole number of at least 4000",
    ),
    "warm throughput on provider 5": Case(
        "aws_provider: 5\nwarm_throughput: {read_units_per_second: 12000}\n",
        "warm_throughput",
        "is an input only on AWS provider line 6, and this profile renders for line 5 (aws_provider): remove the key",
    ),
    "replica region": Case(
        "replica_regions: [{region_name: Mars}]\n", "replica_regions[*].region_name", "must be an AWS region name"
    ),
    "replica without region": Case(
        "replica_regions: [{kms_key_arn: null}]\n", "replica_regions[0].region_name", "is required: a string"
    ),
    "replica key": Case(
        "replica_regions: [{region_name: eu-west-1, kms_key_arn: alias/x}]\n",
        "replica_regions[*].kms_key_arn",
        "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)",
    ),
    "replica key of another region": Case(
        f"kms_key_arn: {KMS_KEY}\nreplica_regions: [{{region_name: eu-west-1, kms_key_arn: '{KMS_KEY}'}}]\n",
        "replica_regions[*].kms_key_arn",
        "must be a key in the replica's own region_name",
    ),
    "replica key of another partition": Case(
        f"kms_key_arn: {KMS_KEY}\nreplica_regions: [{{region_name: us-east-2, kms_key_arn: '{KMS_KEY.replace(':aws:', ':aws-cn:').replace('us-east-1', 'us-east-2')}'}}]\n",
        "replica_regions[*].kms_key_arn",
        "must be a key in the replica's own region_name",
    ),
    "replica without a key beside a customer managed key": Case(
        f"kms_key_arn: {KMS_KEY}\nreplica_regions: [{{region_name: us-west-2}}]\n",
        "replica_regions[*].kms_key_arn",
        "must be given for every replica when kms_key_arn is set",
    ),
    "replica key beside the AWS managed key": Case(
        f"replica_regions: [{{region_name: us-west-2, kms_key_arn: '{KMS_KEY.replace('us-east-1', 'us-west-2')}'}}]\n",
        "replica_regions[*].kms_key_arn",
        "must be null for every replica unless kms_key_arn is set (a global table cannot mix",
    ),
    "replicas in two partitions": Case(
        "replica_regions: [{region_name: us-west-2}, {region_name: cn-north-1}]\n",
        "replica_regions[*].region_name",
        "must all be in one AWS partition",
    ),
    # Refused, not taken as shorthand (one shape in profiles and in callers' HCL), with the form to write.
    "replica as a bare region": Case(
        "replica_regions: [eu-west-1]\n", "replica_regions[0]", "for region_name alone write - region_name: eu-west-1"
    ),
    "enable_type_index in a design of its own": Case(
        "table: {name: things, attributes: {pk: S}, hash_key: pk}\nenable_type_index: true\n",
        "enable_type_index",
        "switches the specification's TypeIndex, and this profile's table things has a design of its own",
    ),
    "replica attribute misspelt": Case(
        "replica_regions: [{region_name: eu-west-1, kms_key: x}]\n",
        "replica_regions[0].kms_key",
        "did you mean kms_key_arn?",
    ),
    "replica twice": Case(
        "replica_regions: [{region_name: eu-west-1}, {region_name: eu-west-1}]\n",
        "replica_regions",
        "must not name a region_name twice",
    ),
    "replicas without the stream they need": Case(
        "stream_view_type: KEYS_ONLY\nreplica_regions: [{region_name: eu-west-1}]\n",
        "replica_regions",
        'must be empty unless stream_enabled is true and stream_view_type is "NEW_AND_OLD_IMAGES"',
    ),
    "provisioned replicas without write autoscaling": Case(
        "billing_mode: PROVISIONED\nreplica_regions: [{region_name: eu-west-1}]\n",
        "replica_regions",
        'must be empty when billing_mode is "PROVISIONED" unless enable_autoscaling is true: AWS refuses a replica of a '
        'provisioned table whose write capacity is not autoscaled ("Table write capacity should either be Pay-Per-Request or AutoScaled")',
    ),
    "index names giving one resource name": Case(
        "table:\n  name: edge\n  attributes: {pk: S, gk: S}\n  hash_key: pk\n"
        "  global_secondary_indexes: {By.Kind: {hash_key: gk, projection: ALL}, By_Kind: {hash_key: gk, projection: ALL}}\n",
        "table.global_secondary_indexes.By_Kind",
        "gives the same Terraform resource name as index By.Kind (By_Kind",
    ),
    "moved_from guessing the public module's copy": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nmoved_from: terraform-aws-modules/dynamodb-table\n",
        "moved_from",
        "with enable_autoscaling, the table of terraform-aws-modules/dynamodb-table is in aws_dynamodb_table.autoscaled[0]",
    ),
    "replica consistency mode": Case(
        "replica_regions: [{region_name: eu-west-1, consistency_mode: SOMETIMES}]\n",
        "replica_regions[*].consistency_mode",
        "must be one of EVENTUAL, STRONG",
    ),
    # Multi-Region strong consistency (provider 6, the default line): each rule of the replicas and the witness.
    "replicas in two consistency modes": Case(
        "replica_regions: [{region_name: us-west-2, consistency_mode: STRONG}, {region_name: us-east-2}]\n",
        "replica_regions[*].consistency_mode",
        "must be the same for every replica (a global table cannot mix EVENTUAL and STRONG replicas)",
    ),
    "one strong replica without a witness": Case(
        "replica_regions: [{region_name: us-west-2, consistency_mode: STRONG}]\n",
        "global_table_witness",
        "must be set beside one replica with consistency_mode STRONG in replica_regions, and null beside two",
    ),
    "strong replicas in two Region sets": Case(
        "replica_regions: [{region_name: us-west-2, consistency_mode: STRONG}, {region_name: eu-west-1, consistency_mode: STRONG}]\n",
        "replica_regions[*].region_name",
        "must be in one Region set of multi-Region strong consistency while consistency_mode is STRONG (US: us-east-1",
    ),
    "witness beside two replicas": Case(
        "replica_regions: [{region_name: us-west-2}, {region_name: us-east-2}]\nglobal_table_witness: {region_name: us-east-1}\n",
        "global_table_witness",
        "needs exactly one replica in replica_regions",
    ),
    "witness of an eventually consistent replica": Case(
        "replica_regions: [{region_name: us-west-2}]\nglobal_table_witness: {region_name: us-east-2}\n",
        "global_table_witness",
        "needs consistency_mode STRONG on every replica in replica_regions",
    ),
    "witness in the replica's region": Case(
        "replica_regions: [{region_name: us-west-2, consistency_mode: STRONG}]\nglobal_table_witness: {region_name: us-west-2}\n",
        "global_table_witness.region_name",
        "must not be the region of a replica in replica_regions",
    ),
    "witness in another Region set": Case(
        "replica_regions: [{region_name: us-west-2, consistency_mode: STRONG}]\nglobal_table_witness: {region_name: eu-west-1}\n",
        "global_table_witness.region_name",
        "must be in the Region set of multi-Region strong consistency that holds every replica's region",
    ),
    "witness without its region": Case(
        "global_table_witness: {}\n", "global_table_witness.region_name", "is required: a string"
    ),
    "witness on provider 5": Case(
        "aws_provider: 5\nglobal_table_witness: {region_name: us-east-2}\n",
        "global_table_witness",
        "is an input only on AWS provider line 6",
    ),
    "resource policy not JSON": Case(
        "resource_policy: 'not json'\n", "resource_policy", "must be a JSON object, such as a policy document"
    ),
    "resource policy over 20 KB": Case(
        'resource_policy: \'{"a": "' + "x" * 20480 + "\"}'\n",
        "resource_policy",
        "must be at most 20480 bytes (20 KB, DynamoDB's limit for a resource-based policy)",
    ),
    "stream policy over 20 KB": Case(
        'stream_resource_policy: \'{"a": "' + "x" * 20480 + "\"}'\n",
        "stream_resource_policy",
        "must be at most 20480 bytes (20 KB, DynamoDB's limit for a resource-based policy)",
    ),
    "resource policy a JSON list": Case("resource_policy: '[1, 2]'\n", "resource_policy", "must be a JSON object"),
    "stream policy without a stream": Case(
        "stream_enabled: false\nstream_resource_policy: '{}'\n",
        "stream_resource_policy",
        "must be null unless stream_enabled is true",
    ),
    "restore source name": Case("restore_source_name: 'a b'\n", "restore_source_name", "must be 3 to 255 letters"),
    "restore source ARN": Case(
        "restore_source_table_arn: arn:aws:s3:::bucket\n", "restore_source_table_arn", "must be a DynamoDB table ARN"
    ),
    "restore time": Case(
        "restore_source_name: src\nrestore_date_time: yesterday\n",
        "restore_date_time",
        "must be an RFC 3339 time such as 2025-01-01T12:00:00Z",
    ),
    "restore time without a source": Case(
        "restore_date_time: '2025-01-01T12:00:00Z'\n",
        "restore_date_time",
        "needs restore_source_name or restore_source_table_arn",
    ),
    "latest time without a source": Case(
        "restore_to_latest_time: true\n",
        "restore_to_latest_time",
        "needs restore_source_name or restore_source_table_arn",
    ),
    "two restore points": Case(
        "restore_source_name: src\nrestore_date_time: '2025-01-01T12:00:00Z'\nrestore_to_latest_time: true\n",
        "restore_date_time",
        "cannot be combined: at most one of restore_date_time and restore_to_latest_time may be set (each is a time to restore to)",
    ),
    "restore and import": Case(
        "restore_source_name: src\nimport_table: {input_format: CSV, bucket: b}\n",
        "restore_source_name",
        "at most one of restore_source_name, restore_source_table_arn, restore_backup_arn and import_table may be set (each is a way to create the table)",
    ),
    # Provider 5 has no restore_backup_arn: three ways.
    "restore and import on provider 5": Case(
        "aws_provider: 5\nrestore_source_name: src\nimport_table: {input_format: CSV, bucket: b}\n",
        "restore_source_name",
        "at most one of restore_source_name, restore_source_table_arn and import_table may be set (each is a way to create the table)",
    ),
    # Provider 6 (the default line): a restore from an on-demand backup.
    "restore backup ARN": Case(
        "restore_backup_arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders\n",
        "restore_backup_arn",
        "must be a DynamoDB backup ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID",
    ),
    "restore from an AWS Backup recovery point": Case(
        "restore_backup_arn: arn:aws:backup:us-east-1:123456789012:recovery-point:ab12cd34-0000-0000-0000-000000000000\n",
        "restore_backup_arn",
        "an AWS Backup recovery point, arn:aws:backup:..., is restored through AWS Backup",
    ),
    "restore backup ARN over 1024 characters": Case(
        f"restore_backup_arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/{'x' * 1000}\n",
        "restore_backup_arn",
        "must be 37 to 1024 characters long",
    ),
    "restore backup of another partition": Case(
        "restore_backup_arn: arn:aws-cn:dynamodb:us-east-1:123456789012:table/orders/backup/01489602797149-73d8d5bc\n",
        "restore_backup_arn",
        "must name a backup in its region's AWS partition",
    ),
    "restore backup and restore source": Case(
        "restore_source_name: src\nrestore_backup_arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01489602797149-73d8d5bc\n",
        "restore_source_name",
        "at most one of restore_source_name, restore_source_table_arn, restore_backup_arn and import_table may be set (each is a way to create the table)",
    ),
    "restore backup on provider 5": Case(
        "aws_provider: 5\nrestore_backup_arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01489602797149-73d8d5bc\n",
        "restore_backup_arn",
        "is an input only on AWS provider line 6",
    ),
    "import format": Case(
        "import_table: {input_format: XML, bucket: b}\n",
        "import_table.input_format",
        "must be one of CSV, DYNAMODB_JSON, ION",
    ),
    "import compression": Case(
        "import_table: {input_format: CSV, bucket: b, input_compression_type: RAR}\n",
        "import_table.input_compression_type",
        "must be one of GZIP, ZSTD, NONE",
    ),
    "import without bucket": Case(
        "import_table: {input_format: CSV}\n", "import_table.bucket", "is required: a string"
    ),
    "alarm period": Case(
        "read_throttle_alarm_period_seconds: 45\n",
        "read_throttle_alarm_period_seconds",
        "must be 10, 20, 30 or a multiple of 60 seconds up to 604800",
    ),
    "alarm period over a week": Case(
        "system_errors_alarm_period_seconds: 604860\n",
        "system_errors_alarm_period_seconds",
        "a multiple of 60 seconds up to 604800",
    ),
    "evaluation range over a day": Case(
        "capacity_alarm_period_seconds: 300\ncapacity_alarm_evaluation_periods: 289\n",
        "capacity_alarm_evaluation_periods",
        "times capacity_alarm_period_seconds must be at most 604800 seconds, and at most 86400 for a period under 3600",
    ),
    # 60 s by default: 1,441 of them are a minute over a day.
    "evaluation range over a day at the default period": Case(
        "user_errors_alarm_evaluation_periods: 1441\nuser_errors_alarm_datapoints_to_alarm: 1\n",
        "user_errors_alarm_evaluation_periods",
        "times user_errors_alarm_period_seconds must be at most 604800 seconds",
    ),
    "evaluation periods 0": Case(
        "replication_latency_alarm_evaluation_periods: 0\n",
        "replication_latency_alarm_evaluation_periods",
        "must be a whole number of at least 1",
    ),
    # AWS's window for throttles is 5 of 5: fewer periods alone leave more datapoints than periods.
    "datapoints over periods": Case(
        "read_throttle_alarm_evaluation_periods: 2\n",
        "read_throttle_alarm_datapoints_to_alarm",
        "must not exceed read_throttle_alarm_evaluation_periods",
    ),
    "a by-cause alarm's datapoints over its periods": Case(
        "key_range_throttle_alarm_evaluation_periods: 3\nkey_range_throttle_alarm_datapoints_to_alarm: 4\n",
        "key_range_throttle_alarm_datapoints_to_alarm",
        "must not exceed key_range_throttle_alarm_evaluation_periods",
    ),
    "a by-cause alarm's switch not a bool": Case(
        "account_limit_throttle_alarm_enabled: sometimes\n",
        "account_limit_throttle_alarm_enabled",
        "must be true or false",
    ),
    "Kinesis stream named, not its ARN": Case(
        "kinesis_streaming_enabled: true\nkinesis_stream_arn: orders-changes\n",
        "kinesis_stream_arn",
        "must be a Kinesis data stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)",
    ),
    "Kinesis timestamp precision": Case(
        "kinesis_streaming_enabled: true\nkinesis_stream_arn: arn:aws:kinesis:us-east-1:123456789012:stream/s\n"
        "kinesis_approximate_creation_date_time_precision: NANOSECOND\n",
        "kinesis_approximate_creation_date_time_precision",
        "must be one of MILLISECOND, MICROSECOND",
    ),
    "Kinesis timestamp precision while streaming is off": Case(
        "kinesis_approximate_creation_date_time_precision: MICROSECOND\n",
        "kinesis_approximate_creation_date_time_precision",
        "must be null unless kinesis_streaming_enabled is true",
    ),
    "Kinesis streaming without a stream": Case(
        "kinesis_streaming_enabled: true\n",
        "kinesis_stream_arn",
        "must be set while kinesis_streaming_enabled is true (it names the stream)",
    ),
    "Kinesis stream given while streaming is off": Case(
        "kinesis_stream_arn: arn:aws:kinesis:us-east-1:123456789012:stream/orders\n",
        "kinesis_stream_arn",
        "must be null unless kinesis_streaming_enabled is true",
    ),
    "timeout in minutes, unitless": Case(
        "timeouts: {update: '90'}\n", "timeouts.update", 'must be a duration such as "90m" or "2h"'
    ),
    "negative scale-in cooldown": Case(
        "autoscaling_scale_in_cooldown: -1\n", "autoscaling_scale_in_cooldown", "must be a whole number of at least 0"
    ),
    "scheduled actions without autoscaling": Case(
        "autoscaling_scheduled_actions: [{name: up, schedule: 'cron(0 8 * * ? *)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions",
        'must be empty unless enable_autoscaling is true and billing_mode is "PROVISIONED"',
    ),
    "scheduled action name with a slash": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: a/b, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].name",
        "must be 1 to 200 letters, digits, _ . or -",
    ),
    "scheduled action name twice": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}, "
        "{name: up, schedule: 'rate(2 days)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions",
        "must not name a name twice",
    ),
    "scheduled action every fortnight": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, schedule: 'rate(2 weeks)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].schedule",
        "must be at(yyyy-mm-ddThh:mm:ss), rate(<number> <minutes, hours or days>) or cron(<six fields>)",
    ),
    "scheduled action cron of five fields": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, schedule: 'cron(0 8 * * ?)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].schedule",
        "or cron(<six fields>)",
    ),
    "scheduled action on both units and one": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, unit: reads, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].unit",
        "must be one of read, write",
    ),
    "scheduled action on an index the table lacks": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, index: ByStatus, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].index",
        "must be one of TypeIndex",
    ),
    "scheduled action on an index of a table without one": Case(
        _design() + "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: "
        "[{name: up, index: ByStatus, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].index",
        "must be null: the table has no global secondary index",
    ),
    "scheduled action in a made-up zone": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, timezone: 'Europe Paris', schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].timezone",
        "must be an IANA time zone such as Europe/Paris",
    ),
    "scheduled action starting yesterday": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, start_time: yesterday, schedule: 'rate(1 day)', min_capacity: 5, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].start_time",
        "must be an RFC 3339 time such as 2025-01-01T12:00:00Z",
    ),
    "scheduled action minimum over its maximum": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, schedule: 'rate(1 day)', min_capacity: 60, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions",
        "must have min_capacity at most max_capacity in each item",
    ),
    "scheduled action of no capacity": Case(
        "billing_mode: PROVISIONED\nenable_autoscaling: true\nautoscaling_scheduled_actions: [{name: up, schedule: 'rate(1 day)', min_capacity: 0, max_capacity: 50}]\n",
        "autoscaling_scheduled_actions[*].min_capacity",
        "must be a whole number of at least 1",
    ),
    "the common alarm window of 0.2": Case(
        "alarm_period_seconds: 300\n",
        "alarm_period_seconds",
        "is no longer an input: each kind of alarm has its own window, defaulting to AWS's recommended one; "
        "set <kind>_alarm_period_seconds (for example read_throttle_alarm_period_seconds)",
    ),
    "capacity threshold 0": Case(
        "capacity_alarm_threshold_percent: 0\n", "capacity_alarm_threshold_percent", "must be between 1 and 100"
    ),
    "replication threshold negative": Case(
        "replication_latency_alarm_threshold_ms: -1\n", "replication_latency_alarm_threshold_ms", "must not be negative"
    ),
    "IAM name prefix": Case(
        "iam_policy_name_prefix: 'a b'\n", "iam_policy_name_prefix", "must be 1 to 116 letters, digits or +=,.@_-"
    ),
    "contributor insights mode": Case(
        "contributor_insights_mode: ALL\n",
        "contributor_insights_mode",
        "must be one of ACCESSED_AND_THROTTLED_KEYS, THROTTLED_KEYS",
    ),
    # --set.
    "--set unknown key": Case(
        None, "bogus", "the module's README and ddbgen profiles schema list its", sets=("bogus=1",), where="--set"
    ),
    "--set bad enum": Case(
        None, "billing_mode", "must be one of PAY_PER_REQUEST, PROVISIONED", sets=("billing_mode=FAST",), where="--set"
    ),
    "--set bad range": Case(
        None, "read_capacity", "whole number of at least 1", sets=("read_capacity=0",), where="--set"
    ),
    "--set bad type": Case(None, "stream_enabled", "true or false", sets=("stream_enabled=maybe",), where="--set"),
    "--set bad ARN": Case(None, "kms_key_arn", "a KMS key ARN", sets=("kms_key_arn=alias/x",), where="--set"),
    "--set bad tags": Case(
        None, "common_tags", 'must not start with "aws:"', sets=('common_tags={"aws:x": y}',), where="--set"
    ),
    "--set malformed YAML": Case(
        None, "common_tags", "is not valid YAML", sets=("common_tags={Team: a",), where="--set"
    ),
    "--set without =": Case(None, "read_capacity", "must look like KEY=VALUE", sets=("read_capacity",), where="--set"),
    "--set environment": Case(None, "environment", "every caller passes it", sets=("environment=prod",), where="--set"),
    "--set over a good profile file": Case(
        "billing_mode: PROVISIONED\n", "write_capacity", "whole number", sets=("write_capacity=-3",), where="--set"
    ),
}

# Every kind of alarm's window inputs, each rule broken once (monitoring.ALARMS lists the kinds).
WINDOW_CASES = {
    f"{alarm.key} window: {what}": case
    for alarm in monitoring.ALARMS
    for what, case in (
        (
            "period of 45 s",
            Case(f"{alarm.period_input}: 45\n", alarm.period_input, "must be 10, 20, 30 or a multiple of 60 seconds"),
        ),
        (
            "range over a week",
            Case(
                f"{alarm.period_input}: 3600\n{alarm.evaluation_periods_input}: 169\n",
                alarm.evaluation_periods_input,
                f"times {alarm.period_input} must be at most 604800 seconds",
            ),
        ),
        (
            "datapoints over periods",
            Case(
                f"{alarm.evaluation_periods_input}: 1\n{alarm.datapoints_input}: 2\n",
                alarm.datapoints_input,
                f"must not exceed {alarm.evaluation_periods_input}",
            ),
        ),
    )
}
CORPUS.update(WINDOW_CASES)


def _arguments(case: Case, folder: Path) -> tuple[list[str], str]:
    """Write the case's profiles into ``folder``; return the generate arguments and the file the error names.

    ``folder`` is a repository (it holds ``.git``): profiles extend only profiles inside theirs.
    """
    (folder / ".git").mkdir(exist_ok=True)
    for name, text in case.others.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    if case.where == "--profile":
        missing = folder / "nowhere.yaml"
        return ["--profile", str(missing)], "--profile"
    if case.profile is None:
        reference = "default"
    else:
        path = folder / f"{case.file_name}.yaml"
        if isinstance(case.profile, bytes):
            path.write_bytes(case.profile)
        else:
            path.write_text(case.profile, encoding="utf-8")
        reference = str(path)
    sets = [argument for text in case.sets for argument in ("--set", text)]
    # Files are named relative to their repository root (README, "Untrusted repositories").
    shown = str(Path(reference).relative_to(folder)) if case.profile is not None else reference
    named = {"profile": shown, "parent": "parent.yaml", "--set": "--set"}[case.where]
    return ["--profile", reference, *sets], named


def _snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under ``folder`` (and the folder itself) with its bytes and modification time."""
    entries = {".": (None, folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        entries[str(path.relative_to(folder))] = (
            path.read_bytes() if path.is_file() else None,
            path.stat().st_mtime_ns,
        )
    return entries


def _assert_clear_error(result, case: Case, named: str) -> str:
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"the error is not one line: {result.stderr!r}"
    line = lines[0]
    prefix = f"ddbgen: error: {named}: "
    assert line.startswith(prefix), line
    if case.key is not None:
        assert case.key in line[len(prefix) :], line
    assert case.allowed in line, line
    assert len(line) < 1500, f"error message of {len(line)} characters"
    return line


@pytest.fixture(scope="module")
def existing_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A module generated once with the command line, for every case to copy: a generate costs a tenth of a second."""
    out = tmp_path_factory.mktemp("existing") / "module"
    good = runner.invoke(app, ["generate", "--profile", "default", "--out", str(out)])
    assert good.exit_code == 0, good.output
    return out


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_bad_input_leaves_an_existing_module_untouched(case: Case, tmp_path: Path, existing_module: Path):
    out = tmp_path / "module"
    shutil.copytree(existing_module, out, symlinks=True)
    (out / "backend.tf").write_text("# the caller's own file\n", encoding="utf-8")
    before = _snapshot(out)

    arguments, named = _arguments(case, tmp_path)
    result = runner.invoke(app, ["generate", *arguments, "--out", str(out)])

    _assert_clear_error(result, case, named)
    assert _snapshot(out) == before


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_bad_input_creates_no_output_folder(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    arguments, named = _arguments(case, tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())

    result = runner.invoke(app, ["generate", *arguments])  # the default folder, output/<profile>

    _assert_clear_error(result, case, named)
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert not (tmp_path / "output").exists()


def test_every_corpus_item_of_the_issue_has_a_case():
    """The issue's list, item by item, against the corpus above."""
    covered = {
        "unknown keys": ["unknown key"],
        "wrong types": ["number given text", "bool given text", "string given a number", "map given a list"],
        "enums": ["billing mode", "stream view type"],
        "ranges": ["read capacity 0", "autoscaling max below capacity", "target above 90", "negative threshold"],
        "table name rules": ["table name too short", "table name too long", "table name with a space"],
        "ARN formats": ["KMS alias instead of key", "SNS ARN of another service"],
        "tag limits": [
            "50 tags plus Environment",
            "tag key of 129 characters",
            "tag value of 257 characters",
            "tag key with aws: prefix",
        ],
        "malformed YAML": ["malformed YAML"],
        "top level not a mapping": ["top level a list"],
        "extends unknown, missing or cyclic": [
            "extends an unknown built-in",
            "extends a missing file",
            "extends cycle",
        ],
        "--set unknown key or bad value": ["--set unknown key", "--set bad enum"],
    }
    for item, names in covered.items():
        for name in names:
            assert name in CORPUS, f"{item}: no case {name!r}"


# What AWS accepts is accepted: the edges of the rules above, from the AWS side.
ACCEPTED = {
    # UpdateTable takes -1 to remove a limit (API reference, OnDemandThroughput).
    "on-demand limit -1": "on_demand_throughput: {max_read_request_units: -1, max_write_request_units: 10}\n",
    "index on-demand limit -1": _design(
        attributes="{id: S, sk: S, status: S}",
        gsis="{ByStatus: {hash_key: status, projection: ALL, on_demand_throughput: {max_read_request_units: -1, max_write_request_units: 5}}}",
    ),
    # Letters, numbers and white space of any script, and + - = . _ : / (TaggingRestrictions).
    "tags in any script": "common_tags: {\u00c9quipe: 'Donn\u00e9es \u00cele', 'cost:center': '12 34', 'a+b=c/d_e.f': 'x-y', \u30c1\u30fc\u30e0: \u0661\u0662}\n",
    "50 tags with Environment": _tags(49),
    "replica keys in their regions": (
        f"kms_key_arn: {KMS_KEY}\nreplica_regions: [{{region_name: us-west-2, kms_key_arn: '{KMS_KEY.replace('us-east-1', 'us-west-2')}'}}]\n"
    ),
    "replicas of one other partition": "replica_regions: [{region_name: cn-north-1}, {region_name: cn-northwest-1}]\n",
    # PutMetricAlarm: 10, 20, 30 or a multiple of 60; periods x period up to 604800 s from an hour's period.
    "alarm period 20": "read_throttle_alarm_period_seconds: 20\n",
    "evaluation range of a week": "capacity_alarm_period_seconds: 3600\ncapacity_alarm_evaluation_periods: 168\n",
    "evaluation range of a day": "system_errors_alarm_evaluation_periods: 1440\n",
    "one datapoint of five": "write_throttle_alarm_datapoints_to_alarm: 1\n",
    "every by-cause alarm on": (
        "key_range_throttle_alarm_enabled: true\nprovisioned_throttle_alarm_enabled: true\n"
        "max_on_demand_throttle_alarm_enabled: true\naccount_limit_throttle_alarm_enabled: true\n"
    ),
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_what_aws_accepts_generates(text: str, tmp_path: Path):
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "module" / "variables.tf").is_file()


def test_autoscaling_with_on_demand_billing_warns_and_still_generates(tmp_path: Path):
    # A warning, not an error: the profile only sets defaults, and a caller may
    # still pass billing_mode = "PROVISIONED" (the spec's autoscaling example).
    profile = tmp_path / "scaled.yaml"
    profile.write_text("enable_autoscaling: true\n", encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(profile), "--out", str(tmp_path / "module")])
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.stderr.splitlines() if "enable_autoscaling" in line]
    assert warning.startswith(
        f"ddbgen: warning: {tmp_path / 'module'} (profile file {profile}): "
        "enable_autoscaling is true but billing_mode defaults to PAY_PER_REQUEST"
    )
    assert 'billing_mode = "PROVISIONED"' in warning
    assert (tmp_path / "module" / "main.tf").is_file()
    assert (
        "ignore_changes = [\n      read_capacity,\n      write_capacity,\n      restore_source_name,"
        in (tmp_path / "module" / "main.tf").read_text()
    )


# The same rules at plan time: variables.tf carries each rule as a validation block.


def _validation_messages(folder: Path) -> dict[str, list[str]]:
    return {
        name: [block["error_message"] for block in body.get("validation", [])]
        for name, body in variables(folder).items()
    }


def test_every_rule_is_a_validation_block_of_its_variable(builtin_profile):
    profile = load_profile(builtin_profile)
    declared = _validation_messages(OUTPUT / builtin_profile)
    for item in profile.inputs:
        messages = declared[item.name]
        for rule in item.rules:
            assert rule.error_message(item.name) in messages, item.name
        # Nothing else but the fixed-at-generation guard.
        others = [
            message for message in messages if message not in {rule.error_message(item.name) for rule in item.rules}
        ]
        assert all(message.startswith(f"{item.name} is fixed at generation") for message in others), others


def test_validation_messages_say_what_is_allowed():
    """Each message reads as "<input> must ...", about the input, one of its attributes, or the inputs it goes with."""
    for name, messages in _validation_messages(OUTPUT / "default").items():
        for message in messages:
            assert re.match(
                rf"{re.escape(name)}(\.\w+|\[\*\]\.\w+| keys| keys and values| times \w+)? (must|needs) |At most one of .*{re.escape(name)}.* may be set: "
                rf"|{re.escape(name)} is fixed at generation",
                message,
            ), message


# One invalid caller value per rule, as terraform console's -var takes them; the module
# is generated with autoscaling and the type index on, so the rules depending on them are
# live. Terraform skips every validation of a variable that reads another variable which
# is itself invalid: each probe breaks only rules whose other inputs stay valid in it,
# and a probe's context sets valid values a rule needs without probing them.
def _plan_time_probes(line: int) -> list[tuple[dict[str, str], dict[str, str]]]:
    replicas = '[{ region_name = "Mars", kms_key_arn = "alias/x" }]'
    if line >= 6:
        # The second replica is STRONG: two consistency modes, and a STRONG table outside every Region set.
        replicas = (
            '[{ region_name = "Mars", kms_key_arn = "alias/x", consistency_mode = "SOMETIMES" }, '
            '{ region_name = "us-west-2", consistency_mode = "STRONG" }]'
        )
    single = {
        "environment": '""',
        "autoscaling_read_max_capacity": "0",
        "autoscaling_write_max_capacity": "0",
        "autoscaling_read_target_value": "95",
        "autoscaling_write_target_value": "10",
        "on_demand_throughput": "{ max_read_request_units = 0, max_write_request_units = 0.5 }",
        "table_class": '"COLD"',
        "ttl_attribute_name": '""',
        "point_in_time_recovery_period_in_days": "40",
        "kms_key_arn": '"arn:aws:kms:us-east-1:123456789012:alias/notifications"',
        "resource_policy": '"not json"',
        "stream_resource_policy": '"[1]"',
        "import_table": '{ input_format = "XML", input_compression_type = "RAR", bucket = "b" }',
        "alarm_sns_topic_arn": '"arn:aws:sqs:us-east-1:123456789012:alerts"',
        "read_throttle_alarm_threshold": "-1",
        "write_throttle_alarm_threshold": "-1",
        "user_errors_alarm_threshold": "-0.5",
        "system_errors_alarm_threshold": "-1",
        "capacity_alarm_threshold_percent": "0",
        "replication_latency_alarm_threshold_ms": "-1",
        **{alarm.period_input: "45" for alarm in monitoring.ALARMS},
        **{alarm.threshold_input: "-1" for alarm in monitoring.ALARMS},
        "kinesis_stream_arn": '"orders-changes"',  # a name, and while streaming is off
        "kinesis_approximate_creation_date_time_precision": '"NANOSECOND"',  # not a precision, and streaming is off
        "timeouts": '{ create = "1 hour", update = "90", delete = "m" }',
        "autoscaling_scale_in_cooldown": "-1",
        "autoscaling_scale_out_cooldown": "1.5",
        # Each item breaks one rule of a scheduled action; two share a name.
        "autoscaling_scheduled_actions": '[{ name = "a/b", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "up", schedule = "rate(2 weeks)", min_capacity = 5, max_capacity = 50 }, { name = "up", unit = "reads", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "x1", index = "Nope", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "x2", timezone = "Europe Paris", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "x3", start_time = "yesterday", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "x4", end_time = "tomorrow", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 50 }, { name = "x5", schedule = "rate(1 day)", min_capacity = 0, max_capacity = 50 }, { name = "x6", schedule = "rate(1 day)", min_capacity = 5, max_capacity = 2.5 }, { name = "x7", schedule = "rate(1 day)", min_capacity = 60, max_capacity = 50 }]',
        "iam_policy_name_prefix": '"not a name!"',
        "common_tags": "{" + ", ".join(f'"Tag{number}" = "x"' for number in range(50)) + "}",
        "prevent_destroy": "false",
        "enable_type_index": "false",
    }
    if line >= 6:
        single |= {
            "replica_alarm_sns_topic_arns": '{ "us-west-2" = "arn:aws:sns:us-east-1:123456789012:alerts" }',
            "warm_throughput": "{ read_units_per_second = 100, write_units_per_second = 100 }",
            "contributor_insights_mode": '"ALL"',
            # Not a DynamoDB backup's ARN, too short, and of the aws-cn partition in us-east-1.
            "restore_backup_arn": '"arn:aws-cn:backup:us-east-1:1:x"',
        }
        # On provider 6 each index is a resource of its own: enable_type_index is not fixed there.
        del single["enable_type_index"]
    strong = '{ region_name = "us-west-2", consistency_mode = "STRONG" }'
    # Multi-Region strong consistency: one STRONG replica without a witness; a witness beside two
    # eventually consistent replicas; a witness in its replica's region, then outside its Region set.
    witness = (
        [
            ({"global_table_witness": "null"}, {"replica_regions": f"[{strong}]"}),
            (
                {"global_table_witness": '{ region_name = "us-east-1" }'},
                {"replica_regions": '[{ region_name = "us-west-2" }, { region_name = "us-east-2" }]'},
            ),
            ({"global_table_witness": '{ region_name = "us-west-2" }'}, {"replica_regions": f"[{strong}]"}),
            ({"global_table_witness": '{ region_name = "eu-west-1" }'}, {"replica_regions": f"[{strong}]"}),
        ]
        if line >= 6
        else []
    )
    return (
        witness
        + [
            (single, {"restore_source_name": '"source-table"'}),
            (
                {
                    "autoscaling_read_max_capacity": "2",  # below read_capacity, 5 by default
                    "autoscaling_write_max_capacity": "4",
                    "common_tags": json.dumps({"k" * 129: "x"}).replace(":", " ="),
                    "on_demand_throughput": "{ max_read_request_units = 10 }",  # on demand only; the module is PROVISIONED
                    "point_in_time_recovery_period_in_days": "7",  # only with PITR
                    "stream_resource_policy": '"{}"',  # only with the stream
                    "replica_regions": '[{ region_name = "us-west-2" }, { region_name = "us-west-2" }]',  # twice, and no stream
                    "restore_source_name": '"source-table"',  # and import_table: two ways to create the table
                    # More datapoints than each kind's evaluation periods by default.
                    **{alarm.datapoints_input: str(alarm.window.evaluation_periods + 1) for alarm in monitoring.ALARMS},
                },
                {
                    "point_in_time_recovery_enabled": "false",
                    "stream_enabled": "false",
                    "import_table": '{ input_format = "CSV", bucket = "b" }',
                },
            ),
            # Not a time, and two times to restore to.
            (
                {"restore_date_time": '"yesterday"'},
                {"restore_source_name": '"source-table"', "restore_to_latest_time": "true"},
            ),
            # The table name's rules read other inputs (the alarm and IAM switches, the replicas), and
            # Terraform skips them all while one of those is invalid: probed where all are valid.
            ({"notifications_table_name": '"ab"'}, {}),
            # Names the module derives from the table name: alarm names (CloudWatch's 255) with IAM's
            # limit out of the way, then IAM policy names (128) alone; a policy over DynamoDB's 20 KB.
            ({"notifications_table_name": json.dumps("t" * 230)}, {"iam_policy_name_prefix": '"p"'}),
            ({"notifications_table_name": json.dumps("t" * 120)}, {}),
            (
                {
                    "resource_policy": json.dumps(json.dumps({"a": "x" * 20480})),
                    "stream_resource_policy": json.dumps(json.dumps({"b": "y" * 20480})),
                },
                {},
            ),
            # A time to restore to, and nothing to restore from: one probe each.
            ({"restore_to_latest_time": "true"}, {}),
            ({"restore_date_time": '"2025-01-01T12:00:00Z"'}, {}),
            ({"restore_source_name": '"a b"'}, {}),
            # replica_regions' rules read kms_key_arn, which the first probe breaks; read_throttle_alarm_datapoints_to_alarm's
            # read read_throttle_alarm_evaluation_periods, whose own read read_throttle_alarm_period_seconds, broken there too.
            ({"replica_regions": replicas, **{alarm.datapoints_input: "0" for alarm in monitoring.ALARMS}}, {}),
            # DynamoDB's tag characters, in a tag and in the Environment tag's value.
            ({"common_tags": '{"owner@example" = "me"}', "environment": '"prod,eu"'}, {}),
            # Replicas: a key of another region; keys beside the table's (or none); two partitions.
            (
                {
                    "replica_regions": '[{ region_name = "eu-west-1", kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]'
                },
                {"kms_key_arn": '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"'},
            ),
            (
                {"replica_regions": '[{ region_name = "us-west-2" }]'},
                {"kms_key_arn": '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"'},
            ),
            (
                {
                    "replica_regions": '[{ region_name = "us-east-1", kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]'
                },
                {},
            ),
            ({"replica_regions": '[{ region_name = "us-west-2" }, { region_name = "cn-north-1" }]'}, {}),
            # AWS Backup: a schedule, whole days, the 90 days in cold storage, names; then an existing vault unnamed.
            (
                {
                    "backup": '{ schedule = "daily", retention_days = 0.5, cold_storage_after_days = 0, vault_name = "a b", '
                    'copy_to_vault_arn = "arn:aws:s3:::b" }'
                },
                {},
            ),
            ({"backup": '{ schedule = "cron(0 5 ? * * *)", create_vault = false }'}, {}),
            # An evaluation range over a day with a period under an hour (60 s by default), datapoints in range.
            ({alarm.evaluation_periods_input: "1441" for alarm in monitoring.ALARMS}, {}),
            # The inputs other rules read break their own rules last.
            (
                {
                    "read_capacity": "0",
                    "write_capacity": "1.5",
                    "enable_autoscaling": "false",
                    "billing_mode": '"FAST"',
                    "stream_view_type": '"ALL"',
                    "restore_source_table_arn": '"arn:aws:s3:::bucket"',
                    **{alarm.evaluation_periods_input: "0" for alarm in monitoring.ALARMS},
                    "common_tags": '{"aws:owner" = "me"}',
                },
                {},
            ),
        ]
    )


@pytest.mark.terraform
@pytest.mark.parametrize("line", [5, 6])
def test_terraform_rejects_each_rule_breaker_with_the_rule_message(tmp_path: Path, line: int):
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    profile = load_profile(
        "production",
        ["billing_mode=PROVISIONED", "enable_autoscaling=true", "enable_type_index=true", f"aws_provider={line}"],
    )
    folder = tmp_path / "module"
    folder.mkdir()
    (folder / "variables.tf").write_bytes(render(profile, folder)["variables.tf"])

    strings = {item.name for item in profile.inputs if item.type.hcl == "string"}
    probed: set[str] = set()
    for probes, context in _plan_time_probes(line):
        # -var takes a string variable's value as it stands, any other as HCL.
        given = {"environment": '"test"', **context, **probes}
        given = {name: json.loads(value) if name in strings else value for name, value in given.items()}
        _, stderr = console(binary, env, folder, ["var.environment"], given)
        said = " ".join(stderr.split())
        for name, value in probes.items():
            item = next(item for item in profile.inputs if item.name == name)
            expected = [rule.error_message(name) for rule in item.rules]
            if item.fixed_reason(profile.design, profile.values) is not None:
                expected.append(f"{name} is fixed at generation")
            hits = [message for message in expected if " ".join(message.split()) in said]
            assert hits, f"{name}={value}: none of {expected} in terraform's errors:\n{stderr}"
            probed.update(f"{name}: {message}" for message in hits)
    every_rule = {f"{item.name}: {rule.error_message(item.name)}" for item in profile.inputs for rule in item.rules}
    # Replicas of a provisioned table need enable_autoscaling, baked true in this module:
    # tests/terraform/test_tf_validation.py breaks that rule in a module baked without it.
    every_rule = {rule for rule in every_rule if "unless enable_autoscaling is true" not in rule}
    # A rule a null breaks (kinesis_stream_arn while streaming is on): -var cannot give null;
    # tests/terraform/test_tf_validation.py plans it with kinesis_stream_arn = null.
    every_rule = {rule for rule in every_rule if "must be set while" not in rule}
    assert every_rule <= probed, f"rules no probe broke: {sorted(every_rule - probed)}"


@pytest.mark.terraform
def test_terraform_counts_a_policy_in_bytes_as_dynamodb_does(tmp_path: Path):
    """20480 bytes pass and 20481 do not, counted in UTF-8 (here with two-byte characters), as the Python rule counts."""
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    folder = tmp_path / "module"
    folder.mkdir()
    profile = load_profile("default")
    (folder / "variables.tf").write_bytes(render(profile, folder)["variables.tf"])
    rule = next(rule for rule in next(item for item in profile.inputs if item.name == "resource_policy").rules)
    for size, allowed in ((20480, True), (20481, False)):
        policy = '{"a":"' + "é" * ((size - 8) // 2) + "x" * ((size - 8) % 2) + '"}'
        assert len(policy.encode("utf-8")) == size
        assert rule.holds(policy, profile.values) is allowed
        _, stderr = console(
            binary, env, folder, ["length(var.resource_policy)"], {"environment": "test", "resource_policy": policy}
        )
        said = " ".join(stderr.split())
        assert ("resource_policy must be at most 20480 bytes" not in said) is allowed, stderr
        assert allowed or "Invalid value for variable" in said


@pytest.mark.terraform
def test_terraform_accepts_every_builtin_profile_default(builtin_profile: str, tmp_path: Path):
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    shutil.copy(OUTPUT / builtin_profile / "variables.tf", tmp_path / "variables.tf")
    values, stderr = console(binary, env, tmp_path, ["var.common_tags"], {"environment": "test"})
    assert "Error" not in stderr, stderr
    assert values == [{}]


# The plan-time tests above compare Terraform's message with the rule's own error_message: the
# code under test on both sides. The circle is harmless because of this test: every rule's
# message is stated, independently, by a literal of this file (a case's "allowed" text), and
# the case shows the loader says it. environment cannot be in a profile, so its messages are
# stated here.
ENVIRONMENT_MESSAGES = (
    "must be 1 to 256 characters long",
    "must hold letters, numbers, white space and + - = . _ : / only (DynamoDB's tag characters): it is the value of the Environment tag",
)


@pytest.mark.parametrize("line", [5, 6])
def test_every_rule_message_is_stated_by_a_literal_case(line: int):
    from generator.profile import catalogue
    from generator.profile.design import NOTIFICATIONS

    stated = [case.allowed for case in CORPUS.values()] + list(ENVIRONMENT_MESSAGES)
    unstated = [
        f"{item.name}: {rule.message}"
        for item in catalogue.inputs(NOTIFICATIONS, line)
        for rule in item.rules
        if not any(len(text) >= 15 and text in rule.message for text in stated)
    ]
    assert unstated == []


@pytest.mark.terraform
def test_terraform_accepts_what_aws_accepts(tmp_path: Path):
    """The edges AWS accepts pass the module's validations too, as a caller's values at plan time."""
    binary = terraform_binary()
    env = terraform_env(tmp_path / "home")
    shutil.copy(OUTPUT / "production" / "variables.tf", tmp_path / "variables.tf")
    west_key = KMS_KEY.replace("us-east-1", "us-west-2")
    given = {
        "environment": "Production eu-west-1",
        "on_demand_throughput": "{ max_read_request_units = -1, max_write_request_units = 10 }",
        "common_tags": '{ "\\u00c9quipe" = "Donn\\u00e9es \\u00cele", "cost:center" = "12 34", "a+b=c/d_e.f" = "x-y" }',
        "kms_key_arn": KMS_KEY,
        "replica_regions": f'[{{ region_name = "us-west-2", kms_key_arn = "{west_key}" }}]',
        "replication_latency_alarm_period_seconds": "20",
        "replication_latency_alarm_evaluation_periods": "4320",  # 20 s x 4320 = 86400 s, a day
    }
    values, stderr = console(binary, env, tmp_path, ["var.on_demand_throughput", "var.common_tags"], given)
    assert "Error" not in stderr, stderr
    assert values == [
        {"max_read_request_units": -1, "max_write_request_units": 10},
        {"\u00c9quipe": "Donn\u00e9es \u00cele", "cost:center": "12 34", "a+b=c/d_e.f": "x-y"},
    ]
