"""The ``ddbgen`` command line: entry point, and the ``check`` command's output.

The commands, their options and their help are one Typer application,
``app`` (defined in ``generator.commands``, reachable here as
``generator.cli.app``). ``main`` runs it, with one shortcut: ``ddbgen check``
is what CI and pre-commit run on every push, and importing Typer (which
imports pydantic) costs more than the whole check. So a ``check`` call made
only of the options documented below is read here with a few lines of plain
Python and run directly; anything else (``--help``, ``-pNAME``, an unknown or
malformed option, a second folder) goes to Typer, which stays the one
definition of the command and of its usage errors. ``tests/test_check.py``
asserts that both readings give the same output and exit code.

Exit codes: 0 success or clean, 1 drift, 2 usage or input error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

from .errors import DdbgenError

EXIT_CLEAN = 0
EXIT_DRIFT = 1
EXIT_USAGE = 2
DEFAULT_ROOT = "output"
FORMATS = ("text", "json")


def __getattr__(name: str) -> Any:
    # PEP 562: ``from generator.cli import app`` imports Typer only when asked.
    if name == "app":
        from .commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Run ``ddbgen`` with ``argv`` (default: the process's arguments) and exit with its code."""
    args = sys.argv[1:] if argv is None else list(argv)
    plain = plain_check_arguments(args)
    if plain is not None:
        sys.exit(run_check(**plain))
    from .commands import app

    app(args=args, prog_name="ddbgen")


# --- ``check`` without Typer -------------------------------------------------

_CHECK_VALUES = {"--profile": "profile", "-p": "profile", "--set": "overrides", "-s": "overrides"}
_CHECK_VALUES |= {"--format": "output_format", "--root": "root"}
_CHECK_FLAGS = {"--diff": "diff", "--all": "all_profiles"}


def plain_check_arguments(argv: list[str]) -> dict[str, Any] | None:
    """``run_check``'s arguments for a plain ``check`` call, or None to leave ``argv`` to Typer."""
    if not argv or argv[0] != "check":
        return None
    found: dict[str, Any] = {"folder": None, "profile": None, "overrides": [], "diff": False}
    found |= {"output_format": "text", "all_profiles": False, "root": Path(DEFAULT_ROOT)}
    tokens = argv[1:]
    only_positional = False
    while tokens:
        token, tokens = tokens[0], tokens[1:]
        if only_positional or not token.startswith("-"):
            if found["folder"] is not None:
                return None
            found["folder"] = Path(token)
            continue
        if token == "--":
            only_positional = True
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in _CHECK_FLAGS and not equals:
            found[_CHECK_FLAGS[name]] = True
            continue
        if name not in _CHECK_VALUES:
            return None
        if not equals:
            if not tokens or tokens[0].startswith("-"):
                return None
            value, tokens = tokens[0], tokens[1:]
        key = _CHECK_VALUES[name]
        if key == "overrides":
            found[key].append(value)
        else:
            found[key] = Path(value) if key == "root" else value
    return found


def run_check(
    folder: Path | None,
    profile: str | None,
    overrides: list[str],
    diff: bool,
    output_format: str,
    all_profiles: bool,
    root: Path,
) -> int:
    """Check one folder, or every ``root/<name>``; print the reports; return the exit code."""
    from .check import check, check_all

    if output_format not in FORMATS:
        return fail("--format must be text or json")
    if all_profiles == (folder is not None):
        return fail("give exactly one of FOLDER or --all")
    if all_profiles and (profile is not None or overrides):
        return fail("--all checks the built-in profiles as they are: it takes no --profile or --set")
    if overrides and profile is None:
        return fail("--set needs --profile")
    try:
        if all_profiles:
            reports = check_all(root, diff)
        else:
            resolved = None
            if profile is not None:
                from .profiles import load_profile

                resolved = load_profile(profile, overrides)
            reports = [check(folder, resolved, diff)]
    except DdbgenError as error:
        return fail(str(error))
    if output_format == "json":
        import json

        documents = [report.as_dict() for report in reports]
        echo(json.dumps(documents if all_profiles else documents[0], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            print_report(report, diff)
    return EXIT_CLEAN if all(report.clean for report in reports) else EXIT_DRIFT


def print_report(report, with_diff: bool) -> None:
    """One line per folder, then one per note and per drifted file (``state: path``), then diffs."""
    status = "clean" if report.clean else "drift"
    echo(f"{report.folder}: {status} (profile {report.profile}, ddbgen {report.generator_version})")
    for note in report.notes:
        echo(f"  {note}")
    for item in report.drifted:
        echo(f"  {item.state}: {report.folder / item.path}")
        if with_diff and item.diff:
            print_diff(item.diff)


_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}


def print_diff(text: str, stream: TextIO | None = None) -> None:
    """A unified diff: plain text, or coloured when writing to a terminal (and NO_COLOR is unset)."""
    stream = sys.stdout if stream is None else stream
    if not (stream.isatty() and "NO_COLOR" not in os.environ):
        echo(text, stream, newline=False)
        return
    for line in text.splitlines():
        colour = _COLOURS.get(line[:1])
        echo(f"{colour}{line}\x1b[0m" if colour else line, stream)


def echo(text: str, stream: TextIO | None = None, newline: bool = True) -> None:
    """Write ``text``; characters the stream cannot encode are escaped rather than fatal."""
    stream = sys.stdout if stream is None else stream
    text = text + "\n" if newline else text
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def fail(message: str) -> int:
    echo(f"ddbgen: error: {message}", sys.stderr)
    return EXIT_USAGE


def warn(messages) -> None:
    for message in messages:
        echo(f"ddbgen: warning: {message}", sys.stderr)
