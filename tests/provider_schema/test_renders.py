"""Every render, for each provider line, against that line's recorded provider schema.

Each built-in profile is rendered for provider 6 and for provider 5, and so
are variants with every optional feature switched on. Every ``resource`` and
``data`` block (into nested and ``dynamic`` blocks) must use only arguments
and blocks the line's provider has, give every required one, and use nothing
deprecated, and give each literal value the argument's type (a quoted number, a
bool where a string goes, a list for a map); no expression may read a deprecated
attribute. Provider 6 is
checked against 6.62.0's schema, provider 5 against 5.100.0's: neither needs
Terraform or the provider, so this runs in every tier (the Terraform tier
validates the renders of the line its mirror holds; see tests/terraform).
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import hcl2
import pytest

from generator.profile.loader import builtin_names, load_profile
from generator.render.render import render
from tests.provider_schema import DEFAULT_FIXTURE, FIXTURE_5_100, deprecated_references, load, violations

FIXTURES = {6: DEFAULT_FIXTURE, 5: FIXTURE_5_100}

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "dynamodb:GetItem",
                "Resource": "__DYNAMODB_TABLE_ARN__",
            }
        ],
    }
)
STREAM_POLICY = POLICY.replace("dynamodb:GetItem", "dynamodb:GetRecords").replace("TABLE", "STREAM")
REPLICA_KEY = "arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000"

# Variants with the optional features on: (profile, overrides for both lines, overrides for 6 only).
VARIANTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "every-table-setting": (
        "production",
        (
            f"replica_regions=[{{region_name: us-west-2, kms_key_arn: '{REPLICA_KEY}', point_in_time_recovery: true}}]",
            f"resource_policy={json.dumps(POLICY)}",
            f"stream_resource_policy={json.dumps(STREAM_POLICY)}",
            "on_demand_throughput={max_read_request_units: 100, max_write_request_units: 50}",
            "table_class=STANDARD_INFREQUENT_ACCESS",
            "point_in_time_recovery_period_in_days=7",
            "enable_contributor_insights=true",
            "kms_key_arn=arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000001",
            "alarm_sns_topic_arn=arn:aws:sns:us-east-1:123456789012:alerts",
            "timeouts={create: 45m, update: 3h}",
            "kinesis_streaming_enabled=true",
            "kinesis_stream_arn=arn:aws:kinesis:us-east-1:123456789012:stream/orders-changes",
            "kinesis_approximate_creation_date_time_precision=MICROSECOND",
        ),
        (
            "warm_throughput={read_units_per_second: 12000, write_units_per_second: 4000}",
            "contributor_insights_mode=THROTTLED_KEYS",
            f"replica_regions=[{{region_name: us-west-2, kms_key_arn: '{REPLICA_KEY}', deletion_protection_enabled: false, consistency_mode: STRONG}}]",
            "global_table_witness={region_name: us-east-2}",
        ),
    ),
    "restore": ("production", ("restore_source_name=orders-backup", "restore_to_latest_time=true"), ()),
    "restore-backup": (
        "production",
        (),
        ("restore_backup_arn=arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01489602797149-73d8d5bc",),
    ),
    "import": (
        "production",
        (
            "import_table={input_format: CSV, bucket: imports, key_prefix: orders/, csv_delimiter: ';',"
            " csv_header_list: [PK, SK]}",
        ),
        (),
    ),
    "moved-from": ("production", ("moved_from=terraform-aws-modules/dynamodb-table",), ()),
    "autoscaling": (
        "default",
        (
            "billing_mode=PROVISIONED",
            "enable_autoscaling=true",
            "enable_type_index=true",
            "enable_contributor_insights=true",
            "autoscaling_scale_in_cooldown=120",
            "autoscaling_scheduled_actions=[{name: up, index: TypeIndex, unit: read, schedule: 'cron(0 8 ? * MON-FRI *)',"
            " timezone: Europe/Paris, start_time: '2026-01-01T00:00:00Z', min_capacity: 10, max_capacity: 200}]",
        ),
        (),
    ),
    "index-on-demand-limits": (
        "production",
        (
            "table={name: events, attributes: {id: N, kind: S}, hash_key: id, global_secondary_indexes: "
            "{ByKind: {hash_key: kind, projection: KEYS_ONLY, on_demand_throughput: {max_read_request_units: 50, max_write_request_units: 20}}}}",
        ),
        (),
    ),
    # Multi-attribute keys (provider 6.29): key_schema entries on each index's own resource; an index's warm
    # throughput, an attribute there (provider 6). Line 5 refuses both.
    "multi-attribute-keys": (
        "production",
        (),
        (
            "table={name: matches, attributes: {pk: S, tournament: S, region: S, round: S, bracket: N}, hash_key: pk, "
            "global_secondary_indexes: {ByTournament: {hash_key: [tournament, region], range_key: [round, bracket], "
            "projection: ALL}, ByRound: {hash_key: round, projection: KEYS_ONLY, "
            "warm_throughput: {read_units_per_second: 15000, write_units_per_second: 4500}}}}",
        ),
    ),
    "orders-on-demand": (
        "orders",
        (
            "billing_mode=PAY_PER_REQUEST",
            "enable_autoscaling=false",
            "on_demand_throughput={max_read_request_units: 10}",
        ),
        (),
    ),
}
RENDERS = [(name, line) for name in builtin_names() for line in FIXTURES] + [
    (f"variant:{name}", line) for name in VARIANTS for line in FIXTURES
]


@functools.cache
def _schema(line: int) -> dict:
    return load(FIXTURES[line])


@functools.cache
def _parsed(text: str) -> dict:
    """python-hcl2's output with its block markers, once per distinct file text (renders share many)."""
    return hcl2.load(io.StringIO(text), serialization_options=hcl2.SerializationOptions(with_comments=False))


def _render(name: str, line: int, folder: Path) -> dict[str, str]:
    """The .tf files of a render, by name."""
    if name.startswith("variant:"):
        profile, overrides, only_6 = VARIANTS[name.removeprefix("variant:")]
        overrides = overrides + (only_6 if line == 6 else ())
    else:
        profile, overrides = name, ()
    resolved = load_profile(profile, [*overrides, f"aws_provider={line}"])
    return {file: data.decode() for file, data in render(resolved, folder).items() if file.endswith(".tf")}


@pytest.mark.parametrize("name, line", RENDERS, ids=[f"{name}-provider-{line}" for name, line in RENDERS])
def test_every_block_fits_the_lines_provider_schema(name: str, line: int, tmp_path: Path) -> None:
    files = _render(name, line, tmp_path / "module")
    schema = _schema(line)
    # variables.tf and outputs.tf hold no resource or data block; expressions anywhere may read a deprecated attribute.
    parsed = {file: _parsed(text) for file, text in files.items() if file not in ("variables.tf", "outputs.tf")}
    assert violations(parsed, schema) == []
    assert [found for file, text in files.items() for found in deprecated_references(text, schema, filename=file)] == []


def test_the_variants_switch_their_features_on() -> None:
    """A variant that rendered nothing new would check nothing: each shows in the files it produces."""
    every = _render("variant:every-table-setting", 6, Path("module"))
    assert "warm_throughput" in every["main.tf"] and "deletion_protection_enabled" in every["main.tf"]
    assert 'dynamic "global_table_witness"' in every["main.tf"]
    assert (
        "restore_backup_arn          = var.restore_backup_arn"
        in _render("variant:restore-backup", 6, Path("module"))["main.tf"]
    )
    assert "region       = each.key" in every["resource_policy.tf"]
    assert "moved {" in _render("variant:moved-from", 5, Path("module"))["moved.tf"]
    # Provider 6: each global index its own resource, with its limits, and (autoscaled) ignoring its own capacity.
    assert (
        'dynamic "on_demand_throughput"' in _render("variant:index-on-demand-limits", 6, Path("module"))["indexes.tf"]
    )
    assert (
        "ignore_changes = [provisioned_throughput]" in _render("variant:autoscaling", 6, Path("module"))["indexes.tf"]
    )
    multi = _render("variant:multi-attribute-keys", 6, Path("module"))["indexes.tf"]
    index = _parsed(multi)["resource"][0]['"aws_dynamodb_global_secondary_index"']['"ByTournament"']
    keys = [(block["attribute_name"], block["attribute_type"], block["key_type"]) for block in index["key_schema"]]
    by_round = _parsed(multi)["resource"][1]['"aws_dynamodb_global_secondary_index"']['"ByRound"']
    assert by_round["warm_throughput"] == {"read_units_per_second": 15000, "write_units_per_second": 4500}
    assert keys == [
        ('"tournament"', '"S"', '"HASH"'),
        ('"region"', '"S"', '"HASH"'),
        ('"round"', '"S"', '"RANGE"'),
        ('"bracket"', '"N"', '"RANGE"'),
    ]
    autoscaled = _render("variant:autoscaling", 5, Path("module"))
    assert 'resource "aws_appautoscaling_scheduled_action" "capacity"' in autoscaled["autoscaling.tf"]
    assert "read_capacity,\n      write_capacity,\n      global_secondary_index," in autoscaled["main.tf"]
    assert "warm_throughput" not in _render("variant:every-table-setting", 5, Path("module"))["main.tf"]


def test_a_render_for_one_line_fails_the_other_lines_schema(tmp_path: Path) -> None:
    """So the checks above can fail: provider 5 has no aws_dynamodb_global_secondary_index, and 6 deprecates a GSI's hash_key."""
    for rendered, checked, expected in (
        (6, 5, "type `aws_dynamodb_global_secondary_index` not in the fixture"),
        (5, 6, "hash_key` is deprecated"),
    ):
        files = _render("orders", rendered, tmp_path / str(rendered))
        parsed = {file: _parsed(text) for file, text in files.items() if file not in ("variables.tf", "outputs.tf")}
        assert any(expected in problem for problem in violations(parsed, _schema(checked))), (rendered, checked)
