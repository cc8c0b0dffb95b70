"""Time ``ddbgen check -r`` against ``terraform fmt -check -recursive`` on the same tree of modules.

Run from the repository root as ``python -m tests.bench`` (``make bench``). It builds, in a
temporary folder, a repository of 1, 10, 50 and 200 module folders, each generated
from a profile file of its own (a table name of its own), as a platform repository
vendors them, then times both commands on each. Every command
runs ``--runs`` times, interleaved: each round runs every command once, in an order
rotated from round to round, so machine noise falls on all of them alike. Wall time
of the whole process is measured, as a user or CI sees it.

It prints the medians, the ratio check / fmt for each count (the target: at most 0.5
at 200 folders), and the cost of one more folder for each command (the slope between
the smallest and the largest count), which is how each grows with the count.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.5
COUNTS = (1, 10, 50, 200)


def _ddbgen() -> list[str]:
    script = Path(sys.executable).parent / "ddbgen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def build_tree(root: Path, count: int) -> None:
    """``root`` as a repository: profiles/t000.yaml ... and modules/t000/ ..., one module per profile."""
    from generator.folder import vendor
    from generator.profile.loader import load_profile
    from generator.render.render import render

    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    for number in range(count):
        profile = root / "profiles" / f"t{number:03}.yaml"
        profile.write_text(f"extends: production\nnotifications_table_name: table-{number:03}\n", encoding="utf-8")
        folder = root / "modules" / f"t{number:03}"
        vendor.write(folder, render(load_profile(str(profile)), folder))


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def measure(commands: dict[str, list[str]], cwd: Path, env: dict[str, str], runs: int) -> dict[str, list[float]]:
    names = list(commands)
    for name in names:  # warm the file cache; every command must succeed, or its time means nothing
        _, code = _run(commands[name], cwd, env)
        if code != 0:
            sys.exit(f"bench: `{' '.join(commands[name])}` exited {code}")
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_run(commands[name], cwd, env)[0])
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    options = parser.parse_args()

    terraform = shutil.which("terraform")
    if terraform is None:
        sys.exit("bench: terraform is not on PATH; the comparison needs terraform fmt")
    with tempfile.TemporaryDirectory(prefix="ddbgen-bench-") as folder:
        started = time.perf_counter()
        trees = {count: Path(folder) / f"first{count:03}" for count in COUNTS}
        for count, tree in trees.items():
            build_tree(tree, count)
        built = time.perf_counter() - started
        root = Path(folder)
        config = Path(folder) / "terraform.tfrc"
        config.write_text("disable_checkpoint = true\n", encoding="utf-8")
        env = {**os.environ, "TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1"}
        commands = {}
        for count, tree in trees.items():
            modules = str(tree / "modules")
            commands[f"ddbgen check -r, {count} folders"] = _ddbgen() + ["check", "-r", modules]
            commands[f"terraform fmt -check -recursive, {count} folders"] = [
                terraform,
                "fmt",
                "-check",
                "-recursive",
                modules,
            ]
        times = measure(commands, root, env, options.runs)

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"{options.runs} interleaved runs of each command on a tree of {max(COUNTS)} generated module folders "
        f"(built in {built:.1f} s); Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    width = max(map(len, commands))
    print(f"{'command':<{width}}  {'median':>11}  {'min':>11}  {'max':>11}")
    for name in commands:
        values = times[name]
        print(f"{name:<{width}}  {_ms(medians[name])}  {_ms(min(values))}  {_ms(max(values))}")
    print()
    print(f"{'folders':>7}  {'check':>11}  {'fmt':>11}  {'check / fmt':>11}")
    for count in COUNTS:
        check = medians[f"ddbgen check -r, {count} folders"]
        fmt = medians[f"terraform fmt -check -recursive, {count} folders"]
        print(f"{count:>7}  {_ms(check)}  {_ms(fmt)}  {check / fmt:>11.2f}")
    low, high = min(COUNTS), max(COUNTS)
    for label, key in (("check", "ddbgen check -r"), ("fmt", "terraform fmt -check -recursive")):
        slope = (medians[f"{key}, {high} folders"] - medians[f"{key}, {low} folders"]) / (high - low)
        start = medians[f"{key}, {low} folders"] - slope * low
        print(f"{label}: about {_ms(start).strip()} to start, then {_ms(slope).strip()} a folder")
    ratio = medians[f"ddbgen check -r, {high} folders"] / medians[f"terraform fmt -check -recursive, {high} folders"]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"check -r / fmt -check -recursive at {high} folders: {ratio:.2f}  (target <= {TARGET})  {verdict}")


if __name__ == "__main__":
    main()
