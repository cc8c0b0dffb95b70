"""Every profile string, and every name of a table design, reaches HCL through one escaping path, and comes back exactly.

Property tests (hypothesis) write any string and any tag map into a profile
(over several built-in profiles and both AWS provider lines), and any
attribute and index names into a table design, generate the module, and read
the values back: with python-hcl2 and our own ``decode`` here, and with
``terraform fmt`` and ``terraform console`` in the Terraform tier. A value
crafted to close a block and open a resource must produce no new block.

python-hcl2 8 cannot read an escaped ``$${`` or ``%%{`` that no ``}`` follows
(amplify-education/python-hcl2#238), valid HCL though it is: the python-hcl2
properties leave out text holding ``${`` or ``%{``. The ``decode`` property and
the Terraform tier, where Terraform itself reads the module, keep them in.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator.cli import app
from generator.hcl import literal, quote
from generator.profile import catalogue, rules
from generator.profile.design import LOGICAL_NAME, MAX_GSIS, MAX_LSIS, RESOURCE_NAME, terraform_name
from generator.profile.loader import Profile, load_profile
from generator.profile.provider_lines import PROVIDER_LINES
from generator.render.render import TERRAFORM_FILES, render, template_dir
from tests.conftest import hypothesis_settings
from tests.hclparse import decode, parse_module, parse_text
from tests.tooling import console, terraform_binary, terraform_env, terraform_fmt_clean

runner = CliRunner()

# Sequences that mean something to HCL, YAML, Markdown or a terminal, mixed into random text.
TRICKY = (
    '"',
    "\\",
    "$",
    "%",
    "{",
    "}",
    "${",
    "%{",
    "$${",
    "%%{",
    "\\${",
    "~}",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "e\u0301",
    "\u0958",
    "#",
    "//",
    "/*",
    "*/",
    "<<EOT",
    "EOT",
    "|",
    "`",
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_all(value: Any) -> Any:
    """``value`` with every string in it, keys included, in NFC (as the profile loader keeps them)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_all(key): nfc_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc_all(item) for item in value]
    return value


def texts(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Any text (no lone surrogates: those are not text), heavy on sequences that matter to HCL."""
    characters = st.characters(exclude_categories=("Cs",))
    pieces = st.lists(st.one_of(characters, st.sampled_from(TRICKY)), max_size=max_size)
    return pieces.map("".join).filter(lambda text: min_size <= len(nfc(text)) <= max_size and len(text) <= max_size)


def hcl2_readable(text: str) -> bool:
    """Whether python-hcl2 can read ``text`` back once quoted (see the module docstring)."""
    return "${" not in text and "%{" not in text


def _unique_after_nfc(mapping: dict[str, Any]) -> bool:
    return len({nfc(key) for key in mapping}) == len(mapping)


def tag_texts(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Text of DynamoDB's tag characters (letters, numbers and white space of all Unicode, and + - = . _ : /)."""
    characters = st.one_of(st.characters(categories=("L", "N", "Z")), st.sampled_from(rules.TAG_SPECIALS))
    return (
        st.text(characters, max_size=max_size)
        .map(nfc)
        .filter(lambda text: min_size <= len(text) <= max_size and rules.tag_text(text))
    )


# Within the tag rules (the bad-input tests cover values outside them, and rules_agree every rule
# against its validation block); tag maps as large as AWS allows, with the Environment tag the module adds.
TAG_KEYS = tag_texts(1, 128).filter(lambda key: not key.lower().startswith("aws:") and key != "Environment")
TAG_MAPS = st.dictionaries(TAG_KEYS, tag_texts(0, 256), max_size=rules.MAX_TAGS - 1).filter(_unique_after_nfc)
TTL_NAMES = texts(1, 255)
# resource_policy: a JSON object, given as a YAML mapping; any keys, any strings.
POLICIES = st.one_of(
    st.none(), st.dictionaries(texts(1, 40), texts(0, 80), min_size=1, max_size=3).filter(_unique_after_nfc)
)
IMPORT_ATTRIBUTES = (
    "input_format",
    "input_compression_type",
    "bucket",
    "bucket_owner",
    "key_prefix",
    "csv_delimiter",
    "csv_header_list",
)


def _imports(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any] | None]:
    """import_table with free text where its type has strings no rule restricts."""
    fields = st.fixed_dictionaries(
        {"input_format": st.just("CSV"), "bucket": text},
        optional={"key_prefix": text, "csv_delimiter": text, "csv_header_list": st.lists(text, min_size=1, max_size=3)},
    )
    return st.one_of(st.none(), fields)


IMPORTS = _imports(texts(1, 60))

# python-hcl2 (a Lark grammar) parses a 49-tag map of long values slowly: eight tags here; the
# Terraform round trip below, and tests/test_rules.py, take maps of every size up to the limit.
PLAIN_TAG_MAPS = st.dictionaries(TAG_KEYS, tag_texts(0, 256), max_size=8).filter(_unique_after_nfc)
PLAIN_TTL_NAMES = TTL_NAMES.filter(hcl2_readable)
PLAIN_POLICIES = st.one_of(
    st.none(),
    st.dictionaries(
        texts(1, 40).filter(hcl2_readable), texts(0, 80).filter(hcl2_readable), min_size=1, max_size=3
    ).filter(_unique_after_nfc),
)
PLAIN_IMPORTS = _imports(texts(1, 60).filter(hcl2_readable))

# The built-in profiles the values are written over, with the AWS provider line (None: the profile's own).
BASES = (("default", None), ("production", None), ("orders", None), ("default", 5), ("orders", 5))


# What YAML reads raw inside a double-quoted scalar without folding or refusing it.
_YAML_RAW = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: printable characters raw, the rest escaped.

    (PyYAML's own emitter writes U+0085 raw, which its reader takes for a line break.)
    """
    body = "".join(
        "\\" + char if char in '"\\' else char if _YAML_RAW.fullmatch(char) else f"\\U{ord(char):08x}" for char in text
    )
    return f'"{body}"'


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _yaml_string(value)


def _yaml_node(value: Any, indent: int) -> str:
    """The rest of a line after ``:`` or ``-``. Keys are explicit (``? key``): YAML limits an implicit key to 1024 characters."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        return "\n" + "".join(
            f"{pad}? {_yaml_scalar(key)}\n{pad}:{_yaml_node(item, indent + 2)}" for key, item in value.items()
        )
    if isinstance(value, list):
        if not value:
            return " []\n"
        return "\n" + "".join(f"{pad}-{_yaml_node(item, indent + 2)}" for item in value)
    return f" {_yaml_scalar(value)}\n"


def _profile_text(values: dict[str, Any]) -> str:
    text = "".join(f"{key}:{_yaml_node(value, 2)}" for key, value in values.items()) or "{}\n"
    assert yaml.safe_load(text) == (values or None), "the test wrote YAML that does not read back"
    return text


def _settings(base: str, line: int | None) -> dict[str, Any]:
    return {"extends": base, **({"aws_provider": line} if line is not None else {})}


def _generate(
    values: dict[str, Any], base: str = "default", line: int | None = None
) -> tuple[Profile, dict[str, bytes]]:
    """Render ``values`` over built-in profile ``base`` (as a YAML profile file, the way users write them)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(_profile_text({**_settings(base, line), **values}), encoding="utf-8")
        profile = load_profile(str(path))
        return profile, render(profile, Path(folder) / "module")


@functools.cache
def _baseline(base: str = "default", line: int | None = None) -> tuple[Profile, dict[str, bytes]]:
    """The module of a profile named ``fuzz`` that only extends ``base``, to compare the fuzzed ones with."""
    return _generate({}, base, line)


def _terraform_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith(".tf")}


def _assert_only_the_values_changed(
    files: dict[str, bytes], base: str = "default", line: int | None = None
) -> dict[str, dict[str, Any]]:
    """No .tf file but variables.tf differs from the baseline's, and it declares exactly the catalogue's variables."""
    profile, baseline = _baseline(base, line)
    assert set(_terraform_files(files)) == set(_terraform_files(baseline))
    for name in _terraform_files(baseline):
        if name != "variables.tf":
            assert files[name] == baseline[name], f"{name} changed"
    parsed = parse_text(files["variables.tf"].decode("utf-8"))
    assert set(parsed) == {"variable"}, f"variables.tf holds {sorted(parsed)}"
    declared = {name: body for block in parsed["variable"] for name, body in block.items()}
    assert list(declared) == [item.name for item in profile.inputs]
    for name, body in declared.items():
        assert set(body) <= {"description", "type", "default", "nullable", "validation"}, (name, sorted(body))
    return declared


def _expected_import(given: dict[str, Any] | None) -> dict[str, Any] | None:
    """import_table as the module declares it: every attribute, null where the profile gives none."""
    return None if given is None else {name: nfc_all(given.get(name)) for name in IMPORT_ATTRIBUTES}


# The one escaping path.


def _template_sequences_escaped(body: str) -> bool:
    """Scan a literal's body the way HCL does: every ``${`` and ``%{`` must be doubled."""
    position = 0
    while position < len(body):
        if body.startswith(("$${", "%%{"), position):
            position += 3
        elif body.startswith(("${", "%{"), position):
            return False
        else:
            position += 2 if body[position] == "\\" else 1
    return True


# The ci Hypothesis profile (tests/conftest.py) sets no deadline: a busy CI machine must not make these flaky.
@given(st.text())
def test_quote_is_one_line_one_literal_and_decodes_to_its_input(text: str):
    rendered = quote(text)
    assert re.fullmatch(r'"(?:[^"\\\n\r]|\\.)*"', rendered, re.S), rendered
    assert not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", rendered), "a control character is written raw"
    assert _template_sequences_escaped(rendered[1:-1])
    assert decode(rendered) == text


@given(st.dictionaries(st.text().filter(hcl2_readable), st.text().filter(hcl2_readable), max_size=6))
def test_a_map_literal_parses_back_with_python_hcl2(tags: dict[str, str]):
    parsed = parse_text(f"value = {literal(tags)}\n")
    assert parsed["value"] == tags


# Every {{ ... }} a .tf template writes without the hcl filter, and why no
# profile value can reach it. A profile value (an input's value, or a name of
# the profile's table design) must go through hcl instead.
NOT_PROFILE_VALUES = {
    # generator/profile/catalogue.py
    "input.name": "catalogue names, identifiers (test below)",
    "input.type": "catalogue types",
    "input.type_lines[0]": "the first line of a multi-line catalogue type",
    "line": "the other lines of a multi-line catalogue type",
    "validation.condition": "built by generator/profile/rules.py, values through quote/literal",
    "replica_partition": "rules.partition_expression: constants of generator/profile/rules.py",
    "mrsc_region_sets": "rules.mrsc_sets_literal: region names of rules.MRSC_REGION_SETS, through quote",
    'mrsc_set("replica.region_name")': "rules.mrsc_set_expression over the template's own reference",
    'mrsc_set("local.region")': "rules.mrsc_set_expression over the template's own reference",
    'mrsc_set("var.global_table_witness.region_name")': "rules.mrsc_set_expression over the template's own reference",
    "mrsc_sets_text": "in an error message: rules.MRSC_SETS_TEXT, region names of rules.MRSC_REGION_SETS",
    "output.name": "catalogue names, identifiers (test below)",
    "output.value": "catalogue expressions",
    # generator/profile/design.py
    "table": "the design's logical name: a Terraform identifier by design.py's LOGICAL_NAME (tests below)",
    "table_name_input": "<logical name>_table_name: an identifier likewise",
    "index.switch": "the catalogue input switching an index; only the built-in design has one (asserted below)",
    "index.resource_name": "design.terraform_name: letters, digits, _ and - only (tests below)",
    'former_names | join(", then ")': "in a comment: logical names the manifest records, each checked to be an identifier (manifest._rendered)",
    "attribute.switch": "the catalogue input switching an attribute; only the built-in design has one (asserted below)",
    "attribute.name": "only in the comment of a key attribute with a note; only the built-in design has notes (asserted below)",
    "attribute.note": "the built-in design's notes (design.py NOTIFICATIONS)",
    # generator/render/render.py: an index's own capacity through literal, or var.<catalogue input>.
    "entry.read_capacity": "render._or_input",
    "entry.write_capacity": "render._or_input",
    "entry.read_max_capacity": "render._or_input",
    "entry.write_max_capacity": "render._or_input",
    "entry.read_target_value": "render._or_input",
    "entry.write_target_value": "render._or_input",
    "name": "lifecycle ignore_changes: attribute names chosen by render.py",
    "profile_name": "in a comment; profile names are [A-Za-z0-9][A-Za-z0-9_.-]* (test below)",
    # generator/profile/provider_lines.py
    "provider.region_attribute": "the data.aws_region attribute of the provider line",
    "provider.major": "in a comment: 5 or 6",
    "release": "in a comment: a provider release",
    "argument": "in a comment: a provider argument",
    # generator/profile/moved.py
    "moved_from.module": "in a comment: moved.py accepts only terraform-aws-modules/dynamodb-table",
    "source": "addresses moved.py builds; the only design names in them are index names, [A-Za-z0-9_.-] (test below)",
    "target": "addresses moved.py builds, as for source",
    "moves.first_name": "in a comment: a logical name, an identifier as for table",
    # generator/profile/monitoring.py ALARMS: the generator's own data, identifiers (test_render checks them).
    "alarm.key": "an alarm kind's key: an identifier",
    "alarm.switch": "<key>_alarm_enabled, a catalogue input",
    "alarm.threshold_input": "a catalogue input",
    "metric.name": "in a comment: a CloudWatch metric name of ALARMS",
    "metric.id": "a metric query id of ALARMS",
    "alarm.baseline.id": "a metric query id of ALARMS",
    "metrics": "a metric map the template builds from ALARMS, its strings through hcl and hcl_template",
    "dimensions": "one of the template's own dimension expressions",
    "window": "var.<key>_alarm_... of an alarm kind's three window inputs, catalogue inputs",
    "alarm.insights_by": "in a comment: a dimension name of ALARMS",
    "condition": "the template's own expressions for the capacity modes an alarm kind exists for (monitoring.MODES)",
}


def test_no_template_writes_a_value_between_its_own_quotes():
    """Every ``{{ ... }}`` in a .tf template is a complete literal from the hcl filter, or names no profile value."""
    checked, seen, quoted, unlisted = 0, set(), [], []
    for template in sorted(template_dir().glob("*.tf.j2")):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"\{\{-?\s*(.*?)\s*-?\}\}", text):
            expression = match.group(1)
            line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
            checked += 1
            seen.add(expression)
            if expression.startswith("checkov_skips("):
                continue  # generator/render/security.py CHECKOV_SKIPS, the generator's own data, by address
            if re.search(r'\|\s*hcl(_template)?\b|map\("hcl"\)', expression):
                before = line[: line.index(match.group(0))]
                if before.count('"') % 2:
                    quoted.append(f"{template.name}: {line.strip()}")
                continue
            if expression not in NOT_PROFILE_VALUES:
                unlisted.append(f"{template.name}: {{{{ {expression} }}}} in {line.strip()!r}")
    assert quoted == [], f"a literal inside quotes: {quoted}"
    assert unlisted == [], f"profile values that do not go through hcl: {unlisted}"
    assert set(NOT_PROFILE_VALUES) <= seen, (
        f"listed but no longer in a template: {sorted(set(NOT_PROFILE_VALUES) - seen)}"
    )
    assert checked > 40


@pytest.mark.parametrize("line", tuple(PROVIDER_LINES))
def test_catalogue_names_of_the_built_in_designs_are_identifiers(builtin_profile: str, line: int):
    design = load_profile(builtin_profile, [f"aws_provider={line}"]).design
    names = [item.name for item in catalogue.inputs(design, line)] + [
        item.name for item in catalogue.outputs(design, line)
    ]
    assert names and all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names), names


@pytest.mark.parametrize("file_name", ['a"b.yaml', "a\nresource.yaml", "a{b}.yaml", "a b.yaml", "-x.yaml"])
def test_profile_names_written_unquoted_cannot_carry_hcl(file_name: str, tmp_path: Path):
    # A profile's name reaches comments and file headers: only tame names are accepted.
    path = tmp_path / file_name
    path.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 2
    assert "profile file names may hold only" in result.stderr
    assert not (tmp_path / "module").exists()


# Any string and any tag map, through a profile file, back out of variables.tf.


# Each example renders a whole module and parses it with python-hcl2 (a Lark grammar): 40
# examples keep the suite within its time; the Terraform round trip below adds 25 more.
@pytest.mark.slow
@hypothesis_settings(examples=40)
@given(
    tags=PLAIN_TAG_MAPS, ttl=PLAIN_TTL_NAMES, policy=PLAIN_POLICIES, source=PLAIN_IMPORTS, base=st.sampled_from(BASES)
)
def test_any_profile_strings_round_trip_through_python_hcl2(
    tags: dict[str, str],
    ttl: str,
    policy: dict[str, str] | None,
    source: dict[str, Any] | None,
    base: tuple[str, int | None],
):
    values = {"common_tags": tags, "ttl_attribute_name": ttl, "resource_policy": policy, "import_table": source}
    _, files = _generate(values, *base)
    declared = _assert_only_the_values_changed(files, *base)
    assert declared["common_tags"]["default"] == nfc_all(tags)
    assert declared["ttl_attribute_name"]["default"] == nfc(ttl)
    written = declared["resource_policy"]["default"]
    assert (None if written is None else json.loads(written)) == nfc_all(policy)
    assert declared["import_table"]["default"] == _expected_import(source)


@pytest.fixture(scope="module")
def terraform_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    binary = terraform_binary()
    work = tmp_path_factory.mktemp("console")
    return binary, terraform_env(work / "home"), work


def _fmt_and_read_back(
    terraform_work: tuple[str, dict, Path], files: dict[str, bytes], expressions: list[str]
) -> list[Any]:
    """``terraform fmt -check`` of every .tf file, then ``expressions`` evaluated over variables.tf by ``terraform console``."""
    binary, env, work = terraform_work
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "module").mkdir()
    for name, data in _terraform_files(files).items():
        (folder / "module" / name).write_bytes(data)
    clean, said = terraform_fmt_clean(binary, env, folder / "module")
    assert clean, said
    (folder / "variables").mkdir()
    (folder / "variables" / "variables.tf").write_bytes(files["variables.tf"])
    values, stderr = console(binary, env, folder / "variables", expressions, {"environment": "test"})
    assert "Error" not in stderr, stderr  # the values ddbgen accepts pass the module's own validations
    return values


@pytest.mark.terraform
@hypothesis_settings(examples=25)
@given(tags=TAG_MAPS, ttl=TTL_NAMES, policy=POLICIES, source=IMPORTS, base=st.sampled_from(BASES))
def test_any_profile_strings_round_trip_through_terraform(
    tags: dict[str, str],
    ttl: str,
    policy: dict[str, str] | None,
    source: dict[str, Any] | None,
    base: tuple[str, int | None],
    terraform_work: tuple[str, dict, Path],
):
    values = {"common_tags": tags, "ttl_attribute_name": ttl, "resource_policy": policy, "import_table": source}
    _, files = _generate(values, *base)
    expressions = ["var.common_tags", "var.ttl_attribute_name", "var.resource_policy", "var.import_table"]
    read_tags, read_ttl, read_policy, read_source = _fmt_and_read_back(terraform_work, files, expressions)
    assert read_tags == nfc_all(tags)
    assert read_ttl == nfc(ttl)
    assert (None if read_policy is None else json.loads(read_policy)) == nfc_all(policy)
    assert read_source == _expected_import(source)


# Values crafted to break out of their string.

INJECTIONS = {
    "close the string and the block": 'x"\n}\nresource "aws_iam_user" "pwned" {\n  name = "pwned"\n}\nvariable "y" {\n  default = "',
    "escaped quote then block": '\\" } resource "aws_iam_user" "pwned" { name = "p" } #',
    "interpolation": '${file("/etc/passwd")}',
    "directive": '%{ for x in ["a"] }${x}%{ endfor }',
    "pre-escaped interpolation": "$${not} \\${this} $$${either}",
    "heredoc": '<<EOT\n}\nresource "aws_iam_user" "pwned" {}\nEOT',
    "comment out the rest": '" # \n/* */ // x',
    "unicode line separators": '\u2028}\u2029resource "aws_iam_user" "pwned" {}',
    "NUL and escape": 'a\x00"\x1b[2J}',
}
PWNED = re.compile(r'^\s*resource\s+"aws_iam_user"', re.M)


def _assert_no_new_block(files: dict[str, bytes]) -> None:
    for name, data in _terraform_files(files).items():
        assert not PWNED.search(data.decode("utf-8")), f"{name} grew a resource"


@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
@pytest.mark.parametrize("place", ["ttl_attribute_name", "resource_policy", "import_table"])
def test_a_crafted_value_opens_no_block(payload: str, place: str, tmp_path: Path):
    values = {
        "ttl_attribute_name": {"ttl_attribute_name": payload},
        "resource_policy": {"resource_policy": {"Sid": payload, payload: "x"}},
        "import_table": {
            "import_table": {
                "input_format": "CSV",
                "bucket": payload,
                "key_prefix": payload,
                "csv_header_list": [payload],
            }
        },
    }[place]
    path = tmp_path / "fuzz.yaml"
    path.write_text(_profile_text({**_settings("default", None), **values}), encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 0, result.output

    module = tmp_path / "module"
    files = {name: (module / name).read_bytes() for name in TERRAFORM_FILES if (module / name).is_file()}
    declared = _assert_only_the_values_changed(files)
    if place == "ttl_attribute_name":
        assert declared["ttl_attribute_name"]["default"] == payload
    elif place == "resource_policy":
        assert json.loads(declared["resource_policy"]["default"]) == values["resource_policy"]
    else:
        assert declared["import_table"]["default"] == _expected_import(values["import_table"])
    _assert_no_new_block(files)


@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
@pytest.mark.parametrize("place", ["tag key", "tag value"])
def test_a_crafted_tag_is_refused_before_anything_is_written(payload: str, place: str, tmp_path: Path):
    """Each payload holds a character outside DynamoDB's tag set (a quote, a brace, a dollar...): refused, not escaped."""
    tags = {payload: "v"} if place == "tag key" else {"Team": payload}
    path = tmp_path / "fuzz.yaml"
    path.write_text(_profile_text({**_settings("default", None), "common_tags": tags}), encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 2, result.output
    assert (
        "common_tags: keys and values must hold letters, numbers, white space and + - = . _ : / only" in result.stderr
    )
    assert not (tmp_path / "module").exists()


@functools.cache
def _tame(profile: str, overrides: tuple[str, ...]) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        return render(load_profile(profile, overrides), Path(folder))


@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
@pytest.mark.parametrize(
    "profile, extra",
    [("default", ()), ("orders", ()), ("orders", ("aws_provider=5",))],
    ids=["default", "orders", "orders-provider-5"],
)
def test_a_crafted_value_in_set_opens_no_block(payload: str, profile: str, extra: tuple[str, ...], tmp_path: Path):
    # JSON's string syntax is YAML's double-quoted scalar, as --set reads it.
    arguments = ["generate", "--profile", profile]
    for item in extra + (f"ttl_attribute_name={json.dumps(payload)}",):
        arguments += ["--set", item]
    result = runner.invoke(app, arguments + ["--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = {path.name: path.read_bytes() for path in tmp_path.glob("*.tf")}
    parsed = parse_text(files["variables.tf"].decode("utf-8"))
    assert set(parsed) == {"variable"}
    declared = {name: body for block in parsed["variable"] for name, body in block.items()}
    assert declared["ttl_attribute_name"]["default"] == payload
    # Every other file is the one the profile gives without the value.
    tame = _terraform_files(_tame(profile, extra))
    assert set(files) == set(tame)
    for name in tame:
        if name != "variables.tf":
            assert files[name] == tame[name], f"{name} changed"
    _assert_no_new_block(files)


@pytest.mark.terraform
@pytest.mark.parametrize("base", BASES, ids=[f"{name}-provider-{line or 'own'}" for name, line in BASES])
def test_terraform_reads_every_crafted_value_back_exactly(
    base: tuple[str, int | None], terraform_work: tuple[str, dict, Path]
):
    payloads = list(INJECTIONS.values())
    # Tags hold DynamoDB's tag characters only (a crafted tag is refused before anything is written).
    tags = {"Tag 0": "a b+c=d.e_f:g/h", "\u00c9quipe": "\u00cele", "\u30c1\u30fc\u30e0": "\u0661\u0662", "empty": ""}
    policy = {f"Key{number}": payload for number, payload in enumerate(payloads)}
    source = {"input_format": "CSV", "bucket": payloads[1], "key_prefix": payloads[2], "csv_header_list": payloads}
    values = {"common_tags": tags, "ttl_attribute_name": payloads[0], "resource_policy": policy, "import_table": source}
    _, files = _generate(values, *base)
    _assert_no_new_block(files)
    expressions = ["var.common_tags", "var.ttl_attribute_name", "var.resource_policy", "var.import_table"]
    read_tags, read_ttl, read_policy, read_source = _fmt_and_read_back(terraform_work, files, expressions)
    assert read_tags == tags
    assert read_ttl == payloads[0]
    assert json.loads(read_policy) == policy
    assert read_source == _expected_import(source)


# The names of a table design: the logical name is a Terraform identifier,
# written unquoted; attribute and index names go through hcl.

LOGICAL_NAMES = st.from_regex(LOGICAL_NAME, fullmatch=True).filter(lambda name: len(name) <= 64)
INDEX_NAMES = st.from_regex(RESOURCE_NAME, fullmatch=True).filter(lambda name: name != "table")
ATTRIBUTE_NAMES = texts(1, 255)
PROJECTIONS = ("ALL", "KEYS_ONLY")
# An index name is an object key in the module's locals: Terraform reads a bare key
# as a literal only when it is an identifier, anything else as an expression.
# 222 is the longest whose alarm names (<table name>-<index>-write-max-on-demand-throttle) CloudWatch takes; no two
# may differ only in _ and - (their alarm names would be one), so that all can be one design's.
INDEX_NAME_EDGES = ["abc", "ByStatus", "a-b", "_yz", "a_b.c-d", "a.b", "9ab", "-ab", ".ab", "...", "A" * 222]


@st.composite
def designs(draw: Any, names: st.SearchStrategy[str]) -> dict[str, Any]:
    """A ``table`` section design.py accepts: every attribute a key of the table or of one index."""
    # Up to the limits: a hash and a range key, 5 local and 20 global indexes of their own keys.
    attributes = draw(st.lists(names, min_size=1, max_size=2 + MAX_LSIS + MAX_GSIS, unique_by=nfc))
    hash_key, *others = attributes
    range_key = others.pop(0) if others and draw(st.booleans()) else None
    # Local indexes need the range key; the rest are global ones, at most MAX_GSIS.
    others = others[: MAX_GSIS + (MAX_LSIS if range_key is not None else 0)]
    attributes = [hash_key, *([range_key] if range_key is not None else []), *others]
    local_count = (
        draw(st.integers(max(0, len(others) - MAX_GSIS), min(len(others), MAX_LSIS))) if range_key is not None else 0
    )
    locals_, globals_ = others[:local_count], others[local_count:]
    # Unique as names, and as the Terraform resource names provider 6 gives global indexes.
    index_names = draw(st.lists(INDEX_NAMES, min_size=len(others), max_size=len(others), unique_by=terraform_name))

    def projection(keys: set[str]) -> Any:
        choice = draw(st.sampled_from(PROJECTIONS + ("INCLUDE",)))
        if choice != "INCLUDE":
            return choice
        return draw(st.lists(names.filter(lambda name: nfc(name) not in keys), min_size=1, max_size=3, unique_by=nfc))

    table_keys = {nfc(name) for name in (hash_key, range_key) if name is not None}
    section: dict[str, Any] = {
        "name": draw(LOGICAL_NAMES),
        "attributes": {name: draw(st.sampled_from("SNB")) for name in attributes},
        "hash_key": hash_key,
    }
    if range_key is not None:
        section["range_key"] = range_key
    gsis = {}
    for index_name, key in zip(index_names[local_count:], globals_, strict=False):
        entry: dict[str, Any] = {"hash_key": key}
        other = draw(st.sampled_from([None, hash_key] + ([range_key] if range_key is not None else [])))
        if other is not None:
            entry["range_key"] = other
        entry["projection"] = projection(table_keys | {nfc(key)} | ({nfc(other)} if other else set()))
        gsis[index_name] = entry
    lsis = {
        index_name: {"range_key": key, "projection": projection(table_keys | {nfc(key)})}
        for index_name, key in zip(index_names[:local_count], locals_, strict=False)
    }
    if gsis:
        section["global_secondary_indexes"] = gsis
    if lsis:
        section["local_secondary_indexes"] = lsis
    return section


def _design_values(section: dict[str, Any]) -> dict[str, Any]:
    return {"table": section, f"{section['name']}_table_name": "tbl"}


def _projection(projection: Any) -> tuple[str, list[str] | None]:
    return ("INCLUDE", projection) if isinstance(projection, list) else (projection, None)


def _expected_global_indexes(section: dict[str, Any], line: int) -> dict[str, dict[str, Any]]:
    """The global indexes as the module's locals must hold them, by index name (keys: on provider 5 only)."""
    found = {}
    for name, entry in section.get("global_secondary_indexes", {}).items():
        projection, non_key = _projection(entry["projection"])
        keys = {} if line == 6 else {"hash_key": entry["hash_key"], "range_key": entry.get("range_key")}
        found[name] = {"name": name, **keys, "projection_type": projection, "non_key_attributes": non_key}
    return found


def _expected_index_resources(section: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Provider 6: each global index as its own resource declares it, by resource name."""
    found = {}
    for name, entry in section.get("global_secondary_indexes", {}).items():
        projection, non_key = _projection(entry["projection"])
        keys = [
            {
                "attribute_name": entry["hash_key"],
                "attribute_type": section["attributes"][entry["hash_key"]],
                "key_type": "HASH",
            }
        ]
        if "range_key" in entry:
            keys.append(
                {
                    "attribute_name": entry["range_key"],
                    "attribute_type": section["attributes"][entry["range_key"]],
                    "key_type": "RANGE",
                }
            )
        found[terraform_name(name)] = {
            "index_name": name,
            "key_schema": keys,
            "projection": [{"projection_type": projection} | ({"non_key_attributes": non_key} if non_key else {})],
        }
    return found


def _read_global_indexes(main: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``local.global_secondary_indexes`` read back: python-hcl2 keeps the merge() call as text, its literals as written."""
    (expression,) = [
        block["global_secondary_indexes"] for block in main["locals"] if "global_secondary_indexes" in block
    ]
    if expression == {}:
        return {}
    assert expression.startswith("${merge(") and expression.endswith(")}"), expression
    (arguments,) = parse_text(f"value = [{expression.removeprefix('${merge(').removesuffix(')}')}]\n").values()
    found: dict[str, dict[str, Any]] = {}
    for argument in arguments:
        found.update(argument)
    return found


def _assert_design_round_trips(profile: Profile, files: dict[str, bytes], section: dict[str, Any]) -> None:
    """main.tf, parsed with python-hcl2, declares exactly the design's table, attributes and indexes."""
    expected = nfc_all(section)
    design = profile.design
    # The names written without hcl come only from the built-in design: a profile's gives no notes or switches.
    assert design.notes == {} and design.switches == ()
    assert all(design.attribute_switch(name) is None for name in design.attributes)

    main = parse_text(files["main.tf"].decode("utf-8"))
    tables = {name: body for block in main["resource"] for name, body in block.get("aws_dynamodb_table", {}).items()}
    assert list(tables) == [expected["name"]]
    table = tables[expected["name"]]
    assert table["hash_key"] == expected["hash_key"]
    assert table.get("range_key") == expected.get("range_key")
    attributes = expected["attributes"]
    if profile.aws_provider == 6:  # the table declares its keys and its local indexes'; each global index its own
        own = {expected["hash_key"], expected.get("range_key")} | {
            entry["range_key"] for entry in expected.get("local_secondary_indexes", {}).values()
        }
        attributes = {name: kind for name, kind in attributes.items() if name in own}
    assert {item["name"]: item["type"] for item in table["attribute"]} == attributes
    assert len(table["attribute"]) == len(attributes)
    assert not any("attribute" in block for block in table.get("dynamic", [])), "an attribute block is switched"

    lsis = []
    for name, entry in expected.get("local_secondary_indexes", {}).items():
        projection, non_key = _projection(entry["projection"])
        lsi = {"name": name, "range_key": entry["range_key"], "projection_type": projection}
        lsis.append(lsi if non_key is None else {**lsi, "non_key_attributes": non_key})
    assert table.get("local_secondary_index", []) == lsis

    read = _read_global_indexes(main)
    wanted = _expected_global_indexes(expected, profile.aws_provider)
    assert list(read) == list(wanted), "the index keys of local.global_secondary_indexes are not the index names"
    for name, entry in wanted.items():
        assert {key: read[name][key] for key in entry} == entry, name
    if profile.aws_provider == 6:
        text = files["indexes.tf"].decode("utf-8") if "indexes.tf" in files else ""
        declared = {
            name: body
            for block in (parse_text(text).get("resource", []) if text else [])
            for name, body in block.get("aws_dynamodb_global_secondary_index", {}).items()
        }
        resources = _expected_index_resources(expected)
        assert list(declared) == list(resources)
        for name, entry in resources.items():
            assert {key: declared[name][key] for key in entry} == entry, name


@pytest.mark.slow
@hypothesis_settings(examples=25)
@given(section=designs(ATTRIBUTE_NAMES.filter(hcl2_readable)), line=st.sampled_from(tuple(PROVIDER_LINES)))
def test_any_design_names_round_trip_through_python_hcl2(section: dict[str, Any], line: int):
    profile, files = _generate(_design_values(section), "default", line)
    _assert_design_round_trips(profile, files, section)
    _assert_no_new_block(files)


# The names crafted to break out, with names at the edges of design.py's rules.
DESIGN_PAYLOADS = {**INJECTIONS, "255 characters": "n" * 255, "a space": " ", "equals": "=", "hash": "#", "brace": "}"}


def _crafted_design(payload: str, place: str) -> dict[str, Any]:
    """A design with ``payload`` as an attribute name at ``place``."""
    if place == "table keys":
        return {"name": "crafted", "attributes": {payload: "S", "sk": "N"}, "hash_key": payload, "range_key": "sk"}
    if place == "index keys":
        return {
            "name": "crafted",
            "attributes": {"pk": "S", "sk": "S", payload: "S"},
            "hash_key": "pk",
            "range_key": "sk",
            "global_secondary_indexes": {"ByPayload": {"hash_key": payload, "range_key": "sk", "projection": "ALL"}},
            "local_secondary_indexes": {"ByPayloadToo": {"range_key": payload, "projection": "KEYS_ONLY"}},
        }
    return {
        "name": "crafted",
        "attributes": {"pk": "S", "sk": "S", "gk": "S"},
        "hash_key": "pk",
        "range_key": "sk",
        "global_secondary_indexes": {"ByG": {"hash_key": "gk", "projection": [payload, "other"]}},
        "local_secondary_indexes": {"ByL": {"range_key": "gk", "projection": [payload]}},
    }


def _renamed(value: Any, old: str, new: str) -> Any:
    """``value`` with every string equal to ``old``, keys included, replaced by ``new``."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, dict):
        return {_renamed(key, old, new): _renamed(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    return value


@pytest.mark.parametrize("payload", DESIGN_PAYLOADS.values(), ids=DESIGN_PAYLOADS.keys())
@pytest.mark.parametrize("place", ["table keys", "index keys", "projection"])
def test_a_crafted_attribute_name_opens_no_block(payload: str, place: str, tmp_path: Path):
    section = _crafted_design(payload, place)
    # Both through one profile file, so that the files that name it are alike.
    path = tmp_path / "fuzz.yaml"
    rendered = []
    for design in (_renamed(section, payload, "tame"), section):
        path.write_text(_profile_text({**_settings("default", None), **_design_values(design)}), encoding="utf-8")
        profile = load_profile(str(path))
        rendered.append((profile, render(profile, tmp_path / "module")))
    (_, tame), (profile, files) = rendered
    _assert_no_new_block(files)
    _assert_design_round_trips(profile, files, section)
    # Attribute names reach main.tf and (provider 6's index resources) indexes.tf only:
    # every other file is the tame design's, and those two declare the same blocks.
    assert set(_terraform_files(files)) == set(_terraform_files(tame))
    for name in _terraform_files(tame):
        if name not in ("main.tf", "indexes.tf"):
            assert files[name] == tame[name], f"{name} changed"
    for name in ("main.tf", "indexes.tf"):
        if name not in tame:
            continue
        main, tame_main = (parse_text(data[name].decode("utf-8")) for data in (files, tame))
        assert sorted(main) == sorted(tame_main)
        for kind in ("resource", "data"):
            assert [{key: sorted(named) for key, named in block.items()} for block in main.get(kind, [])] == [
                {key: sorted(named) for key, named in block.items()} for block in tame_main.get(kind, [])
            ]


@pytest.mark.parametrize("name", INDEX_NAME_EDGES)
def test_index_names_at_the_edges_of_the_rule_round_trip(name: str):
    """Any index name design.py accepts, in the locals and in the moved blocks that carry it."""
    assert RESOURCE_NAME.fullmatch(name)
    section = {
        "name": "edge",
        "attributes": {"pk": "S", "sk": "S", "gk": "S"},
        "hash_key": "pk",
        "range_key": "sk",
        "global_secondary_indexes": {name: {"hash_key": "gk", "projection": "ALL"}},
        "local_secondary_indexes": {name[:-1] + "L": {"range_key": "gk", "projection": "ALL"}},
    }
    values = {
        **_design_values(section),
        "billing_mode": "PROVISIONED",
        "enable_autoscaling": True,
        "moved_from": {"module": "terraform-aws-modules/dynamodb-table", "table": "autoscaled_gsi_ignore"},
    }
    profile, files = _generate(values)
    _assert_design_round_trips(profile, files, section)
    pairs = {(block["from"], block["to"]) for block in parse_text(files["moved.tf"].decode("utf-8"))["moved"]}
    for unit in ("read", "write"):
        for kind, old in (("target", f"index_{unit}"), ("policy", f"index_{unit}_policy")):
            moved = (
                f'${{aws_appautoscaling_{kind}.{old}["{name}"]}}',
                f'${{aws_appautoscaling_{kind}.capacity["{name}_{unit}"]}}',
            )
            assert moved in pairs, moved


LOGICAL_NAME_EDGES = ["_", "t", "Orders", "order-items", "a_b-c9", "x" * 64, "count", "data", "module"]


def _declared(files: dict[str, bytes], folder: Path) -> set[str]:
    """Every block the module's .tf files declare: resource and data addresses, variable and output names."""
    folder.mkdir()
    for name, data in _terraform_files(files).items():
        (folder / name).write_bytes(data)
    found = set()
    for document in parse_module(folder).values():
        for kind in ("resource", "data"):
            for block in document.get(kind, []):
                found |= {f"{kind} {type_name}.{name}" for type_name, named in block.items() for name in named}
        for kind in ("variable", "output"):
            found |= {f"{kind} {name}" for block in document.get(kind, []) for name in block}
    return found


@pytest.fixture(scope="module")
def orders_blocks(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The blocks the orders design declares, parsed once for every renamed design compared with them."""
    _, tame = _generate(_design_values(load_profile("orders").design.as_profile()))
    return _declared(tame, tmp_path_factory.mktemp("orders") / "orders")


@pytest.mark.parametrize("name", LOGICAL_NAME_EDGES)
def test_a_logical_name_is_an_identifier_in_every_file(name: str, tmp_path: Path, orders_blocks: set[str]):
    """The logical name names resources, inputs and outputs: they are the orders design's, renamed."""
    assert LOGICAL_NAME.fullmatch(name)
    orders = load_profile("orders").design.as_profile()
    profile, files = _generate(_design_values({**orders, "name": name}))
    assert profile.design.name == name
    _assert_no_new_block(files)
    renamed = {address.replace(".orders", f".{name}").replace(" orders_", f" {name}_") for address in orders_blocks}
    assert _declared(files, tmp_path / "renamed") == renamed


@pytest.mark.terraform
@pytest.mark.parametrize("name", LOGICAL_NAME_EDGES)
def test_terraform_reads_a_logical_name_as_an_identifier(name: str, terraform_work: tuple[str, dict, Path]):
    orders = load_profile("orders").design.as_profile()
    _, files = _generate(_design_values({**orders, "name": name}))
    (arn,) = _fmt_and_evaluate_locals(terraform_work, files, ["local.table_arn"])
    assert arn == "arn:aws:dynamodb:us-east-1:123456789012:table/tbl"


@pytest.mark.terraform
@hypothesis_settings(examples=12)
@given(section=designs(ATTRIBUTE_NAMES), line=st.sampled_from(tuple(PROVIDER_LINES)))
def test_any_design_names_round_trip_through_terraform(
    section: dict[str, Any], line: int, terraform_work: tuple[str, dict, Path]
):
    _terraform_reads_the_global_indexes(terraform_work, section, line)


def _terraform_reads_the_global_indexes(
    terraform_work: tuple[str, dict, Path], section: dict[str, Any], line: int
) -> None:
    _, files = _generate(_design_values(section), "default", line)
    _assert_no_new_block(files)
    (indexes,) = _fmt_and_evaluate_locals(terraform_work, files, ["local.global_secondary_indexes"])
    wanted = _expected_global_indexes(nfc_all(section), line)
    assert sorted(indexes) == sorted(wanted), "the index keys of local.global_secondary_indexes are not the index names"
    for name, entry in wanted.items():
        assert {key: indexes[name][key] for key in entry} == entry, name


@pytest.mark.terraform
@pytest.mark.parametrize("line", tuple(PROVIDER_LINES))
def test_terraform_reads_crafted_attribute_names_back(line: int, terraform_work: tuple[str, dict, Path]):
    payloads = list(DESIGN_PAYLOADS.values())
    section = {
        "name": "crafted",
        "attributes": {"pk": "S", "sk": "S", **dict.fromkeys(payloads, "S")},
        "hash_key": "pk",
        "range_key": "sk",
        "global_secondary_indexes": {
            f"Index{number}": {"hash_key": payload, "range_key": "sk", "projection": [f"not {payload}"]}
            for number, payload in enumerate(payloads)
        },
    }
    _terraform_reads_the_global_indexes(terraform_work, section, line)


@pytest.mark.terraform
@pytest.mark.parametrize("line", tuple(PROVIDER_LINES))
def test_terraform_reads_index_names_at_the_edges_of_the_rule_back(line: int, terraform_work: tuple[str, dict, Path]):
    section = {
        "name": "edge",
        "attributes": {"pk": "S", "gk": "S"},
        "hash_key": "pk",
        # One design holds them all: the edges whose provider 6 resource names would collide
        # (.ab and _ab both give _ab) keep the first (test_design covers the refusal).
        "global_secondary_indexes": {
            name: {"hash_key": "gk", "projection": "KEYS_ONLY"}
            for name in {terraform_name(name): name for name in reversed(INDEX_NAME_EDGES)}.values()
        },
    }
    _terraform_reads_the_global_indexes(terraform_work, section, line)


# The data sources, as fixed values: the locals of main.tf then evaluate with no provider.
DATA = {
    "data.aws_region.current.region": '"us-east-1"',
    "data.aws_region.current.name": '"us-east-1"',
    "data.aws_partition.current.partition": '"aws"',
    "data.aws_caller_identity.current.account_id": '"123456789012"',
}
_LOCALS_BLOCK = re.compile(r"^locals \{\n.*?^\}\n", re.M | re.S)


def _fmt_and_evaluate_locals(
    terraform_work: tuple[str, dict, Path], files: dict[str, bytes], expressions: list[str]
) -> list[Any]:
    """``terraform fmt -check`` of every .tf file, then ``expressions`` over variables.tf and main.tf's locals."""
    binary, env, work = terraform_work
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "module").mkdir()
    for name, data in _terraform_files(files).items():
        (folder / "module" / name).write_bytes(data)
    clean, said = terraform_fmt_clean(binary, env, folder / "module")
    assert clean, said
    (folder / "locals").mkdir()
    (folder / "locals" / "variables.tf").write_bytes(files["variables.tf"])
    text = "\n".join(_LOCALS_BLOCK.findall(files["main.tf"].decode("utf-8")))
    for reference, value in DATA.items():
        text = text.replace(reference, value)
    (folder / "locals" / "locals.tf").write_text(text, encoding="utf-8")
    values, stderr = console(binary, env, folder / "locals", expressions, {"environment": "test"})
    assert "Error" not in stderr, stderr
    return values
