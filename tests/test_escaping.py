"""Every profile string reaches HCL through one escaping path, and comes back exactly.

Property tests (hypothesis) write any string and any tag map into a profile,
generate the module, and read the values back: with python-hcl2 and our own
``decode`` here, and with ``terraform console`` in the Terraform tier. A value
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
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator.catalogue import INPUTS
from generator.cli import app
from generator.hcl import literal, quote
from generator.profiles import load_profile
from generator.render import TERRAFORM_FILES, render, template_dir
from tests.hclparse import decode, parse_text
from tests.tooling import console, terraform_binary, terraform_env, terraform_fmt_clean

runner = CliRunner()

# Sequences that mean something to HCL, YAML, Markdown or a terminal, mixed into random text.
TRICKY = (
    '"', "\\", "$", "%", "{", "}", "${", "%{", "$${", "%%{", "\\${", "~}", "\n", "\r", "\t", "\x00", "\x1b[31m",
    "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "e\u0301", "\u0958", "#", "//", "/*", "*/", "<<EOT", "EOT", "|", "`",
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def texts(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Any text (no lone surrogates: those are not text), heavy on sequences that matter to HCL."""
    characters = st.characters(exclude_categories=("Cs",))
    pieces = st.lists(st.one_of(characters, st.sampled_from(TRICKY)), max_size=max_size)
    return pieces.map("".join).filter(lambda text: min_size <= len(nfc(text)) <= max_size and len(text) <= max_size)


# Within the tag rules (the bad-input tests cover values outside them).
TAG_KEYS = texts(1, 128).filter(lambda key: not nfc(key).lower().startswith("aws:"))
TAG_MAPS = st.dictionaries(TAG_KEYS, texts(0, 256), max_size=8)
TTL_NAMES = texts(1, 255)


def hcl2_readable(text: str) -> bool:
    """Whether python-hcl2 can read ``text`` back once quoted (see the module docstring)."""
    return "${" not in text and "%{" not in text


PLAIN_TAG_MAPS = st.dictionaries(TAG_KEYS.filter(hcl2_readable), texts(0, 256).filter(hcl2_readable), max_size=8)
PLAIN_TTL_NAMES = TTL_NAMES.filter(hcl2_readable)


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


def _profile_text(values: dict[str, Any]) -> str:
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            items = "".join(f"  {_yaml_string(k)}: {_yaml_string(v)}\n" for k, v in value.items())
            lines.append(f"{key}:\n{items}" if items else f"{key}: {{}}\n")
        else:
            lines.append(f"{key}: {_yaml_string(value)}\n")
    text = "".join(lines) or "{}\n"
    assert yaml.safe_load(text) == (values or None), "the test wrote YAML that does not read back"
    return text


@functools.lru_cache(maxsize=None)
def _baseline() -> dict[str, bytes]:
    """The module of an empty profile named ``fuzz``, to compare the fuzzed ones with."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text("{}\n", encoding="utf-8")
        return render(load_profile(str(path)))


def _generate(values: dict[str, Any]) -> dict[str, bytes]:
    """Render the profile ``values`` (as a YAML file, the way users write them)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(_profile_text(values), encoding="utf-8")
        return render(load_profile(str(path)))


def _assert_only_the_values_changed(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """No file but variables.tf differs from the baseline, and it declares exactly the catalogue's variables."""
    baseline = _baseline()
    for name in TERRAFORM_FILES:
        if name != "variables.tf":
            assert files[name] == baseline[name], f"{name} changed"
    parsed = parse_text(files["variables.tf"].decode("utf-8"))
    assert set(parsed) == {"variable"}, f"variables.tf holds {sorted(parsed)}"
    declared = {name: body for block in parsed["variable"] for name, body in block.items()}
    assert list(declared) == [item.name for item in INPUTS]
    for name, body in declared.items():
        assert set(body) <= {"description", "type", "default", "nullable", "validation"}, (name, sorted(body))
    return declared


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


# No deadline: these check what is written, and a busy CI machine must not make them flaky.
@settings(deadline=None)
@given(st.text())
def test_quote_is_one_line_one_literal_and_decodes_to_its_input(text: str):
    rendered = quote(text)
    assert re.fullmatch(r'"(?:[^"\\\n\r]|\\.)*"', rendered, re.S), rendered
    assert not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", rendered), "a control character is written raw"
    assert _template_sequences_escaped(rendered[1:-1])
    assert decode(rendered) == text


@settings(deadline=None)
@given(st.dictionaries(st.text().filter(hcl2_readable), st.text().filter(hcl2_readable), max_size=6))
def test_a_map_literal_parses_back_with_python_hcl2(tags: dict[str, str]):
    parsed = parse_text(f"value = {literal(tags)}\n")
    assert parsed["value"] == tags


def test_no_template_writes_a_value_between_its_own_quotes():
    """Every ``{{ ... }}`` in a .tf template is a complete literal from the hcl filter, or names no profile value."""
    # Catalogue and template data, never a profile value; each is checked elsewhere.
    not_profile_values = {
        "input.name",  # catalogue names, identifiers (test below)
        "input.type",  # catalogue types
        "validation.condition",  # built by generator/rules.py with quote/literal
        "output.name",
        "output.value",  # catalogue expressions
        'lifecycle.ignore_changes | join(", ")',  # attribute names chosen by render.py
        "profile_name",  # in a comment; profile names are [A-Za-z0-9][A-Za-z0-9_.-]* (test below)
        '"\\n  #checkov:skip=" ~ check.id ~ ":" ~ check.reason',  # generator/security.py data
    }
    checked = 0
    for template in sorted(template_dir().glob("*.tf.j2")):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"\{\{-?\s*(.*?)\s*-?\}\}", text):
            expression = match.group(1)
            line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
            checked += 1
            if expression.startswith("checkov_skips_of("):
                continue
            if re.search(r'\|\s*hcl\b|map\("hcl"\)', expression):
                before = line[: line.index(match.group(0))]
                assert before.count('"') % 2 == 0, f"{template.name}: {line.strip()!r} puts a literal inside quotes"
                continue
            assert expression in not_profile_values, f"{template.name}: {{{{ {expression} }}}} does not go through hcl"
    assert checked > 10


@pytest.mark.parametrize("file_name", ['a"b.yaml', "a\nresource.yaml", "a{b}.yaml", "a b.yaml", "-x.yaml"])
def test_names_written_unquoted_cannot_carry_hcl(file_name: str, tmp_path: Path):
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", item.name) for item in INPUTS)
    # A profile's name reaches comments and file headers: only tame names are accepted.
    path = tmp_path / file_name
    path.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 2
    assert "profile file names may hold only" in result.stderr
    assert not (tmp_path / "module").exists()


# Any string and any tag map, through a profile file, back out of variables.tf.


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tags=PLAIN_TAG_MAPS, ttl=PLAIN_TTL_NAMES)
def test_any_profile_strings_round_trip_through_python_hcl2(tags: dict[str, str], ttl: str):
    assume(len({nfc(key) for key in tags}) == len(tags))
    files = _generate({"common_tags": tags, "ttl_attribute_name": ttl})
    declared = _assert_only_the_values_changed(files)
    assert declared["common_tags"]["default"] == {nfc(key): nfc(value) for key, value in tags.items()}
    assert declared["ttl_attribute_name"]["default"] == nfc(ttl)


@pytest.mark.terraform
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tags=TAG_MAPS, ttl=TTL_NAMES)
def test_any_profile_strings_round_trip_through_terraform(tags: dict[str, str], ttl: str, terraform_work: tuple[str, dict, Path]):
    assume(len({nfc(key) for key in tags}) == len(tags))
    binary, env, work = terraform_work
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "variables.tf").write_bytes(_generate({"common_tags": tags, "ttl_attribute_name": ttl})["variables.tf"])

    clean, said = terraform_fmt_clean(binary, env, folder)
    assert clean, said
    values, stderr = console(binary, env, folder, ["var.common_tags", "var.ttl_attribute_name"], {"environment": "test"})
    assert "Error" not in stderr, stderr  # the values ddbgen accepts pass the module's own validations
    assert values == [{nfc(key): nfc(value) for key, value in tags.items()}, nfc(ttl)]


@pytest.fixture(scope="module")
def terraform_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    binary = terraform_binary()
    work = tmp_path_factory.mktemp("console")
    return binary, terraform_env(work / "home"), work


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


@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
@pytest.mark.parametrize("place", ["ttl_attribute_name", "tag key", "tag value"])
def test_a_crafted_value_opens_no_block(payload: str, place: str, tmp_path: Path):
    values = {
        "ttl_attribute_name": {"ttl_attribute_name": payload},
        "tag key": {"common_tags": {payload: "v"}},
        "tag value": {"common_tags": {"Team": payload}},
    }[place]
    path = tmp_path / "fuzz.yaml"
    path.write_text(_profile_text(values), encoding="utf-8")
    result = runner.invoke(app, ["generate", "--profile", str(path), "--out", str(tmp_path / "module")])
    assert result.exit_code == 0, result.output

    files = {name: (tmp_path / "module" / name).read_bytes() for name in TERRAFORM_FILES}
    declared = _assert_only_the_values_changed(files)
    if place == "ttl_attribute_name":
        assert declared["ttl_attribute_name"]["default"] == payload
    else:
        assert declared["common_tags"]["default"] == values["common_tags"]
    for name in TERRAFORM_FILES:
        text = files[name].decode("utf-8")
        assert not re.search(r'^\s*resource\s+"aws_iam_user"', text, re.M), f"{name} grew a resource"


@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_a_crafted_value_in_set_opens_no_block(payload: str, tmp_path: Path):
    # JSON's string syntax is YAML's double-quoted scalar, as --set reads it.
    result = runner.invoke(
        app, ["generate", "--profile", "default", "--set", f"ttl_attribute_name={json.dumps(payload)}", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    files = {name: (tmp_path / name).read_bytes() for name in TERRAFORM_FILES}
    parsed = parse_text(files["variables.tf"].decode("utf-8"))
    assert set(parsed) == {"variable"}
    declared = {name: body for block in parsed["variable"] for name, body in block.items()}
    assert declared["ttl_attribute_name"]["default"] == payload
    assert _resource_addresses(files["main.tf"]) == _resource_addresses(_baseline()["main.tf"])


def _resource_addresses(main: bytes) -> set[str]:
    parsed = parse_text(main.decode("utf-8"))
    return {f"{kind}.{name}" for block in parsed["resource"] for kind, named in block.items() for name in named}


@pytest.mark.terraform
def test_terraform_reads_every_crafted_value_back_exactly(terraform_work: tuple[str, dict, Path]):
    binary, env, work = terraform_work
    payloads = list(INJECTIONS.values())
    tags = {f"Tag{number}": payload for number, payload in enumerate(payloads)}
    tags.update({payload: "key" for payload in payloads})
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "variables.tf").write_bytes(_generate({"common_tags": tags, "ttl_attribute_name": payloads[0]})["variables.tf"])
    clean, said = terraform_fmt_clean(binary, env, folder)
    assert clean, said
    values, stderr = console(binary, env, folder, ["var.common_tags", "var.ttl_attribute_name"], {"environment": "test"})
    assert "Error" not in stderr, stderr
    assert values == [tags, payloads[0]]
