"""Load, inherit, override and validate per-environment profiles.

A profile is a YAML mapping of the module's input names to the defaults the
generated module gets, plus settings that shape the module itself: ``extends``
(a parent profile), ``description``, ``table`` (the design), ``aws_provider``
(the provider line) and ``moved_from``. Resolution reads the ``extends`` chain
from the root down, then applies the ``--set`` overrides. Input mappings
(``common_tags``) merge key by key; a ``table`` replaces its parent's whole.

The profile the caller names is the caller's; every file its chain or a
manifest names is read through reading.py: inside the repository root, a
``.yaml``/``.yml`` regular file of bounded size. YAML is read as yaml_reading.py
says (what was written, bounded); policies as policy.py says.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ProfileError
from generator.profile import catalogue, policy, yaml_reading
from generator.profile.catalogue import Input
from generator.profile.design import NOTIFICATIONS, Design, read_design
from generator.profile.design import SECTION as TABLE
from generator.profile.moved import MOVED_FROM, MovedFrom, check_moved_from, read_moved_from
from generator.profile.provenance import PROFILE_NAME, ProfileRead, Source, repository_root, shown_path
from generator.profile.provider_lines import (
    AWS_PROVIDER,
    DEFAULT_AWS_PROVIDER,
    PROVIDER_LINES,
    multi_attribute_refusal,
    provider_line,
    read_aws_provider,
)
from generator.profile.types import STRING, MapOf
from generator.reading import Unreadable, digest, entry, inside, read_regular, resolved
from generator.shown import child_node, closest, composed, counted, excerpt, scalar_as_written, some, yaml_text

BUILTIN_DIR = Path(__file__).parent / "builtin"
EXTENDS = "extends"
DESCRIPTION = "description"
SETTINGS = (EXTENDS, DESCRIPTION, TABLE, AWS_PROVIDER, MOVED_FROM)
OVERRIDE_SOURCE = "--set"


@dataclass(frozen=True)
class Profile:
    """A fully resolved profile: the module's shape (design, provider line) and a value for every input with a default."""

    name: str
    values: dict[str, Any]
    source: Source
    design: Design = NOTIFICATIONS
    aws_provider: int = DEFAULT_AWS_PROVIDER
    description: str = ""
    moved_from: MovedFrom | None = None
    origins: dict[str, str] = field(default_factory=dict)
    read_files: tuple[ProfileRead, ...] = ()  # the profile files read, root of the chain last
    warnings: tuple[str, ...] = ()

    @property
    def reads(self) -> tuple[Path, ...]:
        """The profile files read (links followed), root of the chain last."""
        return tuple(read.real for read in self.read_files)

    @property
    def inputs(self) -> tuple[Input, ...]:
        return catalogue.inputs(self.design, self.aws_provider)

    def settings(self) -> dict[str, Any]:
        """The settings as a profile would give them (``profiles show``, the manifest)."""
        return {
            AWS_PROVIDER: self.aws_provider,
            TABLE: self.design.as_profile(),
            MOVED_FROM: self.moved_from.as_profile() if self.moved_from else None,
        }


def builtin_names() -> list[str]:
    return sorted(path.stem for path in BUILTIN_DIR.glob("*.yaml"))


def builtin_description(name: str) -> str:
    """What a built-in profile is for: its ``description``."""
    data = _read_mapping(BUILTIN_DIR / f"{name}.yaml")
    return str(data.get(DESCRIPTION, ""))


def is_path(ref: str) -> bool:
    return "/" in ref or ref.endswith((".yaml", ".yml"))


PROFILE_SUFFIXES = (".yaml", ".yml")


def _locate(ref: str, source: str, key: str | None, base_dir: Path | None, root: Path | None) -> Path:
    """Find a profile named by ``ref``; ``source``/``key`` name where the reference was written.

    ``root`` None: the user named it. Otherwise a profile or a manifest did, and
    the file must be a ``.yaml``/``.yml`` file inside ``root`` (reading.inside).
    """
    if not is_path(ref):
        if ref in builtin_names():
            return BUILTIN_DIR / f"{ref}.yaml"
        close = closest(ref, builtin_names(), cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ProfileError(
            source,
            key,
            f"unknown profile {excerpt(ref)}; {hint}built-in profiles are {some(builtin_names())}, "
            "or give a path to a .yaml file",
        )
    path = Path(ref)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    shown = excerpt(str(path))
    if root is not None and not ref.endswith(PROFILE_SUFFIXES):
        raise ProfileError(source, key, f"{shown} is not a profile file: a profile file's name ends in .yaml or .yml")
    try:
        real = inside(path, root) if root is not None else resolved(path)
        found = entry(real)
    except Unreadable as error:
        raise ProfileError(source, key, f"profile file {shown} {error}") from None
    if found is None:
        raise ProfileError(
            source, key, f"profile file {shown} not found; give a built-in profile name or the path of a profile file"
        )
    return path


def _is_builtin(path: Path) -> bool:
    return path.parent == BUILTIN_DIR


def _source_name(path: Path) -> str:
    """A profile file as messages name it: relative to its repository root, from whatever folder ddbgen runs in."""
    return f"built-in profile {path.stem}" if _is_builtin(path) else excerpt(shown_path(path))


def read_yaml(text: str, source: str, key: str | None = None) -> Any:
    try:
        return yaml_reading.load(text)
    except yaml_reading.YamlProblem as error:
        raise ProfileError(source, key, error.problem) from None


@dataclass(frozen=True)
class _Layer:
    """One profile file or the ``--set`` overrides: what it sets, and its text (for quoting it back)."""

    source: str
    data: dict[str, Any]
    texts: dict[str, str]  # key -> YAML text the key's value can be found in, at path [key] ("" for --set: [])
    read: ProfileRead | None = None  # None for a built-in and for --set


def _read_text(path: Path, real: Path) -> tuple[str, ProfileRead | None]:
    """A profile file's text (a regular file of at most reading.MAX_FILE_BYTES, in UTF-8) read at ``real``,
    and the record of that read (None for a built-in, which is part of ddbgen)."""
    if _is_builtin(path):
        return _builtin_text(path), None
    try:
        data = read_regular(real)
        if data is None:
            raise Unreadable("is not there (removed while ddbgen ran)")
        return data.decode("utf-8"), ProfileRead(path, real, digest(data))
    except UnicodeDecodeError as error:
        raise ProfileError(
            _source_name(path), None, f"cannot be read: it is not UTF-8 text (byte {error.start})"
        ) from None
    except Unreadable as error:
        raise ProfileError(_source_name(path), None, str(error)) from None


@functools.cache
def _builtin_text(path: Path) -> str:
    """A built-in profile's text, read once per process: checking a tree reads the same parents again and again."""
    return path.read_text(encoding="utf-8")


@functools.cache
def _builtin_mapping(path: Path) -> dict[str, Any]:
    return _parse_mapping(path, _builtin_text(path))


def _read_mapping(path: Path, text: str | None = None) -> dict[str, Any]:
    if _is_builtin(path):
        return _copy(_builtin_mapping(path))
    return _parse_mapping(path, _read_text(path, resolved(path))[0] if text is None else text)


def _parse_mapping(path: Path, text: str) -> dict[str, Any]:
    source = _source_name(path)
    data = read_yaml(text, source)
    if data is None:
        return {}
    if not isinstance(data, dict):
        # What the file holds is not quoted: a file named as a profile may be anything.
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ProfileError(source, None, f"must be a mapping of input names to values, not {kind}")
    return data


def _chain(path: Path, root: Path) -> list[_Layer]:
    """The profiles from ``path`` up its ``extends`` chain, root first; every file the chain names lies in ``root``."""
    chain: list[_Layer] = []
    seen: list[Path] = []
    while True:
        real = path if _is_builtin(path) else resolved(path)
        source = _source_name(path)
        if real in seen:
            cycle = " -> ".join(_source_name(item) for item in seen + [real])
            raise ProfileError(
                source,
                EXTENDS,
                f"extends itself through a cycle: {cycle}; the chain must end at a profile without extends",
            )
        seen.append(real)
        text, read = _read_text(path, real)
        data = _read_mapping(path, text)
        layer = _Layer(source, data, dict.fromkeys(data, text), read)
        if EXTENDS not in data:
            chain.append(layer)
            return list(reversed(chain))
        parent = data.pop(EXTENDS)
        chain.append(layer)
        if not isinstance(parent, str) or not parent:
            raise ProfileError(
                source,
                EXTENDS,
                f"must be a built-in profile name or a path to a profile file (got {yaml_text(parent)})",
            )
        path = _locate(parent, source, EXTENDS, path.parent, root)


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``KEY=VALUE`` and read the value as YAML (so numbers, booleans, null and maps work)."""
    key, separator, raw = text.partition("=")
    key = key.strip()
    if not separator or not key:
        raise ProfileError(OVERRIDE_SOURCE, key or text, "must look like KEY=VALUE, for example read_capacity=10")
    return key, read_yaml(raw, OVERRIDE_SOURCE, key) if raw.strip() else ""


def _override_layer(overrides: Iterable[str]) -> _Layer:
    data: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for text in overrides:
        key, value = parse_override(text)
        if key == EXTENDS:
            raise ProfileError(OVERRIDE_SOURCE, key, "cannot be given with --set: give --profile the profile to extend")
        data[key] = value
        texts[key] = text.partition("=")[2]
    return _Layer(OVERRIDE_SOURCE, data, texts)


def _key_text(key: Any) -> str:
    """A key as an error message names it: as written when it is printable text, else quoted."""
    return key if isinstance(key, str) and key.isprintable() else yaml_text(key)


def _unknown_key(key: Any, known: Iterable[str], design: Design, aws_provider: int) -> str:
    others = [
        other
        for other in PROVIDER_LINES
        if other != aws_provider and key in {item.name for item in catalogue.inputs(design, other)}
    ]
    if key in catalogue.RETIRED:
        return catalogue.RETIRED[key]
    if others:
        # A profile written for one line (by adopt, say) rendered for another.
        other_text = " and ".join(str(other) for other in others)
        return (
            f"is an input only on AWS provider line {other_text}, and this profile renders for line {aws_provider} "
            f"(aws_provider): remove the key, or render for line {other_text}"
        )
    inputs = sorted(known)
    candidates = inputs + list(SETTINGS)
    close = closest(key, candidates)
    if close:
        return f"is not an input of the module or a profile setting; did you mean {close[0]}?"
    if key == "notifications_table_name" and not design.builtin:
        return f"is not an input of this module: its table is {design.name}, so the input is {design.table_name_input}"
    nearest = closest(key, candidates, limit=3, cutoff=0.5)
    return (
        "is not an input of the module or a profile setting"
        + (f" (the nearest: {some(nearest)})" if nearest else "")
        + f"; settings: {some(SETTINGS)}; the module's README and ddbgen profiles schema list its "
        f"{counted(len(inputs), 'input')}"
    )


def _settings(chain: list[_Layer]) -> tuple[dict[str, Any], dict[str, str]]:
    """The settings the chain gives, each from the last layer that sets it, and where each came from."""
    found: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for layer in chain:
        for key in SETTINGS[1:]:
            if key in layer.data:
                found[key] = layer.data[key]
                origins[key] = layer.source
    return found, origins


def _key_path(name: str, path: str) -> str:
    return f"{name}{path}" if not path or path.startswith("[") else f"{name}.{path}"


def _got(value: Any) -> str:
    return "" if value is None else f" (got {yaml_text(value)})"


def _steps(path: str) -> list[Any]:
    """A problem's key path (``a.b[0].c``) as the keys and indexes it walks."""
    return [int(step) if step.isdigit() else step for step in re.split(r"\.|\[|\]\.?", path) if step]


def _type_error(item: Input, layer: _Layer, path: str, problem: str, value: Any) -> ProfileError:
    key = _key_path(item.name, path)
    steps = _steps(path)
    tag_value = item.type == MapOf(STRING) and steps and value is not None and not isinstance(value, (dict, list))
    if not tag_value:
        return ProfileError(layer.source, key, f"{problem}{_got(value)}")
    # YAML turned what was written (no, 0123) into a boolean or a number: quote it back as written.
    text = layer.texts.get(item.name)
    written = None
    if text is not None:
        written = scalar_as_written(text, ([] if layer.source == OVERRIDE_SOURCE else [item.name]) + steps)
    written = written if written is not None else yaml_text(value)
    kind = "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, (int, float)) else "not a string"
    return ProfileError(
        layer.source,
        key,
        f"tag values must be strings, and YAML reads {written} as {kind} ({yaml_text(value)}); "
        f'quote it to keep it as written: {steps[-1]}: "{written}"',
    )


def _check_layer(layer: _Layer, known: Mapping[str, Input], design: Design, aws_provider: int) -> list[str]:
    """Refuse what the layer sets wrongly; return what it sets that is dropped, with a warning."""
    warnings = []
    for key in sorted(layer.data, key=str):
        if key in SETTINGS:
            continue
        if key == catalogue.TYPE_INDEX_SWITCH and key not in known:
            warnings.append(_no_type_index(layer, design))
            continue
        if key == "environment":
            raise ProfileError(
                layer.source,
                key,
                "cannot be set in a profile: the module keeps environment required, so every caller passes it",
            )
        if key not in known:
            raise ProfileError(layer.source, _key_text(key), _unknown_key(key, known, design, aws_provider))
        item = known[key]
        if item.json_document:
            layer.data[key] = _policy(item, layer, layer.data[key])
        for path, problem in item.problems(layer.data[key]):
            raise _type_error(item, layer, path, problem, _at(layer.data[key], path, missing=None))
    return warnings


def _no_type_index(layer: _Layer, design: Design) -> str:
    """enable_type_index in a design of its own: false (what ddbgen 0.2 wrote there) is dropped with a warning."""
    value = layer.data.pop(catalogue.TYPE_INDEX_SWITCH)
    if value is not False:
        raise ProfileError(
            layer.source,
            catalogue.TYPE_INDEX_SWITCH,
            f"switches the specification's TypeIndex, and this profile's table {design.name} has a design of its own: "
            f"declare its indexes under table.global_secondary_indexes, and remove the key (got {yaml_text(value)})",
        )
    return (
        f"{layer.source}: {catalogue.TYPE_INDEX_SWITCH}: false is ignored: the input switches the specification's "
        f"TypeIndex, and the table {design.name} declares its own indexes; remove the key"
    )


def _policy(item: Input, layer: _Layer, value: Any) -> Any:
    """A policy document as the input holds it: a mapping becomes its JSON text, each value as written (policy.py)."""
    try:
        if isinstance(value, str):
            policy.check_text(value)
            return value
        if not isinstance(value, dict):
            return value
        text = layer.texts.get(item.name)
        node = composed(text) if text is not None else None
        if node is not None and layer.source != OVERRIDE_SOURCE:
            node = child_node(node, item.name)

        def written(path: list[Any]) -> str | None:
            found = node
            for step in path:
                found = child_node(found, step) if found is not None else None
            return (
                getattr(found, "value", None)
                if found is not None and not isinstance(getattr(found, "value", None), list)
                else None
            )

        return policy.from_yaml(value, written)
    except policy.PolicyProblem as error:
        raise ProfileError(layer.source, _key_path(item.name, error.path), error.problem) from None


def _at(value: Any, path: str, missing: Any = None) -> Any:
    """The part of ``value`` at a problem's key path; ``missing`` where there is none."""
    for step in _steps(path):
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return missing
    return value


def _merge(base: dict[str, Any], layer: _Layer, origins: dict[str, str]) -> None:
    for key, value in layer.data.items():
        if key in SETTINGS:
            continue
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
        origins[key] = layer.source


def validate(
    values: Mapping[str, Any],
    inputs: tuple[Input, ...],
    origins: Mapping[str, str],
    defaults: tuple[str, Mapping[str, tuple[str, str]]] = ("defaults", {}),
) -> None:
    """Apply every input's rules to the resolved values; raise on the first failure.

    An input no profile set fails in its default: ``defaults`` names the profile
    that was asked for, and the settings some defaults come from (the design's
    ``table.name`` is the default table name), by input.
    """
    for item in inputs:
        if item.required:
            continue
        value = values[item.name]
        problems = item.problems(value)
        failed = [(_key_path(item.name, path), problem, _at(value, path)) for path, problem in problems[:1]] or [
            (f"{item.name}{rule.subject}", rule.message, value)
            for rule in item.rules
            if not rule.accepts(value, values)
        ][:1]
        if not failed:
            continue
        key, problem, got = failed[0]
        if item.name in origins:
            raise ProfileError(origins[item.name], key, f"{problem}{_got(got)}")
        source, settings = defaults
        if item.name in settings:
            where, setting = settings[item.name]
            raise ProfileError(
                where,
                setting,
                f"{yaml_text(got)} is also the default of {item.name}, which {problem}; set {item.name} in the profile, "
                f"or change {setting}",
            )
        raise ProfileError(source, key, f"{problem} (the default, {yaml_text(got)})")


def _warnings(values: Mapping[str, Any]) -> tuple[str, ...]:
    found = []
    # A warning, not an error: the profile only sets defaults, and a caller may
    # still pass billing_mode = "PROVISIONED" (the spec's autoscaling example
    # does exactly that against a module whose default is on demand).
    if values["enable_autoscaling"] and values["billing_mode"] != "PROVISIONED":
        found.append(
            "enable_autoscaling is true but billing_mode defaults to "
            f"{values['billing_mode']}: scaling targets are created only when the caller "
            'passes billing_mode = "PROVISIONED"'
        )
    if values["enable_cloudwatch_alarms"] and not values["alarm_sns_topic_arn"]:
        found.append(
            "enable_cloudwatch_alarms is true but alarm_sns_topic_arn is empty: the alarms notify nobody "
            "unless callers pass alarm_sns_topic_arn"
        )
    return tuple(found)


def load_profile(ref: str, overrides: Iterable[str] = (), root: Path | None = None) -> Profile:
    """Resolve a built-in profile name or a profile file path, then apply ``KEY=VALUE`` overrides.

    The file named here is the caller's choice; every file its ``extends`` chain
    names must lie inside ``root``, by default the repository root above it
    (the nearest folder holding ``.git``, else the folder ddbgen runs in).
    """
    path = _locate(ref, "--profile", None, None, None)
    return _resolve(path, tuple(overrides), root if root is not None else repository_root(path))


def load_source(source: Source, root: Path, recorded_in: str) -> Profile:
    """The profile a manifest recorded, read again; the file it names must lie inside ``root`` (as its chain must).

    ``recorded_in`` names the manifest, for errors about the record itself.
    """
    if source.builtin is not None:
        if source.builtin not in builtin_names():
            raise ProfileError(
                recorded_in,
                "profile.source.builtin",
                f"{excerpt(source.builtin)} is not a built-in profile of this ddbgen ({some(builtin_names())}); "
                "regenerate the folder with ddbgen generate --profile NAME|PATH",
            )
        path = BUILTIN_DIR / f"{source.builtin}.yaml"
    else:
        assert source.path is not None
        path = _locate(str(source.path), recorded_in, "profile.source.file", None, root)
    return _resolve(path, source.overrides, root)


def _resolve(path: Path, overrides: tuple[str, ...], root: Path) -> Profile:
    name = checked_name(path.stem, _source_name(path), None, "profile file names")
    chain = _chain(path, root)
    override_layer = _override_layer(overrides)
    layers = chain + [override_layer]

    settings, setting_origins = _settings(layers)
    design = read_design(settings[TABLE], setting_origins[TABLE]) if settings.get(TABLE) is not None else NOTIFICATIONS
    aws_provider = read_aws_provider(settings.get(AWS_PROVIDER), setting_origins.get(AWS_PROVIDER, "defaults"))
    _check_design_line(design, aws_provider, setting_origins.get(TABLE, "defaults"))
    description = settings.get(DESCRIPTION, "")
    if not isinstance(description, str):
        raise ProfileError(
            setting_origins[DESCRIPTION], DESCRIPTION, f"must be a string (got {yaml_text(description)})"
        )
    moved_from = None
    if settings.get(MOVED_FROM) is not None:
        moved_from = read_moved_from(settings[MOVED_FROM], setting_origins[MOVED_FROM])

    inputs = catalogue.inputs(design, aws_provider)
    known = {item.name: item for item in inputs}
    values = {key: _copy(value) for key, value in catalogue.defaults(design, aws_provider).items()}
    origins: dict[str, str] = {}
    dropped = []
    for layer in layers:
        dropped += _check_layer(layer, known, design, aws_provider)
        _merge(values, layer, origins)
    values = {item.name: item.type.normalise(values[item.name]) for item in inputs if not item.required}
    from_design = {} if design.builtin else {design.table_name_input: (setting_origins[TABLE], f"{TABLE}.name")}
    validate(values, inputs, origins, (chain[-1].source, from_design))
    if moved_from is not None:
        check_moved_from(moved_from, bool(values["enable_autoscaling"]), setting_origins[MOVED_FROM])
    source = (
        Source(builtin=path.stem, overrides=overrides)
        if _is_builtin(path)
        else Source(path=resolved(path), overrides=overrides)
    )
    read_files = tuple(layer.read for layer in reversed(chain) if layer.read is not None)
    return Profile(
        name=name,
        values=values,
        source=source,
        design=design,
        aws_provider=aws_provider,
        description=description,
        moved_from=moved_from,
        origins={**setting_origins, **origins},
        read_files=read_files,
        warnings=tuple(dropped) + _warnings(values),
    )


def _check_design_line(design: Design, aws_provider: int, source: str) -> None:
    """Refuse a design the provider line cannot render: multi-attribute index keys before provider 6.29,
    an index's warm throughput before 6 (5.100's global_secondary_index has no warm_throughput)."""
    line = provider_line(aws_provider)
    for index in design.global_indexes:
        if index.warm_throughput and not line.warm_throughput:
            raise ProfileError(
                source,
                f"{TABLE}.global_secondary_indexes.{index.name}.warm_throughput",
                f"is only on AWS provider line 6 (an index's warm_throughput), and this profile renders for line "
                f"{aws_provider} (aws_provider): remove the key, or render for line 6",
            )
        if index.multi_attribute and not line.multi_attribute_keys:
            key, attributes = (
                ("hash_key", index.hash_keys) if len(index.hash_keys) > 1 else ("range_key", index.range_keys)
            )
            raise ProfileError(
                source,
                f"{TABLE}.global_secondary_indexes.{index.name}.{key}",
                multi_attribute_refusal(index.name, f"{key}: {yaml_text(list(attributes))}", aws_provider)
                + "; render for line 6, or give each of its keys one attribute",
            )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def checked_name(name: str, source: str, key: str | None, what: str) -> str:
    # The name is written into comments and headers: it must not be able to end a line.
    if not PROFILE_NAME.fullmatch(name):
        raise ProfileError(source, key, f"{what} may hold only letters, digits, '_', '-' and '.'")
    return name
