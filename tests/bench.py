"""Time ``ddbgen check`` against ``terraform fmt -check`` beside it: the three ratios of issue 20, in one run.

Run from the repository root as ``python -m tests.bench`` (``make bench``). It builds, in a
temporary folder, a repository of 200 module folders, each generated with ``ddbgen generate``
from a profile file of its own (a table name of its own), as a platform repository vendors
them, then times, side by side:

- one folder: ``ddbgen check FOLDER`` and ``terraform fmt -check FOLDER`` (target: at most 1.5);
- the tree: ``ddbgen check -r`` and ``terraform fmt -check -recursive`` (target: at most 0.1);
- a commit: one profile changed and its folder regenerated, as a pre-commit hook sees it,
  ``ddbgen check --changed`` given the changed files, against ``terraform fmt -check`` of one
  folder (target: at most 1.5).

Every command runs ``--runs`` times, interleaved: each round runs every command once, in an
order rotated from round to round, so machine noise falls on all of them alike. Wall time of
the whole process is measured, as a user or CI sees it. The ratio is of the medians; the
spread is the range of the ratio within each round (a round's check over the same round's fmt).

ddbgen runs as pip installs it, with its modules compiled to bytecode (the first, untimed run
writes what a ``PYTHONDONTWRITEBYTECODE`` environment would not). A check of an unchanged
folder is one from the record of its last clean check (``generator/folder/clean_record.py``);
the bench also times ``check -r`` and ``check --changed`` with an empty cache (a CI runner's
first check; a hook whose ddbgen is another build than the one that regenerated the folder), which
have no target: they render every folder they check.
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

FOLDERS = 200
TARGETS = {"one folder": 1.5, "tree": 0.1, "commit": 1.5}


def _ddbgen() -> list[str]:
    script = Path(sys.executable).parent / "ddbgen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def _profile_text(number: int, read_capacity: int | None = None) -> str:
    extra = f"read_capacity: {read_capacity}\n" if read_capacity is not None else ""
    return f"extends: production\nnotifications_table_name: table-{number:03}\n{extra}"


def build_tree(root: Path, count: int, env: dict[str, str]) -> None:
    """``root`` as a repository: profiles/t000.yaml ... and modules/t000/ ..., each made by ``ddbgen generate``."""
    from generator.folder.generate import generate

    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        for number in range(count):
            profile = root / "profiles" / f"t{number:03}.yaml"
            profile.write_text(_profile_text(number), encoding="utf-8")
            generate(str(profile), out=root / "modules" / f"t{number:03}")
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def commit_one_profile(root: Path, number: int, env: dict[str, str]) -> list[str]:
    """Change one profile and regenerate its folder, as a commit does; the changed files, as pre-commit passes them."""
    folder = root / "modules" / f"t{number:03}"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    profile = root / "profiles" / f"t{number:03}.yaml"
    profile.write_text(_profile_text(number, read_capacity=7), encoding="utf-8")
    subprocess.run(_ddbgen() + ["regenerate", str(folder)], cwd=root, env=env, check=True, capture_output=True)
    changed = [str(profile.relative_to(root))]
    changed += [
        str((folder / name).relative_to(root))
        for name in sorted(before)
        if (folder / name).read_bytes() != before[name]
    ]
    return changed


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def measure(
    commands: dict[str, tuple[list[str], dict[str, str]]], cwd: Path, runs: int, before: dict | None = None
) -> dict[str, list[float]]:
    """Each command ``runs`` times, interleaved; ``before`` maps a name to what to do before each of its runs."""
    names = list(commands)
    for name in names:  # warm the file cache and write bytecode; every command must succeed, or its time means nothing
        command, env = commands[name]
        if before and name in before:
            before[name]()
        _, code = _run(command, cwd, env)
        if code != 0:
            sys.exit(f"bench: `{' '.join(command)}` exited {code}")
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            if before and name in before:
                before[name]()
            command, env = commands[name]
            times[name].append(_run(command, cwd, env)[0])
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each command (default 11)")
    options = parser.parse_args()

    terraform = shutil.which("terraform")
    if terraform is None:
        sys.exit("bench: terraform is not on PATH; the comparison needs terraform fmt")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ddbgen-bench-") as folder:
        base = Path(folder)
        config = base / "terraform.tfrc"
        config.write_text("disable_checkpoint = true\n", encoding="utf-8")
        cache, cold_cache = base / "cache", base / "cold-cache"
        # As pip installs ddbgen: its modules compiled to bytecode (see the module's docstring).
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env |= {"TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1", "DDBGEN_CACHE_DIR": str(cache)}
        cold_env = env | {"DDBGEN_CACHE_DIR": str(cold_cache)}
        root = base / "repo"
        started = time.perf_counter()
        build_tree(root, FOLDERS, {"DDBGEN_CACHE_DIR": str(cache)})
        changed = commit_one_profile(root, 7, env)
        built = time.perf_counter() - started
        one = "modules/t000"
        ddbgen = _ddbgen()
        commands = {
            "ddbgen check FOLDER": (ddbgen + ["check", one], env),
            "terraform fmt -check FOLDER": ([terraform, "fmt", "-check", one], env),
            f"ddbgen check -r, {FOLDERS} folders": (ddbgen + ["check", "-r", "modules"], env),
            f"terraform fmt -check -recursive, {FOLDERS} folders": (
                [terraform, "fmt", "-check", "-recursive", "modules"],
                env,
            ),
            f"ddbgen check --changed, {len(changed)} files": (ddbgen + ["check", "--changed", *changed], env),
            f"ddbgen check -r, {FOLDERS} folders, empty cache": (ddbgen + ["check", "-r", "modules"], cold_env),
            f"ddbgen check --changed, {len(changed)} files, empty cache": (
                ddbgen + ["check", "--changed", *changed],
                cold_env,
            ),
        }
        times = measure(
            commands,
            root,
            options.runs,
            before={name: lambda: shutil.rmtree(cold_cache, True) for name in commands if "empty" in name},
        )
    load_after = os.getloadavg()

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"{options.runs} interleaved runs of each command in a repository of {FOLDERS} generated module folders "
        f"(built in {built:.1f} s); Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(f"changed files given to --changed: {' '.join(changed)}")
    width = max(map(len, commands))
    print(f"{'command':<{width}}  {'median':>11}  {'min':>11}  {'max':>11}")
    for name in commands:
        values = times[name]
        print(f"{name:<{width}}  {_ms(medians[name])}  {_ms(min(values))}  {_ms(max(values))}")
    print()
    pairs = {
        "one folder": ("ddbgen check FOLDER", "terraform fmt -check FOLDER"),
        "tree": (f"ddbgen check -r, {FOLDERS} folders", f"terraform fmt -check -recursive, {FOLDERS} folders"),
        "commit": (f"ddbgen check --changed, {len(changed)} files", "terraform fmt -check FOLDER"),
    }
    print(f"{'ratio':<10}  {'ddbgen  /  terraform':<72}  {'median':>6}  {'in rounds':>12}  target")
    missed = []
    for label, (check, fmt) in pairs.items():
        ratio = medians[check] / medians[fmt]
        rounds = [mine / theirs for mine, theirs in zip(times[check], times[fmt], strict=True)]
        verdict = "met" if ratio <= TARGETS[label] else "NOT met"
        if ratio > TARGETS[label]:
            missed.append(label)
        print(
            f"{label:<10}  {check + '  /  ' + fmt.removeprefix('terraform '):<72}  {ratio:>6.2f}  "
            f"{min(rounds):>5.2f}..{max(rounds):<5.2f}  <= {TARGETS[label]}  {verdict}"
        )
    cold = medians[f"ddbgen check -r, {FOLDERS} folders, empty cache"]
    fmt_tree = medians[f"terraform fmt -check -recursive, {FOLDERS} folders"]
    print(f"check -r with an empty cache (no target): {cold / fmt_tree:.2f} of fmt -check -recursive")
    cold_commit = medians[f"ddbgen check --changed, {len(changed)} files, empty cache"]
    print(
        f"check --changed with an empty cache (no target): {cold_commit / medians['terraform fmt -check FOLDER']:.2f} "
        "of fmt -check FOLDER"
    )
    if missed:
        print(f"bench: target not met: {', '.join(missed)}")


if __name__ == "__main__":
    main()
