"""The account-and-region baseline's files, in memory: its alarms, variables, outputs, versions, README and manifest.

``variables.tf`` and ``versions.tf`` come from the table module's templates (the
inputs are catalogue inputs, the provider line the same); the alarms, outputs
and README from ``templates/baseline/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import __version__
from generator.profile import baseline as account
from generator.profile.provider_lines import provider_line
from generator.render.hclformat import align_assignments
from generator.render.manifest import GENERATOR, MANIFEST, Rendered, header, manifest_bytes
from generator.render.render import README, _environment, validations, variable_entry

# The baseline's files, in the order its README lists them, and the template of each.
TEMPLATES = {
    "alarms.tf": "baseline/alarms.tf.j2",
    "variables.tf": "variables.tf.j2",
    "outputs.tf": "baseline/outputs.tf.j2",
    "versions.tf": "versions.tf.j2",
    README: "baseline/README.md.j2",
}


def _context(found: account.Baseline, folder: Path) -> dict[str, Any]:
    inputs = [
        variable_entry(item, found.values, validations(item, found, folder, None))  # type: ignore[arg-type]
        for item in found.inputs
    ]
    return {
        "generator": GENERATOR,
        "version": __version__,
        "provider": provider_line(found.aws_provider),
        "inputs": inputs,
        "alarms": account.ALARMS,
        "values": found.values,
        "overrides": found.overrides,
        "aws_provider": found.aws_provider,
    }


def render_baseline(found: account.Baseline, folder: Path) -> dict[str, bytes]:
    """Every file of the baseline module for ``found`` written into ``folder``, by name, as bytes."""
    env = _environment()
    values = _context(found, folder)
    files: dict[str, bytes] = {}
    for name, template in TEMPLATES.items():
        body = env.get_template(template).render(values)
        body = align_assignments(body) if name.endswith(".tf") else body
        files[name] = f"{header(name, found.name)}\n\n{body}".encode()
    files[MANIFEST] = manifest_bytes(found, folder, files, Rendered())
    return files
