"""How values and lists of names reach a message: bounded, and with the name a slip was for."""

from __future__ import annotations

from generator.shown import MAX_LISTED, closest, some


def test_a_list_of_names_in_a_message_is_capped():
    names = [f"input_{number}" for number in range(52)]
    assert some(names) == ", ".join(names[:MAX_LISTED]) + f" and {52 - MAX_LISTED} more"
    assert some(names[:3]) == "input_0, input_1, input_2"
    assert len(some(["x" * 10_000] * 100)) < 2_000  # each name bounded too


def test_closest_names_the_likely_slip_or_nothing():
    assert closest("extend", ["extends", "description", "table"]) == ["extends"]
    assert closest("frobnicate", ["extends", "description", "table"]) == []
    assert closest("alarm_treshold", ["read_throttle_alarm_threshold", "alarm_period_seconds"], limit=3, cutoff=0.5)
