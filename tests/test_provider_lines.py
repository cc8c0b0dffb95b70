"""The AWS provider lines: one list, one check of the aws_provider setting, and everything reads them."""

from __future__ import annotations

import pytest

from generator.errors import ProfileError
from generator.profile import catalogue
from generator.profile.design import NOTIFICATIONS
from generator.profile.provider_lines import (
    DEFAULT_AWS_PROVIDER,
    PROVIDER_LINES,
    is_aws_provider,
    provider_line,
    read_aws_provider,
)
from generator.profile.schema import profile_schema


@pytest.mark.parametrize("value", [5, 6])
def test_a_supported_line_is_read_as_its_major_version(value: int):
    assert is_aws_provider(value) and read_aws_provider(value, "p.yaml") == value


def test_no_setting_is_the_default_line():
    assert read_aws_provider(None, "p.yaml") == DEFAULT_AWS_PROVIDER == 6


@pytest.mark.parametrize("value", [7, 4, True, False, "6", [], {}, [6], 6.5])
def test_anything_else_is_refused_naming_the_lines(value: object):
    assert not is_aws_provider(value)
    with pytest.raises(ProfileError, match=r"^p\.yaml: aws_provider: must be 5 or 6, the major version"):
        read_aws_provider(value, "p.yaml")


def test_each_line_admits_only_its_own_major_version():
    for major, line in PROVIDER_LINES.items():
        assert provider_line(major) is line and line.major == major
        assert line.constraint == f">= {line.minimum}, < {major + 1}.0.0"
        assert line.minimum.startswith(f"{major}.")


def test_the_schema_and_the_catalogue_read_the_same_list():
    setting = profile_schema()["properties"]["aws_provider"]
    assert setting["enum"] == list(PROVIDER_LINES) and setting["default"] == DEFAULT_AWS_PROVIDER
    for major in PROVIDER_LINES:
        for item in catalogue.inputs(NOTIFICATIONS, major):
            assert set(item.provider_lines) <= set(PROVIDER_LINES), item.name
