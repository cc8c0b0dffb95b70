"""Run many ddbgen command lines in one process, each under a wall-clock limit: the hostile corpus's runner.

``python -m tests.hostile_runner CASES.json RESULTS.json``. CASES is a list of
``{"name", "cwd", "argv", "seconds", "environ"}``; each case runs ``generator.cli.run(argv)``
from ``cwd`` with stdout and stderr captured and a SIGALRM after ``seconds``, with
the variables of ``environ`` set (null: unset) for that case alone.
The parent (tests/test_hostile.py) starts this process under ``resource``
limits on memory and CPU time, so one case that blew up would fail on its own
(a MemoryError, a timeout) and the others still run. An exception that escapes
the command line is recorded with its traceback: the corpus asserts there is none.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sys
import time
import traceback


class WallClock(BaseException):
    """The case ran past its wall-clock limit (a BaseException, so that no ``except Exception`` hides it)."""


class Capture(io.StringIO):
    """A stream that is not a terminal, as in CI."""

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


def _alarm(_signal: int, _frame: object) -> None:
    raise WallClock()


def _set_environ(values: dict) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def run_case(case: dict) -> dict:
    from generator import cli

    out, err = Capture(), Capture()
    previous = os.getcwd()
    started = time.monotonic()
    code: int | None = None
    escaped = None
    saved = {name: os.environ.get(name) for name in case.get("environ", {})}
    _set_environ(case.get("environ", {}))
    os.chdir(case["cwd"])
    sys.stdout, sys.stderr = out, err
    signal.setitimer(signal.ITIMER_REAL, case["seconds"])
    try:
        code = cli.run(case["argv"])
    except WallClock:
        escaped = f"wall clock: still running after {case['seconds']} s"
    except BaseException:  # recorded, and the corpus fails on it
        escaped = traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        os.chdir(previous)
        _set_environ(saved)
    return {
        "name": case["name"],
        "code": code,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "escaped": escaped,
        "seconds": round(time.monotonic() - started, 3),
        # The process's peak so far, in kB: the case that raises it is the one that cost it.
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main(cases_path: str, results_path: str) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    with open(cases_path, encoding="utf-8") as handle:
        cases = json.load(handle)
    results = [run_case(case) for case in cases]
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(*sys.argv[1:3])
