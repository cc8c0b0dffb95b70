"""The built wheel carries the templates and built-in profiles, and works installed on its own.

Builds the wheel from this checkout, installs it into a fresh virtual
environment (with uv, from the test extras; its dependencies come from the
package index, or uv's cache), and runs that environment's ``ddbgen`` from a
folder outside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from generator.profile.loader import builtin_names
from generator.render.render import README, TERRAFORM_FILES

from .conftest import OUTPUT, REPO

pytestmark = pytest.mark.slow

TEMPLATES = sorted(f"generator/templates/{name}.j2" for name in TERRAFORM_FILES + (README,))
PROFILES = sorted(f"generator/profile/builtin/{name}.yaml" for name in builtin_names())


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, (
        f"{command} exited {completed.returncode}:\n{completed.stdout}\n{completed.stderr}"
    )
    return completed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        REPO,
    )
    (built,) = dist.glob("ddbgen-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with only the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    uv = str(Path(sysconfig.get_path("scripts")) / "uv")
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], venv)
    bin_dir = venv / "bin"
    _run([uv, "pip", "install", "--quiet", "--python", str(bin_dir / "python"), str(wheel)], venv)
    return bin_dir


def _clean_env(bin_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_wheel_contains_templates_and_builtin_profiles(wheel):
    assert wheel.name == f"ddbgen-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(TEMPLATES) <= names
    assert set(PROFILES) <= names
    assert {"generator/cli.py", "generator/__main__.py"} <= names
    entry_points = zipfile.ZipFile(wheel).read(f"ddbgen-{__version__}.dist-info/entry_points.txt").decode()
    assert "ddbgen = generator.cli:main" in entry_points


def test_installed_wheel_generates_and_checks_a_module(installed, tmp_path):
    env = _clean_env(installed)
    where = _run(
        [str(installed / "python"), "-c", "import generator.render.render as r; print(r.template_dir())"], tmp_path, env
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), "templates must come from the installed package"

    # A repository of its own, with the module where this one keeps it: the bytes must be the same.
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    _run(
        [str(installed / "ddbgen"), "generate", "--profile", "production", "--out", "output/production"],
        repository,
        env,
    )
    module = repository / "output" / "production"
    expected = sorted(path.name for path in (OUTPUT / "production").iterdir())
    assert sorted(path.name for path in module.iterdir()) == expected
    for name in expected:
        assert (module / name).read_bytes() == (OUTPUT / "production" / name).read_bytes(), name

    checked = _run([str(installed / "ddbgen"), "check", "output/production"], repository, env)
    assert checked.stdout == f"output/production: clean (built-in profile production, ddbgen {__version__})\n"
    version = _run([str(installed / "python"), "-m", "generator", "--version"], tmp_path, env)
    assert version.stdout == f"ddbgen {__version__}\n"
    listed = _run([str(installed / "ddbgen"), "profiles", "list"], tmp_path, env)
    assert [line.split()[0] for line in listed.stdout.splitlines()] == builtin_names()
