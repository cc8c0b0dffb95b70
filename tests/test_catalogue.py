"""The rendered module, parsed back with python-hcl2, against the specification's interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.profile.loader import load_profile
from generator.render.render import render
from tests import spec
from tests.conftest import OUTPUT, SPEC_PROFILES
from tests.hclparse import data_sources, locals_of, outputs, parse_file, parse_module, parse_text, resources, variables

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


def test_the_interface_fixture_is_what_the_spec_text_says():
    """The interface the other tests read (which runs on any clone) against the specification, where its text is at hand."""
    text = spec.spec_text_path()
    if not text.is_file():
        pytest.skip(f"the specification's text is not at {text}: set {spec.SPEC_ENV} to check the fixture against it")
    expected = spec.interface_json(spec.interface_of(text.read_text(encoding="utf-8")))
    assert spec.INTERFACE.read_text(encoding="utf-8") == expected, "write it again: python -m tests.spec"


def test_the_interface_fixture_holds_the_whole_interface():
    """Not an empty or cut-down file: every input with its type, the outputs, the examples, the data model."""
    assert len(spec.inputs()) == 20 and len(spec.outputs()) == 5
    assert spec.inputs()["environment"].required and spec.inputs()["environment"].default is spec.NO_DEFAULT
    assert spec.inputs()["billing_mode"].default == "PAY_PER_REQUEST"
    assert len(spec.usage_examples()) >= 3 and set(spec.environment_blocks()) == set(SPEC_BLOCK_OF.values())


def test_usage_examples_pass_exactly_the_six_extra_inputs():
    passed = set().union(*(set(arguments) for arguments in spec.usage_examples().values()))
    assert passed - set(spec.inputs()) == EXTRA_INPUTS


@pytest.fixture(params=SPEC_PROFILES)
def spec_profile(request) -> str:
    """The built-in profiles of the specification's own table (orders has a design of its own)."""
    return request.param


def test_every_documented_input_is_declared_with_its_type_and_a_description(spec_profile):
    builtin_profile = spec_profile
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


def test_every_documented_output_is_present(spec_profile):
    declared = outputs(OUTPUT / spec_profile)
    for name in spec.outputs():
        assert name in declared, name
    # What a consumer needs next: the stream label, the policy JSON, the alarm ARNs.
    assert {"notifications_table_stream_label", "dynamodb_access_policy_json", "cloudwatch_alarm_arns"} <= set(declared)


def test_the_import_address_of_the_spec_exists(spec_profile):
    assert spec.import_address() in resources(OUTPUT / spec_profile)


def test_table_keys_follow_the_data_model():
    table = resources(OUTPUT / "default")["aws_dynamodb_table.notifications"]
    keys = spec.data_model_keys()
    assert table["hash_key"] == keys["hash_key"]
    assert table["range_key"] == keys["range_key"]
    static = {attribute["name"]: attribute["type"] for attribute in table["attribute"]}
    assert static == {keys["hash_key"]: "S", keys["range_key"]: "S"}


# The spec says prevent_destroy defaults to true and gives false for Development/Staging.
EXPECTED_PREVENT_DESTROY = {"default": True, "development": False, "staging": False, "production": True}


def _lifecycle(folder: Path, table: str = "notifications") -> dict:
    (block,) = resources(folder)[f"aws_dynamodb_table.{table}"]["lifecycle"]
    return block


# Read only when the table is created, never read back: ignored, or a restored
# table would be replaced once they leave the configuration.
CREATE_ONLY = [
    "restore_source_name",
    "restore_source_table_arn",
    "restore_date_time",
    "restore_to_latest_time",
    "restore_backup_arn",  # provider 6, the built-in profiles' line
    "import_table",
]


@pytest.mark.parametrize("profile, expected", sorted(EXPECTED_PREVENT_DESTROY.items()))
def test_prevent_destroy_is_a_literal_per_profile(profile, expected):
    assert _lifecycle(OUTPUT / profile)["prevent_destroy"] is expected
    assert _lifecycle(OUTPUT / profile)["ignore_changes"] == CREATE_ONLY


def _render_to(tmp_path: Path, *overrides: str, profile: str = "default") -> Path:
    for name, data in render(load_profile(profile, overrides), tmp_path).items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    "overrides, ignored",
    [
        (("enable_autoscaling=true",), ["read_capacity", "write_capacity"]),
        # Provider 5 ignores the whole index set with the capacity (one index's cannot be ignored there).
        (
            ("enable_autoscaling=true", "enable_type_index=true", "aws_provider=5"),
            ["read_capacity", "write_capacity", "global_secondary_index"],
        ),
        # Provider 6: each index is its own resource and ignores its own capacity.
        (("enable_autoscaling=true", "enable_type_index=true"), ["read_capacity", "write_capacity"]),
    ],
)
def test_autoscaling_bakes_capacity_into_ignore_changes(tmp_path, overrides, ignored):
    lifecycle = _lifecycle(_render_to(tmp_path, *overrides))
    create_only = (
        CREATE_ONLY if "aws_provider=5" not in overrides else [n for n in CREATE_ONLY if n != "restore_backup_arn"]
    )
    assert lifecycle["ignore_changes"] == ignored + create_only


@pytest.mark.parametrize(
    "overrides, fixed",
    [
        ((), {"prevent_destroy": True, "enable_autoscaling": False}),
        (("prevent_destroy=false",), {"prevent_destroy": False, "enable_autoscaling": False}),
        (
            ("enable_autoscaling=true", "enable_type_index=true", "aws_provider=5"),
            {"prevent_destroy": True, "enable_autoscaling": True, "enable_type_index": True},
        ),
        # On provider 6 the index is a resource of its own: switching it plans that index alone.
        (("enable_autoscaling=true", "enable_type_index=true"), {"prevent_destroy": True, "enable_autoscaling": True}),
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
        assert "from profile default" in guards[0]["error_message"]
    if "enable_type_index" not in fixed:
        assert not any("fixed" in rule["error_message"] for rule in declared["enable_type_index"].get("validation", []))


@pytest.mark.parametrize("line", ["5", "6"])
def test_type_index_is_switched_and_declares_only_key_attributes(tmp_path, line):
    folder = _render_to(tmp_path, f"aws_provider={line}")
    main = (folder / "main.tf").read_text()
    found = resources(folder)
    table = found["aws_dynamodb_table.notifications"]
    (indexes,) = [
        block["global_secondary_indexes"] for block in parse_text(main)["locals"] if "global_secondary_indexes" in block
    ]
    assert indexes.startswith('${merge(var.enable_type_index ? {"type_index" = {')
    assert {item["name"] for item in table["attribute"]} == {"PK", "SK"}
    if line == "5":
        attribute, index = (
            next(block[kind] for block in table["dynamic"] if kind in block)
            for kind in ("attribute", "global_secondary_index")
        )
        assert attribute["for_each"] == '${var.enable_type_index ? ["TypeSK"] : []}'
        assert index["for_each"] == "${local.global_secondary_indexes}"
        assert 'hash_key = "PK", range_key = "TypeSK"' in indexes
        return
    # Provider 6: the index is a resource of its own, switched by count, declaring its keys' types.
    assert not any(kind in block for block in table["dynamic"] for kind in ("attribute", "global_secondary_index"))
    index = found["aws_dynamodb_global_secondary_index.type_index"]
    assert index["count"] == "${var.enable_type_index ? 1 : 0}"
    assert [(key["attribute_name"], key["attribute_type"], key["key_type"]) for key in index["key_schema"]] == [
        ("PK", "S", "HASH"),
        ("TypeSK", "S", "RANGE"),
    ]


# The lowest release of each line with every argument the render uses
# (generator/profile/provider_lines.py gives the release of each argument that sets it).
CONSTRAINTS = {"5": ">= 5.98.0, < 6.0.0", "6": ">= 6.44.0, < 7.0.0"}


@pytest.mark.parametrize("line", sorted(CONSTRAINTS))
def test_versions_admit_the_provider_line_rendered_for_and_no_provider_block(tmp_path, line):
    folder = _render_to(tmp_path, f"aws_provider={line}")
    (terraform,) = parse_file(folder / "versions.tf")["terraform"]
    assert terraform["required_version"] == ">= 1.9.0"
    aws = terraform["required_providers"][0]["aws"]
    assert aws == {"source": "hashicorp/aws", "version": CONSTRAINTS[line]}
    for name, document in parse_module(folder).items():
        assert "provider" not in document, name


def test_builtin_profiles_render_for_provider_6(builtin_profile):
    (terraform,) = parse_file(OUTPUT / builtin_profile / "versions.tf")["terraform"]
    assert terraform["required_providers"][0]["aws"]["version"] == CONSTRAINTS["6"]


def test_a_folder_rendered_for_the_other_line_is_drift(tmp_path):
    from generator.folder.check import check

    folder = tmp_path / "module"
    for name, data in render(load_profile("production", ["aws_provider=5"]), folder).items():
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
    report = check(folder, load_profile("production"))
    assert not report.clean
    assert {"main.tf", "versions.tf", "variables.tf"} <= {item.path for item in report.drifted}


def test_iam_policies_come_from_policy_documents(builtin_profile):
    found = resources(OUTPUT / builtin_profile)
    documents = data_sources(OUTPUT / builtin_profile)
    for name in ("access", "read_only"):
        assert found[f"aws_iam_policy.{name}"]["policy"] == f"${{data.aws_iam_policy_document.{name}.json}}"
        assert f"aws_iam_policy_document.{name}" in documents


# Every resource type of the module that takes tags, and those that take none.
TAGGABLE = (
    "aws_dynamodb_table",
    "aws_appautoscaling_target",
    "aws_cloudwatch_metric_alarm",
    "aws_iam_policy",
    "aws_backup_vault",
    "aws_backup_plan",
    "aws_iam_role",
)
UNTAGGABLE = (
    "aws_appautoscaling_policy",
    "aws_appautoscaling_scheduled_action",  # no tags argument (5.100.0 and 6.62.0 schemas)
    "aws_dynamodb_kinesis_streaming_destination",  # no tags argument (5.100.0 and 6.62.0 schemas)
    "aws_dynamodb_contributor_insights",
    "aws_dynamodb_resource_policy",
    "aws_dynamodb_global_secondary_index",  # no tags argument (6.62.0 schema): the table's tags cover it
    "terraform_data",
    "aws_backup_selection",  # no tags argument: it is part of its plan
    "aws_iam_role_policy_attachment",
    "aws_cloudwatch_dashboard",  # no tags argument
)


def test_every_taggable_resource_carries_the_merged_tags(builtin_profile):
    found = resources(OUTPUT / builtin_profile)
    assert set(TAGGABLE) <= {address.split(".")[0] for address in found} <= set(TAGGABLE + UNTAGGABLE)
    for address, body in found.items():
        if address.split(".")[0] in TAGGABLE:
            assert body["tags"] == "${local.tags}", address
    tags = locals_of(OUTPUT / builtin_profile)["tags"]
    assert tags == "${merge({Environment = var.environment}, var.common_tags)}"


def test_rendering_is_byte_stable(builtin_profile):
    folder = OUTPUT / builtin_profile
    first = render(load_profile(builtin_profile), folder)
    second = render(load_profile(builtin_profile), folder)
    assert first == second
    assert sorted(first) == sorted(path.name for path in folder.iterdir())
    for name, data in first.items():
        assert (folder / name).read_bytes() == data, f"output/{builtin_profile}/{name} is stale"


def test_every_generated_file_starts_with_the_header(builtin_profile):
    for path in sorted((OUTPUT / builtin_profile).glob("*.tf")):
        name = path.name
        first = (OUTPUT / builtin_profile / name).read_text().splitlines()[0]
        assert re.fullmatch(
            rf"# Code generated by ddbgen \d+\.\d+\.\d+\S* from profile {builtin_profile}; DO NOT EDIT\.", first
        ), first


def test_parse_text_reads_what_it_is_given():
    # Guards the helper the other tests rely on: a missing block must not parse as present.
    assert "variable" not in parse_text('output "x" {\n  value = 1\n}\n')


def test_module_readme_keeps_one_table_row_per_input_whatever_the_values(tmp_path):
    path = tmp_path / "odd.yaml"
    # Tags cannot hold a pipe or a backtick (DynamoDB's tag characters); a policy document can.
    path.write_text('ttl_attribute_name: "a\\nb|c`d"\nresource_policy: {"x|y": "``"}\n', encoding="utf-8")
    readme = render(load_profile(str(path)), tmp_path / "module")["README.md"].decode()
    rows = [line for line in readme.splitlines() if line.startswith("| ttl_attribute_name |")]
    # The value is its HCL literal (newline escaped), fenced past its backtick, its pipe escaped.
    cell = '``"a\\nb\\|c`d"``'
    assert rows == [
        f"| ttl_attribute_name | Item attribute holding the expiry time, in epoch seconds. | `string` | {cell} | no |"
    ]
    (policy_row,) = [line for line in readme.splitlines() if line.startswith("| resource_policy |")]
    cells = re.split(r"(?<!\\)\|", policy_row.strip("|"))
    assert len(cells) == 5, cells  # the pipe in the policy's key is escaped, so it splits no cell
