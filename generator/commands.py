"""The Typer application: every ``ddbgen`` command, its options and its help.

Each command parses options, calls the library and turns the result into an
exit code: 0 success or clean, 1 drift, 2 usage or input error. ``main`` in
``generator.cli`` runs this application (and reads plain ``check`` calls
itself, without importing Typer).
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .cli import DEFAULT_ROOT, echo, fail, run_check, warn
from .errors import DdbgenError

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


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        echo(f"ddbgen {__version__}")
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
    root: Path = typer.Option(Path(DEFAULT_ROOT), "--root", help=ALL_ROOT_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite files that ddbgen did not generate."),
) -> None:
    """Render main.tf, variables.tf, outputs.tf, versions.tf, README.md and the manifest into a folder.

    Everything is rendered in memory first, then written atomically.

    A file without the ddbgen header is refused (exit 2, untouched) unless --force.

    Generated files no longer produced are removed; other files are left alone.
    """
    from .generate import generate as generate_module
    from .generate import generate_all

    if all_profiles == (profile is not None):
        _exit(fail("give exactly one of --profile or --all"))
    if all_profiles and (overrides or out):
        _exit(fail("--all renders the built-in profiles as they are: it takes no --set or --out"))
    try:
        done = generate_all(root, force) if all_profiles else [generate_module(profile, overrides, out, force)]
    except DdbgenError as error:
        raise typer.Exit(fail(str(error))) from None
    for generated in done:
        warn(generated.profile.warnings)
        result = generated.result
        echo(
            f"{result.folder}: profile {generated.profile.name}, {len(result.written)} written, "
            f"{len(result.unchanged)} unchanged, {len(result.removed)} removed"
        )


@app.command()
def check(
    folder: Optional[Path] = typer.Argument(None, metavar="FOLDER", help="The generated module folder to check."),
    profile: Optional[str] = typer.Option(
        None, "--profile", "-p", help=PROFILE_HELP + " Default: the profile recorded in the folder's manifest."
    ),
    overrides: List[str] = typer.Option([], "--set", "-s", help=SET_HELP + " Needs --profile."),
    diff: bool = typer.Option(False, "--diff", help="Show a unified diff of each drifted file (plain unless on a terminal)."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    all_profiles: bool = typer.Option(False, "--all", help="Check ROOT/<name> against every built-in profile."),
    root: Path = typer.Option(Path(DEFAULT_ROOT), "--root", help=ALL_ROOT_HELP),
) -> None:
    """Re-render in memory and compare with FOLDER byte for byte: exit 0 clean, 1 drift, 2 error.

    Drift: a changed, missing or unexpected generated file, or another profile or ddbgen version.

    Without --profile, the profile is the one recorded in the folder's manifest.
    """
    _exit(run_check(folder, profile, list(overrides), diff, output_format, all_profiles, root))


@profiles_app.command("list")
def profiles_list() -> None:
    """List the built-in profiles."""
    from .profiles import builtin_names

    for name in builtin_names():
        echo(name)


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
        raise typer.Exit(fail(str(error))) from None
    echo(f"# profile {resolved.name}, resolved; keys set by a profile or --set:")
    for key, source in resolved.origins.items():
        echo(f"#   {key}: {source}")
    warn(resolved.warnings)
    echo(yaml.safe_dump(resolved.values, sort_keys=False, allow_unicode=True), newline=False)

