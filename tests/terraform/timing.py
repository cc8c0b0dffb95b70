"""Where the Terraform tier's time goes: every run's command, duration and start.

Each pytest worker records its own runs; the workers hand them to the
controller (``tests/conftest.py``), which prints one summary for the session
and, when ``DDBGEN_TF_TIMINGS`` names a file, writes every run there as JSON.
"""

from __future__ import annotations

import json
import os
from typing import Any

# A file to write every run to, as JSON (command, seconds, start): where the tier's time goes, run by run.
DUMP_ENV = "DDBGEN_TF_TIMINGS"

# (command, seconds it took, time.monotonic() when it started): one clock for
# every process of the machine, so runs of different workers compare.
RUNS: list[tuple[str, float, float]] = []


def report(terminalreporter: Any) -> None:
    """The summary line, and the five longest runs: the whole of ``make test`` has six minutes."""
    if not RUNS:
        return
    total = sum(seconds for _command, seconds, _started in RUNS)
    wall = max(started + seconds for _command, seconds, started in RUNS) - min(
        started for _command, _seconds, started in RUNS
    )
    terminalreporter.write_sep(
        "-", f"terraform: {len(RUNS)} commands, {total:.1f}s of runs in {wall:.1f}s of wall time"
    )
    for command, seconds, _started in sorted(RUNS, key=lambda run: -run[1])[:5]:
        terminalreporter.write_line(f"{seconds:6.1f}s  {command[:110]}")
    if os.environ.get(DUMP_ENV):
        with open(os.environ[DUMP_ENV], "w", encoding="utf-8") as handle:
            json.dump(sorted(RUNS, key=lambda run: run[2]), handle, indent=0)
