"""Both provider lines: every built-in profile rendered for 5 and for 6 is formatted, and validates where it can.

The tier runs on the highest line the mirror holds (``provider_line``):
every module it applies is rendered for that line. Here the renders of each
line are also checked by Terraform as far as it can without that line's
provider: ``terraform fmt -check`` needs none. ``terraform validate`` of a
line needs its provider in the mirror; a line the mirror lacks is skipped,
saying so, and its renders are checked against its recorded schema in
tests/provider_schema instead (no Terraform needed there).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.profile.loader import builtin_names, load_profile
from generator.profile.provider_lines import PROVIDER_LINES
from generator.render.render import render

from .toolchain import Terraform, provider_majors, tier_line

pytestmark = [pytest.mark.terraform]

# The tier's own line is validated by test_tf_static (every profile) and applied elsewhere.
TIER_LINE, _why = tier_line(tuple(PROVIDER_LINES))
OTHER_LINES = [line for line in tuple(PROVIDER_LINES) if line != TIER_LINE]


def _write_render(profile: str, line: int, folder: Path) -> Path:
    for name, data in render(load_profile(profile, [f"aws_provider={line}"]), folder).items():
        folder.joinpath(name).parent.mkdir(parents=True, exist_ok=True)
        folder.joinpath(name).write_bytes(data)
    return folder


def test_every_profile_rendered_for_each_line_is_formatted(terraform: Terraform, tmp_path: Path) -> None:
    """One ``terraform fmt -check -recursive`` over all of them: fmt needs no provider, and reads every file."""
    for profile in builtin_names():
        for line in tuple(PROVIDER_LINES):
            _write_render(profile, line, tmp_path / f"provider-{line}" / profile)
    result = terraform.run(tmp_path, "fmt", "-check", "-recursive", "-diff", "-no-color", expect=(0, 3))
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}"
    assert len(list(tmp_path.glob("provider-*/*/main.tf"))) == len(builtin_names()) * len(tuple(PROVIDER_LINES))


ROOT = """\
provider "aws" {
  region = "us-east-1"
}
"""


@pytest.mark.parametrize("line", OTHER_LINES, ids=[f"provider-{line}" for line in OTHER_LINES])
def test_renders_for_another_line_validate_where_the_mirror_holds_it(
    terraform: Terraform, provider_mirror: Path, platform: str, line: int, tmp_path: Path
) -> None:
    if line not in provider_majors(provider_mirror, platform):
        pytest.skip(
            f"no AWS provider {line}.x in the mirror at {provider_mirror}; the provider {line} renders are checked "
            "against its schema in tests/provider_schema"
        )
    # One root calling every built-in profile's module: one init, one validate.
    calls = []
    for profile in builtin_names():
        _write_render(profile, line, tmp_path / "modules" / profile)
        calls.append(f'module "{profile}" {{\n  source      = "./modules/{profile}"\n  environment = "{profile}"\n}}\n')
    (tmp_path / "main.tf").write_text(ROOT + "\n" + "\n".join(calls))
    terraform.init(tmp_path)
    report = terraform.run(tmp_path, "validate", "-json", "-no-color", expect=(0, 1)).json()
    assert report["valid"], report["diagnostics"]
    assert report["diagnostics"] == [], "validate warned"
