"""Load, inherit, override and validate per-environment profiles.

A profile is a YAML mapping of input names to the defaults the generated
module gets, plus an optional ``extends: NAME|PATH``. Resolution starts from
the catalogue's defaults, applies the ``extends`` chain from the root down,
then the ``--set`` overrides; mappings (``common_tags``) merge key by key.
"""

from __future__ import annotations

import functools
import re
import reprlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import BY_NAME, INPUTS, defaults
from .errors import ProfileError

BUILTIN_DIR = Path(__file__).parent / "profiles"
EXTENDS = "extends"
OVERRIDE_SOURCE = "--set"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Profile:
    """A fully resolved profile: a value for every input that has a default."""

    name: str
    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def builtin_names() -> list[str]:
    return sorted(path.stem for path in BUILTIN_DIR.glob("*.yaml"))


def _is_path(ref: str) -> bool:
    return "/" in ref or ref.endswith((".yaml", ".yml"))


def _locate(ref: str, source: str, key: str | None, base_dir: Path | None) -> Path:
    """Find a profile named by ``ref``; ``source``/``key`` name where the reference was written."""
    if not _is_path(ref):
        path = BUILTIN_DIR / f"{ref}.yaml"
        if path.is_file():
            return path
        raise ProfileError(
            source,
            key,
            f"unknown profile {ref!r}; built-in profiles are {', '.join(builtin_names())}, "
            "or give a path to a .yaml file",
        )
    path = Path(ref)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    if not path.is_file():
        raise ProfileError(
            source, key, f"profile file {str(path)!r} not found; give a built-in profile name or the path of a profile file"
        )
    return path


def _source_name(path: Path) -> str:
    return f"built-in profile {path.stem}" if path.parent == BUILTIN_DIR else str(path)


class _NotText(ValueError):
    """A string holds a lone surrogate: it is not Unicode text and cannot be written as UTF-8."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogate_pairs(text: str) -> str:
    """YAML's ``"\\ud83d\\ude00"`` (JSON's way to escape one emoji) as the one character it means."""
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise _NotText(text) from None


def _nfc(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """Terraform stores every string in Unicode NFC; so does ddbgen, so both agree.

    Each list or mapping is visited once (``memo``), so YAML aliases that share
    one many times (an alias bomb) cost their size in the file, not expanded.
    """
    if isinstance(value, str):
        if _SURROGATE.search(value):
            value = _join_surrogate_pairs(value)
        return unicodedata.normalize("NFC", value)
    if not isinstance(value, (dict, list)):
        return value
    memo = {} if memo is None else memo
    if id(value) not in memo:
        if isinstance(value, dict):
            memo[id(value)] = {_nfc(key, memo): _nfc(item, memo) for key, item in value.items()}
        else:
            memo[id(value)] = [_nfc(item, memo) for item in value]
    return memo[id(value)]


@functools.lru_cache(maxsize=None)
def _loader() -> type:
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping.

    PyYAML would keep the last value silently. Keys are compared after NFC, as
    they are kept; keys merged in with ``<<`` may still be overridden.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node)
            key = unicodedata.normalize("NFC", key) if isinstance(key, str) else key
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping; give each key once", key_node.start_mark
                )
            seen.add(key)
        return loader.construct_mapping(node, deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return Loader


def _read_yaml(text: str, source: str, key: str | None = None) -> Any:
    import yaml

    try:
        return _nfc(yaml.load(text, Loader=_loader()))  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        where = " ".join(str(error).replace('in "<unicode string>", ', "at ").split())
        raise ProfileError(source, key, f"is not valid YAML: {where}") from None
    except RecursionError:
        raise ProfileError(source, key, "is not valid YAML for a profile: nested too deeply") from None
    except _NotText as error:
        raise ProfileError(
            source, key, f"holds {_shown(error.args[0])}, which is not Unicode text (a lone surrogate); use UTF-8 text"
        ) from None


def _shown(value: Any) -> str:
    """A value as an error message quotes it: on one line, and short however big the value."""
    short = reprlib.Repr()
    short.maxlevel, short.maxdict, short.maxlist, short.maxstring, short.maxother = 2, 4, 4, 80, 80
    return short.repr(value)


def _read_mapping(path: Path) -> dict[str, Any]:
    source = _source_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(source, None, f"cannot be read: {error}") from None
    data = _read_yaml(text, source)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError(source, None, f"must be a mapping of input names to values, not {type(data).__name__}")
    return data


def _chain(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The profiles from ``path`` up its ``extends`` chain, root first."""
    chain: list[tuple[str, dict[str, Any]]] = []
    seen: list[Path] = []
    while True:
        resolved = path.resolve()
        source = _source_name(path)
        if resolved in seen:
            cycle = " -> ".join(_source_name(item) for item in seen + [resolved])
            raise ProfileError(
                source, EXTENDS, f"extends itself through a cycle: {cycle}; the chain must end at a profile without extends"
            )
        seen.append(resolved)
        data = _read_mapping(path)
        if EXTENDS not in data:
            chain.append((source, data))
            return list(reversed(chain))
        parent = data.pop(EXTENDS)
        chain.append((source, data))
        if not isinstance(parent, str) or not parent:
            raise ProfileError(source, EXTENDS, "must be a built-in profile name or a path to a profile file")
        path = _locate(parent, source, EXTENDS, path.parent)


def _merge(base: dict[str, Any], layer: Mapping[str, Any], source: str, origins: dict[str, str]) -> None:
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
        origins[key] = source


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``KEY=VALUE`` and read the value as YAML (so numbers, booleans, null and maps work)."""
    key, separator, raw = text.partition("=")
    key = key.strip()
    if not separator or not key:
        raise ProfileError(OVERRIDE_SOURCE, _key_text(text), "must look like KEY=VALUE, for example read_capacity=10")
    return key, _read_yaml(raw, OVERRIDE_SOURCE, key) if raw.strip() else ""


def _key_text(key: Any) -> str:
    """A key as an error message names it: as written when it is printable text, else quoted."""
    return key if isinstance(key, str) and key.isprintable() else _shown(key)


def _check_keys(layer: Mapping[str, Any], source: str) -> None:
    for key in sorted(layer, key=str):
        if key == "environment":
            raise ProfileError(
                source, key, "cannot be set in a profile: the module keeps environment required, so every caller passes it"
            )
        if key not in BY_NAME:
            raise ProfileError(
                source, _key_text(key), f"is not an input of the module; known inputs: {', '.join(sorted(defaults()))}"
            )


def validate(values: Mapping[str, Any], origins: Mapping[str, str]) -> None:
    """Apply every input's type and rules to the resolved values; raise on the first failure."""
    for item in INPUTS:
        if item.required:
            continue
        value = values[item.name]
        source = origins.get(item.name, "defaults")
        if not item.has_type(value):
            raise ProfileError(source, item.name, f"must be {item.type_description} (got {_shown(value)})")
        if value is None:
            continue
        for rule in item.rules:
            if not rule.holds(value, values):
                raise ProfileError(source, item.name, f"{rule.message} (got {_shown(value)})")


def _warnings(values: Mapping[str, Any]) -> tuple[str, ...]:
    # A warning, not an error: the profile only sets defaults, and a caller may
    # still pass billing_mode = "PROVISIONED" (the spec's autoscaling example
    # does exactly that against a module whose default is on demand).
    if values["enable_autoscaling"] and values["billing_mode"] != "PROVISIONED":
        return (
            "enable_autoscaling is true but billing_mode defaults to "
            f"{values['billing_mode']}: scaling targets are created only when the caller "
            'passes billing_mode = "PROVISIONED"',
        )
    return ()


def load_profile(ref: str, overrides: Iterable[str] = ()) -> Profile:
    """Resolve a built-in profile name or a profile file path, then apply ``KEY=VALUE`` overrides."""
    path = _locate(ref, "--profile", None, None)
    name = _checked_name(path.stem, str(path), None, "profile file names")
    values = defaults()
    origins: dict[str, str] = {}
    for source, layer in _chain(path):
        _check_keys(layer, source)
        _merge(values, layer, source, origins)
    override_layer = dict(parse_override(text) for text in overrides)
    _check_keys(override_layer, OVERRIDE_SOURCE)
    _merge(values, override_layer, OVERRIDE_SOURCE, origins)
    validate(values, origins)
    return Profile(name=name, values=values, origins=origins, warnings=_warnings(values))


def _checked_name(name: str, source: str, key: str | None, what: str) -> str:
    # The name is written into comments and headers: it must not be able to end a line.
    if not _NAME.fullmatch(name):
        raise ProfileError(source, key, f"{what} may hold only letters, digits, '_', '-' and '.'")
    return name


def from_values(name: str, values: Mapping[str, Any], source: str) -> Profile:
    """Rebuild a profile recorded elsewhere (a manifest), checking it like any other."""
    name = _checked_name(name, source, "profile.name", "profile names")
    recorded = dict(values)
    _check_keys(recorded, source)
    missing = sorted(set(defaults()) - set(recorded))
    if missing:
        raise ProfileError(source, missing[0], "is missing from the recorded profile")
    origins = {key: source for key in recorded}
    validate(recorded, origins)
    return Profile(name=name, values=recorded, origins=origins, warnings=_warnings(recorded))
