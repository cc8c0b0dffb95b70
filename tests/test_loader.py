"""Profile resolution: built-ins, inheritance, --set overrides, unknown keys, fixed inputs."""

from __future__ import annotations

import json

import pytest

from generator.errors import ProfileError
from generator.profile.catalogue import defaults, inputs
from generator.profile.design import NOTIFICATIONS
from generator.profile.loader import builtin_names, load_profile, parse_override
from tests import spec
from tests.conftest import write_profile


def test_builtin_profiles_are_the_specs_four_and_a_design_of_its_own():
    assert builtin_names() == ["default", "development", "orders", "production", "staging"]


def test_default_profile_is_every_spec_default():
    values = load_profile("default").values
    for name, documented in spec.inputs().items():
        if not documented.required:
            assert values[name] == documented.default, name


def test_staging_inherits_development():
    assert load_profile("staging").values == load_profile("development").values
    assert load_profile("staging").origins["prevent_destroy"] == "built-in profile development"


def test_a_profile_file_extends_a_builtin_and_overrides_it(tmp_path):
    path = write_profile(tmp_path, "payments", "extends: production\nread_capacity: 20\nbilling_mode: PROVISIONED\n")
    profile = load_profile(str(path))
    assert profile.name == "payments"
    assert profile.values["read_capacity"] == 20
    assert profile.values["prevent_destroy"] is True  # from production
    assert profile.origins["read_capacity"] == str(path)


def test_extends_a_relative_path_from_the_profile_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "base").mkdir()
    write_profile(tmp_path / "base", "team", "common_tags: {Team: core, Tier: gold}\n")
    child = write_profile(tmp_path, "child", "extends: base/team.yaml\ncommon_tags: {Tier: silver}\n")
    # Mappings merge key by key down the chain.
    assert load_profile(str(child)).values["common_tags"] == {"Team": "core", "Tier": "silver"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("read_capacity=10", ("read_capacity", 10)),
        ("enable_autoscaling=true", ("enable_autoscaling", True)),
        ("kms_key_arn=null", ("kms_key_arn", None)),
        ("alarm_sns_topic_arn=", ("alarm_sns_topic_arn", "")),
        ("common_tags={Team: a, Cost Centre: '42'}", ("common_tags", {"Team": "a", "Cost Centre": "42"})),
        ("notifications_table_name=a=b", ("notifications_table_name", "a=b")),
    ],
)
def test_set_values_are_read_as_yaml(text, expected):
    assert parse_override(text) == expected


def test_set_overrides_the_profile():
    profile = load_profile("production", ["prevent_destroy=false", "read_capacity=7"])
    assert profile.values["prevent_destroy"] is False
    assert profile.values["read_capacity"] == 7
    assert profile.origins["read_capacity"] == "--set"


@pytest.mark.parametrize(
    "overrides, key",
    [
        (["no_such_input=1"], "no_such_input"),
        (["read_capacity"], "read_capacity"),
        (["read_capacity=ten"], "read_capacity"),
        (["environment=prod"], "environment"),
    ],
)
def test_bad_overrides_name_the_key(overrides, key):
    with pytest.raises(ProfileError) as raised:
        load_profile("default", overrides)
    assert raised.value.source == "--set"
    assert key in str(raised.value)


def test_unknown_profile_keys_are_errors_naming_file_and_key(tmp_path):
    path = write_profile(tmp_path, "typo", "bilingmode: PROVISIONED\n")
    with pytest.raises(ProfileError) as raised:
        load_profile(str(path))
    assert raised.value.source == str(path)
    assert raised.value.key == "bilingmode"


def test_environment_cannot_be_given_a_default(tmp_path):
    path = write_profile(tmp_path, "env", "environment: production\n")
    with pytest.raises(ProfileError, match="required"):
        load_profile(str(path))


def test_autoscaling_on_demand_is_a_warning_not_an_error():
    profile = load_profile("default", ["enable_autoscaling=true"])
    assert profile.values["enable_autoscaling"] is True
    assert any("PROVISIONED" in warning for warning in profile.warnings)
    warnings = load_profile("default", ["enable_autoscaling=true", "billing_mode=PROVISIONED"]).warnings
    assert not any("PROVISIONED" in warning for warning in warnings)


def test_alarms_without_a_topic_warn_that_they_notify_nobody():
    (warning,) = load_profile("production").warnings
    assert warning.startswith(
        "enable_cloudwatch_alarms is true but alarm_sns_topic_arn is empty: the alarms notify nobody"
    )
    topic = "alarm_sns_topic_arn=arn:aws:sns:us-east-1:123456789012:alerts"
    assert load_profile("production", [topic]).warnings == ()
    assert load_profile("development").warnings == ()  # its alarms are off


def test_strings_are_normalised_to_nfc_like_terraform(tmp_path):
    path = write_profile(tmp_path, "nfc", 'common_tags: {"Cafe\\u0301": "e\\u0301"}\n')
    assert load_profile(str(path)).values["common_tags"] == {"Caf\u00e9": "\u00e9"}


@pytest.mark.parametrize("line", [5, 6])
def test_every_input_but_environment_has_a_default(line):
    assert set(defaults(NOTIFICATIONS, line)) == {item.name for item in inputs(NOTIFICATIONS, line)} - {"environment"}


# Settings: what shapes the module rather than its inputs' defaults.


def test_the_provider_line_defaults_to_6_and_is_a_setting(tmp_path):
    assert load_profile("production").aws_provider == 6
    assert load_profile("production", ["aws_provider=5"]).aws_provider == 5
    path = write_profile(tmp_path, "five", "extends: production\naws_provider: 5\n")
    assert load_profile(str(path)).aws_provider == 5
    assert load_profile(str(path)).origins["aws_provider"] == str(path)


@pytest.mark.parametrize("value", ["4", "7", "'6'", "true", "6.0.1"])
def test_the_provider_line_is_5_or_6(value):
    with pytest.raises(ProfileError, match="must be 5 or 6, the major version of the AWS provider"):
        load_profile("default", [f"aws_provider={value}"])


def test_inputs_only_a_line_has_are_refused_on_the_other(tmp_path):
    assert "warm_throughput" in load_profile("default").values
    with pytest.raises(
        ProfileError,
        match=r"warm_throughput: is an input only on AWS provider line 6, and this profile renders for line 5",
    ):
        load_profile("default", ["aws_provider=5", "warm_throughput={read_units_per_second: 12000}"])
    with pytest.raises(
        ProfileError, match="is not an input of the module or a profile setting; did you mean warm_throughput"
    ):
        load_profile("default", ["warm_througput={read_units_per_second: 12000}"])


def test_a_child_table_replaces_the_parents_design_whole(tmp_path):
    (tmp_path / ".git").mkdir()
    base = write_profile(
        tmp_path,
        "base",
        "table:\n  name: orders\n  attributes: {id: S, status: S}\n  hash_key: id\n"
        "  global_secondary_indexes: {ByStatus: {hash_key: status, projection: ALL}}\n",
    )
    child = write_profile(
        tmp_path,
        "child",
        f"extends: {base.name}\ntable:\n  name: sessions\n  attributes: {{sid: S}}\n  hash_key: sid\n",
    )
    profile = load_profile(str(child))
    assert profile.design.name == "sessions"
    assert profile.design.global_indexes == ()  # nothing of the parent's design is merged in
    assert "sessions_table_name" in profile.values and "orders_table_name" not in profile.values
    assert profile.values["sessions_table_name"] == "sessions"


def test_a_profile_keeps_its_description():
    assert load_profile("staging").description == "Runs like development."


def test_a_json_document_may_be_given_as_a_mapping(tmp_path):
    path = write_profile(
        tmp_path,
        "policy",
        "resource_policy:\n  Version: '2012-10-17'\n  Statement: [{Effect: Deny, Action: 'dynamodb:*'}]\n",
    )
    value = load_profile(str(path)).values["resource_policy"]
    assert json.loads(value) == {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "dynamodb:*"}]}


def test_object_inputs_get_every_attribute_null_when_not_given():
    values = load_profile("default", ["on_demand_throughput={max_read_request_units: 100}"]).values
    assert values["on_demand_throughput"] == {"max_read_request_units": 100, "max_write_request_units": None}


# Messages a user reads: YAML, the key path, and what fixes it.


@pytest.mark.parametrize(
    "text, key, message",
    [
        (
            "common_tags: {CostCenter: 1234}\n",
            "common_tags.CostCenter",
            'YAML reads 1234 as a number (1234); quote it to keep it as written: CostCenter: "1234"',
        ),
        (
            "common_tags: {Critical: True}\n",
            "common_tags.Critical",
            'YAML reads True as a boolean (true); quote it to keep it as written: Critical: "True"',
        ),
        (
            "common_tags: {Ratio: 1.50}\n",
            "common_tags.Ratio",
            'YAML reads 1.50 as a number (1.5); quote it to keep it as written: Ratio: "1.50"',
        ),
        ("billing_mode: null\n", "billing_mode", "must be a string, not null"),
        ("stream_enabled: 'no'\n", "stream_enabled", "must be true or false (got 'no')"),
        ("bilingmode: PROVISIONED\n", "bilingmode", "did you mean billing_mode?"),
        (
            "on_demand_throughput: {max_reads: 5}\n",
            "on_demand_throughput.max_reads",
            "is not one of max_read_request_units, max_write_request_units",
        ),
    ],
)
def test_errors_show_values_as_yaml_and_say_how_to_fix_them(tmp_path, text, key, message):
    path = write_profile(tmp_path, "profile", text)
    with pytest.raises(ProfileError) as raised:
        load_profile(str(path))
    assert (raised.value.source, raised.value.key) == (str(path), key)
    assert message in raised.value.problem
    assert "None" not in str(raised.value) and "False" not in str(raised.value)


def test_a_tag_set_with_set_is_quoted_back_as_written():
    with pytest.raises(ProfileError) as raised:
        load_profile("default", ["common_tags={Critical: false}"])
    assert raised.value.source == "--set"
    assert 'YAML reads false as a boolean (false); quote it to keep it as written: Critical: "false"' in str(
        raised.value
    )
