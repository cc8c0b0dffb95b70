"""Hostile repositories: whatever a profile, a manifest or a file in the folder says, ddbgen never reads
outside the repository, never hangs or blows up, and never prints what it should not (issue 17).

CI runs ``ddbgen check`` on pull requests, so everything here is content anyone can commit. Every case
of the issue is a ``Case``: it builds a repository of its own (with ``.git``), next to planted secrets
outside it (``~/.env``, ``.netrc``, ``.git-credentials``, an outside file) and inside its ``.git``, then
runs the real command line. Each case asserts its exit code (2, or clean and correct where the value is
legal), one ``ddbgen: error:`` line, no traceback, nothing written, no byte of a planted secret and no
raw control character on stdout or stderr.

The cases run in one subprocess (``tests/hostile_runner.py``) started under ``resource.setrlimit``
limits (``MEMORY_LIMIT`` of address space, ``CPU_LIMIT`` of CPU time), each case under a wall-clock
limit of ``CASE_SECONDS`` (SIGALRM): one process instead of a hundred keeps the corpus to a few seconds
of ``make test``, and a case that hung or exhausted memory would still fail on its own. The cases whose
point is the bytes of a real command line (``$'\\xff'``) also run as processes of their own.

The interrupted and concurrent writes run in loops of real processes: ``RACING_PAIRS`` pairs of
writers started together into one folder, and ``KILLS`` writers killed (SIGKILL) at random points,
half of them with renames slowed to 5 ms each (a slow file system), so that kills land among the
renames as well as among the staged writes and syncs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import resource
import secrets
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from generator.folder import compare, vendor
from generator.folder.check import check
from generator.profile.loader import load_profile
from generator.render.manifest import MANIFEST
from generator.render.render import render

from .conftest import REPO, hypothesis_settings

MEMORY_LIMIT = 512 << 20  # bytes of address space; a check takes some 40 MB
CPU_LIMIT = 120  # seconds of CPU for the whole batch
CASE_SECONDS = 10.0  # wall clock for one case
SECRET = "PLANTED" + secrets.token_hex(12)
# What a terminal would act on, besides the newlines and tabs that lay out the output.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


# --- the world: planted secrets, one repository per case ----------------------------------------


@dataclass
class Repo:
    """A case's repository: ``root`` holds ``.git``; ``outside`` and ``home`` hold planted secrets."""

    root: Path
    outside: Path
    home: Path

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def link(self, relative: str, target: str | Path) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(path):
            path.unlink()
        os.symlink(target, path)
        return path

    def fifo(self, relative: str) -> Path:
        path = self.root / relative
        if os.path.lexists(path):
            path.unlink()
        os.mkfifo(path)
        return path

    def module(self, relative: str = "mod", profile: str = "production", *overrides: str) -> Path:
        """A module generated the ordinary way (``profile`` a built-in name or a path below the root).

        It is checked once, clean, as generate does: the corpus's cache then holds the record of that
        check (generator/folder/clean_record.py), so every case runs against a record that held before it.
        """
        folder = self.root / relative
        reference = profile if "/" not in profile and not profile.endswith(".yaml") else str(self.root / profile)
        vendor.write(folder, render(load_profile(reference, overrides), folder))
        assert check(folder).clean
        return folder

    def manifest(self, relative: str, change: Callable[[dict], Any]) -> None:
        path = self.root / relative / MANIFEST
        record = json.loads(path.read_text(encoding="utf-8"))
        change(record)
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def plant(base: Path) -> tuple[Path, Path]:
    """Secrets outside every case's repository, where a CI runner keeps its own."""
    outside, home = base / "outside", base / "home"
    outside.mkdir()
    home.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}-txt\n{SECRET}-second-line\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(f"{SECRET}-yaml\n", encoding="utf-8")
    (outside / "secret-mapping.yaml").write_text(f"read_capacity: {SECRET}\n", encoding="utf-8")
    (home / ".env").write_text(
        f"AWS_ACCESS_KEY_ID=AKIA{SECRET}\nAWS_SECRET_ACCESS_KEY={SECRET}-env\n", encoding="utf-8"
    )
    (home / ".netrc").write_text(f"machine github.com login ci password {SECRET}-netrc\n", encoding="utf-8")
    (home / ".git-credentials").write_text(f"https://ci:{SECRET}-cred@github.com\n", encoding="utf-8")
    return outside, home


def new_repo(base: Path, outside: Path, home: Path) -> Repo:
    root = base / "repo"
    (root / ".git").mkdir(parents=True)
    # What actions/checkout leaves in .git/config: a token any step could read.
    (root / ".git" / "config").write_text(
        f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}-git\n', encoding="utf-8"
    )
    (root / ".git" / "hooks.yaml").write_text(f"description: {SECRET}-hooks\n", encoding="utf-8")
    return Repo(root, outside, home)


def snapshot(*folders: Path) -> dict[str, tuple]:
    """Every entry under ``folders``, never following a link or opening anything but a regular file."""
    found: dict[str, tuple] = {}
    for folder in folders:
        for current, names, files in os.walk(folder):
            for name in names + files:
                path = Path(current) / name
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode):
                    with open(path, "rb") as handle:
                        digest = hashlib.sha256(handle.read(64 << 20)).hexdigest()
                    found[str(path)] = ("file", info.st_size, digest)
                elif stat.S_ISLNK(info.st_mode):
                    found[str(path)] = ("link", os.readlink(path))
                else:
                    found[str(path)] = (stat.S_IFMT(info.st_mode),)
    return found


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input: ``build`` makes the repository and returns the command line (run from its root).

    ``codes``: the exit codes allowed; ``says``: text the output must hold; ``writes``: the command may
    write (a legal value generates); ``then``: further checks on the repository and the result.
    """

    category: str
    build: Callable[[Repo], list[str]]
    codes: frozenset[int] = frozenset({2})
    says: tuple[str, ...] = ()
    writes: bool = False
    then: Callable[[Repo, dict], None] | None = None
    # What the case's command line runs with besides the corpus's environment (None: a variable unset),
    # as a CI job would set it: a cache folder in its workspace, or one shared with others.
    environ: Callable[[Repo], dict[str, str | None]] | None = None


CONFINEMENT = "confinement"
BOUNDS = "bounds"
TRACEBACKS = "tracebacks"
LIMITS = "accepted, then refused by Terraform or AWS"
INJECTION = "injection into what people read"
WRITES = "interrupted writes"
YAML_11 = "YAML 1.1 surprises"
MESSAGES = "messages"
RECORDS = "a record of a clean check held before (issue 20)"


def _record_file(path: str) -> Callable[[dict], None]:
    def change(record: dict) -> None:
        record["profile"]["source"] = {"file": path, "overrides": []}

    return change


def _record_builtin(name: str) -> Callable[[dict], None]:
    def change(record: dict) -> None:
        record["profile"]["source"] = {"builtin": name, "overrides": []}

    return change


def _recorded(repo: Repo, path: str, *, profile_text: str | None = None) -> list[str]:
    """A module whose manifest records the profile file ``path`` (relative to the module folder)."""
    repo.module()
    if profile_text is not None:
        repo.write("profiles/p.yaml", profile_text)
    repo.manifest("mod", _record_file(path))
    return ["check", "-r", "."]


def _profile(repo: Repo, text: str, *extra: str, command: str = "generate") -> list[str]:
    repo.write("profiles/p.yaml", text)
    if command == "show":
        return ["profiles", "show", "profiles/p.yaml", *extra]
    return ["generate", "--profile", "profiles/p.yaml", "--out", "mod", *extra]


def _extends(target: str) -> Callable[[Repo], list[str]]:
    return lambda repo: _profile(repo, f"extends: {target}\n")


def _alias_bomb(key: str = "resource_policy") -> str:
    """Nine levels of nine aliases in under 800 bytes: 9**9 strings once expanded."""
    lines = [f"{key}:\n", '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    names = "abcdefghi"
    for previous, name in itertools.pairwise(names):
        lines.append(f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n")
    return "".join(lines)


def _symlinked_main(repo: Repo, *command: str) -> list[str]:
    repo.module()
    repo.link("mod/main.tf", repo.outside / "secret.txt")
    return list(command)


def _edited_with_matching_digests(repo: Repo) -> list[str]:
    """A generated file edited, and the manifest's digest of it rewritten to match: the record must not believe it."""
    from generator.reading import digest

    folder = repo.module()
    main = folder / "main.tf"
    main.write_text(main.read_text(encoding="utf-8").replace("prevent_destroy = true", "prevent_destroy = false"))
    repo.manifest("mod", lambda record: record["files"].update({"main.tf": digest(main.read_bytes())}))
    return ["check", "mod"]


def _parent_linked_out_with_the_same_bytes(repo: Repo, *command: str) -> list[str]:
    """The parent profile swapped for a link out of the repository to a file of the very same bytes."""
    repo.write("profiles/base.yaml", "extends: production\nread_capacity: 9\n")
    repo.write("profiles/app.yaml", "extends: base.yaml\n")
    repo.module("mod", "profiles/app.yaml")
    copy = repo.root.parent / "base-copy.yaml"  # beside the repository, outside it
    copy.write_bytes((repo.root / "profiles" / "base.yaml").read_bytes())
    (repo.root / "profiles" / "base.yaml").unlink()
    repo.link("profiles/base.yaml", copy)
    return list(command)


def _forged_record(repo: Repo, store: Path, *command: str) -> list[str]:
    """A hand edit to mod/main.tf, and in ``store`` a record of a clean check that vouches for it.

    The record is the one the corpus's own check of the folder left, with the edited file's digest: in
    the user's cache it would be believed (the builder proves it), so only where it lies keeps it out.
    """
    from generator import cache
    from generator.folder import clean_record
    from generator.profile.provenance import repository_root
    from generator.reading import digest

    folder = repo.module()
    absolute, root = clean_record._absolute(folder), repository_root(folder)
    own = clean_record._record_path(os.path.join(str(cache.cache_folder()), clean_record.RECORDS), absolute, root)
    record = json.loads(Path(own).read_text(encoding="utf-8"))
    main = folder / "main.tf"
    main.write_text(main.read_text(encoding="utf-8").replace("prevent_destroy = true", "prevent_destroy = false"))
    record["files"]["main.tf"] = digest(main.read_bytes())
    control = repo.root.parent / "control-cache"
    for where in (control, store):
        (where / clean_record.RECORDS).mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(where, 0o700)
        (where / clean_record.RECORDS / os.path.basename(own)).write_text(json.dumps(record), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DDBGEN_CACHE_DIR", str(control))
        assert check(folder).by_record, "the forged record would be believed from the user's own cache"
    return list(command)


def _cache_in_the_workspace(repo: Repo) -> dict[str, str | None]:
    """A CI job that points the XDG cache at its workspace, the checked-out pull request."""
    return {"DDBGEN_CACHE_DIR": None, "XDG_CACHE_HOME": str(repo.root / ".cache")}


def _shared_cache(repo: Repo) -> list[str]:
    """A cache folder outside the repository that every user of the runner may write, holding the forged record."""
    shared = repo.root.parent / "shared-cache"
    command = _forged_record(repo, shared, "check", "mod")
    os.chmod(shared / "clean", 0o777)
    return command


def _cache_linked_into_the_repository(repo: Repo) -> list[str]:
    """The cache folder named outside the repository, a link to the pull request's folder of records."""
    command = _forged_record(repo, repo.root / ".ddbgen-cache", "check", "mod")
    os.symlink(repo.root / ".ddbgen-cache", repo.root.parent / "linked-cache")
    return command


def _cache_beside(name: str) -> Callable[[Repo], dict[str, str | None]]:
    """The cache folder named ``name`` beside the repository (outside it)."""
    return lambda repo: {"DDBGEN_CACHE_DIR": str(repo.root.parent / name)}


def _refused_record(
    build: Callable[[Repo], list[str]], environ: Callable[[Repo], dict[str, str | None]], *says: str
) -> Case:
    """A forged record where the command line's cache is: not read, so the hand edit is drift."""
    return Case(RECORDS, build, codes=frozenset({1}), says=("changed: mod/main.tf", *says), environ=environ)


def _no_cache_in_the_repository(repo: Repo, _result: dict) -> None:
    assert not (repo.root / ".cache").exists(), (
        "ddbgen wrote its cache (compiled templates, records) into the repository"
    )


def _fifo_main(repo: Repo, *command: str) -> list[str]:
    repo.module()
    repo.fifo("mod/main.tf")
    return list(command)


def _manifest_replaced(repo: Repo, replace: Callable[[Path], None]) -> list[str]:
    folder = repo.module()
    (folder / MANIFEST).unlink()
    replace(folder / MANIFEST)
    return ["check", "mod"]


def _deep_manifest(repo: Repo) -> list[str]:
    repo.module("a")
    repo.module("b")
    (repo.root / "b" / MANIFEST).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return ["check", "-r", "."]


def _says_other_folder_clean(_repo: Repo, result: dict) -> None:
    assert "a: clean" in result["stdout"], result["stdout"]


def _design(indexes: str, extra: str = "") -> str:
    return (
        "table:\n  name: orders\n  attributes: {id: S, status: S}\n  hash_key: id\n"
        f"  global_secondary_indexes: {indexes}\n{extra}"
    )


def _no_unescaped_markdown(repo: Repo, _result: dict) -> None:
    """The README's structure is the one a plain profile gives: as many fences, table rows and cells."""
    from markdown_it import MarkdownIt

    readme = (repo.root / "mod" / "README.md").read_text(encoding="utf-8")
    baseline = (repo.root / "plain" / "README.md").read_text(encoding="utf-8")
    parser = MarkdownIt("commonmark").enable("table")

    def shape(text: str) -> list[tuple[str, int]]:
        return [(token.type, token.level) for token in parser.parse(text) if token.type != "inline"]

    assert shape(readme) == shape(baseline)

    def html(text: str) -> list[str]:
        tokens = parser.parse(text)
        return [token.content for token in tokens if token.type == "html_block"] + [
            child.content for token in tokens for child in token.children or () if child.type == "html_inline"
        ]

    # The header comment, and nothing else.
    for found in (html(readme), html(baseline)):
        assert len(found) == 1 and found[0].startswith("<!-- Code generated by ddbgen"), found


def _injected_readme(field_text: str, where: str) -> Callable[[Repo], list[str]]:
    def build(repo: Repo) -> list[str]:
        if where == "description":
            plain, hostile = "description: plain\n", f"description: {json.dumps(field_text)}\n"
        else:
            design = "table:\n  name: orders\n  attributes: {{id: S, {name}: S}}\n  hash_key: id\n  range_key: {name}\n"
            plain, hostile = design.format(name="sk"), design.format(name=json.dumps(field_text))
        repo.write("profiles/plain.yaml", plain)
        repo.module("plain", "profiles/plain.yaml")
        return _profile(repo, hostile)

    return build


def _forged_version(repo: Repo) -> list[str]:
    repo.module()

    def change(record: dict) -> None:
        record["generator_version"] = (
            "0.2.0)\nmod: clean (built-in profile production, ddbgen 0.2.0)\n\x1b[2J\x1b[32mall good"
        )

    repo.manifest("mod", change)
    return ["check", "-r", "."]


def _one_report_line(_repo: Repo, result: dict) -> None:
    assert "mod: clean" not in result["stdout"]
    assert result["stdout"].count("\n") == 2, result["stdout"]  # "mod: error" and the summary


def _folder_named_with_escapes(repo: Repo) -> list[str]:
    repo.module("m\x1b[2J\nfake: clean (built-in profile production, ddbgen 0.2.0)\x9b31m")
    return ["check", "-r", "."]


def _json_of_escaped_folder(repo: Repo) -> list[str]:
    repo.module("m\x1b[31m\x85\u202e")
    return ["check", "-r", ".", "--format", "json"]


def _json_parses(_repo: Repo, result: dict) -> None:
    (document,) = json.loads(result["stdout"])
    assert document["folder"] == "m\x1b[31m\x85\u202e"
    assert document["status"] == "clean"


def _diff_with_escapes(repo: Repo) -> list[str]:
    folder = repo.module()
    with open(folder / "main.tf", "a", encoding="utf-8") as handle:
        handle.write("# \x1b]0;pwned\x07 \x1b[2J \r overwritten \u202e\n")
    return ["check", "mod", "--diff"]


def _escaped_profile_path(repo: Repo) -> list[str]:
    repo.write("profiles\x1b[31m/p.yaml", "extends: production\n")
    repo.module("mod", "profiles\x1b[31m/p.yaml")
    return ["check", "-r", "."]


def _staging_without_journal(repo: Repo) -> list[str]:
    folder = repo.module()
    repo.write("mod/.ddbgen-abc123/new/main.tf", "half\n")
    repo.write("mod/.ddbgen-abc123/old/main.tf", (folder / "main.tf").read_bytes())
    return ["generate", "--profile", "production", "--out", "mod"]


def _no_staging_and_clean(repo: Repo, _result: dict) -> None:
    assert not list((repo.root / "mod").glob(".ddbgen-*"))
    assert compare.file_states(
        repo.root / "mod", render(load_profile("production"), repo.root / "mod")
    ) == dict.fromkeys(render(load_profile("production"), repo.root / "mod"), compare.IDENTICAL)


def _interrupted(repo: Repo, command: str) -> list[str]:
    """A development module caught by a kill in the middle of becoming production: half renamed, journal kept."""
    folder = repo.module("mod", "development")
    target = render(load_profile("production"), folder)
    staging = folder / ".ddbgen-k1ll3d"
    (staging / "new").mkdir(parents=True)
    (staging / "old").mkdir()
    for name, data in target.items():
        (staging / "new" / name).write_bytes(data)
    (staging / "journal.json").write_text(json.dumps({"renames": sorted(target), "removals": []}), encoding="utf-8")
    for name in sorted(target)[:4]:  # the renames done before the kill
        os.replace(staging / "new" / name, folder / name)
    if command == "check":
        return ["check", "mod"]
    return ["generate", "--profile", "development", "--out", "mod"]


def _rolled_forward_then_written(repo: Repo, _result: dict) -> None:
    folder = repo.root / "mod"
    assert not list(folder.glob(".ddbgen-*"))
    expected = render(load_profile("development"), folder)
    assert set(compare.file_states(folder, expected).values()) == {compare.IDENTICAL}


def _hostile_journal(repo: Repo) -> list[str]:
    repo.module()
    repo.write("outside-target.txt", "keep me\n")
    repo.write("mod/.ddbgen-evil/new/x", "evil\n")
    repo.write(
        "mod/.ddbgen-evil/journal.json",
        json.dumps({"renames": ["../outside-target.txt", "x/../../y"], "removals": ["../.git/config"]}),
    )
    return ["generate", "--profile", "production", "--out", "mod"]


def _journal_ignored(repo: Repo, _result: dict) -> None:
    assert (repo.root / "outside-target.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (repo.root / ".git" / "config").is_file()
    assert not list((repo.root / "mod").glob(".ddbgen-*"))


def _policy_default(repo: Repo, _result: dict) -> None:
    variables = (repo.root / "mod" / "variables.tf").read_text(encoding="utf-8")
    assert '\\"Version\\":\\"2012-10-17\\"' in variables and '\\"aws:MultiFactorAuthAge\\":3600' in variables


def _tag_kept(key: str, value: str) -> Callable[[Repo, dict], None]:
    def then(repo: Repo, _result: dict) -> None:
        assert f'"{key}" = "{value}"' in (repo.root / "mod" / "variables.tf").read_text(encoding="utf-8")

    return then


def _no_reprs(_repo: Repo, result: dict) -> None:
    text = result["stdout"] + result["stderr"]
    for repr_text in ("True", "False", "None", "datetime", "b'", "{'"):
        assert repr_text not in text, text


def _adopt_through(link: str) -> Callable[[Repo], list[str]]:
    def build(repo: Repo) -> list[str]:
        repo.link(link, repo.outside / "created-by-adopt.yaml")  # dangling: adopt must not create it
        arguments = ["--out", link] if link.endswith(".yaml") else ["--out", "profiles/t.yaml", "--import-file", link]
        return ["adopt", "orders", *arguments]

    return build


def _not_created(repo: Repo, _result: dict) -> None:
    assert not (repo.outside / "created-by-adopt.yaml").exists()


def _in_repo_scalar(repo: Repo) -> list[str]:
    repo.write("secrets/token.yaml", f"{SECRET}-inrepo\n")  # written by a CI step before ddbgen runs
    return _profile(repo, "extends: ../secrets/token.yaml\n")


def _undecodable_folder(repo: Repo) -> list[str]:
    repo.module("ok")
    repo.module("bad")
    os.rename(repo.root / "bad", os.fsdecode(bytes(repo.root) + b"/b\xffd"))
    return ["check", "-r", "."]


def _says_ok_clean(_repo: Repo, result: dict) -> None:
    assert "ok: clean" in result["stdout"], result["stdout"]


def _big_generated(repo: Repo) -> list[str]:
    folder = repo.module()
    with open(folder / "main.tf", "ab") as handle:
        handle.truncate(6 << 20)
    return ["check", "mod", "--diff"]


def _recorded_builtin(repo: Repo, name: str) -> list[str]:
    repo.module()
    repo.manifest("mod", _record_builtin(name))
    return ["check", "-r", "."]


def _recorded_link(repo: Repo) -> list[str]:
    repo.link("profiles/p.yaml", repo.outside / "secret-mapping.yaml")
    return _recorded(repo, "../profiles/p.yaml")


def _extends_link(repo: Repo) -> list[str]:
    repo.link("profiles/base.yaml", repo.outside / "secret-mapping.yaml")
    return _profile(repo, "extends: base.yaml\n")


def _link_replaced_not_followed(repo: Repo, _result: dict) -> None:
    main = repo.root / "mod" / "main.tf"
    assert main.is_file() and not main.is_symlink()
    assert (repo.outside / "secret.txt").read_text(encoding="utf-8").startswith(SECRET)


def _bomb_recorded(repo: Repo) -> list[str]:
    repo.write("profiles/p.yaml", "extends: production\n")
    repo.module("mod", "profiles/p.yaml")
    repo.write("profiles/p.yaml", "extends: production\n" + _alias_bomb())
    return ["check", "-r", "."]


def _profile_of_69_mb(repo: Repo) -> list[str]:
    os.truncate(repo.write("profiles/p.yaml", ""), 69_000_000)  # sparse: 69 MB that take no disk
    return ["generate", "--profile", "profiles/p.yaml", "--out", "mod"]


def _extends_5_mib(repo: Repo) -> list[str]:
    repo.write("profiles/big.yaml", "# " + "x" * (5 << 20) + "\n")
    return _profile(repo, "extends: big.yaml\n")


def _extends_a_pipe(repo: Repo) -> list[str]:
    (repo.root / "profiles").mkdir()
    repo.fifo("profiles/pipe.yaml")
    return _profile(repo, "extends: pipe.yaml\n")


def _extends_a_folder(repo: Repo) -> list[str]:
    (repo.root / "profiles" / "dir.yaml").mkdir(parents=True)
    return _profile(repo, "extends: dir.yaml\n")


def _lock_linked_out(repo: Repo) -> list[str]:
    repo.module()
    repo.link("mod/.ddbgen-lock", repo.outside / "secret.txt")
    return ["generate", "--profile", "development", "--out", "mod"]


POLICY = (
    "resource_policy:\n  Version: 2012-10-17\n  Statement:\n    - Effect: Allow\n"
    '      Principal: {AWS: "arn:aws:iam::123456789012:root"}\n      Action: dynamodb:GetItem\n'
    "      Resource: __DYNAMODB_TABLE_ARN__\n      Condition: {NumericLessThan: {aws:MultiFactorAuthAge: 3600}}\n"
)
BIG = "x" * (21 << 10)


CORPUS: dict[str, Case] = {
    # Reading files it should not, and printing them into CI logs.
    "manifest records /etc/passwd": Case(
        CONFINEMENT, lambda repo: _recorded(repo, "/etc/passwd"), says=("outside the repository root",)
    ),
    "manifest records a file outside, relatively": Case(
        CONFINEMENT, lambda repo: _recorded(repo, "../../../outside/secret.yaml"), says=("outside the repository root",)
    ),
    "manifest records a built-in named ../../outside/secret.txt": Case(
        CONFINEMENT,
        lambda repo: _recorded_builtin(repo, "../../outside/secret.txt"),
        says=("profile.source is damaged",),
    ),
    "manifest records an unknown built-in": Case(
        CONFINEMENT, lambda repo: _recorded_builtin(repo, "prodution"), says=("prodution is not a built-in profile",)
    ),
    "manifest records a link out of the repository": Case(
        CONFINEMENT, _recorded_link, says=("outside the repository root",)
    ),
    "manifest records .git/config": Case(
        CONFINEMENT, lambda repo: _recorded(repo, "../.git/config"), says=("inside .git",)
    ),
    "manifest records a YAML file in .git": Case(
        CONFINEMENT, lambda repo: _recorded(repo, "../.git/hooks.yaml"), says=("inside .git",)
    ),
    "extends ~/.env": Case(CONFINEMENT, _extends("../../../home/.env"), says=("is not a profile file",)),
    "extends ~/.netrc": Case(CONFINEMENT, _extends("../../../home/.netrc"), says=("is not a profile file",)),
    "extends ~/.git-credentials": Case(
        CONFINEMENT, _extends("../../../home/.git-credentials"), says=("is not a profile file",)
    ),
    "extends a YAML file outside": Case(
        CONFINEMENT, _extends("../../../outside/secret-mapping.yaml"), says=("outside the repository root",)
    ),
    "extends an absolute path outside": Case(
        CONFINEMENT,
        lambda repo: _profile(repo, f"extends: {repo.outside / 'secret-mapping.yaml'}\n"),
        says=("outside the repository root",),
    ),
    "extends a link out of the repository": Case(CONFINEMENT, _extends_link, says=("outside the repository root",)),
    "extends .git/config": Case(CONFINEMENT, _extends("../.git/config"), says=("is not a profile file",)),
    "extends a YAML file in .git": Case(CONFINEMENT, _extends("../.git/hooks.yaml"), says=("inside .git",)),
    "extends a file in the repository holding only a token": Case(
        CONFINEMENT, _in_repo_scalar, says=("must be a mapping of input names to values, not a single value",)
    ),
    "manifest digests match an edited file": Case(
        RECORDS,
        _edited_with_matching_digests,
        codes=frozenset({1}),
        says=("changed: mod/main.tf", "changed: mod/ddbgen-manifest.json"),
    ),
    "parent profile linked out with the same bytes, check": Case(
        RECORDS,
        lambda repo: _parent_linked_out_with_the_same_bytes(repo, "check", "mod"),
        says=("outside the repository root",),
    ),
    "parent profile linked out with the same bytes, check -r": Case(
        RECORDS,
        lambda repo: _parent_linked_out_with_the_same_bytes(repo, "check", "-r", "."),
        says=("outside the repository root", "1 folder: 0 clean, 0 drift, 1 error"),
    ),
    "parent profile linked out with the same bytes, check --changed": Case(
        RECORDS,
        lambda repo: _parent_linked_out_with_the_same_bytes(repo, "check", "--changed", "profiles/base.yaml"),
        says=("outside the repository root",),
    ),
    "a record planted in the workspace cache, check": _refused_record(
        lambda repo: _forged_record(repo, repo.root / ".cache" / "ddbgen", "check", "mod"), _cache_in_the_workspace
    ),
    "a record planted in the workspace cache, check -r": _refused_record(
        lambda repo: _forged_record(repo, repo.root / ".cache" / "ddbgen", "check", "-r", "."),
        _cache_in_the_workspace,
        "1 folder: 0 clean, 1 drift, 0 errors",
    ),
    "a record in a cache folder others can write": _refused_record(_shared_cache, _cache_beside("shared-cache")),
    "a cache folder linked into the repository": _refused_record(
        _cache_linked_into_the_repository, _cache_beside("linked-cache")
    ),
    "generate with the cache in the workspace writes none there": Case(
        RECORDS,
        lambda repo: ["generate", "--profile", "production", "--out", "mod"],
        codes=frozenset({0}),
        writes=True,
        then=_no_cache_in_the_repository,
        environ=_cache_in_the_workspace,
    ),
    "generated file linked out, check --diff": Case(
        CONFINEMENT,
        lambda repo: _symlinked_main(repo, "check", "mod", "--diff"),
        codes=frozenset({1}),
        says=("not a regular file: mod/main.tf",),
    ),
    "generated file linked out, regenerate --dry-run": Case(
        CONFINEMENT,
        lambda repo: _symlinked_main(repo, "regenerate", "--dry-run", "mod"),
        codes=frozenset({0}),
        says=("would change main.tf (not a regular file)",),
    ),
    "generated file linked out, regenerate": Case(
        CONFINEMENT,
        lambda repo: _symlinked_main(repo, "regenerate", "mod"),
        says=("is a symbolic link, not a regular file",),
    ),
    "generated file linked out, generate --force replaces the link": Case(
        CONFINEMENT,
        lambda repo: _symlinked_main(repo, "generate", "--profile", "production", "--out", "mod", "--force"),
        codes=frozenset({0}),
        writes=True,
        then=_link_replaced_not_followed,
    ),
    "manifest linked out": Case(
        CONFINEMENT,
        lambda repo: _manifest_replaced(repo, lambda path: path.symlink_to(repo.outside / "secret.txt")),
        says=("is a symbolic link, not a regular file",),
    ),
    "adopt --out a dangling link": Case(
        CONFINEMENT, _adopt_through("profiles/t.yaml"), says=("is a symbolic link",), then=_not_created
    ),
    "adopt --import-file a dangling link": Case(
        CONFINEMENT, _adopt_through("imports.tf"), says=("is a symbolic link",), then=_not_created
    ),
    # Resource exhaustion.
    "alias bomb in resource_policy, check -r": Case(
        BOUNDS, _bomb_recorded, says=("once its YAML aliases are expanded",)
    ),
    "alias bomb in resource_policy, profiles show": Case(
        BOUNDS, lambda repo: _profile(repo, _alias_bomb(), command="show"), says=("once its YAML aliases are expanded",)
    ),
    "alias that holds itself": Case(
        BOUNDS, lambda repo: _profile(repo, "common_tags: &a [*a]\n"), says=("more than 32 deep",)
    ),
    "manifest linked to /dev/zero": Case(
        BOUNDS,
        lambda repo: _manifest_replaced(repo, lambda path: path.symlink_to("/dev/zero")),
        says=("is a symbolic link",),
    ),
    "manifest a named pipe": Case(
        BOUNDS, lambda repo: _manifest_replaced(repo, os.mkfifo), says=("is a named pipe, not a regular file",)
    ),
    "manifest of 5 MiB": Case(
        BOUNDS,
        lambda repo: _manifest_replaced(repo, lambda path: path.write_bytes(b"{" + b" " * (5 << 20) + b"}")),
        says=("over ddbgen's limit of 4 MiB",),
    ),
    "named pipe for main.tf, regenerate": Case(
        BOUNDS, lambda repo: _fifo_main(repo, "regenerate", "mod"), says=("is a named pipe, not a regular file",)
    ),
    "named pipe for main.tf, check --diff": Case(
        BOUNDS,
        lambda repo: _fifo_main(repo, "check", "mod", "--diff"),
        codes=frozenset({1}),
        says=("not a regular file: mod/main.tf",),
    ),
    "profile of 69 MB": Case(BOUNDS, _profile_of_69_mb, says=("69000000 bytes, over ddbgen's limit of 4 MiB",)),
    "profile of 5 MiB extended": Case(BOUNDS, _extends_5_mib, says=("over ddbgen's limit of 4 MiB",)),
    "extends a named pipe": Case(BOUNDS, _extends_a_pipe, says=("is a named pipe, not a regular file",)),
    "extends a folder": Case(BOUNDS, _extends_a_folder, says=("is a folder, not a regular file",)),
    "--profile /dev/zero": Case(
        BOUNDS, lambda repo: ["generate", "--profile", "/dev/zero", "--out", "mod"], says=("is a character device",)
    ),
    "generated file of 6 MiB, check --diff": Case(
        BOUNDS, _big_generated, codes=frozenset({1}), says=("changed: mod/main.tf", "no diff shown")
    ),
    "key of 1 MB": Case(
        BOUNDS, lambda repo: _profile(repo, "? " + "k" * (1 << 20) + "\n: 1\n"), says=("is not an input of the module",)
    ),
    "YAML nested 40 deep": Case(
        BOUNDS,
        lambda repo: _profile(repo, "common_tags: " + "{a: " * 40 + "b" + "}" * 40 + "\n"),
        says=("more than 32 deep",),
    ),
    # Tracebacks and exit 1.
    "policy with Version: 2012-10-17, as YAML": Case(
        TRACEBACKS, lambda repo: _profile(repo, POLICY), codes=frozenset({0}), writes=True, then=_policy_default
    ),
    "policy with !!binary": Case(
        TRACEBACKS,
        lambda repo: _profile(repo, "resource_policy: {Version: !!binary aGVsbG8=}\n"),
        says=("the tag !!binary is not taken",),
    ),
    "policy with !!set": Case(
        TRACEBACKS,
        lambda repo: _profile(repo, "resource_policy: {Action: !!set {a, b}}\n"),
        says=("the tag !!set is not taken",),
    ),
    "policy with !!timestamp": Case(
        TRACEBACKS,
        lambda repo: _profile(repo, "resource_policy: {Version: !!timestamp 2012-10-17}\n"),
        says=("the tag !!timestamp is not taken",),
    ),
    "!!python/object": Case(
        TRACEBACKS,
        lambda repo: _profile(repo, "description: !!python/object/apply:os.system [id]\n"),
        says=("is not taken",),
    ),
    "JSON policy nested 1,200 deep": Case(
        TRACEBACKS,
        lambda repo: _profile(repo, "resource_policy: '" + '{"a":' * 1200 + "1" + "}" * 1200 + "'\n"),
        says=("nests more than 32 deep",),
    ),
    "manifest nested 100,000 deep beside a clean folder": Case(
        TRACEBACKS,
        _deep_manifest,
        says=("is nested too deeply to be a ddbgen manifest",),
        then=_says_other_folder_clean,
    ),
    "--set description=\\xff": Case(
        TRACEBACKS,
        lambda repo: ["generate", "--profile", "production", "--set", "description=\udcff", "--out", "mod"],
        says=("is not UTF-8 text",),
    ),
    "--out o\\xff5": Case(
        TRACEBACKS,
        lambda repo: ["generate", "--profile", "production", "--out", "o\udcff5"],
        says=("is not UTF-8 text",),
    ),
    "folder named with a byte that is not UTF-8, beside a clean one": Case(
        TRACEBACKS, _undecodable_folder, says=("is not UTF-8 text",), then=_says_ok_clean
    ),
    "extends a name of 5,000 characters": Case(TRACEBACKS, _extends("a" * 5000), says=("unknown profile aaaa",)),
    "extends a path of 5,000 characters": Case(
        TRACEBACKS, _extends("./" + "a" * 5000 + ".yaml"), says=("longer than any path the system takes",)
    ),
    "extends a file name of 300 characters": Case(
        TRACEBACKS, _extends("./" + "a" * 300 + ".yaml"), says=("File name too long",)
    ),
    # Accepted, then refused by Terraform or AWS.
    "NaN in a JSON policy": Case(
        LIMITS, lambda repo: _profile(repo, "resource_policy: '{\"a\": NaN}'\n"), says=("holds NaN",)
    ),
    "Infinity in a JSON policy": Case(
        LIMITS, lambda repo: _profile(repo, "resource_policy: '{\"a\": -Infinity}'\n"), says=("holds -Infinity",)
    ),
    ".nan in a YAML policy": Case(
        LIMITS,
        lambda repo: _profile(repo, "resource_policy: {a: .nan}\n"),
        says=("resource_policy.a: is NaN or Infinity",),
    ),
    ".inf in a YAML policy": Case(
        LIMITS,
        lambda repo: _profile(repo, "resource_policy: {a: [.inf]}\n"),
        says=("resource_policy.a[0]: is NaN or Infinity",),
    ),
    "policy over 20 KB, as JSON": Case(
        LIMITS,
        lambda repo: _profile(repo, 'resource_policy: \'{"a": "' + BIG + "\"}'\n"),
        says=("resource_policy: must be at most 20480 bytes",),
    ),
    "policy over 20 KB, as YAML": Case(
        LIMITS,
        lambda repo: _profile(repo, f"resource_policy: {{a: {BIG}}}\n"),
        says=("must be at most 20480 bytes (20 KB",),
    ),
    "stream policy over 20 KB": Case(
        LIMITS,
        lambda repo: _profile(repo, f"stream_resource_policy: {{a: {BIG}}}\n"),
        says=("stream_resource_policy: must be at most 20480 bytes",),
    ),
    "index names By_Status and By-Status": Case(
        LIMITS,
        lambda repo: _profile(
            repo,
            _design("{By_Status: {hash_key: status, projection: ALL}, By-Status: {hash_key: status, projection: ALL}}"),
        ),
        says=("table.global_secondary_indexes.By-Status: gives the module the same alarm name as index By_Status",),
    ),
    "table name of 255 characters": Case(
        LIMITS,
        lambda repo: _profile(repo, f"notifications_table_name: {'t' * 255}\n"),
        says=("notifications_table_name: must be at most 215 characters while alarms are on", "at most 255 characters"),
    ),
    "index name of 255 characters": Case(
        LIMITS,
        lambda repo: _profile(repo, _design(f"{{{'I' * 255}: {{hash_key: status, projection: ALL}}}}")),
        says=("would be over CloudWatch's limit of 255 characters", "at most 222 characters"),
    ),
    "index name of 222 characters": Case(
        LIMITS,
        lambda repo: _profile(
            repo, _design(f"{{{'I' * 222}: {{hash_key: status, projection: ALL}}}}", "orders_table_name: abc\n")
        ),
        codes=frozenset({0}),
        writes=True,
    ),
    "table name of 120 characters named in IAM policies": Case(
        LIMITS,
        lambda repo: _profile(repo, f"notifications_table_name: {'t' * 120}\n"),
        says=("IAM policy names are at most 128 characters",),
    ),
    # Injection into what people read.
    "description with a code fence and HTML": Case(
        INJECTION,
        _injected_readme("x\n```sh\nrm -rf /\n```\n<script>alert(1)</script> | a | b <!--", "description"),
        codes=frozenset({0}),
        writes=True,
        then=_no_unescaped_markdown,
    ),
    "attribute name with a fence, a pipe and HTML": Case(
        INJECTION,
        _injected_readme("a`` | b\n```\n<img src=x onerror=alert(1)>", "attribute"),
        codes=frozenset({0}),
        writes=True,
        then=_no_unescaped_markdown,
    ),
    "manifest version with newlines and ANSI escapes": Case(
        INJECTION, _forged_version, says=("generator_version is damaged",), then=_one_report_line
    ),
    "folder named with escapes and a newline": Case(
        INJECTION, _folder_named_with_escapes, codes=frozenset({0}), says=("\\u001b[2J\\u000afake: clean",)
    ),
    "folder named with escapes, as JSON": Case(
        INJECTION, _json_of_escaped_folder, codes=frozenset({0}), then=_json_parses
    ),
    "generated file with escapes, check --diff": Case(
        INJECTION,
        _diff_with_escapes,
        codes=frozenset({1}),
        says=("\\u001b]0;pwned\\u0007", "\\u001b[2J \\u000d", "overwritten \\u202e"),
    ),
    "profile path with escapes, check": Case(
        INJECTION, _escaped_profile_path, codes=frozenset({0}), says=("profiles\\u001b[31m/p.yaml",)
    ),
    "description with escapes, profiles show": Case(
        INJECTION,
        lambda repo: _profile(repo, 'description: "a\\e[31mb\\u202ec"\n', command="show"),
        codes=frozenset({0}),
        says=('description: "a\\e[31mb\\u202ec"',),
    ),
    # Interrupted or concurrent writes (the loops of real processes are below).
    "staging left by a run killed before any rename": Case(
        WRITES, _staging_without_journal, codes=frozenset({0}), writes=True, then=_no_staging_and_clean
    ),
    "interrupted write, check": Case(
        WRITES, lambda repo: _interrupted(repo, "check"), codes=frozenset({1}), says=("was interrupted part way",)
    ),
    "interrupted write, the next generate finishes it": Case(
        WRITES,
        lambda repo: _interrupted(repo, "generate"),
        codes=frozenset({0}),
        writes=True,
        then=_rolled_forward_then_written,
    ),
    "journal naming paths outside the folder": Case(
        WRITES, _hostile_journal, codes=frozenset({0}), writes=True, then=_journal_ignored
    ),
    "lock file a link": Case(WRITES, _lock_linked_out, says=("is a symbolic link where ddbgen keeps its write lock",)),
    # YAML 1.1 surprises.
    "read_capacity: 1:30": Case(
        YAML_11,
        lambda repo: _profile(repo, "read_capacity: 1:30\n"),
        says=("read_capacity: must be a finite number (got '1:30')",),
    ),
    "aws_provider: 0x5": Case(
        YAML_11,
        lambda repo: _profile(repo, "aws_provider: 0x5\n"),
        says=("aws_provider: must be 5 or 6", "(got '0x5')"),
    ),
    "read_capacity: 0o17": Case(YAML_11, lambda repo: _profile(repo, "read_capacity: 0o17\n"), says=("(got '0o17')",)),
    "--set read_capacity=1:30": Case(
        YAML_11,
        lambda repo: ["generate", "--profile", "production", "--set", "read_capacity=1:30", "--out", "mod"],
        says=("got '1:30'",),
    ),
    "tag value no": Case(
        YAML_11,
        lambda repo: _profile(repo, "common_tags: {Critical: no}\n"),
        codes=frozenset({0}),
        writes=True,
        then=_tag_kept("Critical", "no"),
    ),
    "tag value 0123": Case(
        YAML_11,
        lambda repo: _profile(repo, "common_tags: {Code: 0123}\n"),
        codes=frozenset({0}),
        writes=True,
        then=_tag_kept("Code", "0123"),
    ),
    "tag value 2024-01-01": Case(
        YAML_11,
        lambda repo: _profile(repo, "common_tags: {Since: 2024-01-01}\n"),
        codes=frozenset({0}),
        writes=True,
        then=_tag_kept("Since", "2024-01-01"),
    ),
    # Messages.
    "table: {name: t1}": Case(
        MESSAGES,
        lambda repo: _profile(repo, "table: {name: t1, attributes: {id: S}, hash_key: id}\n"),
        says=("profiles/p.yaml: table.name: t1 is also the default of t1_table_name",),
    ),
    "a boolean key": Case(
        MESSAGES,
        lambda repo: _profile(repo, "common_tags: {true: a}\n"),
        says=("keys must be strings (got true)",),
        then=_no_reprs,
    ),
    "a boolean provider line": Case(
        MESSAGES, lambda repo: _profile(repo, "aws_provider: true\n"), says=("(got true)",), then=_no_reprs
    ),
    "a null in a list": Case(
        MESSAGES, lambda repo: _profile(repo, "replica_regions: [null]\n"), says=("not null",), then=_no_reprs
    ),
    "a policy number written 1.50": Case(
        MESSAGES,
        lambda repo: _profile(repo, "resource_policy: {Version: '2012-10-17', Ratio: 1.50}\n"),
        says=('quote it to keep the text ("1.50"), or write 1.5',),
        then=_no_reprs,
    ),
    "a value of 1 MB in an error": Case(
        MESSAGES,
        lambda repo: _profile(repo, f"billing_mode: {'B' * (1 << 20)}\n"),
        says=("must be one of PAY_PER_REQUEST",),
    ),
}


# --- running the corpus -------------------------------------------------------------------------


def _limits() -> None:
    """In the child, before it runs Python: the memory and CPU it may use."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def _environment(home: Path) -> dict[str, str]:
    # HOME is the one with the planted secrets; compiled templates go beside it.
    return {
        **os.environ,
        "HOME": str(home),
        "DDBGEN_CACHE_DIR": str(home.parent / "cache"),
        "PYTHONPATH": str(REPO),
        "NO_COLOR": "1",
    }


@dataclass
class Built:
    repo: Repo
    argv: list[str]
    before: dict[str, tuple] = field(default_factory=dict)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Built, dict]]:
    """Every case built, then run in one limited subprocess; each case's result by name."""
    base = tmp_path_factory.mktemp("hostile")
    outside, home = plant(base)
    built: dict[str, Built] = {}
    with pytest.MonkeyPatch.context() as patch:
        # The records the builders' checks leave are in the cache the command lines will read.
        patch.setenv("DDBGEN_CACHE_DIR", _environment(home)["DDBGEN_CACHE_DIR"])
        for number, (name, case) in enumerate(CORPUS.items()):
            repo = new_repo(base / f"case{number:03}", outside, home)
            argv = case.build(repo)
            built[name] = Built(repo, argv, snapshot(repo.root, outside, home))
    cases = [
        {
            "name": name,
            "cwd": str(item.repo.root),
            "argv": item.argv,
            "seconds": CASE_SECONDS,
            "environ": CORPUS[name].environ(item.repo) if CORPUS[name].environ is not None else {},
        }
        for name, item in built.items()
    ]
    (base / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "tests.hostile_runner", str(base / "cases.json"), str(base / "results.json")],
        cwd=REPO,
        env=_environment(home),
        preexec_fn=_limits,
        timeout=CPU_LIMIT * 2,
        check=True,
    )
    results = {result["name"]: result for result in json.loads((base / "results.json").read_text(encoding="utf-8"))}
    results["__batch__"] = {"seconds": round(time.monotonic() - started, 2)}
    return {name: (item, results[name]) for name, item in built.items()} | {"__batch__": (None, results["__batch__"])}  # type: ignore[dict-item]


def _assert_hostile_case(case: Case, built: Built, result: dict) -> None:
    out, err = result["stdout"], result["stderr"]
    output = out + err
    assert result["escaped"] is None, result["escaped"]
    assert "Traceback" not in output, output
    assert result["code"] in case.codes, f"exit {result['code']}, expected {sorted(case.codes)}:\n{output}"
    errors = [line for line in err.splitlines() if line.startswith("ddbgen: error: ")]
    assert all(line.startswith("ddbgen: ") for line in err.splitlines()), err
    if result["code"] == 2:
        assert len(errors) == 1, f"not one error line:\n{err}"
        assert len(errors[0]) < 2000, f"an error line of {len(errors[0])} characters"
        assert not re.search(r"(.)\1{200}", errors[0]), "an error quotes more than a short excerpt of a value"
    for text in case.says:
        assert text in output, f"{text!r} not in:\n{output}"
    assert SECRET not in output and SECRET[7:] not in output, f"a planted secret reached the output:\n{output}"
    assert "root:x:0" not in output
    assert not UNSAFE.search(output), f"a raw control character reached the output: {UNSAFE.search(output)!r}"
    if not case.writes:
        assert snapshot(built.repo.root, built.repo.outside, built.repo.home) == built.before, "something was written"
    if case.then is not None:
        case.then(built.repo, result)


@pytest.mark.parametrize("name", CORPUS, ids=list(CORPUS))
def test_hostile_case(name: str, corpus) -> None:
    built, result = corpus[name]
    _assert_hostile_case(CORPUS[name], built, result)


def test_every_item_of_the_issue_has_a_case():
    """The issue's list, item by item, against the corpus; and the count per category the report gives."""
    covered = {
        "a manifest recording /etc/passwd, or built-in ../../outside/secret.txt": [
            "manifest records /etc/passwd",
            "manifest records a built-in named ../../outside/secret.txt",
        ],
        "extends ../../home/.env, .netrc, .git-credentials": [
            "extends ~/.env",
            "extends ~/.netrc",
            "extends ~/.git-credentials",
        ],
        "a generated file linked out: check --diff, regenerate --dry-run": [
            "generated file linked out, check --diff",
            "generated file linked out, regenerate --dry-run",
        ],
        "adopt --out a dangling link": ["adopt --out a dangling link", "adopt --import-file a dangling link"],
        "an alias chain in resource_policy: check -r and profiles show": [
            "alias bomb in resource_policy, check -r",
            "alias bomb in resource_policy, profiles show",
        ],
        "a manifest linked to /dev/zero": ["manifest linked to /dev/zero"],
        "a FIFO for main.tf": ["named pipe for main.tf, regenerate"],
        "a 69 MB profile": ["profile of 69 MB"],
        "Version: 2012-10-17, !!binary, !!set, timestamps": [
            "policy with Version: 2012-10-17, as YAML",
            "policy with !!binary",
            "policy with !!set",
            "policy with !!timestamp",
        ],
        "JSON policy 1,200 deep; manifest 100,000 deep": [
            "JSON policy nested 1,200 deep",
            "manifest nested 100,000 deep beside a clean folder",
        ],
        "--set description=\\xff and --out o\\xff5": ["--set description=\\xff", "--out o\\xff5"],
        "extends of 5,000 characters": ["extends a name of 5,000 characters", "extends a path of 5,000 characters"],
        "NaN or Infinity in a policy": ["NaN in a JSON policy", "Infinity in a JSON policy", ".nan in a YAML policy"],
        "a policy over 20 KB": ["policy over 20 KB, as JSON", "policy over 20 KB, as YAML"],
        "By_Status and By-Status": ["index names By_Status and By-Status"],
        "a table or index name of 255 characters": ["table name of 255 characters", "index name of 255 characters"],
        "a description or attribute name with a code fence": [
            "description with a code fence and HTML",
            "attribute name with a fence, a pipe and HTML",
        ],
        "generator_version with newlines and ANSI escapes": ["manifest version with newlines and ANSI escapes"],
        "stale staging folders; half old, half new": [
            "staging left by a run killed before any rename",
            "interrupted write, the next generate finishes it",
        ],
        "1:30 and 0x5": ["read_capacity: 1:30", "aws_provider: 0x5"],
        "table: {name: t1}; Python reprs": ["table: {name: t1}", "a boolean key", "a boolean provider line"],
    }
    for item, names in covered.items():
        for name in names:
            assert name in CORPUS, f"{item}: no case {name!r}"
    counts = Counter(case.category for case in CORPUS.values())
    assert set(counts) == {CONFINEMENT, BOUNDS, TRACEBACKS, LIMITS, INJECTION, WRITES, YAML_11, MESSAGES, RECORDS}


def test_the_corpus_runs_within_its_limits(corpus) -> None:
    """Figures for the report: the batch's wall time, the slowest case, the peak memory of the process."""
    results = [result for name, (_, result) in corpus.items() if name != "__batch__"]
    slowest = max(results, key=lambda result: result["seconds"])
    peak_kb = max(result["peak_kb"] for result in results)
    counts = Counter(CORPUS[result["name"]].category for result in results)
    print(
        f"\nhostile corpus: {len(results)} cases {dict(counts)} in {corpus['__batch__'][1]['seconds']} s; "
        f"slowest {slowest['name']!r} {slowest['seconds']} s; peak RSS {peak_kb // 1024} MiB"
    )
    assert slowest["seconds"] < CASE_SECONDS
    assert peak_kb * 1024 < MEMORY_LIMIT


# --- the bytes of a real command line, in processes of their own ----------------------------------


SOLO = {
    "--set description=\\xff": [
        b"generate",
        b"--profile",
        b"production",
        b"--set",
        b"description=\xff",
        b"--out",
        b"mod",
    ],
    "--out o\\xff5": [b"generate", b"--profile", b"production", b"--out", b"o\xff5"],
    "named pipe for main.tf, regenerate": [b"regenerate", b"mod"],
}


@pytest.mark.parametrize("name", SOLO, ids=list(SOLO))
def test_real_command_lines_in_processes_of_their_own(name: str, tmp_path: Path) -> None:
    outside, home = plant(tmp_path)
    repo = new_repo(tmp_path / "case", outside, home)
    if name.startswith("named pipe"):
        _fifo_main(repo)
    before = snapshot(repo.root)
    done = subprocess.run(
        [sys.executable, "-m", "generator", *SOLO[name]],
        cwd=repo.root,
        env=_environment(home),
        preexec_fn=_limits,
        capture_output=True,
        timeout=CASE_SECONDS * 3,
    )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("ddbgen: error: ")] == err.splitlines()[-1:]
    assert snapshot(repo.root) == before


# --- any YAML mapping loads or exits 2, never a traceback (moved from issue 18) ---------------------

_INPUT_KEYS = st.sampled_from(
    [
        "read_capacity",
        "aws_provider",
        "common_tags",
        "resource_policy",
        "table",
        "description",
        "extends",
        "replica_regions",
        "billing_mode",
        "on_demand_throughput",
        "moved_from",
        "stream_resource_policy",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["1:30", "0x5", "2012-10-17", "no", ".nan", "~", "0123", "__DYNAMODB_TABLE_ARN__"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10) | _INPUT_KEYS, inner, max_size=4),
    max_leaves=25,
)
_TRICKS = st.sampled_from(
    [
        "",
        "x: &a [1, 2]\ny: *a\n",
        "!!binary aGk=",
        "!!set {a, b}",
        "? [a]\n: b\n",
        "<<: {a: 1}\n",
        "!!timestamp 2024-01-01",
    ]
)


# The ci Hypothesis profile (tests/conftest.py) draws the same examples on every run; nightly, twenty times as many.
@pytest.mark.slow
@hypothesis_settings(examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    document=st.dictionaries(_INPUT_KEYS | st.text(max_size=12), _VALUES, max_size=6),
    style=st.sampled_from([None, True, False]),
    trick=_TRICKS,
)
def test_any_yaml_mapping_loads_or_exits_2_without_a_traceback(
    document: dict, style: bool | None, trick: str, tmp_path_factory
) -> None:
    from typer.testing import CliRunner

    from generator.cli import app

    folder = tmp_path_factory.mktemp("yaml")
    (folder / ".git").mkdir()
    text = yaml.safe_dump(document, default_flow_style=style, allow_unicode=True) + (
        f"trick: {trick}\n" if trick and not trick.startswith(("x:", "?", "<<")) else trick
    )
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["generate", "--profile", str(folder / "p.yaml"), "--out", str(folder / "mod")])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert [line for line in result.stderr.splitlines() if line.startswith("ddbgen: error: ")] != []
        assert not (folder / "mod").exists()


# --- concurrent and interrupted writes, with real processes ------------------------------------------

RACING_PAIRS = 20
KILLS = 20
# A writer that only writes: the render is done beforehand, so the race is the write's and starts at once.
_WRITER = r"""
import os, pickle, sys, time
from generator.folder import vendor
if os.environ.get("SLOW_RENAMES"):
    # A slow file system: each rename takes 5 ms, so that a kill lands among the renames too.
    rename = os.replace
    os.replace = lambda *args: (time.sleep(0.005), rename(*args))[1]
files = pickle.load(open(sys.argv[1], "rb"))
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.readline()
for _ in range(int(sys.argv[3])):
    for name in ("a", "b"):
        vendor.write(__import__("pathlib").Path(sys.argv[2]), files[name] if len(sys.argv) < 5 else files[sys.argv[4]])
"""


def _renders(tmp_path: Path, folder: Path) -> dict[str, dict[str, bytes]]:
    """Two renders into ``folder`` whose file sets differ (indexes.tf comes only with provider 6's index resources)."""
    import pickle

    renders = {
        "a": render(load_profile("orders"), folder),
        "b": render(load_profile("production", ["aws_provider=5"]), folder),
    }
    assert set(renders["a"]) != set(renders["b"])
    (tmp_path / "renders.pickle").write_bytes(pickle.dumps(renders))
    return renders


def _which(folder: Path, renders: dict[str, dict[str, bytes]]) -> str | None:
    """The render ``folder`` holds exactly (its generated files and nothing else of ddbgen's), or None."""
    for name, files in renders.items():
        if set(compare.file_states(folder, files).values()) == {compare.IDENTICAL}:
            return name
    return None


def _writer(
    tmp_path: Path, folder: Path, rounds: int, which: str | None = None, slow: bool = False
) -> subprocess.Popen:
    arguments = [str(tmp_path / "renders.pickle"), str(folder), str(rounds)] + ([which] if which else [])
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, *arguments],
        cwd=REPO,
        env={**_environment(tmp_path), "SLOW_RENAMES": "1" if slow else ""},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "ready\n"
    return process


@pytest.mark.slow
def test_racing_writers_wait_for_each_other_and_leave_one_whole_render(tmp_path: Path) -> None:
    folder = tmp_path / "mod"
    renders = _renders(tmp_path, folder)
    outcomes = Counter()
    for _ in range(RACING_PAIRS):
        first, second = _writer(tmp_path, folder, 1, "a"), _writer(tmp_path, folder, 1, "b")
        for process in (first, second):  # both start at once
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in (first, second):
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        held = _which(folder, renders)
        assert held is not None, compare.file_states(folder, renders["a"])
        assert not list(folder.glob(".ddbgen-*")), "a staging folder or the lock was left"
        outcomes[held] += 1
    assert sum(outcomes.values()) == RACING_PAIRS


@pytest.mark.slow
def test_two_generate_commands_at_once_leave_one_whole_module(tmp_path: Path) -> None:
    """The issue's race as users meet it: two ddbgen generate into one folder, both exit 0."""
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "mod"
    # One design, two file sets (indexes.tf comes only with provider 6, and production's TypeIndex
    # is off, so the change plan lets either line follow the other): both must succeed, and the
    # lock alone keeps the folder whole.
    renders = {
        "production": render(load_profile("production"), folder),
        "provider 5": render(load_profile("production", ["aws_provider=5"]), folder),
    }
    assert set(renders["production"]) != set(renders["provider 5"])
    commands = [
        [sys.executable, "-m", "generator", "generate", "--profile", "production", "--out", str(folder)],
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--profile",
            "production",
            "--set",
            "aws_provider=5",
            "--out",
            str(folder),
        ],
    ]
    for _ in range(3):
        processes = [
            subprocess.Popen(
                command, cwd=tmp_path, env=_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for command in commands
        ]
        for process in processes:
            code = process.wait(timeout=60)
            error = process.stderr.read()
            # A writer whose change plan read the folder before the other wrote is refused, in one line;
            # a writer that found the other's finished manifest plans against it and succeeds.
            assert code == 0 or (
                code == 2 and b"changed while ddbgen planned the change" in error and error.count(b"\n") == 1
            ), error
        assert _which(folder, renders) is not None
        assert not list(folder.glob(".ddbgen-*"))


def test_a_second_writer_that_waits_too_long_exits_naming_the_first(tmp_path: Path, monkeypatch) -> None:
    import fcntl

    from generator.errors import OutputError

    folder = tmp_path / "mod"
    folder.mkdir()
    holder = os.open(folder / vendor.LOCK, os.O_RDWR | os.O_CREAT)
    os.write(holder, b"4242\n")
    fcntl.flock(holder, fcntl.LOCK_EX)
    monkeypatch.setattr(vendor, "LOCK_WAIT", 0.3)
    try:
        with pytest.raises(
            OutputError,
            match=r"another ddbgen \(process 4242\) has been writing this folder for 0.3 s; nothing was written",
        ):
            vendor.write(folder, render(load_profile("production"), folder))
        assert sorted(path.name for path in folder.iterdir()) == [vendor.LOCK]
        assert vendor.interrupted_write(folder) is None
    finally:
        os.close(holder)


@pytest.mark.slow
def test_writers_killed_at_random_points_leave_what_the_next_write_completes(tmp_path: Path) -> None:
    folder = tmp_path / "mod"
    renders = _renders(tmp_path, folder)
    vendor.write(folder, renders["a"])
    chance = random.Random(17)
    caught = Counter()
    for kill in range(KILLS):
        process = _writer(tmp_path, folder, 10_000, slow=kill % 2 == 1)
        process.stdin.write("go\n")
        process.stdin.flush()
        time.sleep(chance.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        held = _which(folder, renders)
        interrupted = vendor.interrupted_write(folder)
        staging = [path for path in folder.glob(".ddbgen-*") if path.is_dir()]
        # Whenever no ddbgen is writing it: one whole render, or a journal that says it was interrupted.
        assert held is not None or interrupted is not None, compare.file_states(folder, renders["a"])
        caught["one whole render" if held else "part old, part new, journal kept"] += 1
        caught["journal kept" if interrupted else "staging without a journal" if staging else "nothing left"] += 1
        target = chance.choice("ab")
        vendor.write(folder, renders[target])
        assert _which(folder, renders) == target
        assert not list(folder.glob(".ddbgen-*"))
    print(f"\n{KILLS} kills: {dict(caught)}")
    assert caught["one whole render"] + caught["part old, part new, journal kept"] == KILLS
