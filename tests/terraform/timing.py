"""Where the Terraform tier's time goes: every run's command, duration and start.

Each pytest worker records its own runs; the workers hand them to the
controller (``tests/conftest.py``), which prints one summary for the session.
"""

from __future__ import annotations

from typing import Any

# (command, seconds it took, time.monotonic() when it started): one clock for
# every process of the machine, so runs of different workers compare.
RUNS: list[tuple[str, float, float]] = []


def report(terminalreporter: Any) -> None:
    """The summary line, and the five longest runs: the tier has to fit the eight minutes of ``make test``."""
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
