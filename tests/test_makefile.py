"""The Makefile's targets take what the README says they take."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO


def _dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n prints the recipe without running it; the .venv prerequisite counts as made (-o).
    ran = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return ran.stdout


@pytest.mark.parametrize(("args", "port"), [((), "5055"), (("PORT=5999",), "5999")])
def test_make_moto_serves_on_the_port_given(args, port):
    (command,) = [line for line in _dry_run("moto", *args).splitlines() if "moto_gaps" in line]
    assert command.endswith(f"-m tests.terraform.moto_gaps {port}")
