"""``ddbgen profiles schema``: the JSON Schema editors validate and complete profile files against."""

from __future__ import annotations

import functools
import json

import jsonschema
import pytest
import yaml

from generator import cli
from generator.profile.loader import BUILTIN_DIR, builtin_names
from generator.profile.schema import profile_schema
from tests.test_bad_input import CORPUS, WINDOW_CASES


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = profile_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_command_prints_the_schema(capsys):
    assert cli.run(["profiles", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == profile_schema()


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_profile_is_valid(validator, name):
    document = yaml.safe_load((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(document)) == []


def test_a_resolved_profile_is_valid(validator, capsys):
    """What ``profiles show`` prints is a profile too, with every input and setting."""
    for name in builtin_names():
        assert cli.run(["profiles", "show", name]) == 0
        document = yaml.safe_load(capsys.readouterr().out)
        assert list(validator.iter_errors(document)) == [], name


# Every profile-file case of the bad-input corpus is refused by the schema too, except
# those only the loader can judge, each for the reason given.
LOADER_ONLY = {
    # What YAML reading itself refuses or normalises: the schema sees the parsed document.
    "key given twice": "yaml",
    "tag keys equal after NFC": "yaml",
    "lone surrogate": "yaml",
    "index name twice in one kind": "yaml",
    "number given infinity": "JSON has no infinity, so a schema cannot name it",
    "file name with a space": "the file's name",
    "extends an unknown built-in": "the files it names",
    "extends a missing file": "the files it names",
    "extends itself": "the files it names",
    "extends cycle": "the files it names",
    # Rules that compare inputs, or inputs with the provider line.
    "autoscaling max below capacity": "compares inputs",
    "autoscaling write max below capacity": "compares inputs",
    "PITR period without PITR": "compares inputs",
    "on-demand limits on a provisioned table": "compares inputs",
    "replicas without the stream they need": "compares inputs",
    "stream policy without a stream": "compares inputs",
    "restore time without a source": "compares inputs",
    "latest time without a source": "compares inputs",
    "two restore points": "compares inputs",
    "restore and import": "compares inputs",
    "restore and import on provider 5": "compares inputs",
    "datapoints over periods": "compares inputs",
    "replica twice": "uniqueness of one attribute across items",
    "scheduled action name twice": "uniqueness of one attribute across items",
    "scheduled action minimum over its maximum": "compares attributes of an item",
    "scheduled actions without autoscaling": "compares inputs",
    "Kinesis stream given while streaming is off": "compares inputs",
    "Kinesis streaming without a stream": "compares inputs",
    "Kinesis timestamp precision while streaming is off": "compares inputs",
    "resource policy not JSON": "the JSON inside a string",
    "resource policy a JSON list": "the JSON inside a string",
    # Unicode's letter, number and space classes: JSON Schema's ECMA-262 patterns need the "u" flag for them.
    "tag key with a character DynamoDB refuses": "Unicode classes",
    "tag value with a character DynamoDB refuses": "Unicode classes",
    "tag value with a control character": "Unicode classes",
    "replica key of another region": "compares attributes of an item",
    "replica key of another partition": "compares attributes of an item",
    "replica without a key beside a customer managed key": "compares inputs",
    "replica key beside the AWS managed key": "compares inputs",
    "replicas in two partitions": "compares items",
    "table name too long for the alarm names": "compares inputs",
    "table name too long for the IAM policy names": "compares inputs",
    "resource policy over 20 KB": "bytes of UTF-8, where JSON Schema counts characters",
    "stream policy over 20 KB": "bytes of UTF-8, where JSON Schema counts characters",
    "index on-demand limit of one unit": "design references",
    "evaluation range over a day": "compares inputs",
    "evaluation range over a day at the default period": "compares inputs",
    "a by-cause alarm's datapoints over its periods": "compares inputs",
    **{name: "compares inputs" for name in WINDOW_CASES if not name.endswith("period of 45 s")},
    # A design's cross-references: keys against declared attributes, projections against keys.
    "key names an undeclared attribute": "design references",
    "key names a misspelt attribute": "design references",
    "range key equals hash key": "design references",
    "attribute no key uses": "design references",
    "GSI key undeclared": "design references",
    "GSI key list names an undeclared attribute": "design references",
    "GSI range_key repeats a hash_key attribute": "design references",
    "INCLUDE names a key attribute": "design references",
    "INCLUDE over 100 attributes in all": "design references",
    "LSI without a table range key": "design references",
    "index name twice across kinds": "design references",
    "index max below its capacity": "design references",
    "index names giving one resource name": "design references",
    "provisioned replicas without write autoscaling": "compares inputs",
    "moved_from guessing the public module's copy": "compares a setting with an input",
    "backup deleted within 90 days of cold storage": "compares attributes of an item",
    "a replica's topic in another region": "compares items",
    "replicas in two consistency modes": "compares items",
    "one strong replica without a witness": "compares inputs",
    "strong replicas in two Region sets": "compares items",
    "witness beside two replicas": "compares inputs",
    "witness of an eventually consistent replica": "compares inputs",
    "witness in the replica's region": "compares inputs",
    "witness in another Region set": "compares inputs",
    "restore backup and restore source": "compares inputs",
}


# Why a schema cannot say what the loader says, for each reason LOADER_ONLY gives: a case the
# loader refuses that a schema could express belongs in the schema, not in this list.
CANNOT_EXPRESS = {
    "yaml": "YAML reading refuses or normalises it before any document exists",
    "JSON has no infinity, so a schema cannot name it": "",
    "the file's name": "a schema sees the document, not its file",
    "the files it names": "a schema reads one document, not the files extends names",
    "compares inputs": "either input may come from a parent profile (extends), which a schema cannot read",
    "compares a setting with an input": "either may come from a parent profile",
    "uniqueness of one attribute across items": "uniqueItems compares whole items",
    "the JSON inside a string": "validators do not apply contentSchema",
    "Unicode classes": "ECMA-262 patterns without the u flag have no Unicode classes",
    "compares attributes of an item": "comparing two values needs $data, which JSON Schema lacks",
    "compares items": "comparing two values needs $data, which JSON Schema lacks",
    "bytes of UTF-8, where JSON Schema counts characters": "",
    "design references": "a key naming another key's value needs $data, which JSON Schema lacks",
}


def test_every_case_left_to_the_loader_is_one_a_schema_cannot_express():
    """The corpus through both: what the loader refuses and the schema accepts, each with why no schema could."""
    could = {case: reason for case, reason in LOADER_ONLY.items() if reason not in CANNOT_EXPRESS}
    assert could == {}, "a schema could refuse these: encode them in generator/profile/schema.py"


MULTI_ATTRIBUTE_TABLE = (
    "table: {name: t, attributes: {id: S, a: S, b: S, c: N}, hash_key: id,"
    " global_secondary_indexes: {ByAB: {hash_key: [a, b], range_key: [c], projection: ALL}}}\n"
)


@pytest.mark.parametrize(
    "profile, refused",
    [
        ("aws_provider: 5\nwarm_throughput: {read_units_per_second: 12000}\n", True),
        ("aws_provider: 5\ncontributor_insights_mode: THROTTLED_KEYS\n", True),
        ("aws_provider: 5\nreplica_regions: [{region_name: eu-west-1, consistency_mode: EVENTUAL}]\n", True),
        ("aws_provider: 6\nwarm_throughput: {read_units_per_second: 12000}\n", False),
        # No line and no parent: the default line, 6.
        ("warm_throughput: {read_units_per_second: 12000}\n", False),
        ("replica_regions: [{region_name: eu-west-1, consistency_mode: EVENTUAL}]\n", False),
        # A parent may choose the line: the loader judges.
        ("extends: production\nwarm_throughput: {read_units_per_second: 12000}\n", False),
        ("aws_provider: 5\nreplica_regions: [{region_name: eu-west-1}]\n", False),
        # Multi-attribute index keys: provider 6 only.
        (f"aws_provider: 6\n{MULTI_ATTRIBUTE_TABLE}", False),
        (MULTI_ATTRIBUTE_TABLE, False),
        (f"aws_provider: 5\n{MULTI_ATTRIBUTE_TABLE}", True),
        (f"aws_provider: 5\n{MULTI_ATTRIBUTE_TABLE.replace('[a, b]', 'a')}", False),
    ],
)
def test_the_schema_encodes_the_provider_lines(validator, profile, refused):
    assert (list(validator.iter_errors(yaml.safe_load(profile))) != []) is refused


# A schema validator walks every copy an alias makes: 9**9 strings, where the loader
# visits each shared list once.
NOT_FOR_A_VALIDATOR = {"YAML alias bomb"}


@functools.cache
def _file_cases() -> dict[str, str]:
    """The corpus cases that are a profile file YAML can read."""
    found = {}
    for name, case in CORPUS.items():
        if isinstance(case.profile, str) and case.where == "profile" and name not in NOT_FOR_A_VALIDATOR:
            try:
                yaml.safe_load(case.profile)
            except (yaml.YAMLError, RecursionError):
                continue  # not YAML at all: no editor schema is consulted
            found[name] = case.profile
    return found


@pytest.mark.parametrize("case", sorted(_file_cases()))
def test_the_schema_rejects_what_the_loader_rejects(validator, case):
    document = yaml.safe_load(_file_cases()[case])
    rejected = list(validator.iter_errors(document)) != []
    if case in LOADER_ONLY:
        assert not rejected, f"{case} is rejected by the schema too: take it off LOADER_ONLY"
    else:
        assert rejected, f"the schema accepts {_file_cases()[case]!r}"


def test_most_bad_profiles_are_refused_in_the_editor_already():
    cases = _file_cases()
    assert set(LOADER_ONLY) <= set(cases)
    assert len(cases) - len(LOADER_ONLY) >= 55
