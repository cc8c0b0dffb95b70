"""The ``ddbgen`` command line: one Typer application, a thin shell over the library.

Each command parses its options, calls the library and turns the result into
an exit code: 0 success or clean, 1 drift, 2 a usage or input error. Errors,
Typer's usage errors included, are one line on stderr. The library is
imported inside each command, so a command pays only for what it uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn, TextIO

import typer

from generator import __version__

EXIT_CLEAN = 0
EXIT_DRIFT = 1
EXIT_USAGE = 2
# Interrupted (Ctrl-C): the shell's 128 + SIGINT, never 1, which says drift.
EXIT_INTERRUPTED = 130
DEFAULT_ROOT = "output"
FORMATS = ("text", "json")

app = typer.Typer(
    help="Generate the DynamoDB Terraform module from per-environment profiles, and check vendored copies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
profiles_app = typer.Typer(help="List, show and describe profiles.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(profiles_app, name="profiles")

PROFILE = typer.Option(
    None, "--profile", "-p", metavar="NAME|PATH", help="Built-in profile name, or path to a profile .yaml file."
)
SET = typer.Option(
    [],
    "--set",
    "-s",
    metavar="KEY=VALUE",
    help="Override one input or setting after the profile; VALUE is read as YAML. Repeatable.",
)
ROOT_OF_ALL = typer.Option(
    Path(DEFAULT_ROOT),
    "--root",
    metavar="DIR",
    help="With --all: the folder holding one module folder per built-in profile.",
)
ALLOW_REPLACEMENT = typer.Option(
    False,
    "--allow-replacement",
    help="Let a change that replaces the table (a key, a local index, its name) through, when the profile does not set prevent_destroy: its items are lost.",
)
IMPORT_FILE = typer.Option(
    None,
    "--import-file",
    metavar="FILE.tf",
    help="When the global indexes move out of the table into resources of their own (AWS provider 6): write the root's import blocks here.",
)
IMPORT_MODULE = typer.Option(
    None, "--module", metavar="NAME", help="With --import-file: the root's module block that calls the folder."
)
LIVE_TABLE = typer.Option(
    None,
    "--live-table",
    metavar="TABLE",
    help="Finish an index change made with the AWS CLI (provider 5, autoscaling): read TABLE (DescribeTable) and write only if it has the new indexes.",
)


def main(argv: list[str] | None = None) -> None:
    """Run ``ddbgen`` with ``argv`` (default: the process's arguments) and exit with its code."""
    sys.exit(run(sys.argv[1:] if argv is None else list(argv)))


def run(argv: list[str]) -> int:
    """Run the command line on ``argv`` and return the exit code; usage errors become one line."""
    from typer.exceptions import Abort, TyperException
    from typer.main import get_command

    command = get_command(app)
    try:
        code = command.main(args=argv, prog_name="ddbgen", standalone_mode=False)
    except TyperException as error:
        context = getattr(error, "ctx", None)
        where = f" (see {context.command_path} --help)" if context is not None else _help_hint(command, argv)
        message = " ".join(error.format_message().split())
        return fail(message[:1].lower() + message[1:] + where, getattr(error, "exit_code", EXIT_USAGE))
    except (Abort, KeyboardInterrupt):
        return fail("interrupted", EXIT_INTERRUPTED)
    return code if isinstance(code, int) else EXIT_CLEAN


def _help_hint(command: Any, argv: list[str]) -> str:
    """Where to read about a usage error that came with no context: the command named in ``argv``."""
    words = []
    group = command
    for word in argv:
        commands = getattr(group, "commands", {})
        if word not in commands:
            break
        words.append(word)
        group = commands[word]
    return f" (see {' '.join(['ddbgen', *words])} --help)"


def _exit(code: int) -> None:
    """End the command with ``code``; return for 0, so that a command's end can be its success."""
    if code:
        raise typer.Exit(code)


def _abort(message: str) -> NoReturn:
    """Print ``message`` as an error and end the command: exit 2."""
    raise typer.Exit(fail(message))


def _version(value: bool) -> None:
    if value:
        echo(f"ddbgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    pass


@app.command()
def generate(
    profile: str | None = PROFILE,
    overrides: list[str] = SET,
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="DIR", help="Folder to write; default output/<profile name>."
    ),
    all_profiles: bool = typer.Option(False, "--all", help="Generate every built-in profile into ROOT/<name>."),
    root: Path = ROOT_OF_ALL,
    force: bool = typer.Option(False, "--force", help="Overwrite files that ddbgen did not generate."),
    allow_replacement: bool = ALLOW_REPLACEMENT,
    import_file: Path | None = IMPORT_FILE,
    module: str | None = IMPORT_MODULE,
    live_table: str | None = LIVE_TABLE,
) -> None:
    """Render the module's files and its manifest into a folder.

    Everything is rendered in memory first, then written atomically. A file
    without the ddbgen header is refused (exit 2, untouched) unless --force.
    Generated files no longer produced are removed; other files are left alone.
    Into a folder with a manifest, the change from what it records is planned
    first; a change the module cannot carry out as the profile says is refused
    (exit 2, nothing written), with the recipe that does it.
    """
    from generator.errors import DdbgenError
    from generator.folder.generate import generate as generate_module
    from generator.folder.generate import generate_all

    if all_profiles == (profile is not None):
        _abort("give exactly one of --profile or --all")
    if all_profiles and (overrides or out or allow_replacement or import_file or module or live_table):
        _abort("--all renders the built-in profiles as they are: it takes no --set, --out or change options")
    try:
        if all_profiles:
            done = generate_all(root, force)
        else:
            assert profile is not None  # one of --profile and --all, checked above
            _check_module_name(module)
            done = [
                generate_module(
                    profile,
                    overrides,
                    out,
                    force,
                    allow_replacement=allow_replacement,
                    import_file=import_file,
                    module=module,
                    live_table=live_table,
                )
            ]
    except DdbgenError as error:
        _abort(str(error))
    for generated in done:
        result = generated.result
        say(
            f"{result.folder}: profile {generated.profile.name}, {len(result.written)} written, "
            f"{len(result.unchanged)} unchanged, {len(result.removed)} removed"
        )
        print_changes(generated.changes)
        warn(
            [*generated.profile.warnings, *generated.warnings],
            f"{result.folder} ({generated.profile.source.describe()})",
        )


@app.command()
def check(
    paths: list[Path] | None = typer.Argument(None, metavar="FOLDER...", show_default=False),
    recursive: Path | None = typer.Option(
        None, "--recursive", "-r", metavar="ROOT", help="Check every folder under ROOT that holds a ddbgen manifest."
    ),
    changed: bool = typer.Option(
        False,
        "--changed",
        help="The arguments are changed files (as pre-commit passes them): check the module folders they belong to, and those made from a changed profile file.",
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        "-p",
        metavar="NAME|PATH",
        help="Check one FOLDER against this profile instead of the one it records.",
    ),
    overrides: list[str] = typer.Option(
        [], "--set", "-s", metavar="KEY=VALUE", help="With --profile: override one input or setting. Repeatable."
    ),
    diff: bool = typer.Option(
        False, "--diff", help="Show a unified diff of each drifted file (coloured only on a terminal)."
    ),
    output_format: str = typer.Option("text", "--format", metavar="text|json", help="Report as text, or as JSON."),
    all_profiles: bool = typer.Option(False, "--all", help="Check ROOT/<name> against every built-in profile."),
    root: Path = ROOT_OF_ALL,
    live: bool = typer.Option(
        False,
        "--live",
        help="Compare each folder's live table with its profile instead (read-only AWS calls; boto3, from the adopt extra).",
    ),
    table: str | None = typer.Option(
        None,
        "--table",
        metavar="NAME",
        help="With --live and one FOLDER: the table's name, if the root passes another than the profile's.",
    ),
    region: str | None = typer.Option(
        None,
        "--region",
        metavar="REGION",
        help="With --live: the region to read the tables in; default AWS_REGION, then the AWS profile's.",
    ),
) -> None:
    """Re-render each FOLDER in memory and compare it byte for byte: exit 0 clean, 1 drift, 2 error.

    Each folder is checked against the profile it records (read again, so an
    edited profile is drift). Drift: a changed, missing or unexpected generated
    file, or another profile or ddbgen version. With --live, each folder's table
    is read through the AWS API and compared with the profile instead: every
    difference is a line with the profile's value, the table's and the fix.
    """
    from generator.errors import DdbgenError
    from generator.folder import check as checking

    paths = list(paths or [])
    if live or table is not None or region is not None:
        if not live:
            _exit(fail("--table and --region go with --live"))
        if changed or diff or all_profiles:
            _exit(fail("--live checks FOLDER... or --recursive ROOT: it takes no --changed, --diff or --all"))
        raise typer.Exit(_check_live(paths, recursive, profile, overrides, table, region, output_format))
    chosen = sum((bool(paths) and not changed, recursive is not None, changed, all_profiles))
    if output_format not in FORMATS:
        _abort("--format must be text or json")
    if chosen != 1:
        _abort("give FOLDER..., --recursive ROOT, --changed FILE... or --all")
    if (profile is not None or overrides) and (len(paths) != 1 or changed):
        _abort("--profile and --set check one FOLDER")
    if overrides and profile is None:
        _abort("--set needs --profile")
    single = len(paths) == 1 and not changed
    try:
        if all_profiles:
            reports = checking.check_all(root, diff)
        elif recursive is not None:
            reports = checking.check_folders(checking.modules_under(recursive), diff)
        elif changed:
            reports = checking.check_folders(checking.folders_for_changes(paths, Path.cwd()), diff)
        elif profile is not None:
            from generator.profile.loader import load_profile

            reports = [checking.check(paths[0], load_profile(profile, overrides), diff)]
        else:
            reports = checking.check_folders(paths, diff)
    except DdbgenError as error:
        _abort(str(error))
    _exit(_print_reports(reports, output_format, diff, as_list=not single))


def _check_live(
    paths: list[Path],
    recursive: Path | None,
    profile: str | None,
    overrides: list[str],
    table: str | None,
    region: str | None,
    output_format: str,
) -> int:
    """``check --live``: one report per folder, as text or JSON."""
    from generator.errors import DdbgenError

    if output_format not in FORMATS:
        return fail("--format must be text or json")
    if bool(paths) == (recursive is not None):
        return fail("give FOLDER... or --recursive ROOT")
    if (profile is not None or overrides or table is not None) and len(paths) != 1:
        return fail("--profile, --set and --table check one FOLDER")
    if overrides and profile is None:
        return fail("--set needs --profile")
    try:
        from generator.folder.check import discover
        from generator.folder.live_check import check_live

        resolved = None
        if profile is not None:
            from generator.profile.loader import load_profile

            resolved = load_profile(profile, overrides)
        folders = discover(recursive) if recursive is not None else paths
        reports = check_live(
            folders, table=table, region=region, profile=resolved, found_under_root=recursive is not None
        )
    except DdbgenError as error:
        return fail(str(error))
    return _print_reports(
        reports, output_format, False, as_list=recursive is not None or len(paths) > 1, printer=_print_live_report
    )


def _print_live_report(report: Any, _with_diff: bool) -> None:
    for line in report.lines():
        say(line)


def _print_reports(reports: list, output_format: str, diff: bool, as_list: bool, printer: Any = None) -> int:
    for report in reports:
        if report.error is not None:
            fail(report.error)
    if output_format == "json":
        import json

        documents = [report.as_dict() for report in reports]
        # JSON escapes C0 controls itself; echo writes the others as \uXXXX, which JSON reads back the same.
        echo(json.dumps(documents if as_list else documents[0], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            (printer or print_report)(report, diff)
        if as_list:
            counts = {
                status: sum(report.status == status for report in reports)
                for status in ("clean", "drift", "error", "skipped")
            }
            from generator.shown import counted

            echo(
                f"{counted(len(reports), 'folder')}: {counts['clean']} clean, {counts['drift']} drift, {counted(counts['error'], 'error')}"
                + (f", {counts['skipped']} skipped" if counts["skipped"] else "")
            )
    if any(report.status == "error" for report in reports):
        return EXIT_USAGE
    return EXIT_DRIFT if any(report.status == "drift" for report in reports) else EXIT_CLEAN


@app.command()
def regenerate(
    folders: list[Path] | None = typer.Argument(None, metavar="FOLDER...", show_default=False),
    recursive: Path | None = typer.Option(
        None, "--recursive", "-r", metavar="ROOT", help="Every folder under ROOT that holds a ddbgen manifest."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print the change plan and what would change, as unified diffs, and write nothing."
    ),
    allow_replacement: bool = ALLOW_REPLACEMENT,
    import_file: Path | None = IMPORT_FILE,
    module: str | None = IMPORT_MODULE,
    live_table: str | None = LIVE_TABLE,
) -> None:
    """Render each FOLDER again from the profile it records, with this ddbgen: the upgrade path.

    Bump the ddbgen pin, regenerate, review the diff, commit. The change from what
    each folder records is planned first: a change the module cannot carry out as
    the profile says is refused (exit 2, the folder untouched), with the recipe.
    """
    from generator.errors import DdbgenError
    from generator.folder.check import modules_under
    from generator.folder.regenerate import regenerate_folders

    folders = list(folders or [])
    if bool(folders) == (recursive is not None):
        _abort("give FOLDER... or --recursive ROOT")
    if (import_file or live_table) and len(folders) != 1:
        _abort("--import-file and --live-table regenerate one FOLDER")
    try:
        _check_module_name(module)
        done = regenerate_folders(
            modules_under(recursive) if recursive is not None else folders,
            dry_run,
            allow_replacement=allow_replacement,
            import_file=import_file,
            module=module,
            live_table=live_table,
        )
    except DdbgenError as error:
        _abort(str(error))
    refused = False
    for item in done:
        report = item.report
        if report.error is not None:
            fail(report.error)
            continue
        files = item.changed_files
        if dry_run:
            verdict = (
                "would change " + ", ".join(f"{change.path} ({change.state})" for change in files)
                if files
                else "up to date"
            )
            if item.refusal:
                verdict = "would be refused; " + verdict
            say(f"{report.folder}: {verdict} ({report.source_text()})")
            print_changes(item.changes)
            for change in files:
                print_diff(change.diff)
            if item.refusal:
                refused = True
                fail(item.refusal)
        else:
            result = item.result
            assert result is not None  # a regenerate that is not a dry run wrote, or its error is its report
            say(
                f"{report.folder}: {len(result.written)} written, {len(result.unchanged)} unchanged, "
                f"{len(result.removed)} removed ({report.source_text()})"
            )
            print_changes(item.changes)
        warn([*report.profile_warnings, *item.warnings], f"{report.folder} ({report.source_text()})")
    _exit(EXIT_USAGE if refused or any(item.report.error for item in done) else EXIT_CLEAN)


def _check_module_name(module: str | None) -> None:
    """A module block's name goes into import addresses: it must be a Terraform identifier."""
    from generator.errors import DdbgenError
    from generator.profile.design import LOGICAL_NAME

    if module is not None and not LOGICAL_NAME.fullmatch(module):
        raise DdbgenError(
            f"--module {module}: must be a Terraform identifier (a letter or underscore, then letters, digits, _ or -)"
        )


def print_changes(changes: list) -> None:
    """The change plan, one line a change: its class, what changes, what the render does."""
    for change in changes:
        say(f"  change: {change.line()}")


@app.command()
def adopt(
    table_name: str | None = typer.Argument(None, metavar="TABLE_NAME", show_default=False, hidden=True),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="PROFILE.yaml", help="The profile file to write."),
    import_file: Path | None = typer.Option(
        None,
        "--import-file",
        metavar="FILE.tf",
        help="Write the import blocks here, beside the root module's module block; default: print them.",
    ),
    module: str = typer.Option(
        "dynamodb", "--module", metavar="NAME", help="The root's module block the imports are for: module.NAME."
    ),
    extends: str | None = typer.Option(
        None, "--extends", metavar="PROFILE", help="Extend this profile and write only what differs from it."
    ),
    aws_provider: int | None = typer.Option(
        None, "--aws-provider", metavar="5|6", help="The provider line to write in the profile."
    ),
    name: str | None = typer.Option(
        None, "--name", metavar="NAME", help="The design's logical name; default: from the table's name."
    ),
    moved_from: str | None = typer.Option(
        None,
        "--moved-from",
        metavar="this|autoscaled|autoscaled_gsi_ignore",
        help="The table is in a terraform-aws-modules/dynamodb-table module, in this copy of its table "
        "(terraform state list | grep aws_dynamodb_table shows which): write moved_from.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the profile and import files if they exist."),
) -> None:
    """Read the live table TABLE_NAME through the AWS API and write a profile, and import blocks, that keep it as it is.

    Read-only: only Describe, List and Get calls. Credentials, region and endpoint
    come from the usual AWS environment (AWS_ENDPOINT_URL included). What the module
    cannot represent is named; where that would change the table on apply, exit 2.
    """
    from generator.adopt.adopt import adopt as adopt_table
    from generator.errors import DdbgenError

    if table_name is None or out is None:
        _abort("give the table's name and --out PROFILE.yaml")
    try:
        for path in (out, import_file):
            if path is not None:
                _check_adopt_target(path, force)
        adoption = adopt_table(
            table_name,
            module=module,
            extends=extends,
            aws_provider=aws_provider,
            moved_from=moved_from,
            name=name,
            profile_path=out,
        )
        _write_new(out, adoption.profile_yaml, force)
        if import_file is not None:
            _write_new(import_file, adoption.import_blocks, force)
    except (DdbgenError, OSError) as error:
        _abort(str(error))
    say(f"{out}: profile of table {table_name}")
    if import_file is not None:
        from generator.shown import counted

        say(f"{import_file}: {counted(len(adoption.imports), 'import block')} for module.{module}")
    else:
        echo(adoption.import_blocks, newline=False)
    say(f"to import: {', '.join(address for address, _ in adoption.imports)}")
    for item in adoption.creates:
        say(f"created: {item}")
    for item in adoption.cannot_represent:
        say(f"left as it is: {item}")


def _check_adopt_target(path: Path, force: bool) -> None:
    """A file adopt may write: never through a symbolic link (a link can point anywhere), and not over a file unless forced."""
    from generator.errors import OutputError
    from generator.reading import text_path

    if not text_path(path):
        raise OutputError(f"{path}: the path is not UTF-8 text; give a path in UTF-8")
    if os.path.islink(path):
        raise OutputError(
            f"{path}: is a symbolic link; adopt writes only a file of its own, never through a link. Remove it."
        )
    if os.path.lexists(path) and not force:
        raise OutputError(f"{path}: exists; left untouched. Move it away, or pass --force to overwrite it.")
    if os.path.lexists(path) and not os.path.isfile(path):
        raise OutputError(f"{path}: exists and is not a regular file; left untouched. Move it away.")


def _write_new(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path``, refusing a link that appeared since the check (O_NOFOLLOW), and an existing file unless forced."""
    from generator.errors import OutputError

    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if force else os.O_EXCL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, flags, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or type(error).__name__}") from None


@app.command()
def baseline(
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="The folder to write the baseline module into."),
    overrides: list[str] = SET,
    aws_provider: int = typer.Option(
        6, "--aws-provider", metavar="5|6", help="The AWS provider line the module is written for."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite files in DIR that ddbgen did not write."),
) -> None:
    """Write the account-and-region module: DynamoDB alarms with no table dimension (UserErrors, the account's and the largest table's provisioned capacity).

    Its manifest records the --set overrides: ddbgen check and regenerate read it again.
    """
    from generator.errors import DdbgenError
    from generator.folder.baseline import generate_baseline

    try:
        found, result = generate_baseline(out, overrides, aws_provider, force)
    except DdbgenError as error:
        _abort(str(error))
    say(
        f"{result.folder}: baseline, {len(result.written)} written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed"
    )
    warn(found.warnings, f"{result.folder} (baseline)")


@app.command()
def inventory(
    root: Path = typer.Option(
        Path("."), "--recursive", "-r", metavar="ROOT", help="Every folder under ROOT that holds a ddbgen manifest."
    ),
    output_format: str = typer.Option(
        "table",
        "--format",
        metavar="table|json|markdown|html",
        help="A terminal table, JSON, Markdown or one HTML page.",
    ),
) -> None:
    """One row per module folder under ROOT, from the manifests alone (no AWS call), with whether it is clean.

    Exit 0 when every folder was read (drift is shown, not failed: ddbgen check
    fails it), 2 when a folder's manifest could not be read (its row says why).
    """
    from generator.errors import DdbgenError
    from generator.folder import inventory as listing
    from generator.folder.inventory_formats import FORMATS, formatted

    if output_format not in FORMATS:
        _abort(f"--format must be one of {', '.join(FORMATS)}")
    try:
        records = listing.inventory(root)
    except DdbgenError as error:
        _abort(str(error))
    for record in records:
        if record.error is not None:
            fail(record.error)
    echo(formatted(records, output_format, f"ddbgen inventory of {root}"), newline=False)
    _exit(EXIT_USAGE if listing.exit_status(records) == listing.ERROR else EXIT_CLEAN)


@profiles_app.command("list")
def profiles_list() -> None:
    """List the built-in profiles and what each is for."""
    from generator.profile.loader import builtin_description, builtin_names

    names = builtin_names()
    width = max(map(len, names))
    for name in names:
        echo(f"{name:<{width}}  {builtin_description(name)}".rstrip())


@profiles_app.command("show")
def profiles_show(
    profile: str | None = typer.Argument(None, metavar="NAME|PATH", show_default=False, hidden=True),
    overrides: list[str] = SET,
) -> None:
    """Print the fully resolved profile NAME|PATH (a built-in name or a profile file) as YAML, itself a profile."""
    from generator.errors import DdbgenError
    from generator.profile.loader import load_profile
    from generator.profile.text import resolved_yaml

    if profile is None:
        _abort("give the profile to show: a built-in name or the path of a profile file")
    try:
        resolved = load_profile(profile, overrides)
    except DdbgenError as error:
        _abort(str(error))
    warn(resolved.warnings, resolved.source.describe())
    echo(resolved_yaml(resolved), newline=False)


@profiles_app.command("schema")
def profiles_schema() -> None:
    """Print the JSON Schema of profile files, for editors that validate and complete YAML."""
    import json

    from generator.profile.schema import profile_schema

    echo(json.dumps(profile_schema(), indent=2, ensure_ascii=False))


def print_report(report: Any, with_diff: bool) -> None:
    """One line per folder, then one per drift reason and per drifted file (``state: path``), then diffs."""
    if report.error is not None:
        say(f"{report.folder}: error")
        return
    say(f"{report.folder}: {report.status} ({report.source_text()}, ddbgen {report.generator_version})")
    for reason in report.drift_reasons:
        say(f"  {reason}")
    for item in report.drifted:
        say(f"  {item.state}: {report.folder / item.path}")
        if with_diff and item.diff:
            print_diff(item.diff)


_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}


def print_diff(text: str, stream: TextIO | None = None) -> None:
    """A unified diff: plain text, or coloured when writing to a terminal (and NO_COLOR is unset)."""
    stream = sys.stdout if stream is None else stream
    if not (stream.isatty() and "NO_COLOR" not in os.environ):
        echo(text, stream, newline=False)
        return
    from generator.shown import inert

    for line in text.splitlines():
        colour = _COLOURS.get(line[:1])
        # The line is made inert first: the only escapes that reach the terminal are these colours.
        _write(f"{colour}{inert(line)}\x1b[0m\n" if colour else inert(line) + "\n", stream)


def echo(text: str, stream: TextIO | None = None, newline: bool = True) -> None:
    """Write ``text`` as lines: every character that could act on a terminal but newlines and tabs is escaped."""
    from generator.shown import inert

    _write(inert(text + "\n" if newline else text, lines=True), sys.stdout if stream is None else stream)


def say(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` as one line, whatever it holds: a newline in a value cannot start another line."""
    from generator.shown import inert

    _write(inert(text) + "\n", sys.stdout if stream is None else stream)


def _write(text: str, stream: TextIO) -> None:
    """Write ``text``; characters the stream cannot encode are escaped rather than fatal."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def fail(message: str, code: int = EXIT_USAGE) -> int:
    say(f"ddbgen: error: {' '.join(message.splitlines())}", sys.stderr)
    return code


def warn(messages: Any, about: str) -> None:
    """Each warning once, naming the folder and profile it concerns: several folders' warnings never blur together."""
    for message in dict.fromkeys(messages):
        say(f"ddbgen: warning: {about}: {message}", sys.stderr)
