"""The ``ddbgen`` command: parses options, calls the library, maps results to exit codes.

Exit codes: 0 success or clean, 1 drift, 2 usage or input error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import DdbgenError

EXIT_DRIFT = 1
EXIT_USAGE = 2

app = typer.Typer(
    help="Generate the DynamoDB Terraform module from per-environment profiles, and check vendored copies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
profiles_app = typer.Typer(help="List and show profiles.", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")

PROFILE_HELP = "Built-in profile name, or path to a profile .yaml file."
SET_HELP = "Override one input, KEY=VALUE; VALUE is read as YAML. Repeatable."
ALL_ROOT_HELP = "With --all: the folder holding one module folder per built-in profile."


def _fail(message: str) -> typer.Exit:
    typer.echo(f"ddbgen: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _warn(messages) -> None:
    for message in messages:
        typer.echo(f"ddbgen: warning: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ddbgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    pass


@app.command()
def generate(
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help=PROFILE_HELP),
    overrides: List[str] = typer.Option([], "--set", "-s", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder to write; default output/<profile name>."),
    all_profiles: bool = typer.Option(False, "--all", help="Generate every built-in profile into ROOT/<name>."),
    root: Path = typer.Option(Path("output"), "--root", help=ALL_ROOT_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite files that ddbgen did not generate."),
) -> None:
    """Render main.tf, variables.tf, outputs.tf, versions.tf, README.md and the manifest into a folder."""
    from .generate import generate as generate_module
    from .profiles import builtin_names

    if all_profiles == (profile is not None):
        raise _fail("give exactly one of --profile or --all")
    if all_profiles and (overrides or out):
        raise _fail("--all renders the built-in profiles as they are: it takes no --set or --out")
    try:
        jobs = [(name, root / name) for name in builtin_names()] if all_profiles else [(profile, out)]
        for ref, folder in jobs:
            generated = generate_module(ref, overrides, folder, force)
            _warn(generated.profile.warnings)
            result = generated.result
            typer.echo(
                f"{result.folder}: profile {generated.profile.name}, {len(result.written)} written, "
                f"{len(result.unchanged)} unchanged, {len(result.removed)} removed"
            )
    except DdbgenError as error:
        raise _fail(str(error)) from None


@app.command()
def check(
    folder: Optional[Path] = typer.Argument(None, help="The generated module folder to check."),
    profile: Optional[str] = typer.Option(
        None, "--profile", "-p", help=PROFILE_HELP + " Default: the profile recorded in the folder's manifest."
    ),
    overrides: List[str] = typer.Option([], "--set", "-s", help=SET_HELP + " Needs --profile."),
    diff: bool = typer.Option(False, "--diff", help="Show a unified diff of each changed file."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    all_profiles: bool = typer.Option(False, "--all", help="Check ROOT/<name> for every built-in profile."),
    root: Path = typer.Option(Path("output"), "--root", help=ALL_ROOT_HELP),
) -> None:
    """Re-render in memory and compare with FOLDER byte for byte: exit 0 clean, 1 drift, 2 error."""
    from .check import check as check_folder
    from .profiles import builtin_names, load_profile

    if output_format not in ("text", "json"):
        raise _fail("--format must be text or json")
    if all_profiles == (folder is not None):
        raise _fail("give exactly one of FOLDER or --all")
    if overrides and profile is None:
        raise _fail("--set needs --profile")
    try:
        if all_profiles:
            reports = [check_folder(root / name, load_profile(name), diff) for name in builtin_names()]
        else:
            resolved = load_profile(profile, overrides) if profile is not None else None
            reports = [check_folder(folder, resolved, diff)]
    except DdbgenError as error:
        raise _fail(str(error)) from None
    if output_format == "json":
        documents = [report.as_dict() for report in reports]
        typer.echo(json.dumps(documents if all_profiles else documents[0], indent=2))
    else:
        for report in reports:
            _print_report(report, diff)
    if not all(report.clean for report in reports):
        raise typer.Exit(EXIT_DRIFT)


def _print_report(report, with_diff: bool) -> None:
    if report.clean:
        typer.echo(f"{report.folder}: clean (profile {report.profile}, ddbgen {report.generator_version})")
        return
    typer.echo(f"{report.folder}: drift (profile {report.profile}, ddbgen {report.generator_version})")
    for note in report.notes:
        typer.echo(f"  {note}")
    for item in report.drifted:
        typer.echo(f"  {item.state}: {report.folder / item.path}")
        if with_diff and item.diff:
            _print_diff(item.diff)


def _print_diff(text: str) -> None:
    if not sys.stdout.isatty():
        typer.echo(text, nl=False)
        return
    colours = {"+": typer.colors.GREEN, "-": typer.colors.RED, "@": typer.colors.CYAN}
    for line in text.splitlines():
        typer.secho(line, fg=colours.get(line[:1]))


@profiles_app.command("list")
def profiles_list() -> None:
    """List the built-in profiles."""
    from .profiles import builtin_names

    for name in builtin_names():
        typer.echo(name)


@profiles_app.command("show")
def profiles_show(
    profile: str = typer.Argument(..., help=PROFILE_HELP),
    overrides: List[str] = typer.Option([], "--set", "-s", help=SET_HELP),
) -> None:
    """Print the fully resolved profile as YAML (usable as a profile file itself)."""
    import yaml

    from .profiles import load_profile

    try:
        resolved = load_profile(profile, overrides)
    except DdbgenError as error:
        raise _fail(str(error)) from None
    typer.echo(f"# profile {resolved.name}, resolved; keys set by a profile or --set:")
    for key, source in resolved.origins.items():
        typer.echo(f"#   {key}: {source}")
    _warn(resolved.warnings)
    typer.echo(yaml.safe_dump(resolved.values, sort_keys=False, allow_unicode=True), nl=False)


def main() -> None:
    app()
