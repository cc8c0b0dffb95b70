"""The table's design: keys, attributes and secondary indexes, fixed at generation.

A profile's ``table`` section gives the design; without one, a profile has the
specification's notifications table. The design names everything that carries
the table's name (``aws_dynamodb_table.<name>``, ``<name>_table_name``, ...), so
it is read and checked before anything else of the profile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.errors import ProfileError
from generator.profile import monitoring, rules
from generator.profile.rules import AUTOSCALING_TARGET, ON_DEMAND_LIMIT
from generator.shown import closest, key_path, some, yaml_text

SECTION = "table"
ATTRIBUTE_TYPES = {"S": "string", "N": "number", "B": "binary"}
PROJECTIONS = ("ALL", "KEYS_ONLY")
MAX_GSIS = 20
MAX_LSIS = 5
MAX_PROJECTED = 100
# A global index's partition key and its sort key may each be up to four attributes
# ("multi-attribute keys", DynamoDB Developer Guide, GSI.DesignPattern.MultiAttributeKeys;
# terraform-provider-aws 6.29.0, #45357: maxNumberOfHashes and maxNumberOfRanges = 4 in
# global_secondary_index_key_schema_list_validator.go). The table's key and a local
# index's keep one attribute each: the guide offers them for global indexes only.
MAX_KEY_ATTRIBUTES = 4
TABLE_KEY = "table"
# DynamoDB's rule for table and index names.
RESOURCE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")
# A Terraform identifier: it becomes a resource name and a prefix of input and output names.
LOGICAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
GSI_CAPACITY_KEYS = (
    "read_capacity",
    "write_capacity",
    "autoscaling_read_max_capacity",
    "autoscaling_write_max_capacity",
)
# A global index's own scaling target, in percent: None takes the table's input of the same name.
GSI_TARGET_KEYS = ("autoscaling_read_target_value", "autoscaling_write_target_value")
ON_DEMAND_KEYS = ("max_read_request_units", "max_write_request_units")
WARM_KEYS = tuple(rules.WARM_DEFAULTS)


@dataclass(frozen=True)
class Index:
    """A secondary index. ``key`` names its instances in ``for_each`` maps (scaling targets, alarms)."""

    name: str
    key: str
    # The key's attributes in KeySchema order: one each, or for a global index up to
    # MAX_KEY_ATTRIBUTES each (order matters: a query gives every partition attribute and
    # the sort attributes left to right). A local index's hash_keys is (): it shares the table's.
    hash_keys: tuple[str, ...]
    range_keys: tuple[str, ...]
    projection: str  # ALL, KEYS_ONLY or INCLUDE
    non_key_attributes: tuple[str, ...] = ()
    # Per-index capacity: None takes the table's input of the same name.
    read_capacity: int | None = None
    write_capacity: int | None = None
    autoscaling_read_max_capacity: int | None = None
    autoscaling_write_max_capacity: int | None = None
    autoscaling_read_target_value: float | None = None
    autoscaling_write_target_value: float | None = None
    on_demand_throughput: dict[str, int | None] | None = None
    # Reads and writes a second the index is pre-warmed for (provider 6); None: DynamoDB's own.
    warm_throughput: dict[str, int] | None = None
    # The input that switches the index on (only the specification's TypeIndex has one).
    switch: str | None = None

    @property
    def key_attributes(self) -> tuple[str, ...]:
        return self.hash_keys + self.range_keys

    @property
    def multi_attribute(self) -> bool:
        """Whether a key of the index has more than one attribute (provider 6.29 or later)."""
        return len(self.hash_keys) > 1 or len(self.range_keys) > 1

    @property
    def key_schema(self) -> tuple[tuple[str, str], ...]:
        """(attribute, HASH or RANGE) in KeySchema order: every HASH entry before every RANGE entry."""
        return tuple((name, "HASH") for name in self.hash_keys) + tuple((name, "RANGE") for name in self.range_keys)

    @property
    def hash_key(self) -> str | None:
        """The partition key's one attribute: for renders that hold a single one (provider 5, local indexes)."""
        return _single(self.hash_keys)

    @property
    def range_key(self) -> str | None:
        """The sort key's one attribute, None without a sort key: as ``hash_key``."""
        return _single(self.range_keys)

    @property
    def resource_name(self) -> str:
        """The name of the index's own ``aws_dynamodb_global_secondary_index`` (provider 6)."""
        return terraform_name(self.key)

    def as_profile(self, local: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {} if local else {"hash_key": key_as_written(self.hash_keys)}
        if self.range_keys:
            entry["range_key"] = key_as_written(self.range_keys)
        entry["projection"] = list(self.non_key_attributes) if self.projection == "INCLUDE" else self.projection
        for name in (*GSI_CAPACITY_KEYS, *GSI_TARGET_KEYS):
            if getattr(self, name) is not None:
                entry[name] = getattr(self, name)
        if self.on_demand_throughput:
            entry["on_demand_throughput"] = dict(self.on_demand_throughput)
        if self.warm_throughput:
            entry["warm_throughput"] = dict(self.warm_throughput)
        return entry


def _single(attributes: tuple[str, ...]) -> str | None:
    if len(attributes) > 1:
        raise ValueError(f"a multi-attribute key ({', '.join(attributes)}) has no single attribute")
    return attributes[0] if attributes else None


def key_as_written(attributes: Sequence[str]) -> str | list[str] | None:
    """A key as a profile writes it: its attribute, the list of a multi-attribute key (order kept), or None."""
    return attributes[0] if len(attributes) == 1 else (list(attributes) or None)


@dataclass(frozen=True)
class Design:
    name: str
    attributes: dict[str, str]
    hash_key: str
    range_key: str | None
    global_indexes: tuple[Index, ...] = ()
    local_indexes: tuple[Index, ...] = ()
    # Comments on key attributes, for the data model of the built-in design.
    notes: dict[str, str] = field(default_factory=dict)
    builtin: bool = False

    @property
    def resource(self) -> str:
        return f"aws_dynamodb_table.{self.name}"

    @property
    def table_name_input(self) -> str:
        return table_name_input(self.name)

    @property
    def switches(self) -> tuple[str, ...]:
        return tuple(sorted({index.switch for index in self.global_indexes if index.switch}))

    def attribute_switch(self, attribute: str) -> str | None:
        """The switch an attribute depends on, when only switched indexes use it as a key."""
        if attribute in (self.hash_key, self.range_key):
            return None
        users = [index for index in self.global_indexes + self.local_indexes if attribute in index.key_attributes]
        switches = {index.switch for index in users}
        return switches.pop() if len(switches) == 1 and None not in switches else None

    def global_indexes_with(self, values: Mapping[str, Any]) -> tuple[Index, ...]:
        """The global indexes the table has with the given input values (a switched index only while switched on)."""
        return tuple(index for index in self.global_indexes if index.switch is None or values.get(index.switch))

    def has_global_indexes(self, values: Mapping[str, Any]) -> bool:
        """Whether the table has a global index with the given input values."""
        return bool(self.global_indexes_with(values))

    def as_profile(self) -> dict[str, Any] | None:
        """The ``table`` section that gives this design; None for the built-in one, which needs none."""
        if self.builtin:
            return None
        section: dict[str, Any] = {"name": self.name, "attributes": dict(self.attributes), "hash_key": self.hash_key}
        if self.range_key:
            section["range_key"] = self.range_key
        if self.global_indexes:
            section["global_secondary_indexes"] = {index.name: index.as_profile(False) for index in self.global_indexes}
        if self.local_indexes:
            section["local_secondary_indexes"] = {index.name: index.as_profile(True) for index in self.local_indexes}
        return section


# The specification's Data Model: a user's notifications, newest last; TypeIndex
# (keyed by user, sorted by type) is switched by enable_type_index. Keyed by user
# rather than by type it has no hot partition, and items without TypeSK stay out of it.
NOTIFICATIONS = Design(
    name="notifications",
    attributes={"PK": "S", "SK": "S", "TypeSK": "S"},
    hash_key="PK",
    range_key="SK",
    global_indexes=(Index("TypeIndex", "type_index", ("PK",), ("TypeSK",), "ALL", switch="enable_type_index"),),
    notes={
        "PK": "USER#<userId>: groups a user's notifications",
        "SK": "NOTIF#<timestamp>#<notifId>: oldest first",
        "TypeSK": "<type>#<timestamp>#<notifId>: a user's notifications of one type",
    },
    builtin=True,
)


class _SectionReader:
    """Reads one ``table`` section, raising ProfileError at the first problem with its key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> ProfileError:
        return ProfileError(self.source, f"{SECTION}.{path}" if path else SECTION, problem)

    def mapping(self, value: Any, path: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be a mapping (got {yaml_text(value)})")
        for key in value:
            if key not in allowed:
                close = closest(key, allowed)
                hint = f"did you mean {close[0]}? " if close else ""
                raise self.fail(key_path(path, key), f"is not a design key; {hint}allowed here: {some(allowed)}")
        return value

    def name(self, value: Any, path: str, pattern: re.Pattern[str], what: str) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise self.fail(path, f"must be {what} (got {yaml_text(value)})")
        return value

    def whole(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(path, f"must be a whole number of at least 1 (got {yaml_text(value)})")
        return value

    def target_value(self, value: Any, path: str) -> float | None:
        """An index's scaling target: the rule of the table's own (rules.AUTOSCALING_TARGET)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not AUTOSCALING_TARGET.holds(value, {}):
            raise self.fail(path, f"{AUTOSCALING_TARGET.message} (got {yaml_text(value)})")
        return value

    def warm_throughput(self, value: Any, path: str) -> dict[str, int] | None:
        """An index's warm throughput: the table's rules (rules.WARM_THROUGHPUT), both units given.

        Both: the provider's aws_dynamodb_global_secondary_index holds warm_throughput as one
        object, and DynamoDB describes both units, so an object with one unit null would plan
        a change to the other on every plan (as an index's on-demand limits would).
        """
        if value is None:
            return None
        units = self.mapping(value, path, WARM_KEYS)
        for unit, rule in rules.WARM_THROUGHPUT.items():
            item = units.get(unit)
            if item is None:
                raise self.fail(
                    key_path(path, unit),
                    "is required beside the other unit: the AWS provider holds an index's warm throughput as one "
                    f"object, which would plan a change to a missing unit on every plan (DynamoDB's default is {rules.WARM_DEFAULTS[unit]})",
                )
            if isinstance(item, bool) or not isinstance(item, int) or not rule.holds(item, {}):
                raise self.fail(key_path(path, unit), f"{rule.message} (got {yaml_text(item)})")
        return {unit: units[unit] for unit in WARM_KEYS}

    def on_demand_limit(self, value: Any, path: str) -> int | None:
        """An index's on-demand limit: the rule of the table's own (rules.ON_DEMAND_LIMIT)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not ON_DEMAND_LIMIT.holds(value, {}):
            raise self.fail(path, f"{ON_DEMAND_LIMIT.message} (got {yaml_text(value)})")
        return value


def table_name_input(name: str) -> str:
    """The input that names the table of a design named ``name``: ``<name>_table_name``."""
    return f"{name}_table_name"


def terraform_name(key: str) -> str:
    """An index key as a Terraform resource name: letters, digits, ``_`` and ``-``, not starting with a digit or ``-``."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", key)
    return name if re.match(r"[A-Za-z_]", name) else f"index_{name}"


_TABLE_KEYS = ("name", "attributes", "hash_key", "range_key", "global_secondary_indexes", "local_secondary_indexes")
_GSI_KEYS = (
    "hash_key",
    "range_key",
    "projection",
    *GSI_CAPACITY_KEYS,
    *GSI_TARGET_KEYS,
    "on_demand_throughput",
    "warm_throughput",
)
_LSI_KEYS = ("range_key", "projection")
INDEX_NAME_RULE = "3 to 255 letters, digits, underscores, hyphens or dots"


def read_design(section: Any, source: str) -> Design:
    """The design a profile's ``table`` section gives, checked as DynamoDB and Terraform would."""
    reader = _SectionReader(source)
    data = reader.mapping(section, "", _TABLE_KEYS)
    for required in ("name", "attributes", "hash_key"):
        if required not in data:
            raise reader.fail(required, "is required in a table design")
    name = reader.name(
        data["name"],
        "name",
        LOGICAL_NAME,
        "a Terraform identifier (a letter or underscore, then letters, digits, underscores or hyphens)",
    )
    attributes = _attributes(reader, data["attributes"])

    def key(value: Any, path: str) -> str:
        if isinstance(value, list):
            raise reader.fail(
                path,
                f"must name one attribute, not a list ({yaml_text(value)}): only a global index's hash_key and range_key "
                "may list several (multi-attribute keys); the table's key and a local index's sort key have one each",
            )
        if not isinstance(value, str) or value not in attributes:
            close = closest(value, attributes)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise reader.fail(
                path, f"must name a declared attribute ({some(attributes)}), not {yaml_text(value)}{hint}"
            )
        return value

    hash_key = key(data["hash_key"], "hash_key")
    range_key = key(data["range_key"], "range_key") if data.get("range_key") is not None else None
    if range_key == hash_key:
        raise reader.fail("range_key", "must differ from hash_key")

    global_indexes = _indexes(reader, data.get("global_secondary_indexes"), "global_secondary_indexes", key, False)
    local_indexes = _indexes(reader, data.get("local_secondary_indexes"), "local_secondary_indexes", key, True)
    if len(global_indexes) > MAX_GSIS:
        raise reader.fail(
            "global_secondary_indexes", f"holds {len(global_indexes)} indexes; DynamoDB allows at most {MAX_GSIS}"
        )
    if len(local_indexes) > MAX_LSIS:
        raise reader.fail(
            "local_secondary_indexes", f"holds {len(local_indexes)} indexes; DynamoDB allows at most {MAX_LSIS}"
        )
    if local_indexes and range_key is None:
        raise reader.fail(
            "local_secondary_indexes",
            "needs a table with a range_key: a local index shares the hash key and sorts by another",
        )
    for index in local_indexes:
        if index.range_key == range_key:
            raise reader.fail(
                f"local_secondary_indexes.{index.name}.range_key", f"must differ from the table's range_key {range_key}"
            )
    for index in global_indexes:
        if index.name in {local.name for local in local_indexes}:
            raise reader.fail(
                f"local_secondary_indexes.{index.name}", "names an index twice: index names must be unique"
            )
    named: dict[str, str] = {}
    for index in global_indexes:
        other = named.setdefault(index.resource_name, index.name)
        if other != index.name:
            raise reader.fail(
                f"global_secondary_indexes.{index.name}",
                f"gives the same Terraform resource name as index {other} ({index.resource_name}: characters other than "
                "letters, digits, _ and - become _); rename one of them",
            )

    table_keys = {hash_key, range_key} - {None}
    projected: set[str] = set()
    for group, indexes in (("global_secondary_indexes", global_indexes), ("local_secondary_indexes", local_indexes)):
        for index in indexes:
            keys = table_keys | set(index.key_attributes)
            for attribute in index.non_key_attributes:
                if attribute in keys:
                    raise reader.fail(
                        f"{group}.{index.name}.projection",
                        f"lists key attribute {attribute}: key attributes are always projected; list only non-key attributes",
                    )
            projected.update(index.non_key_attributes)
    if len(projected) > MAX_PROJECTED:
        raise reader.fail(
            "", f"projects {len(projected)} distinct non-key attributes in all; DynamoDB allows at most {MAX_PROJECTED}"
        )
    _check_derived_names(reader, global_indexes)
    used = table_keys | {name for index in global_indexes + local_indexes for name in index.key_attributes}
    for attribute in attributes:
        if attribute not in used:
            raise reader.fail(
                f"attributes.{attribute}",
                "is used by no key: declare only the attributes of the table's and indexes' keys "
                "(DynamoDB and Terraform reject the others)",
            )
    return Design(name, attributes, hash_key, range_key, tuple(global_indexes), tuple(local_indexes))


# The shortest table name DynamoDB takes.
MIN_TABLE_NAME = 3


def _check_derived_names(reader: _SectionReader, global_indexes: list[Index]) -> None:
    """Refuse a design whose indexes give two resources one name, or alarm names CloudWatch cannot take.

    The module keys scaling targets (``<key>_read``), alarms (``<key>_read_throttle``)
    and Contributor Insights (``<key>``) by index key, and names each alarm
    ``<table name>-<key with _ as ->``: two index names that differ only in ``_``
    and ``-`` would give one alarm name, and apply would keep one of the two alarms.
    """
    path = {index.key: f"global_secondary_indexes.{index.name}" for index in global_indexes}
    keys = [index.key for index in global_indexes]
    namespaces: dict[str, list[tuple[str, str]]] = {
        "alarm name": [
            (monitoring.alarm_name("<table name>", key), owner)
            for key, owner in monitoring.possible_alarm_keys(keys).items()
        ],
        "alarm key": [(key, owner) for key, owner in monitoring.possible_alarm_keys(keys).items()],
        "scaling target key": [(f"{key}_{unit}", key) for key in [TABLE_KEY, *keys] for unit in monitoring.UNITS],
        "Contributor Insights key": [(key, key) for key in [TABLE_KEY, *keys]],
    }
    for what, names in namespaces.items():
        seen: dict[str, str] = {}
        for name, owner in names:
            owner = owner.removeprefix("index ")
            if name in seen and seen[name] != owner:
                first, second = seen[name], owner
                raise reader.fail(
                    path.get(second, ""),
                    f"gives the module the same {what} as index {first} ({name}): alarm names write _ as -, "
                    "so index names that differ only in _ and - collide; rename one of them",
                )
            seen[name] = owner
    longest_kind = max((monitoring.alarm_name("", kind) for kind in monitoring.TARGET_ALARMS), key=len)
    for index in global_indexes:
        suffix = max(
            (
                monitoring.alarm_name("", f"{monitoring.index_prefix(index.key)}{kind}")
                for kind in monitoring.TARGET_ALARMS
            ),
            key=len,
        )
        if MIN_TABLE_NAME + len(suffix) > rules.MAX_ALARM_NAME:
            most = rules.MAX_ALARM_NAME - MIN_TABLE_NAME - (len(suffix) - len(index.key))
            raise reader.fail(
                path[index.key],
                f"is {len(index.name)} characters: its alarm names, <table name>-<index name>{longest_kind}, would be over "
                f"CloudWatch's limit of {rules.MAX_ALARM_NAME} characters even with a table name of {MIN_TABLE_NAME}; "
                f"an index name may be at most {most} characters",
            )


def _attributes(reader: _SectionReader, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise reader.fail("attributes", f"must map attribute names to S, N or B (got {yaml_text(value)})")
    for name, kind in value.items():
        if not isinstance(name, str) or not 1 <= len(name) <= 255:
            raise reader.fail("attributes", f"attribute names must be 1 to 255 characters (got {yaml_text(name)})")
        if not isinstance(kind, str) or kind not in ATTRIBUTE_TYPES:
            raise reader.fail(
                f"attributes.{name}", f"must be S (string), N (number) or B (binary), not {yaml_text(kind)}"
            )
    return dict(value)


def _indexes(reader: _SectionReader, value: Any, group: str, key: Any, local: bool) -> list[Index]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise reader.fail(group, f"must map index names to their keys and projection (got {yaml_text(value)})")
    indexes = []
    for name, entry in value.items():
        path = f"{group}.{name}"
        reader.name(name, path, RESOURCE_NAME, f"an index name of {INDEX_NAME_RULE}")
        if name == TABLE_KEY:
            raise reader.fail(path, "cannot be named 'table': it names the table's own scaling targets and alarms")
        entry = reader.mapping(entry, path, _LSI_KEYS if local else _GSI_KEYS)
        for required in ("range_key", "projection") if local else ("hash_key", "projection"):
            if required not in entry:
                raise reader.fail(f"{path}.{required}", f"is required for a {'local' if local else 'global'} index")
        hash_keys = () if local else _key_list(reader, entry["hash_key"], f"{path}.hash_key", key)
        range_keys = (
            _key_list(reader, entry["range_key"], f"{path}.range_key", key, local)
            if entry.get("range_key") is not None
            else ()
        )
        for attribute in range_keys:
            if attribute in hash_keys:
                problem = (
                    "must differ from the index's hash_key"
                    if len(hash_keys) == len(range_keys) == 1
                    else f"lists {attribute}, which the index's hash_key lists too: an attribute is in a key once"
                )
                raise reader.fail(f"{path}.range_key", problem)
        projection, non_key = _projection(reader, entry["projection"], f"{path}.projection")
        capacity: dict[str, Any] = {
            item: reader.whole(entry.get(item), f"{path}.{item}") for item in GSI_CAPACITY_KEYS if not local
        }
        if not local:
            capacity |= {item: reader.target_value(entry.get(item), f"{path}.{item}") for item in GSI_TARGET_KEYS}
        for unit in ("read", "write"):
            low, high = capacity.get(f"{unit}_capacity"), capacity.get(f"autoscaling_{unit}_max_capacity")
            if low is not None and high is not None and high < low:
                raise reader.fail(
                    f"{path}.autoscaling_{unit}_max_capacity", f"must be at least {unit}_capacity ({low})"
                )
        on_demand = None
        if not local and entry.get("on_demand_throughput") is not None:
            limits = reader.mapping(entry["on_demand_throughput"], f"{path}.on_demand_throughput", ON_DEMAND_KEYS)
            on_demand = {
                item: reader.on_demand_limit(limits.get(item), f"{path}.on_demand_throughput.{item}")
                for item in ON_DEMAND_KEYS
            }
            # DynamoDB describes a unit without a limit as -1, and the AWS provider keeps global
            # indexes in a set whose members hash every attribute: an index limiting one unit would
            # plan a change on every plan (seen in tests/terraform/test_tf_features.py). So both.
            missing = [item for item in ON_DEMAND_KEYS if on_demand[item] is None]
            if len(missing) == 1:
                raise reader.fail(
                    f"{path}.on_demand_throughput.{missing[0]}",
                    "is required beside the other unit: DynamoDB describes a unit without a limit as -1, which the AWS "
                    "provider's set of global indexes would plan to change on every plan",
                )
        warm = None if local else reader.warm_throughput(entry.get("warm_throughput"), f"{path}.warm_throughput")
        indexes.append(
            Index(
                name,
                name,
                hash_keys,
                range_keys,
                projection,
                non_key,
                on_demand_throughput=on_demand,
                warm_throughput=warm,
                **capacity,
            )
        )
    return indexes


def _key_list(reader: _SectionReader, value: Any, path: str, key: Any, local: bool = False) -> tuple[str, ...]:
    """A key of an index: one attribute, or for a global index a list of up to MAX_KEY_ATTRIBUTES, in order."""
    if not isinstance(value, list) or local:
        return (key(value, path),)
    if not value:
        raise reader.fail(
            path, f"is an empty list: name one attribute, or list up to {MAX_KEY_ATTRIBUTES} for a multi-attribute key"
        )
    if len(value) > MAX_KEY_ATTRIBUTES:
        raise reader.fail(
            path,
            f"lists {len(value)} attributes ({yaml_text(value)}); DynamoDB allows at most {MAX_KEY_ATTRIBUTES} in a "
            f"global index's partition key and as many in its sort key",
        )
    attributes = tuple(key(item, path) for item in value)
    for number, attribute in enumerate(attributes):
        if attribute in attributes[:number]:
            raise reader.fail(path, f"lists {attribute} twice: an attribute is in a key once")
    return attributes


def _projection(reader: _SectionReader, value: Any, path: str) -> tuple[str, tuple[str, ...]]:
    if value in PROJECTIONS:
        return value, ()
    if isinstance(value, list) and value and all(isinstance(item, str) and item for item in value):
        if len(set(value)) != len(value):
            raise reader.fail(path, "lists an attribute twice")
        return "INCLUDE", tuple(value)
    raise reader.fail(
        path, f"must be ALL, KEYS_ONLY, or a list of the non-key attributes to INCLUDE (got {yaml_text(value)})"
    )
