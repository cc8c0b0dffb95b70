"""Which parameter values the selected tests use, so that fixtures start only that work."""

from __future__ import annotations

from typing import Any

import pytest


def selected_params(request: pytest.FixtureRequest, argname: str) -> list[Any]:
    """The values of ``argname`` that the selected tests of the requesting module use, in order.

    A module fixture starts work only for these: ``-k basic`` applies one example, not four.
    """
    values: list[Any] = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if (
            getattr(item, "module", None) is request.module
            and callspec
            and argname in callspec.params
            and callspec.params[argname] not in values
        ):
            values.append(callspec.params[argname])
    return values


def selected_fixtures(request: pytest.FixtureRequest) -> set[str]:
    """The fixtures the selected tests of the requesting module use, directly or through others.

    A module fixture that can start several independent runs starts the ones
    whose fixture some selected test needs, all at once, so they share the pool.
    """
    return {
        name
        for item in request.session.items
        if getattr(item, "module", None) is request.module
        for name in getattr(item, "fixturenames", ())
    }
