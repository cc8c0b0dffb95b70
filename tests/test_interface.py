"""The rendered module, parsed back with python-hcl2, against the specification's interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.profiles import load_profile
from generator.render import render
from tests import spec
from tests.conftest import OUTPUT, SPEC
from tests.hclparse import data_sources, outputs, parse_file, parse_text, resources, variables

# The spec's usage examples pass these besides the Inputs table.
EXTRA_INPUTS = {
    "autoscaling_read_target_value",
    "autoscaling_write_target_value",
    "read_throttle_alarm_threshold",
    "write_throttle_alarm_threshold",
    "user_errors_alarm_threshold",
    "system_errors_alarm_threshold",
}
SPEC_EXAMPLE_DEFAULTS = {
    "autoscaling_read_target_value": 70,
    "autoscaling_write_target_value": 70,
    "read_throttle_alarm_threshold": 10,
    "write_throttle_alarm_threshold": 10,
    "user_errors_alarm_threshold": 50,
    "system_errors_alarm_threshold": 5,
}
# The spec's Development/Staging and Production blocks, by built-in profile.
SPEC_BLOCK_OF = {"development": "Development/Staging", "staging": "Development/Staging", "production": "Production"}


def _type(parsed: str) -> str:
    return re.sub(r"^\$\{(.*)\}$", r"\1", parsed)


def test_the_spec_fixture_is_the_shared_spec():
    shared = SPEC.parents[3] / "shared" / "spec" / "dynamodb-module-README.md"
    if not shared.is_file():
        pytest.skip(f"no shared spec at {shared} (only in the project's workspace)")
    assert SPEC.read_bytes() == shared.read_bytes()


def test_usage_examples_pass_exactly_the_six_extra_inputs():
    passed = set().union(*(set(arguments) for arguments in spec.usage_examples().values()))
    assert passed - set(spec.inputs()) == EXTRA_INPUTS


def test_every_documented_input_is_declared_with_its_type_and_a_description(builtin_profile):
    declared = variables(OUTPUT / builtin_profile)
    for name, documented in spec.inputs().items():
        assert name in declared, f"{name} missing from output/{builtin_profile}/variables.tf"
        assert _type(declared[name]["type"]) == documented.type, name
        assert declared[name]["description"].strip(), name
    for name in EXTRA_INPUTS:
        assert name in declared
        assert _type(declared[name]["type"]) == "number"
        assert declared[name]["description"].strip()


def test_default_profile_has_every_documented_default():
    declared = variables(OUTPUT / "default")
    for name, documented in spec.inputs().items():
        if documented.required:
            assert "default" not in declared[name], f"{name} is required and must have no default"
        else:
            assert "default" in declared[name], name
            assert declared[name]["default"] == documented.default, name
    for name, value in SPEC_EXAMPLE_DEFAULTS.items():
        assert declared[name]["default"] == value


@pytest.mark.parametrize("profile", sorted(SPEC_BLOCK_OF))
def test_environment_profiles_follow_the_spec_blocks(profile):
    declared = variables(OUTPUT / profile)
    block = spec.environment_blocks()[SPEC_BLOCK_OF[profile]]
    assert block, "the spec block has literal settings"
    for name, value in block.items():
        assert declared[name]["default"] == value, f"{profile}: {name}"


def test_environment_stays_required_in_every_profile(builtin_profile):
    assert "default" not in variables(OUTPUT / builtin_profile)["environment"]


def test_every_variable_and_output_is_described(builtin_profile):
    for name, body in {**variables(OUTPUT / builtin_profile), **outputs(OUTPUT / builtin_profile)}.items():
        assert body.get("description", "").strip(), name
    for name, body in variables(OUTPUT / builtin_profile).items():
        assert "type" in body, name


def test_every_documented_output_is_present(builtin_profile):
    declared = outputs(OUTPUT / builtin_profile)
    for name in spec.outputs():
        assert name in declared, name
    # What a consumer needs next: the stream label, the policy JSON, the alarm ARNs.
    assert {"notifications_table_stream_label", "dynamodb_access_policy_json", "cloudwatch_alarm_arns"} <= set(declared)


def test_the_import_address_of_the_spec_exists(builtin_profile):
    assert spec.import_address() in resources(OUTPUT / builtin_profile)


def test_table_keys_follow_the_data_model():
    table = resources(OUTPUT / "default")["aws_dynamodb_table.notifications"]
    keys = spec.data_model_keys()
    assert table["hash_key"] == keys["hash_key"]
    assert table["range_key"] == keys["range_key"]
    static = {attribute["name"]: attribute["type"] for attribute in table["attribute"]}
    assert static == {keys["hash_key"]: "S", keys["range_key"]: "S"}


# The spec says prevent_destroy defaults to true and gives false for Development/Staging.
EXPECTED_PREVENT_DESTROY = {"default": True, "development": False, "staging": False, "production": True}


def _lifecycle(folder: Path) -> dict:
    (block,) = resources(folder)["aws_dynamodb_table.notifications"]["lifecycle"]
    return block


@pytest.mark.parametrize("profile, expected", sorted(EXPECTED_PREVENT_DESTROY.items()))
def test_prevent_destroy_is_a_literal_per_profile(profile, expected):
    assert _lifecycle(OUTPUT / profile)["prevent_destroy"] is expected
    assert "ignore_changes" not in _lifecycle(OUTPUT / profile)


def _render_to(tmp_path: Path, *overrides: str) -> Path:
    for name, data in render(load_profile("default", overrides)).items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    "overrides, ignored",
    [
        (("enable_autoscaling=true",), ["read_capacity", "write_capacity"]),
        (
            ("enable_autoscaling=true", "enable_type_index=true"),
            ["read_capacity", "write_capacity", "global_secondary_index"],
        ),
    ],
)
def test_autoscaling_bakes_capacity_into_ignore_changes(tmp_path, overrides, ignored):
    lifecycle = _lifecycle(_render_to(tmp_path, *overrides))
    assert lifecycle["ignore_changes"] == ignored


@pytest.mark.parametrize(
    "overrides, fixed",
    [
        ((), {"prevent_destroy": True, "enable_autoscaling": False}),
        (("prevent_destroy=false",), {"prevent_destroy": False, "enable_autoscaling": False}),
        (
            ("enable_autoscaling=true", "enable_type_index=true"),
            {"prevent_destroy": True, "enable_autoscaling": True, "enable_type_index": True},
        ),
    ],
)
def test_fixed_inputs_default_to_the_baked_value_and_reject_others(tmp_path, overrides, fixed):
    declared = variables(_render_to(tmp_path, *overrides))
    for name, baked in fixed.items():
        assert declared[name]["default"] is baked
        guards = [
            rule for rule in declared[name].get("validation", []) if "fixed at generation" in rule["error_message"]
        ]
        assert len(guards) == 1, name
        literal = "true" if baked else "false"
        assert guards[0]["condition"] == f"${{var.{name} == {literal}}}"
        assert f"--set {name}=" in guards[0]["error_message"]
        assert "profile default" in guards[0]["error_message"]
    if "enable_type_index" not in fixed:
        assert not any("fixed" in rule["error_message"] for rule in declared["enable_type_index"].get("validation", []))


def test_type_index_declares_only_key_attributes():
    main = (OUTPUT / "default" / "main.tf").read_text()
    table = resources(OUTPUT / "default")["aws_dynamodb_table.notifications"]
    (index,) = table["dynamic"][1]["global_secondary_index"]["content"]
    assert index["name"] == "${global_secondary_index.value}"
    assert {index["hash_key"], index["range_key"]} == {"PK", "TypeSK"}
    assert 'var.enable_type_index ? ["TypeSK"] : []' in main
    assert '"TypeIndex"' in main


def test_versions_pin_terraform_and_the_aws_provider_without_a_provider_block(builtin_profile):
    folder = OUTPUT / builtin_profile
    (terraform,) = parse_file(folder / "versions.tf")["terraform"]
    assert terraform["required_version"].startswith(">=")
    aws = terraform["required_providers"][0]["aws"]
    assert aws["source"] == "hashicorp/aws"
    assert aws["version"] == ">= 5.0, < 6.0"  # 5.100, the tested provider, satisfies it
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
        assert "provider" not in parse_file(folder / name), name


def test_iam_policies_come_from_policy_documents(builtin_profile):
    found = resources(OUTPUT / builtin_profile)
    documents = data_sources(OUTPUT / builtin_profile)
    for name in ("access", "read_only"):
        assert found[f"aws_iam_policy.{name}"]["policy"] == f"${{data.aws_iam_policy_document.{name}.json}}"
        assert f"aws_iam_policy_document.{name}" in documents


TAGGABLE = {
    "aws_dynamodb_table.notifications",
    "aws_appautoscaling_target.capacity",
    "aws_cloudwatch_metric_alarm.notifications",
    "aws_iam_policy.access",
    "aws_iam_policy.read_only",
}


def test_every_taggable_resource_carries_the_merged_tags(builtin_profile):
    found = resources(OUTPUT / builtin_profile)
    for address in TAGGABLE:
        assert found[address]["tags"] == "${local.tags}", address
    main = parse_file(OUTPUT / builtin_profile / "main.tf")
    tags = next(block["tags"] for block in main["locals"] if "tags" in block)
    assert tags == "${merge({Environment = var.environment}, var.common_tags)}"


def test_rendering_is_byte_stable(builtin_profile):
    first = render(load_profile(builtin_profile))
    second = render(load_profile(builtin_profile))
    assert first == second
    for name, data in first.items():
        assert (OUTPUT / builtin_profile / name).read_bytes() == data, f"output/{builtin_profile}/{name} is stale"


def test_every_generated_file_starts_with_the_header(builtin_profile):
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
        first = (OUTPUT / builtin_profile / name).read_text().splitlines()[0]
        assert re.fullmatch(
            rf"# Code generated by ddbgen \d+\.\d+\.\d+\S* from profile {builtin_profile}; DO NOT EDIT\.", first
        ), first


def test_parse_text_reads_what_it_is_given():
    # Guards the helper the other tests rely on: a missing block must not parse as present.
    assert "variable" not in parse_text('output "x" {\n  value = 1\n}\n')


def test_module_readme_keeps_one_table_row_per_input_whatever_the_values(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text('ttl_attribute_name: "a\\nb|c`d"\ncommon_tags: {"x|y": "``"}\n', encoding="utf-8")
    readme = render(load_profile(str(path)))["README.md"].decode()
    rows = [line for line in readme.splitlines() if line.startswith("| ttl_attribute_name |")]
    # The value is its HCL literal (newline escaped), fenced past its backtick, its pipe escaped.
    cell = '``"a\\nb\\|c`d"``'
    assert rows == [f"| ttl_attribute_name | Item attribute holding the expiry time, in epoch seconds. | `string` | {cell} | no |"]
    (tags_row,) = [line for line in readme.splitlines() if line.startswith("| common_tags |")]
    cells = re.split(r"(?<!\\)\|", tags_row.strip("|"))
    assert len(cells) == 5, cells  # the pipe in the tag key is escaped, so it splits no cell
