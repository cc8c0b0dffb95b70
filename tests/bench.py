"""Time ``ddbgen check`` against ``terraform fmt -check``, and ``check --all`` against one check.

Run from the repository root as ``python -m tests.bench`` (``make bench``). Every
command runs ``--runs`` times, interleaved: each round runs every command once,
in an order rotated from round to round, so machine noise falls on all of them
alike. Wall time of the whole process is measured, as a user or CI sees it.
Prints medians, ratios, and whether the issue's targets hold: ``check`` within 3x
of ``terraform fmt -check`` on the same folder, ``check --all`` within 1.5x of
one ``check``. Rows marked "context" are for reading the others, not targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECK_VS_FMT = 3.0
ALL_VS_ONE = 1.5


def _ddbgen() -> list[str]:
    script = Path(sys.executable).parent / "ddbgen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def _commands(folder: str, terraform: str | None) -> dict[str, list[str]]:
    ddbgen = _ddbgen()
    commands = {
        "check": ddbgen + ["check", folder],
        "check --all": ddbgen + ["check", "--all"],
    }
    if terraform:
        commands["terraform fmt -check"] = [terraform, "fmt", "-check", folder]
    through_typer = f"from generator.cli import app; app(['check', {folder!r}], prog_name='ddbgen')"
    commands["context: the same check through Typer"] = [sys.executable, "-c", through_typer]
    commands["context: python -c pass"] = [sys.executable, "-c", "pass"]
    return commands


def _run(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    names = list(commands)
    for name in names:  # warm the file cache; every command must succeed, or its time means nothing
        _, code = _run(commands[name])
        if code != 0:
            sys.exit(f"bench: `{' '.join(commands[name])}` exited {code}; run `make generate` first")
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed, _ = _run(commands[name])
            times[name].append(elapsed)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _verdict(ratio: float, target: float) -> str:
    return f"{ratio:5.2f}x  (target <= {target:g}x)  {'met' if ratio <= target else 'NOT met'}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    parser.add_argument("--folder", default="output/production", help="module folder, relative to the repository")
    options = parser.parse_args()

    terraform = shutil.which("terraform")
    commands = _commands(options.folder, terraform)
    times = measure(commands, options.runs)
    medians = {name: statistics.median(values) for name, values in times.items()}

    print(
        f"{options.runs} interleaved runs of each command, on {options.folder}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    width = max(map(len, commands))
    print(f"{'command':<{width}}  {'median':>10}  {'min':>10}  {'max':>10}")
    for name in commands:
        values = times[name]
        print(f"{name:<{width}}  {_ms(medians[name])}  {_ms(min(values))}  {_ms(max(values))}")
    print()
    if terraform:
        ratio = medians["check"] / medians["terraform fmt -check"]
        print(f"check / terraform fmt -check:  {_verdict(ratio, CHECK_VS_FMT)}")
    else:
        print("check / terraform fmt -check:  not measured: terraform is not on PATH")
    print(f"check --all / check:           {_verdict(medians['check --all'] / medians['check'], ALL_VS_ONE)}")


if __name__ == "__main__":
    main()
