"""The provider-schema checker can fail: each rule is shown passing and failing
on small inline HCL snippets, against both recorded fixtures."""

from __future__ import annotations

import io
import json
import textwrap

import hcl2
import pytest

from tests.hclparse import parse_text
from tests.provider_schema import (
    DEFAULT_FIXTURE,
    DEPRECATED,
    FIXTURE_5_100,
    applicable,
    deprecated_references,
    load,
    violations,
)
from tests.provider_schema.extract import TYPES, dump

SCHEMA = load()
SCHEMA_5 = load(FIXTURE_5_100)


def parse(text: str) -> dict:
    options = hcl2.SerializationOptions(with_comments=False)
    return hcl2.load(io.StringIO(textwrap.dedent(text)), serialization_options=options)


def check(text: str, schema: dict = SCHEMA, **kwargs) -> list[str]:
    return violations({"main.tf": parse(text)}, schema, **kwargs)


GOOD = """
resource "aws_dynamodb_table" "this" {
  count        = 1
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "gsi1pk"
    type = "S"
  }

  global_secondary_index {
    name            = "gsi1"
    projection_type = "ALL"
    key_schema {
      attribute_name = "gsi1pk"
      key_type       = "HASH"
    }
  }

  dynamic "replica" {
    for_each = var.replica_regions
    content {
      region_name            = replica.value
      point_in_time_recovery = true
    }
  }

  point_in_time_recovery {
    enabled                 = true
    recovery_period_in_days = 35
  }

  server_side_encryption {
    enabled = true
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  tags = { Name = "orders" }

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [read_capacity]
  }
}

data "aws_region" "current" {}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.this[0].arn, "${aws_dynamodb_table.this[0].arn}/index/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_appautoscaling_target" "read" {
  max_capacity       = 10
  min_capacity       = 1
  resource_id        = "table/orders"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}
"""


def test_good_module_passes_on_provider_6():
    assert check(GOOD) == []


def test_good_module_on_provider_5_fails_only_on_key_schema():
    # key_schema (6.29) is not in 5.100, and 5.100 still requires GSI hash_key
    found = check(GOOD, SCHEMA_5)
    assert found == [
        "main.tf: aws_dynamodb_table.this.global_secondary_index.key_schema: unknown nested block `key_schema`",
        "main.tf: aws_dynamodb_table.this.global_secondary_index: required argument `hash_key` is missing",
    ]


def test_unquoted_hclparse_form_is_accepted_too():
    assert violations({"main.tf": parse_text(textwrap.dedent(GOOD))}, SCHEMA) == []


def test_unknown_argument():
    found = check(
        GOOD.replace('billing_mode = "PAY_PER_REQUEST"', 'billing_mode = "PAY_PER_REQUEST"\n  bogus_knob = 1')
    )
    assert found == ["main.tf: aws_dynamodb_table.this.bogus_knob: unknown argument `bogus_knob`"]


def test_unknown_argument_in_nested_block():
    found = check(GOOD.replace("recovery_period_in_days = 35", "recovery_period_in_days = 35\n    retention = 3"))
    assert found == ["main.tf: aws_dynamodb_table.this.point_in_time_recovery.retention: unknown argument `retention`"]


def test_unknown_nested_block():
    found = check(GOOD.replace("  ttl {", "  stream_specification {\n    enabled = true\n  }\n\n  ttl {"))
    assert found == [
        "main.tf: aws_dynamodb_table.this.stream_specification: unknown nested block `stream_specification`"
    ]


def test_block_written_as_argument_and_argument_as_block():
    found = check(
        GOOD.replace('  tags = { Name = "orders" }', '  ttl = { enabled = true }\n  tags {\n    Name = "x"\n  }')
    )
    assert "main.tf: aws_dynamodb_table.this.ttl: `ttl` is a nested block, not an argument" in found
    assert "main.tf: aws_dynamodb_table.this.tags: `tags` is an argument (`tags = ...`), not a nested block" in found


def test_missing_required_argument():
    found = check(GOOD.replace('  name         = "orders"\n', ""))
    assert found == ["main.tf: aws_dynamodb_table.this: required argument `name` is missing"]


def test_missing_required_argument_in_nested_block():
    found = check(GOOD.replace('    type = "S"\n  }\n\n  global', "  }\n\n  global"))
    assert found == ["main.tf: aws_dynamodb_table.this.attribute[1]: required argument `type` is missing"]


def test_missing_required_nested_block():
    text = """
    resource "aws_dynamodb_table" "t" {
      name = "t"
      import_table {
        input_format = "CSV"
      }
    }
    """
    assert check(text) == [
        "main.tf: aws_dynamodb_table.t.import_table: required nested block `s3_bucket_source` is missing"
    ]


def test_computed_attribute_cannot_be_set():
    found = check(GOOD.replace("  tags = {", '  stream_arn = "x"\n  tags = {'))
    assert found == [
        "main.tf: aws_dynamodb_table.this.stream_arn: `stream_arn` is a computed attribute and cannot be set"
    ]


def test_deprecated_argument_in_gsi():
    text = GOOD.replace(
        """    key_schema {
      attribute_name = "gsi1pk"
      key_type       = "HASH"
    }""",
        '    hash_key = "gsi1pk"',
    )
    found = check(text)
    assert found == [
        "main.tf: aws_dynamodb_table.this.global_secondary_index.hash_key: argument `hash_key` is deprecated in provider 6.29.0"
    ]
    # the deprecation comes from DEPRECATED, not from the assembly
    assert check(text, deprecated={}) == []
    # on 5.100 hash_key is neither deprecated (6.29.0 > 5.100.0) nor optional: the v5 render passes
    assert check(text, SCHEMA_5) == []


def test_deprecated_argument_from_the_fixture_flag():
    text = """
    data "aws_iam_policy_document" "merged" {
      source_json = "{}"
    }
    """
    # 5.100's own schema flags it even without the extra list
    assert check(text, SCHEMA_5, deprecated={}) == [
        "main.tf: data.aws_iam_policy_document.merged.source_json: argument `source_json` is deprecated in the provider schema"
    ]
    assert check(text) == [
        "main.tf: data.aws_iam_policy_document.merged.source_json: argument `source_json` is deprecated in provider 4.0.0"
    ]


def test_deprecated_argument_on_data_source():
    found = check('data "aws_region" "here" {\n  name = "eu-west-1"\n}\n')
    assert found == ["main.tf: data.aws_region.here.name: argument `name` is deprecated in provider 6.0.0"]
    assert check('data "aws_region" "here" {\n  region = "eu-west-1"\n}\n') == []
    # provider 5 has no `region` argument on aws_region
    assert check('data "aws_region" "here" {\n  region = "eu-west-1"\n}\n', SCHEMA_5) == [
        "main.tf: data.aws_region.here.region: unknown argument `region`"
    ]


def test_dynamic_block_content_unknown_argument():
    found = check(
        GOOD.replace("point_in_time_recovery = true\n", "point_in_time_recovery = true\n      replication_lag = 1\n")
    )
    assert found == [
        'main.tf: aws_dynamodb_table.this.dynamic "replica".content.replication_lag: unknown argument `replication_lag`'
    ]


def test_dynamic_block_content_missing_required_argument():
    found = check(GOOD.replace("      region_name            = replica.value\n", ""))
    assert found == [
        'main.tf: aws_dynamodb_table.this.dynamic "replica".content: required argument `region_name` is missing'
    ]


def test_dynamic_block_of_unknown_name_and_own_arguments():
    text = GOOD.replace('dynamic "replica" {', 'dynamic "replicas" {')
    assert check(text) == ['main.tf: aws_dynamodb_table.this.dynamic "replicas": unknown nested block `replicas`']
    text = GOOD.replace(
        "for_each = var.replica_regions",
        "for_each = var.replica_regions\n    iterator = r\n    labels = []\n    bogus = 1",
    )
    assert check(text) == [
        'main.tf: aws_dynamodb_table.this.dynamic "replica": unknown argument `bogus` in a dynamic block (only for_each, iterator, labels, content)'
    ]


def test_dynamic_nested_in_dynamic():
    text = GOOD.replace(
        """    key_schema {
      attribute_name = "gsi1pk"
      key_type       = "HASH"
    }""",
        """    dynamic "key_schema" {
      for_each = ["a"]
      content {
        attribute_name = key_schema.value
        key_typ        = "HASH"
      }
    }""",
    )
    assert check(text) == [
        'main.tf: aws_dynamodb_table.this.global_secondary_index.dynamic "key_schema".content.key_typ: unknown argument `key_typ`',
        'main.tf: aws_dynamodb_table.this.global_secondary_index.dynamic "key_schema".content: required argument `key_type` is missing',
    ]


def test_too_many_single_blocks():
    found = check(
        GOOD.replace(
            "  server_side_encryption {\n    enabled = true\n  }\n",
            "  server_side_encryption {\n    enabled = true\n  }\n" * 2,
        )
    )
    assert found == [
        "main.tf: aws_dynamodb_table.this.server_side_encryption: 2 `server_side_encryption` blocks, the schema allows at most 1"
    ]


def test_meta_arguments_and_lifecycle_are_ignored():
    text = """
    resource "aws_sns_topic" "alarms" {
      count      = 1
      for_each   = {}
      provider   = aws.west
      depends_on = [aws_kms_key.k]
      lifecycle {
        create_before_destroy = true
      }
      provisioner "local-exec" {
        command = "true"
      }
      connection {
        host = "x"
      }
    }
    """
    assert check(text) == []


def test_type_not_in_fixture():
    found = check('resource "aws_kinesis_stream" "k" {\n  name = "x"\n}\n')
    assert len(found) == 1
    assert found[0].startswith(
        "main.tf: aws_kinesis_stream.k: type `aws_kinesis_stream` not in the fixture (provider 6.62.0)"
    )
    assert check('data "aws_dynamodb_table" "t" {\n  name = "x"\n}\n')[0].startswith(
        "main.tf: data.aws_dynamodb_table.t: type"
    )


def test_gsi_resource_only_in_provider_6():
    text = """
    resource "aws_dynamodb_global_secondary_index" "g" {
      table_name = "t"
      index_name = "g"
      projection {
        projection_type = "ALL"
      }
      key_schema {
        attribute_name = "pk"
        attribute_type = "S"
        key_type       = "HASH"
      }
    }
    """
    assert check(text) == []
    assert "not in the fixture (provider 5.100.0)" in check(text, SCHEMA_5)[0]


# ----------------------------------------------------------------------- references


def test_deprecated_reference_to_data_aws_region_name():
    text = textwrap.dedent(
        """
        locals {
          # data.aws_region.current.name in a comment does not count
          region = data.aws_region.current.name
          arn    = "arn:aws:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/x"
          ok     = data.aws_region.current.region
          id     = data.aws_region.current.id
        }
        """
    )
    found = deprecated_references(text, filename="locals.tf")
    assert found == [
        "locals.tf:4: `data.aws_region.current.name` reads `name` of data.aws_region, deprecated in provider 6.0.0",
        "locals.tf:5: `data.aws_region.current.name` reads `name` of data.aws_region, deprecated in provider 6.0.0",
    ]
    assert deprecated_references(text, deprecated={}) == []


def test_deprecations_apply_from_their_release_on():
    text = "x = data.aws_region.current.name\n"
    assert deprecated_references(text, SCHEMA_5) == []
    assert len(deprecated_references(text, SCHEMA)) == 1
    assert len(deprecated_references(text)) == 1
    assert applicable(DEPRECATED, SCHEMA_5) == {
        "data.aws_iam_policy_document": {"override_json": "4.0.0", "source_json": "4.0.0"}
    }
    assert applicable(DEPRECATED, SCHEMA) == DEPRECATED


def test_deprecated_reference_into_nested_block():
    text = 'output "k" {\n  value = aws_dynamodb_table.this.global_secondary_index[*].hash_key\n}\n'
    assert deprecated_references(text, SCHEMA) == [
        "<text>:2: `aws_dynamodb_table.this.global_secondary_index[*].hash_key` reads `hash_key` of "
        "aws_dynamodb_table.global_secondary_index, deprecated in provider 6.29.0"
    ]
    # a resource attribute of the same name is not the GSI's
    assert deprecated_references("x = aws_dynamodb_table.this.hash_key\n") == []
    assert deprecated_references("x = data.aws_regions.all.names\n") == []


def test_deprecated_reference_from_fixture_flag():
    text = "x = data.aws_iam_policy_document.p.source_json\n"
    assert deprecated_references(text, SCHEMA_5, deprecated={}) == [
        "<text>:1: `data.aws_iam_policy_document.p.source_json` reads `source_json` of data.aws_iam_policy_document, deprecated in the provider schema"
    ]


# ----------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("fixture", [DEFAULT_FIXTURE, FIXTURE_5_100], ids=["6.62.0", "5.100.0"])
def test_fixture_is_stable_and_covers_the_types(fixture):
    text = fixture.read_text(encoding="utf-8")
    data = json.loads(text)
    assert dump(data) == text  # sorted keys, indent 2, trailing newline
    for kind, names in TYPES.items():
        for name in names:
            assert name in data[kind] or name in data["missing"][kind]
    assert data["source"]["provider_version"] in ("6.62.0", "5.100.0")
    assert data["source"]["command"]


def test_deprecated_keys_name_fixture_blocks():
    for key, attributes in DEPRECATED.items():
        kind = "data_sources" if key.startswith("data.") else "resources"
        tf_type, *path = key.removeprefix("data.").split(".")
        entry = SCHEMA[kind][tf_type]
        for block in path:
            entry = entry["blocks"][block]
        for attribute, release in attributes.items():
            assert attribute in entry["arguments"] or attribute in entry["blocks"], (key, attribute)
            assert release.count(".") == 2, release


# Literal types against the schema's (issue 18): a value of the wrong type is reported, an expression is not.
TYPED = """
resource "aws_dynamodb_table" "this" {
  name           = "orders"
  hash_key       = "pk"
  read_capacity  = %(read_capacity)s
  stream_enabled = %(stream_enabled)s
  tags           = %(tags)s

  attribute {
    name = "pk"
    type = "S"
  }

  global_secondary_index {
    name               = "gsi1"
    hash_key           = "pk"
    projection_type    = "INCLUDE"
    non_key_attributes = %(non_key_attributes)s
  }
}
"""
WELL_TYPED = {
    "read_capacity": "5",
    "stream_enabled": "true",
    "tags": '{ Team = "a" }',
    "non_key_attributes": '["a", "b"]',
}


@pytest.mark.parametrize("schema", [SCHEMA, SCHEMA_5], ids=["6.62.0", "5.100.0"])
def test_literal_types_are_checked_against_the_schemas(schema: dict) -> None:
    def typed(values: dict[str, str]) -> list[str]:
        return check(TYPED % values, schema, deprecated={})  # a GSI's hash_key, deprecated in 6.29, is not the point

    assert typed(WELL_TYPED) == []
    expressions = {name: f"var.{name}" for name in WELL_TYPED} | {"tags": "merge(var.a, var.b)"}
    assert typed(expressions) == []
    wrong = {"read_capacity": '"5"', "stream_enabled": '"true"', "tags": '["Team"]', "non_key_attributes": "[1, 2]"}
    found = typed(wrong)
    assert found == [
        "main.tf: aws_dynamodb_table.this.read_capacity: `read_capacity` is string, the schema's type is number",
        "main.tf: aws_dynamodb_table.this.stream_enabled: `stream_enabled` is string, the schema's type is bool",
        "main.tf: aws_dynamodb_table.this.tags: `tags` is a list literal, the schema's type is map(string)",
        "main.tf: aws_dynamodb_table.this.global_secondary_index.non_key_attributes: `non_key_attributes` is a list literal, "
        "the schema's type is set(string)",
    ], found


def test_both_fixtures_carry_a_type_for_every_argument() -> None:
    """The types come from two sources (the jsii bindings for 6, Terraform's own schema for 5): they must be there to check."""

    def untyped(block: dict, path: str) -> list[str]:
        found = [
            f"{path}.{name}"
            for name, arg in block.get("arguments", {}).items()
            if "type" not in arg and "nested" not in arg
        ]
        for name, nested in block.get("blocks", {}).items():
            found += untyped(nested, f"{path}.{name}")
        return found

    for schema in (SCHEMA, SCHEMA_5):
        assert [
            path
            for kind in ("resources", "data_sources")
            for name, block in schema[kind].items()
            for path in untyped(block, name)
        ] == []
