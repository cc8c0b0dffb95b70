"""Resource-based policy documents as profiles give them: JSON text, within DynamoDB's limits, values as written.

A profile gives ``resource_policy`` and ``stream_resource_policy`` as JSON text,
or as a YAML mapping that ddbgen writes as compact JSON. One rule holds for
every value of a mapping: it is kept as written.

- Keys are strings.
- A string stays the string it is (``Version: 2012-10-17`` is ``"2012-10-17"``:
  ddbgen reads YAML's core types only, see yaml_reading).
- Anything else must be written the way JSON writes it, so that the JSON says
  what the YAML said: ``true``, ``false``, ``null``, ``3600``, ``1.5``. Another
  spelling (``True``, ``~``, ``1.50``, ``-0``, ``1.0e+3``) is refused with the
  quoting that keeps it as a string, or the JSON spelling; NaN and Infinity
  are refused, since JSON has none.

The text is at most ``MAX_POLICY_BYTES``, DynamoDB's limit, and nests at most
``MAX_DEPTH`` deep.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from generator.profile.yaml_reading import MAX_DEPTH, depth_of

# "The maximum size supported for a resource-based policy document is 20 KB.
# DynamoDB counts whitespaces when calculating the size of a policy against this
# limit." (DynamoDB API Reference, PutResourcePolicy, Policy.)
MAX_POLICY_BYTES = 20 * 1024
LIMIT_WHY = "20 KB, DynamoDB's limit for a resource-based policy"


class PolicyProblem(ValueError):
    """What is wrong, and where below the input (a key path such as ``Statement[0].Condition``)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(problem)


def _no_constant(name: str) -> Any:
    raise PolicyProblem("", f"holds {name}, which JSON does not have; write a number or a string")


def _loads(text: str) -> Any:
    """``text`` as JSON, strictly: NaN and Infinity are not JSON (Terraform's jsondecode refuses them too)."""
    return json.loads(text, parse_constant=_no_constant)


def check_text(text: str) -> None:
    """Refuse a policy given as text that holds NaN or Infinity, or nests more than ``MAX_DEPTH`` deep.

    Text that is not JSON at all, or too large, is left to the input's rules,
    which say so at generation and at plan time alike.
    """
    try:
        value = _loads(text)
    except RecursionError:
        raise PolicyProblem("", f"nests more than {MAX_DEPTH} deep") from None
    except PolicyProblem:
        raise
    except ValueError:
        return
    if depth_of(value) > MAX_DEPTH:
        raise PolicyProblem("", f"nests more than {MAX_DEPTH} deep")


def is_json_object(text: str) -> bool:
    """Whether ``text`` is a JSON object (the Python side of the input's rule)."""
    try:
        return isinstance(_loads(text), dict)
    except (ValueError, RecursionError):
        return False


def json_text(document: Any) -> str:
    """A JSON document as the module holds it: compact, as Terraform's jsonencode writes one."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def from_yaml(document: dict[str, Any], written: Callable[[list[Any]], str | None]) -> str:
    """A policy given as a YAML mapping, as its JSON text; ``written(path)`` is the scalar's text at a key path."""
    _check_written(document, [], written)
    return json_text(document)


def _key_path(path: list[Any]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _check_written(value: Any, path: list[Any], written: Callable[[list[Any]], str | None]) -> None:
    from generator.shown import excerpt

    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                shown = written_key(key)
                raise PolicyProblem(
                    _key_path(path),
                    f'has the key {shown}, which YAML reads as {_kind(key)}; policy keys are strings: quote it: "{shown}"',
                )
            _check_written(item, path + [key], written)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_written(item, path + [index], written)
        return
    if isinstance(value, str):
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise PolicyProblem(_key_path(path), "is NaN or Infinity, which JSON does not have; write a number or a string")
    as_json = json.dumps(value)
    text = written(path)
    if text is not None and text != as_json:
        raise PolicyProblem(
            _key_path(path),
            f"is written {excerpt(text, 40)}, which YAML reads as {_kind(value)} ({as_json}); policy values are kept as written: "
            f'quote it to keep the text ("{excerpt(text, 40)}"), or write {as_json}',
        )


def written_key(key: Any) -> str:
    return json.dumps(key) if not isinstance(key, str) else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
