"""The record of a clean check (generator/folder/clean_record.py): what it lets a check skip, and what it never does.

A check found clean from its record must say exactly what the full check says, and any difference in
what the render is made of, or in the folder, must send the check through the full render. The record
is the trust; the manifest, the profiles and the folder are a pull request's: the cases below commit
what an attacker would (a manifest whose digests match edited files, a record planted in the repository,
a profile swapped for a link) and the check must still find the drift or the error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__, cli
from generator.folder import clean_record
from generator.folder.check import check, check_folders, discover, folders_for_changes
from generator.folder.compare import IDENTICAL
from generator.folder.generate import generate
from generator.folder.vendor import JOURNAL, STAGING_PREFIX
from generator.reading import digest
from generator.render.manifest import MANIFEST
from generator.render.render import render

from .conftest import REPO, write_profile
from .test_check import DRIFTS


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own, outside the test's repositories."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DDBGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def repository(tmp_path, cache) -> Path:
    """A repository with a profile chain (payments extends base extends production) and a module made from it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    profiles = root / "profiles"
    profiles.mkdir()
    write_profile(profiles, "base", "extends: production\nbilling_mode: PROVISIONED\nread_capacity: 20\n")
    write_profile(profiles, "payments", "extends: base.yaml\nwrite_capacity: 9\n")
    generate(str(profiles / "payments.yaml"), ["common_tags={Team: payments}"], root / "modules" / "payments")
    return root


def module_of(repository: Path) -> Path:
    return repository / "modules" / "payments"


def without_cache(folder: Path, monkeypatch) -> dict:
    """What the full check says: rendered, no record read or written."""
    with monkeypatch.context() as patch:
        patch.setenv("DDBGEN_CACHE_DIR", "")
        report = check(folder)
    assert not report.by_record
    return report.as_dict()


def cli_output(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.run(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- what the record saves, and that it says what the render says ------------------------------


def test_generate_leaves_a_record_and_the_next_check_uses_it(repository, monkeypatch):
    folder = module_of(repository)
    report = check(folder)
    assert report.by_record and report.clean
    assert [(item.path, item.state) for item in report.files] == [
        (name, IDENTICAL) for name in sorted(path.name for path in folder.iterdir())
    ]
    assert report.as_dict() == without_cache(folder, monkeypatch)


@pytest.mark.parametrize(
    ("profile", "overrides"),
    [
        ("production", []),
        ("profiles/payments.yaml", ["common_tags={Team: payments}"]),
        ("orders", ["aws_provider=5"]),
        (
            "development",
            [
                "replica_regions=[{region_name: eu-west-1}]",
                "stream_enabled=true",
                "stream_view_type=NEW_AND_OLD_IMAGES",
            ],
        ),
    ],
)
def test_a_check_by_record_prints_what_the_full_check_prints(tmp_path, cache, monkeypatch, capsys, profile, overrides):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    folder = tmp_path / "repo" / "m"
    if profile.endswith(".yaml"):
        (tmp_path / "repo" / "profiles").mkdir()
        write_profile(tmp_path / "repo" / "profiles", "payments", "extends: production\nwrite_capacity: 9\n")
        profile = str(tmp_path / "repo" / profile)
    generate(profile, overrides, folder)
    for output_format in ("text", "json"):
        argv = ["check", str(folder), "--format", output_format]
        recorded = cli_output(argv, capsys)
        with monkeypatch.context() as patch:
            patch.setenv("DDBGEN_CACHE_DIR", "")
            rendered = cli_output(argv, capsys)
        assert recorded == rendered
        assert recorded[0] == 0
    assert check(folder).by_record


def test_a_check_without_a_record_renders_then_records(tmp_path, cache):
    folder = tmp_path / "m"
    from generator.folder import vendor
    from generator.profile.loader import load_profile

    vendor.write(folder, render(load_profile("staging"), folder))
    first, second = check(folder), check(folder)
    assert (first.clean, first.by_record) == (True, False)
    assert (second.clean, second.by_record) == (True, True)


def test_no_record_is_kept_or_read_with_the_cache_off(repository, monkeypatch):
    monkeypatch.setenv("DDBGEN_CACHE_DIR", "")
    folder = module_of(repository)
    assert not check(folder).by_record
    assert not check(folder).by_record


def test_a_check_by_record_imports_neither_yaml_nor_jinja(repository):
    """In a process of its own: the first check renders (Jinja, YAML), the second reads the record only."""
    probe = (
        "import sys\n"
        "from generator.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "print('imported:', code, *sorted({name.split('.')[0] for name in sys.modules}), file=sys.stderr)\n"
    )
    folder = module_of(repository)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seen = []
    for cache_dir in ("", os.environ["DDBGEN_CACHE_DIR"]):
        completed = subprocess.run(
            [sys.executable, "-c", probe, "check", str(folder)],
            env={**env, "DDBGEN_CACHE_DIR": cache_dir},
            capture_output=True,
            text=True,
            timeout=60,
        )
        (line,) = [line for line in completed.stderr.splitlines() if line.startswith("imported: ")]
        code, *modules = line.split()[1:]
        assert code == "0", completed.stderr
        seen.append(set(modules))
    rendered, recorded = seen
    assert {"jinja2", "yaml"} <= rendered
    assert recorded.isdisjoint({"jinja2", "yaml", "markupsafe"}), recorded


# --- every kind of drift, with a record that held before it --------------------------------------


def _edit_profile(repository: Path) -> None:
    path = repository / "profiles" / "payments.yaml"
    path.write_text("extends: base.yaml\nwrite_capacity: 10\n", encoding="utf-8")


def _edit_parent(repository: Path) -> None:
    path = repository / "profiles" / "base.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("read_capacity: 20", "read_capacity: 21"), encoding="utf-8"
    )


def _remove_parent(repository: Path) -> None:
    (repository / "profiles" / "base.yaml").unlink()


def _parent_linked_out(repository: Path) -> None:
    """The parent swapped for a link to a file outside the repository with the very same bytes."""
    path = repository / "profiles" / "base.yaml"
    outside = repository.parent / "outside-base.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(outside, path)


def _parent_linked_elsewhere_inside(repository: Path) -> None:
    """The parent swapped for a link to a copy elsewhere in the repository: the same bytes, read from elsewhere."""
    path = repository / "profiles" / "base.yaml"
    copy = repository / "shared" / "base.yaml"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(copy, path)


def _file_swapped_for_a_link_to_its_copy(repository: Path) -> None:
    """A generated file replaced by a link to a file with the same bytes: never followed, so drift."""
    folder = module_of(repository)
    copy = repository / "copy-of-main.tf"
    copy.write_bytes((folder / "main.tf").read_bytes())
    (folder / "main.tf").unlink()
    os.symlink(copy, folder / "main.tf")


def _manifest_swapped_for_a_link_to_its_copy(repository: Path) -> None:
    folder = module_of(repository)
    copy = repository / "copy-of-manifest.json"
    copy.write_bytes((folder / MANIFEST).read_bytes())
    (folder / MANIFEST).unlink()
    os.symlink(copy, folder / MANIFEST)


def _a_repository_root_between(repository: Path) -> None:
    """A .git between the folder and the root the record was made under: the profile now lies outside."""
    (repository / "modules" / ".git").mkdir()


def _an_interrupted_write(repository: Path) -> None:
    staging = module_of(repository) / f"{STAGING_PREFIX}killed"
    staging.mkdir()
    (staging / JOURNAL).write_text('{"renames": [], "removals": []}', encoding="utf-8")


def _digests_of_edited_files(repository: Path) -> None:
    """The attack: a generated file edited and the manifest's digest of it rewritten to match."""
    folder = module_of(repository)
    main = folder / "main.tf"
    main.write_text(main.read_text(encoding="utf-8").replace("prevent_destroy = true", "prevent_destroy = false"))
    record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    record["files"]["main.tf"] = digest(main.read_bytes())
    (folder / MANIFEST).write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _profile_edited_and_claimed_in_the_manifest(repository: Path) -> None:
    """The profile edited, and the manifest made to claim the new profile's digest and this ddbgen's fingerprint."""
    from generator.render.fingerprint import fingerprint

    _edit_profile(repository)
    folder = module_of(repository)
    record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    profile = repository / "profiles" / "payments.yaml"
    record["profile"]["digests"] = {"../../profiles/payments.yaml": digest(profile.read_bytes())}
    record["fingerprint"] = fingerprint()
    (folder / MANIFEST).write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


ATTACKS = {
    "profile edited": _edit_profile,
    "parent profile edited": _edit_parent,
    "parent profile removed": _remove_parent,
    "parent linked out of the repository, same bytes": _parent_linked_out,
    "parent linked elsewhere in the repository, same bytes": _parent_linked_elsewhere_inside,
    "generated file swapped for a link to its copy": _file_swapped_for_a_link_to_its_copy,
    "manifest swapped for a link to its copy": _manifest_swapped_for_a_link_to_its_copy,
    "a repository root between": _a_repository_root_between,
    "an interrupted write": _an_interrupted_write,
    "manifest digests match edited files": _digests_of_edited_files,
    "profile edited, its digest and the fingerprint claimed": _profile_edited_and_claimed_in_the_manifest,
}


@pytest.mark.parametrize("case", list(DRIFTS))
def test_every_drift_case_of_check_is_found_with_a_record(repository, monkeypatch, case):
    change, drifted, notes = DRIFTS[case]
    folder = module_of(repository)
    assert check(folder).by_record
    change(folder)
    report = check(folder)
    assert not report.clean and not report.by_record
    assert [(item.path, item.state) for item in report.drifted] == drifted
    assert report.drift_reasons == notes
    assert report.as_dict() == without_cache(folder, monkeypatch)


@pytest.mark.parametrize("case", list(ATTACKS))
def test_what_a_pull_request_can_change_sends_the_check_through_the_render(repository, monkeypatch, case, capsys):
    folder = module_of(repository)
    assert check(folder).by_record
    ATTACKS[case](repository)
    with monkeypatch.context() as patch:
        patch.setenv("DDBGEN_CACHE_DIR", "")
        expected = cli_output(["check", str(folder), "--format", "json"], capsys)
    assert cli_output(["check", str(folder), "--format", "json"], capsys) == expected
    [report] = check_folders([folder])
    assert not report.by_record


def test_the_attacks_are_drift_or_errors_never_clean(repository, monkeypatch, capsys):
    """The cases above compare with the full check; here, what that is for each, so none passes by being clean."""
    outcomes = {}
    for case, attack in ATTACKS.items():
        shutil.rmtree(repository)
        (repository / ".git").mkdir(parents=True)
        (repository / "profiles").mkdir()
        write_profile(
            repository / "profiles", "base", "extends: production\nbilling_mode: PROVISIONED\nread_capacity: 20\n"
        )
        write_profile(repository / "profiles", "payments", "extends: base.yaml\nwrite_capacity: 9\n")
        generate(
            str(repository / "profiles" / "payments.yaml"), ["common_tags={Team: payments}"], module_of(repository)
        )
        attack(repository)
        outcomes[case] = cli_output(["check", str(module_of(repository))], capsys)[0]
    assert outcomes == {
        "profile edited": 1,
        "parent profile edited": 1,
        "parent profile removed": 2,
        "parent linked out of the repository, same bytes": 2,
        # The manifest records where each profile file resolved: another place is another manifest.
        "parent linked elsewhere in the repository, same bytes": 1,
        "generated file swapped for a link to its copy": 1,
        "manifest swapped for a link to its copy": 2,
        "a repository root between": 2,
        "an interrupted write": 1,
        "manifest digests match edited files": 1,
        "profile edited, its digest and the fingerprint claimed": 1,
    }


def test_a_profile_edit_that_changes_no_byte_of_the_render_is_clean_and_recorded_again(repository):
    folder = module_of(repository)
    profile = repository / "profiles" / "payments.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    first, second = check(folder), check(folder)
    assert (first.clean, first.by_record) == (True, False)
    assert (second.clean, second.by_record) == (True, True)


# --- where records are trusted from ---------------------------------------------------------------


def _forge(store: Path, folder: Path, name: str) -> None:
    """Rewrite the one record in ``store`` so that it claims ``folder``'s edited ``name`` is what a render gives."""
    (path,) = store.glob("*.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["files"][name] = digest((folder / name).read_bytes())
    path.write_text(json.dumps(record), encoding="utf-8")


def _records(cache: Path) -> Path:
    return cache / clean_record.RECORDS


def _hand_edit(folder: Path) -> None:
    with (folder / "main.tf").open("a", encoding="utf-8") as handle:
        handle.write("# tweak\n")


def test_a_forged_record_in_the_users_cache_is_believed(repository, cache):
    """The control for the cases below: the record is the trust, so a forged one in the user's own cache passes.

    Only the user (or root) can write there; the cases below show that nobody else's record is read.
    """
    folder = module_of(repository)
    _hand_edit(folder)
    _forge(_records(cache), folder, "main.tf")
    assert check(folder).by_record


@pytest.mark.parametrize("where", ["in the repository", "in a repository above", "in the folder ddbgen runs in"])
def test_records_in_a_repository_are_never_read(repository, cache, monkeypatch, where):
    folder = module_of(repository)
    _hand_edit(folder)
    _forge(_records(cache), folder, "main.tf")
    planted = repository / ".cache" / "ddbgen"
    if where == "in a repository above":
        planted = cache.parent / "other" / "ddbgen"
        (cache.parent / "other" / ".git").mkdir(parents=True)
    elif where == "in the folder ddbgen runs in":
        # No .git anywhere: the repository root is the folder ddbgen runs in, the same root the record has.
        (repository / ".git").rmdir()
        monkeypatch.chdir(repository)
        assert check(folder).by_record, "the record holds from the user's cache"
    shutil.copytree(cache, planted)
    monkeypatch.setenv("DDBGEN_CACHE_DIR", str(planted))
    report = check(folder)
    assert not report.clean and not report.by_record


@pytest.mark.parametrize("how", ["writable by others", "owned by another user", "a symbolic link"])
def test_records_others_could_write_are_never_read(repository, cache, monkeypatch, how):
    folder = module_of(repository)
    _hand_edit(folder)
    _forge(_records(cache), folder, "main.tf")
    if how == "writable by others":
        os.chmod(_records(cache), 0o777)
    elif how == "owned by another user":
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    else:
        moved = cache.parent / "elsewhere"
        _records(cache).rename(moved)
        os.symlink(moved, _records(cache))
    report = check(folder)
    assert not report.clean and not report.by_record


def test_a_record_of_another_build_of_ddbgen_is_not_used(repository, monkeypatch):
    folder = module_of(repository)
    assert check(folder).by_record
    monkeypatch.setattr(clean_record, "fingerprint", lambda: "sha256:another-build")
    report = check(folder)
    assert (report.clean, report.by_record) == (True, False)


def test_a_damaged_record_is_no_record(repository, cache):
    folder = module_of(repository)
    (path,) = _records(cache).glob("*.json")
    for damaged in (b"{", b"[]", json.dumps({"schema": 1, "key": 3}).encode(), b"\xff"):
        path.write_bytes(damaged)
        report = check(folder)
        assert report.clean and not report.by_record


# --- a tree -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_hand_edit_to_one_file_of_200_is_found_by_check_r(tmp_path, cache, capsys):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "profiles").mkdir()
    for number in range(200):
        profile = write_profile(
            root / "profiles", f"t{number:03}", f"extends: production\nnotifications_table_name: table-{number:03}\n"
        )
        generate(str(profile), out=root / "modules" / f"t{number:03}")
    reports = check_folders(discover(root))
    assert len(reports) == 200 and all(report.clean and report.by_record for report in reports)
    edited = root / "modules" / "t137" / "alarms.tf"
    edited.write_bytes(edited.read_bytes().replace(b"threshold", b"threshold ", 1))
    code, out, _ = cli_output(["check", "-r", str(root)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert [line for line in lines if not line.endswith(")") or ": drift" in line] == [
        f"{root / 'modules' / 't137'}: drift (profile file profiles/t137.yaml, ddbgen {__version__})",
        f"  changed: {edited}",
        "200 folders: 199 clean, 1 drift, 0 errors",
    ]


# --- the pre-commit hook's folders ------------------------------------------------------------------


def test_changed_profiles_find_manifests_that_escape_their_paths(repository):
    """A manifest written with \\u escapes (as JSON may) still names the profile: it is read, not ruled out."""
    folder = module_of(repository)
    record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    (folder / MANIFEST).write_text(
        json.dumps(record, ensure_ascii=True).replace("payments.yaml", "\\u0070ayments.yaml")
    )
    assert "payments.yaml" not in (folder / MANIFEST).read_text(encoding="utf-8")
    found = folders_for_changes([repository / "profiles" / "payments.yaml"], repository)
    assert found == [Path("modules/payments")]
    assert folders_for_changes([repository / "profiles" / "other.yaml"], repository) == []
