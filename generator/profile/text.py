"""A resolved profile written back as YAML: ``ddbgen profiles show``, itself a valid profile."""

from __future__ import annotations

from typing import Any

from generator.profile.loader import DESCRIPTION, Profile
from generator.profile.provider_lines import AWS_PROVIDER
from generator.shown import has_unsafe, inert


def profile_yaml(document: dict[str, Any]) -> str:
    """A profile document as YAML: keys in the order given, text as written, lines of up to 100 characters.

    A string holding a character a terminal would act on is double-quoted, where
    YAML writes it as an escape (PyYAML would write some of them raw otherwise).
    """
    import yaml

    return yaml.dump(document, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)


def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, text: str) -> Any:
        style = '"' if has_unsafe(text) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


def resolved_yaml(profile: Profile) -> str:
    """Comments on where it came from, then every setting and input value."""
    lines = [f"# profile {profile.name}, resolved from {inert(profile.source.describe())}"]
    if profile.origins:
        lines.append("# keys set by a profile or --set:")
        lines += [f"#   {key}: {inert(source)}" for key, source in profile.origins.items()]
    if profile.design.builtin:
        lines.append(f"# table: the specification's {profile.design.name} design (no table section)")
    document: dict[str, Any] = {}
    if profile.description:
        document[DESCRIPTION] = profile.description
    document[AWS_PROVIDER] = profile.aws_provider
    document.update(
        {key: value for key, value in profile.settings().items() if key != AWS_PROVIDER and value is not None}
    )
    document.update(profile.values)
    return "\n".join(lines) + "\n" + profile_yaml(document)
