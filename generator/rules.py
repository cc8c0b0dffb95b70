"""Validation rules, each written once for both sides of the module's boundary.

A rule carries a Python predicate (run on profile values at generation) and
the HCL condition that ``variables.tf`` runs on caller values at plan time,
with one message for both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .hcl import literal, quote

# Every profile value an input may take, as the profile loader sees it.
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    """One allowed-values rule: ``message`` completes "<input name> ...".

    ``condition`` receives the Terraform reference of the input (``var.x``)
    and returns the HCL expression that must hold.
    """

    message: str
    holds: Callable[[Any, Values], bool]
    condition: Callable[[str], str]

    def error_message(self, name: str) -> str:
        return f"{name} {self.message}."


def one_of(*choices: str) -> Rule:
    return Rule(
        message="must be one of " + ", ".join(choices),
        holds=lambda value, _values: value in choices,
        condition=lambda ref: f"contains({literal(list(choices))}, {ref})",
    )


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def whole_number_at_least(minimum: int) -> Rule:
    return Rule(
        message=f"must be a whole number of at least {minimum}",
        holds=lambda value, _values: _is_whole(value) and value >= minimum,
        condition=lambda ref: f"{ref} >= {minimum} && floor({ref}) == {ref}",
    )


def between(low: int, high: int, why: str) -> Rule:
    return Rule(
        message=f"must be between {low} and {high} ({why})",
        holds=lambda value, _values: low <= value <= high,
        condition=lambda ref: f"{ref} >= {low} && {ref} <= {high}",
    )


def not_negative() -> Rule:
    return Rule(
        message="must not be negative",
        holds=lambda value, _values: value >= 0,
        condition=lambda ref: f"{ref} >= 0",
    )


def matches(pattern: str, description: str, allow_empty: bool = False) -> Rule:
    """A regular expression in the subset Python's ``re`` and Terraform's RE2 share."""
    anchored = f"^(?:{pattern})$"
    compiled = re.compile(anchored)

    def holds(value: Any, _values: Values) -> bool:
        return (allow_empty and value == "") or compiled.fullmatch(value) is not None

    def condition(ref: str) -> str:
        test = f"can(regex({quote(anchored)}, {ref}))"
        return f"{ref} == \"\" || {test}" if allow_empty else test

    return Rule(message=f"must be {description}", holds=holds, condition=condition)


def length_between(low: int, high: int) -> Rule:
    return Rule(
        message=f"must be {low} to {high} characters long",
        holds=lambda value, _values: low <= len(value) <= high,
        condition=lambda ref: f"length({ref}) >= {low} && length({ref}) <= {high}",
    )


def at_least_input(other: str, unless_off: str) -> Rule:
    """The value must not be below input ``other`` while input ``unless_off`` is true."""
    return Rule(
        message=f"must be at least {other} when {unless_off} is true",
        holds=lambda value, values: not values[unless_off] or value >= values[other],
        condition=lambda ref: f"!var.{unless_off} || {ref} >= var.{other}",
    )


# AWS tag limits: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
MAX_TAGS = 50
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256


def tag_count(always_added: str) -> Rule:
    return Rule(
        message=f"must hold at most {MAX_TAGS} tags, counting the {always_added} tag the module adds",
        holds=lambda value, _values: len(set(value) | {always_added}) <= MAX_TAGS,
        condition=lambda ref: f"length(merge({ref}, {{ {always_added} = \"\" }})) <= {MAX_TAGS}",
    )


def tag_sizes() -> Rule:
    return Rule(
        message=f"keys must be 1 to {MAX_TAG_KEY} characters and values at most {MAX_TAG_VALUE}",
        holds=lambda value, _values: all(
            1 <= len(key) <= MAX_TAG_KEY and len(item) <= MAX_TAG_VALUE for key, item in value.items()
        ),
        condition=lambda ref: (
            f"alltrue([for key, value in {ref} : "
            f"length(key) >= 1 && length(key) <= {MAX_TAG_KEY} && length(value) <= {MAX_TAG_VALUE}])"
        ),
    )


def no_reserved_tag_prefix() -> Rule:
    return Rule(
        message='keys must not start with "aws:" (AWS reserves that prefix)',
        holds=lambda value, _values: not any(key.lower().startswith("aws:") for key in value),
        condition=lambda ref: f'alltrue([for key in keys({ref}) : !startswith(lower(key), "aws:")])',
    )
