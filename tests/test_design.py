"""Table designs: names from the logical name, and a multi-index design read back with python-hcl2.

The design rules and their messages are cases of the bad-input corpus (tests/test_bad_input.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.profile.catalogue import outputs
from generator.profile.loader import load_profile
from generator.render.render import render
from tests.conftest import OUTPUT, SPEC_PROFILES, write_profile
from tests.hclparse import locals_of, parse_text, resources, variables
from tests.hclparse import outputs as declared_outputs

ORDERS = OUTPUT / "orders"


def _render(profile: str, folder: Path, *overrides: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in render(load_profile(profile, overrides), folder).items():
        (folder / name).write_bytes(data)
    return folder


SESSIONS = "table:\n  name: sessions\n  attributes: {session_id: S}\n  hash_key: session_id\n"


def test_the_logical_name_names_the_table_inputs_and_outputs(tmp_path):
    write_profile(tmp_path, "sessions", SESSIONS)
    folder = _render(str(tmp_path / "sessions.yaml"), tmp_path / "module")
    found = resources(folder)
    # The table's address is the only one the logical name gives (generator/profile/addresses.py).
    assert [address for address in found if "sessions" in address] == ["aws_dynamodb_table.sessions"]
    for address in (
        "aws_cloudwatch_metric_alarm.table",
        "aws_dynamodb_contributor_insights.table",
        "aws_dynamodb_resource_policy.table",
        "aws_dynamodb_resource_policy.table_stream",
    ):
        assert address in found, address
    assert not any("notifications" in address for address in found)
    assert "sessions_table_name" in variables(folder) and "notifications_table_name" not in variables(folder)
    assert variables(folder)["sessions_table_name"]["default"] == "sessions"
    names = set(declared_outputs(folder))
    assert {
        "sessions_table_name",
        "sessions_table_arn",
        "sessions_table_stream_arn",
        "sessions_table_stream_label",
    } <= names
    assert {"dynamodb_access_policy_arn", "dynamodb_read_only_policy_arn"} <= names
    assert not any(name.startswith("notifications") for name in names)
    # No TypeIndex in this design: no output for it.
    assert "sessions_table_type_index_name" not in names


def test_the_readme_manifest_and_profiles_show_use_the_designs_names(tmp_path, capsys):
    write_profile(tmp_path, "sessions", SESSIONS)
    folder = _render(str(tmp_path / "sessions.yaml"), tmp_path / "module")
    readme = (folder / "README.md").read_text()
    assert "to = module.dynamodb.aws_dynamodb_table.sessions" in readme
    assert 'sessions_table_name = "staging-sessions"' in readme
    settings = json.loads((folder / "ddbgen-manifest.json").read_text())["profile"]["settings"]
    assert settings["table"] == {"name": "sessions", "attributes": {"session_id": "S"}, "hash_key": "session_id"}
    assert cli.run(["profiles", "show", str(tmp_path / "sessions.yaml")]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert shown["table"]["name"] == "sessions" and shown["sessions_table_name"] == "sessions"


@pytest.mark.parametrize("builtin_profile", SPEC_PROFILES)
def test_the_specification_profiles_keep_the_specifications_names(builtin_profile):
    profile = load_profile(builtin_profile)
    assert [item.name for item in outputs(profile.design, profile.aws_provider)][:5] == [
        "notifications_table_name",
        "notifications_table_arn",
        "notifications_table_stream_arn",
        "notifications_table_stream_label",
        "notifications_table_type_index_name",
    ]
    assert "aws_dynamodb_table.notifications" in resources(OUTPUT / builtin_profile)


# The orders design, read back.


def _table(folder: Path) -> dict:
    return resources(folder)["aws_dynamodb_table.orders"]


def _index_keys(folder: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Each aws_dynamodb_global_secondary_index's key_schema blocks, in order: (attribute, type, HASH|RANGE)."""
    return {
        address.split(".", 1)[1]: [
            (key["attribute_name"], key["attribute_type"], key["key_type"]) for key in body["key_schema"]
        ]
        for address, body in resources(folder).items()
        if address.startswith("aws_dynamodb_global_secondary_index.")
    }


def test_orders_declares_exactly_its_key_attributes():
    """On provider 6 the table declares its own keys and its local index's; each global index declares its own."""
    table = _table(ORDERS)
    assert (table["hash_key"], table["range_key"]) == ("tenant_id", "order_id")
    attributes = {item["name"]: item["type"] for item in table["attribute"]}
    assert attributes == {"tenant_id": "S", "order_id": "S", "total": "N"}
    keys = _index_keys(ORDERS)
    assert keys == {
        "ByStatus": [("status", "S", "HASH"), ("created_at", "N", "RANGE")],
        "ByCustomer": [("customer_id", "S", "HASH"), ("created_at", "N", "RANGE")],
        "ByCustomerTotal": [("customer_id", "S", "HASH"), ("total", "N", "RANGE")],
    }


MATCHES = (
    "table:\n  name: matches\n  attributes: {pk: S, tournament: S, region: S, round: S, bracket: N}\n  hash_key: pk\n"
    "  global_secondary_indexes:\n"
    "    ByTournament: {hash_key: [tournament, region], range_key: [round, bracket], projection: ALL}\n"
    "    ByRegion: {hash_key: [region], range_key: bracket, projection: KEYS_ONLY,"
    " warm_throughput: {read_units_per_second: 15000, write_units_per_second: 4000}}\n"
)


def test_multi_attribute_keys_become_key_schema_entries_in_order_and_round_trip(tmp_path, capsys):
    """Provider 6: one key_schema per attribute, every HASH before every RANGE, each key's order kept;
    the table declares only its own key; the manifest and profiles show write the lists back."""
    write_profile(tmp_path, "matches", MATCHES)
    profile = load_profile(str(tmp_path / "matches.yaml"))
    folder = _render(str(tmp_path / "matches.yaml"), tmp_path / "module")
    keys = _index_keys(folder)
    assert keys == {
        "ByTournament": [
            ("tournament", "S", "HASH"),
            ("region", "S", "HASH"),
            ("round", "S", "RANGE"),
            ("bracket", "N", "RANGE"),
        ],
        "ByRegion": [("region", "S", "HASH"), ("bracket", "N", "RANGE")],
    }
    assert [item["name"] for item in resources(folder)["aws_dynamodb_table.matches"]["attribute"]] == ["pk"]
    section = profile.design.as_profile()
    assert section is not None
    assert section["global_secondary_indexes"]["ByTournament"]["hash_key"] == ["tournament", "region"]
    assert section["global_secondary_indexes"]["ByRegion"]["hash_key"] == "region"  # a list of one is one attribute
    readme = (folder / "README.md").read_text()
    assert "| `ByTournament` | global | `tournament` + `region`, `round` + `bracket` | ALL | the table's |" in readme
    assert (
        "| `ByRegion` | global | `region`, `bracket` | KEYS_ONLY | the table's; warm throughput 15000 reads and 4000 writes a second |"
        in readme
    )
    assert resources(folder)["aws_dynamodb_global_secondary_index.ByRegion"]["warm_throughput"] == {
        "read_units_per_second": 15000,
        "write_units_per_second": 4000,
    }
    assert cli.run(["profiles", "show", str(tmp_path / "matches.yaml")]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert shown["table"]["global_secondary_indexes"]["ByTournament"]["range_key"] == ["round", "bracket"]


def test_on_provider_5_the_table_declares_every_key_attribute(tmp_path):
    folder = _render("orders", tmp_path / "orders", "aws_provider=5")
    attributes = {item["name"]: item["type"] for item in _table(folder)["attribute"]}
    assert attributes == {
        "tenant_id": "S",
        "order_id": "S",
        "status": "S",
        "created_at": "N",
        "customer_id": "S",
        "total": "N",
    }


def _indexes(folder: Path) -> dict:
    """The global_secondary_indexes local, as the object constructor python-hcl2 reads."""
    text = locals_of(folder)["global_secondary_indexes"]
    assert text.startswith("${merge(") and text.endswith(")}")
    return text


@pytest.mark.parametrize("line", [5, 6])
def test_orders_global_indexes_with_each_projection_and_capacity(tmp_path, line):
    folder = _render("orders", tmp_path / "orders", f"aws_provider={line}")
    text = _indexes(folder)
    # Each entry, in the order the design gives them.
    entries = re.findall(r'"(\w+)" = \{name = "(\w+)"', text)
    assert entries == [("ByStatus", "ByStatus"), ("ByCustomer", "ByCustomer"), ("ByCustomerTotal", "ByCustomerTotal")]
    assert (
        'projection_type = "KEYS_ONLY", non_key_attributes = null, read_capacity = 2, write_capacity = 2, read_max_capacity = 20, write_max_capacity = 20'
        in text
    )
    assert (
        'projection_type = "INCLUDE", non_key_attributes = ["status", "created_at"], read_capacity = var.read_capacity'
        in text
    )
    dynamic = [
        block["global_secondary_index"]
        for block in _table(folder).get("dynamic", [])
        if "global_secondary_index" in block
    ]
    if line == 5:
        assert 'hash_key = "status", range_key = "created_at"' in text
        (inline,) = dynamic
        assert inline["for_each"] == "${local.global_secondary_indexes}"
        (content,) = inline["content"]
        assert content["read_capacity"] == "${local.provisioned ? global_secondary_index.value.read_capacity : null}"
        assert "key_schema" not in str(content)
        return
    # Provider 6: the table declares no index; each is a resource of its own.
    assert dynamic == [] and "hash_key" not in text
    found = resources(folder)
    customer = found["aws_dynamodb_global_secondary_index.ByCustomer"]
    assert (customer["table_name"], customer["index_name"]) == ("${aws_dynamodb_table.orders.name}", "ByCustomer")
    assert customer["projection"] == [{"projection_type": "KEYS_ONLY"}]
    (throughput,) = [
        block["provisioned_throughput"] for block in customer["dynamic"] if "provisioned_throughput" in block
    ]
    assert throughput["for_each"] == "${local.provisioned ? [true] : []}"
    assert throughput["content"] == [{"read_capacity_units": 2, "write_capacity_units": 2}]
    # With autoscaling each index ignores its own capacity, and nothing else.
    assert customer["lifecycle"] == [{"ignore_changes": ["provisioned_throughput"]}]
    total = found["aws_dynamodb_global_secondary_index.ByCustomerTotal"]
    assert total["projection"] == [{"projection_type": "INCLUDE", "non_key_attributes": ["status", "created_at"]}]


def test_orders_local_index_includes_its_attribute():
    (index,) = _table(ORDERS)["local_secondary_index"]
    assert index == {
        "name": "ByTotal",
        "range_key": "total",
        "projection_type": "INCLUDE",
        "non_key_attributes": ["status"],
    }


def test_orders_scales_alarms_and_watches_every_global_index():
    known = locals_of(ORDERS)
    # Scaling targets: the table, then every global index with its own bounds.
    assert "for key, index in local.global_secondary_indexes" in known["scaled_resources"]
    assert "min = index.read_capacity, max = index.read_max_capacity" in known["scaled_resources"]
    # Alarms: throttles and capacity for the table and every global index, with the index dimension.
    assert "GlobalSecondaryIndexName = local.index_names[key]" in known["alarm_targets"]
    assert "${target.prefix}read_throttle" in known["read_throttle_alarms"]
    assert "${target.prefix}write_throttle" in known["write_throttle_alarms"]
    assert "${target.prefix}${unit}_capacity" in known["capacity_alarms"]
    insights = resources(ORDERS)["aws_dynamodb_contributor_insights.table"]
    assert insights["for_each"] == "${var.enable_contributor_insights ? merge({table = null}, local.index_names) : {}}"
    # Each index's name is read from its resource (indexes.tf): what watches or scales an index waits for it.
    (names,) = [block["index_names"] for block in parse_text((ORDERS / "indexes.tf").read_text())["locals"]]
    assert names == known["index_names"] and names.count("aws_dynamodb_global_secondary_index.") == 3
    # With autoscaling, the table ignores its capacity, and not the index set (each index ignores its own).
    assert _table(ORDERS)["lifecycle"][0]["ignore_changes"][:3] == [
        "read_capacity",
        "write_capacity",
        "restore_source_name",
    ]


def test_on_provider_5_with_autoscaling_the_index_set_is_ignored(tmp_path):
    folder = _render("orders", tmp_path / "orders", "aws_provider=5")
    assert _table(folder)["lifecycle"][0]["ignore_changes"][:3] == [
        "read_capacity",
        "write_capacity",
        "global_secondary_index",
    ]
    assert (
        locals_of(folder)["index_names"] == "${{for key, index in local.global_secondary_indexes : key => index.name}}"
    )


def test_a_design_without_indexes_has_an_empty_index_map(tmp_path):
    write_profile(tmp_path, "sessions", SESSIONS)
    folder = _render(str(tmp_path / "sessions.yaml"), tmp_path / "module")
    assert locals_of(folder)["global_secondary_indexes"] == {}
    assert "dynamic" not in _table_of(folder, "sessions") or all(
        "global_secondary_index" not in block for block in _table_of(folder, "sessions")["dynamic"]
    )
    assert "range_key" not in _table_of(folder, "sessions")


def _table_of(folder: Path, name: str) -> dict:
    return resources(folder)[f"aws_dynamodb_table.{name}"]


def test_a_designs_on_demand_limits_reach_its_index(tmp_path):
    write_profile(
        tmp_path,
        "events",
        "table:\n  name: events\n  attributes: {id: N, kind: S}\n  hash_key: id\n"
        "  global_secondary_indexes: {ByKind: {hash_key: kind, projection: KEYS_ONLY, on_demand_throughput: {max_read_request_units: 50, max_write_request_units: -1}}}\n",
    )
    folder = _render(str(tmp_path / "events.yaml"), tmp_path / "module")
    assert (
        'on_demand_throughput = { "max_read_request_units" = 50, "max_write_request_units" = -1 }'
        in (folder / "main.tf").read_text()
    )
    assert parse_text((folder / "main.tf").read_text())  # python-hcl2 reads it


def test_index_names_that_give_one_terraform_resource_name_are_refused(tmp_path):
    """On provider 6 each global index is a resource named after it: two names must not give one resource name."""
    write_profile(
        tmp_path,
        "edge",
        "table:\n  name: edge\n  attributes: {pk: S, gk: S}\n  hash_key: pk\n"
        "  global_secondary_indexes: {By.Kind: {hash_key: gk, projection: ALL}, By_Kind: {hash_key: gk, projection: ALL}}\n",
    )
    code = cli.run(["generate", "--profile", str(tmp_path / "edge.yaml"), "--out", str(tmp_path / "module")])
    assert code == 2
    assert not (tmp_path / "module").exists()
