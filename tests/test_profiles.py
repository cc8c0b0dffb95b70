"""Profile resolution: built-ins, inheritance, --set overrides, unknown keys, fixed inputs."""

from __future__ import annotations

import pytest

from generator.catalogue import INPUTS, defaults
from generator.errors import ProfileError
from generator.profiles import builtin_names, load_profile, parse_override
from tests import spec
from tests.conftest import write_profile


def test_builtin_profiles_are_the_four_the_issue_names():
    assert builtin_names() == ["default", "development", "production", "staging"]


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
    assert load_profile("default", ["enable_autoscaling=true", "billing_mode=PROVISIONED"]).warnings == ()


def test_strings_are_normalised_to_nfc_like_terraform(tmp_path):
    path = write_profile(tmp_path, "nfc", 'common_tags: {"Cafe\\u0301": "e\\u0301"}\n')
    assert load_profile(str(path)).values["common_tags"] == {"Caf\u00e9": "\u00e9"}


def test_every_input_but_environment_has_a_default():
    assert set(defaults()) == {item.name for item in INPUTS} - {"environment"}


def test_a_recorded_profile_name_cannot_carry_a_line_break():
    from generator.profiles import from_values

    with pytest.raises(ProfileError, match="profile names may hold only"):
        from_values("x\nresource", defaults(), "ddbgen-manifest.json")
