"""generator/profile/addresses.py: one naming rule for the module's resources, and the moves from 0.2's names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.profile import addresses
from generator.profile.loader import builtin_names, load_profile
from generator.render.render import render
from tests.conftest import REPO, write_profile
from tests.hclparse import parse_text, resources

FIXTURE = REPO / "tests" / "fixtures" / "ddbgen-0.2-addresses.json"
# Today's address, and what ddbgen 0.2 called it ({} the design's logical name): written here from
# 0.2's templates, not from generator/profile/addresses.py, and held against FIXTURE below. The
# Terraform tier applies a module with these addresses and regenerates it (test_tf_changes.py).
NAMES_0_2 = {
    "aws_cloudwatch_metric_alarm.table": "aws_cloudwatch_metric_alarm.{}",
    "aws_dynamodb_contributor_insights.table": "aws_dynamodb_contributor_insights.{}",
    "aws_dynamodb_resource_policy.table": "aws_dynamodb_resource_policy.{}",
    "aws_dynamodb_resource_policy.table_stream": "aws_dynamodb_resource_policy.{}_stream",
}
POLICY = '{"Version": "2012-10-17", "Statement": []}'
# Every optional resource switched on: scaling, Contributor Insights, both resource policies.
EVERYTHING = (
    "billing_mode=PROVISIONED",
    "enable_autoscaling=true",
    "enable_contributor_insights=true",
    f"resource_policy={POLICY}",
    f"stream_resource_policy={POLICY}",
)


def _written(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _managed(folder: Path) -> set[str]:
    """The managed resources a folder declares (data sources are not in state to be moved)."""
    return set(resources(folder))


def _moves(files: dict[str, bytes]) -> list[tuple[str, str]]:
    if "moved.tf" not in files:
        return []
    unwrapped = [
        (block["from"], block["to"]) for block in parse_text(files["moved.tf"].decode("utf-8")).get("moved", [])
    ]
    return [(re.sub(r"^\$\{(.*)\}$", r"\1", old), re.sub(r"^\$\{(.*)\}$", r"\1", new)) for old, new in unwrapped]


def test_the_templates_declare_what_addresses_names(tmp_path):
    """Every address of the rule is a block the templates write, and every block is one of the rule's."""
    profile = load_profile("orders", EVERYTHING)
    folder = _written(tmp_path / "orders", render(profile, tmp_path / "orders"))
    declared = _managed(folder)
    indexes = {addresses.global_index(index.resource_name) for index in profile.design.global_indexes}
    assert declared == {addresses.table("orders"), *indexes, *addresses.NAMED_FOR_WHAT_THEY_ARE}


@pytest.mark.parametrize("name", builtin_names())
def test_only_the_table_carries_the_designs_name(name, tmp_path):
    profile = load_profile(name)
    folder = _written(tmp_path / name, render(profile, tmp_path / name))
    design = profile.design
    for address in _managed(folder):
        if address.startswith(f"{addresses.GLOBAL_INDEX_TYPE}."):
            assert address.split(".", 1)[1] in {index.resource_name for index in design.global_indexes}
        elif address != addresses.table(design.name):
            assert address in addresses.NAMED_FOR_WHAT_THEY_ARE
            assert design.name not in address


def _followed(address: str, moves: dict[str, str]) -> str:
    """Where Terraform's chain of moves takes ``address`` (a whole resource moves its instances with it)."""
    seen = set()
    while address in moves and address not in seen:
        seen.add(address)
        address = moves[address]
    return address


@pytest.mark.parametrize("render_of", sorted(json.loads(FIXTURE.read_text())["renders"]))
def test_every_address_of_a_0_2_module_is_declared_or_moved_to_one_that_is(render_of, tmp_path):
    """A root that applied a 0.2 module plans no destroy once the folder is regenerated (moto proves it too:
    tests/terraform/test_tf_changes.py, the ``renamed`` module)."""
    old = json.loads(FIXTURE.read_text())["renders"][render_of]
    name = render_of.rsplit("/", 1)[1]
    files = render(load_profile(name, EVERYTHING), tmp_path / name)
    declared = _managed(_written(tmp_path / name, files))
    moves = dict(_moves(files))
    missing = [address for address in old if _followed(address, moves) not in declared]
    assert missing == [], f"{render_of}: 0.2 addresses the new render neither declares nor moves: {missing}"
    assert any(source in old for source in moves), "the fixture's names are the ones moved"
    # What the Terraform tier renames back to 0.2's names is what 0.2 had and today's render lacks.
    design = load_profile(name).design.name
    assert {old_name.format(design) for old_name in NAMES_0_2.values()} == set(old) - declared
    assert {moves[old_name.format(design)] for old_name in NAMES_0_2.values()} == set(NAMES_0_2)


# Names that could trip the moves: today's own names, the public module's, a resource type's word.
EDGE_NAMES = ("orders", "table", "table_stream", "this", "capacity", "access", "stream", "autoscaled")


@pytest.mark.parametrize("name", EDGE_NAMES)
@pytest.mark.parametrize("former", [(), ("first",), ("first", "second")])
@pytest.mark.parametrize("moved_from", [False, True])
def test_moved_blocks_are_ones_terraform_takes(name, former, moved_from, tmp_path):
    """No two blocks share a source or a destination ("Ambiguous move statements"), no source is still
    declared ("Moved object still exists"), no block moves a resource and also one of its instances
    ("Cyclic dependency in move statements"), and every chain ends at a declared resource."""
    text = f"table:\n  name: {name}\n  attributes: {{pk: S}}\n  hash_key: pk\n"
    if moved_from:
        text += "moved_from: terraform-aws-modules/dynamodb-table\n"
    profile = load_profile(str(write_profile(tmp_path, "edge", text)), EVERYTHING[2:])
    files = render(profile, tmp_path / "module", tuple(former))
    moves = _moves(files)
    declared = _managed(_written(tmp_path / "module", files))
    sources = [source for source, _ in moves]
    targets = [target for _, target in moves]
    assert len(sources) == len(set(sources)) and len(targets) == len(set(targets)), moves
    # Only an instance of a declared resource may move, to that resource (the public module's this[0] to this).
    still = [
        (source, target)
        for source, target in moves
        if addresses.resource_of(source) in declared and addresses.resource_of(target) != addresses.resource_of(source)
    ]
    assert still == [], moves
    for source in sources:
        whole = addresses.resource_of(source)
        assert whole == source or whole not in sources, f"{whole} and {source} both move"
    for source, _target in moves:
        assert addresses.resource_of(_followed(source, dict(moves))) in declared, source
    if name != "table":
        # The 0.2 moves are there for every design but one already named as today's names are.
        assert (f"aws_cloudwatch_metric_alarm.{former[0] if former else name}", addresses.ALARMS) in moves
