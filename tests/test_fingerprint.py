"""The fingerprint of what a render is made of (generator/render/fingerprint.py): any change to it shows.

A check trusts its record of a clean folder only under the fingerprint it was made with, so a change
to a template, to the code or to a built-in profile must change the fingerprint, and the next check
must render again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.render.fingerprint import PACKAGE, fingerprint, fingerprint_of, template_dir


@pytest.fixture
def copy(tmp_path) -> tuple[Path, Path]:
    """The package and its templates, copied as a source checkout lays them out."""
    package = tmp_path / "src" / "generator"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    templates = tmp_path / "src" / "templates"
    shutil.copytree(template_dir(), templates)
    return package, templates


def test_a_copy_has_the_fingerprint_of_the_running_package(copy):
    assert fingerprint_of(*copy) == fingerprint()
    assert fingerprint().startswith("sha256:") and len(fingerprint()) == len("sha256:") + 64


def test_the_wheels_layout_has_the_same_fingerprint(copy, tmp_path):
    package, templates = copy
    wheel = tmp_path / "wheel" / "generator"
    shutil.copytree(package, wheel)
    shutil.copytree(templates, wheel / "templates")
    assert fingerprint_of(wheel, wheel / "templates") == fingerprint_of(package, templates)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


CHANGES: dict[str, Callable[[Path, Path], None]] = {
    "a template": lambda package, templates: _append(templates / "main.tf.j2", "{# a comment #}\n"),
    "a template added": lambda package, templates: (templates / "extra.tf.j2").write_text("", encoding="utf-8"),
    "a module's code": lambda package, templates: _append(package / "hcl.py", "# a comment\n"),
    "a module removed": lambda package, templates: (package / "render" / "hclformat.py").unlink(),
    "a module renamed": lambda package, templates: (package / "shown.py").rename(package / "shown2.py"),
    "a built-in profile": lambda package, templates: _append(package / "profile" / "builtin" / "production.yaml", "\n"),
    "the version": lambda package, templates: _append(package / "__init__.py", "\n"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_renders_changes_the_fingerprint(copy, change):
    before = fingerprint_of(*copy)
    CHANGES[change](*copy)
    assert fingerprint_of(*copy) != before


def test_what_does_not_render_leaves_it(copy):
    package, templates = copy
    before = fingerprint_of(package, templates)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"\0" * 10)
    (package / "notes.txt").write_text("not part of a render\n", encoding="utf-8")
    assert fingerprint_of(package, templates) == before


def _check_imports(source: Path, folder: Path, cache: Path) -> tuple[int, bool]:
    """``ddbgen check FOLDER`` run from the package at ``source``: its exit code, and whether it rendered (Jinja)."""
    probe = (
        "import sys\n"
        "from generator.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "import generator\n"
        "print('rendered:', code, 'jinja2' in sys.modules, generator.__file__, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(source), "DDBGEN_CACHE_DIR": str(cache)}
    completed = subprocess.run(
        [sys.executable, "-c", probe, "check", str(folder)],
        cwd=source,  # python -c puts the folder it runs in first on sys.path
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    (line,) = [line for line in completed.stderr.splitlines() if line.startswith("rendered: ")]
    _, code, rendered, module = line.split()
    assert Path(module).is_relative_to(source), "the copy runs, not the repository's package"
    return int(code), rendered == "True"


@pytest.mark.parametrize("change", ["a template", "a module's code"])
def test_after_a_change_in_the_package_the_next_check_renders_again(copy, tmp_path, change):
    package, templates = copy
    source = package.parent
    folder = tmp_path / "repo" / "m"
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    cache = tmp_path / "cache"
    made = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--profile", "staging", "--out", str(folder)],
        cwd=source,
        env={**os.environ, "PYTHONPATH": str(source), "DDBGEN_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert _check_imports(source, folder, cache) == (0, False), "generate left the record: no render"
    CHANGES[change](package, templates)  # a comment: the render's bytes stay the same
    assert _check_imports(source, folder, cache) == (0, True), "another fingerprint: rendered again"
    assert _check_imports(source, folder, cache) == (0, False), "and recorded again"
