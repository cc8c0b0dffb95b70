"""The change plan (generator/folder/changes.py): every kind of profile change, classed per provider line.

Each test generates a folder from a profile file, edits the profile as a team
would, and regenerates: what is refused exits 2 and leaves the folder byte for
byte as it was; what goes through says what it does. The Terraform tier
(tests/terraform/test_tf_changes.py) applies the same kinds of change on moto.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from generator import cli
from generator.folder.changes import (
    EFFECT,
    IN_PLACE,
    REFUSED,
    REPLACES,
    IndexOnTable,
    Options,
    live_resolved,
    plan,
    recorded_state,
)
from generator.profile.loader import load_profile
from generator.render.manifest import MANIFEST, read_manifest
from tests.hclparse import parse_text

ORDERS = """\
extends: production
aws_provider: {line}
billing_mode: PROVISIONED
enable_autoscaling: {autoscaling}
orders_table_name: orders-prod
table:
  name: orders
  attributes: {{tenant: S, order: S, status: S, total: N}}
  hash_key: tenant
  range_key: order
  global_secondary_indexes:
    ByStatus: {{hash_key: status, projection: ALL}}
  local_secondary_indexes:
    ByTotal: {{range_key: total, projection: KEYS_ONLY}}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "profiles").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _profile(repo: Path, text: str) -> Path:
    path = repo / "profiles" / "orders.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _folder(repo: Path) -> dict[str, bytes]:
    folder = repo / "modules" / "orders"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _generated(repo: Path, capsys: pytest.CaptureFixture[str], line: int = 5, autoscaling: bool = True) -> Path:
    path = _profile(repo, ORDERS.format(line=line, autoscaling=str(autoscaling).lower()))
    code, _, err = _run(capsys, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")
    assert code == 0, err
    return path


def _plan_of(repo: Path) -> list:
    folder = repo / "modules" / "orders"
    manifest = read_manifest(folder)
    recorded = recorded_state(manifest)
    assert recorded is not None
    return plan(recorded, load_profile(str(repo / "profiles" / "orders.yaml")), Options(folder))


def _kinds(changes: list) -> dict[str, str]:
    return {change.subject: change.kind for change in changes}


# -- global indexes: the provider line and autoscaling decide ------------------------------


def test_provider_5_with_autoscaling_refuses_a_new_index_with_the_cli_recipe(repo, capsys):
    path = _generated(repo, capsys)
    before = _folder(repo)
    _edit(path, "{tenant: S, order: S, status: S, total: N}", "{tenant: S, order: S, status: S, total: N, sku: S}")
    _edit(path, "    ByStatus:", "    BySku: {hash_key: sku, range_key: order, projection: [status]}\n    ByStatus:")

    code, _, err = _run(capsys, "regenerate", "modules/orders")

    assert code == 2 and _folder(repo) == before
    assert err.count("\n") == 1, "one line"
    assert "refused on this provider line: index BySku: is added: on AWS provider 5 with autoscaling" in err
    (create,) = list(err.split("(1) ")[2:3])
    command = shlex.split(create.split(", then ")[0])
    assert command[:5] == ["aws", "dynamodb", "update-table", "--table-name", "orders-prod"]
    attributes = json.loads(command[command.index("--attribute-definitions") + 1])
    assert attributes == [
        {"AttributeName": "tenant", "AttributeType": "S"},
        {"AttributeName": "order", "AttributeType": "S"},
        {"AttributeName": "total", "AttributeType": "N"},
        {"AttributeName": "status", "AttributeType": "S"},
        {"AttributeName": "sku", "AttributeType": "S"},
    ]
    (update,) = json.loads(command[command.index("--global-secondary-index-updates") + 1])
    assert update == {
        "Create": {
            "IndexName": "BySku",
            "KeySchema": [{"AttributeName": "sku", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["status"]},
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        }
    }
    assert "aws dynamodb wait table-exists --table-name orders-prod" in err
    assert "run ddbgen regenerate modules/orders --live-table orders-prod:" in err


def test_provider_5_with_autoscaling_removes_and_rebuilds_one_call_at_a_time(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "ByStatus: {hash_key: status, projection: ALL}", "ByStatus: {hash_key: status, projection: KEYS_ONLY}")
    changes = _plan_of(repo)
    assert _kinds(changes) == {"index ByStatus": REFUSED}
    (change,) = changes
    assert "(1) aws dynamodb update-table --table-name orders-prod --global-secondary-index-updates" in change.recipe
    assert (
        '{"Delete":{"IndexName":"ByStatus"}}' in change.recipe and '"Create":{"IndexName":"ByStatus"' in change.recipe
    )
    assert change.recipe.index('"Delete"') < change.recipe.index('"Create"')
    assert change.on_table == IndexOnTable("ByStatus", (("status", "HASH"),), ("KEYS_ONLY", ()))


def test_the_live_table_tells_the_second_step_that_the_index_change_is_done(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "    ByStatus: {hash_key: status, projection: ALL}\n", "")
    _edit(path, "{tenant: S, order: S, status: S, total: N}", "{tenant: S, order: S, total: N}")
    changes = _plan_of(repo)
    assert _kinds(changes) == {"index ByStatus": REFUSED}
    still = {"ByStatus": (IndexOnTable("ByStatus", (("status", "HASH"),), ("ALL", ())), "ACTIVE")}
    (waiting,) = live_resolved(changes, "orders-prod", still)
    assert (
        waiting.kind == REFUSED and "table orders-prod shows keys status HASH, projection ALL, ACTIVE" in waiting.says
    )
    (done,) = live_resolved(changes, "orders-prod", {})
    assert done.kind == IN_PLACE and "already deleted on table orders-prod" in done.says


def test_a_new_index_still_backfilling_is_not_done(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "    ByStatus:", "    ByTotalToo: {hash_key: total, projection: KEYS_ONLY}\n    ByStatus:")
    changes = _plan_of(repo)
    shape = IndexOnTable("ByTotalToo", (("total", "HASH"),), ("KEYS_ONLY", ()))
    (creating,) = live_resolved(changes, "orders-prod", {"ByTotalToo": (shape, "CREATING")})
    assert creating.kind == REFUSED and "CREATING" in creating.says
    (active,) = live_resolved(changes, "orders-prod", {"ByTotalToo": (shape, "ACTIVE")})
    assert active.kind == IN_PLACE


@pytest.mark.parametrize("line, autoscaling", [(5, False), (6, True), (6, False)])
def test_elsewhere_an_index_is_added_in_place_and_a_rebuild_is_warned(repo, capsys, line, autoscaling):
    path = _generated(repo, capsys, line, autoscaling)
    _edit(
        path,
        "    ByStatus: {hash_key: status, projection: ALL}",
        "    ByStatus: {hash_key: status, projection: KEYS_ONLY}\n    ByOrder: {hash_key: order, projection: ALL}",
    )
    code, out, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 0, err
    assert "change: in place: index ByOrder: is created" in out
    assert (
        "ddbgen: warning: modules/orders (profile file profiles/orders.yaml): in place, with an effect: "
        "index ByStatus: changes its keys or projection" in err
    )


def _multi_attribute_generated(repo: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Orders on provider 6 with ByStatus keyed by [status, total] and order, regenerated into its folder."""
    path = _generated(repo, capsys, 6, True)
    _edit(
        path,
        "ByStatus: {hash_key: status, projection: ALL}",
        "ByStatus: {hash_key: [status, total], range_key: order, projection: ALL}",
    )
    code, _, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 0, err
    return path


@pytest.mark.parametrize(
    "new_keys",
    [
        "hash_key: [status, total, tenant], range_key: order",  # an attribute added to the partition key
        "hash_key: [total, status], range_key: order",  # the same attributes in another order
        "hash_key: [status, total]",  # the sort key dropped
    ],
)
def test_a_multi_attribute_key_change_rebuilds_the_index_like_any_key_change(repo, capsys, new_keys):
    """Provider 6: a key list that changes (an attribute, or the order, which queries follow) is a rebuild."""
    path = _multi_attribute_generated(repo, capsys)
    _edit(path, "hash_key: [status, total], range_key: order", new_keys)
    changes = _plan_of(repo)
    assert _kinds(changes) == {"index ByStatus": EFFECT}
    assert "changes its keys or projection, so the provider deletes the index and creates it again" in changes[0].says


def test_a_multi_attribute_key_left_as_it_is_plans_nothing(repo, capsys):
    _multi_attribute_generated(repo, capsys)
    assert _plan_of(repo) == []


def test_an_index_warm_throughput_change_is_in_place(repo, capsys):
    path = _generated(repo, capsys, 6, True)
    _edit(
        path,
        "ByStatus: {hash_key: status, projection: ALL}",
        "ByStatus: {hash_key: status, projection: ALL, warm_throughput: {read_units_per_second: 15000, write_units_per_second: 4000}}",
    )
    changes = _plan_of(repo)
    assert _kinds(changes) == {"index ByStatus": IN_PLACE}
    assert changes[0].says.endswith("or its warm throughput")


# -- what replaces the table ---------------------------------------------------------


def test_a_local_index_change_is_refused_unless_allowed_without_prevent_destroy(repo, capsys):
    path = _generated(repo, capsys)
    before = _folder(repo)
    _edit(path, "projection: KEYS_ONLY}", "projection: ALL}")

    code, _, err = _run(capsys, "regenerate", "modules/orders", "--allow-replacement")
    assert code == 2 and _folder(repo) == before
    assert "replaces the table: local index ByTotal" in err
    assert "the profile sets prevent_destroy: true, which forbids it" in err
    assert "every item in it would be lost" in err and "Teams migrate instead" in err

    _edit(path, "extends: production\n", "extends: production\nprevent_destroy: false\n")
    code, _, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 2 and "set prevent_destroy: false in the profile and run again with --allow-replacement" in err
    code, _out, err = _run(capsys, "regenerate", "modules/orders", "--allow-replacement")
    assert code == 0, err
    assert "replaces the table: local index ByTotal" in err and "its items are lost (--allow-replacement)" in err
    # The record of the local indexes changes, and triggers the replacement the provider would not plan.
    main = (repo / "modules" / "orders" / "main.tf").read_text()
    assert '"ByTotal" = { range_key = "total", projection_type = "ALL", non_key_attributes = null }' in main
    assert "replace_triggered_by = [terraform_data.local_indexes]" in main


@pytest.mark.parametrize(
    "old, new, subject",
    [
        ("hash_key: tenant", "hash_key: status", "table.hash_key"),
        ("{tenant: S, order: S,", "{tenant: N, order: S,", "table.hash_key"),
        ("orders_table_name: orders-prod", "orders_table_name: orders-2", "orders_table_name"),
        ("    ByTotal: {range_key: total, projection: KEYS_ONLY}\n", "", "local index ByTotal"),
    ],
    ids=["key", "key type", "table name", "local index removed"],
)
def test_what_replaces_the_table(repo, capsys, old, new, subject):
    path = _generated(repo, capsys)
    _edit(path, old, new)
    if subject == "local index ByTotal":
        _edit(path, "{tenant: S, order: S, status: S, total: N}", "{tenant: S, order: S, status: S}")
    if subject == "table.hash_key" and "status" in new:
        _edit(path, "ByStatus: {hash_key: status", "ByStatus: {hash_key: tenant")
    kinds = _kinds(_plan_of(repo))
    assert kinds[subject] == REPLACES


# -- names ------------------------------------------------------------------------------


def test_a_new_logical_name_moves_the_table_and_keeps_the_moves_through_later_renames(repo, capsys):
    path = _generated(repo, capsys, line=6)
    _edit(path, "  name: orders\n", "  name: sales\n")
    _edit(path, "orders_table_name:", "sales_table_name:")
    code, out, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 0, err
    assert "in place: table.name: the logical name changes from orders to sales" in out
    moved = parse_text((repo / "modules" / "orders" / "moved.tf").read_text())["moved"]
    pairs = {(block["from"], block["to"]) for block in moved}
    assert ("${aws_dynamodb_table.orders}", "${aws_dynamodb_table.sales}") in pairs
    # The other resources are named for what they are: only ddbgen 0.2's addresses, of the first name, move.
    assert ("${aws_cloudwatch_metric_alarm.orders}", "${aws_cloudwatch_metric_alarm.table}") in pairs
    assert ("${aws_dynamodb_resource_policy.orders_stream}", "${aws_dynamodb_resource_policy.table_stream}") in pairs
    assert not any("sales" in target for _source, target in pairs if "aws_dynamodb_table" not in target)
    record = json.loads((repo / "modules" / "orders" / MANIFEST).read_text())
    assert record["rendered"] == {"former_names": ["orders"], "global_indexes": "resources"}
    assert _run(capsys, "check", "modules/orders")[0] == 0

    _edit(path, "  name: sales\n", "  name: revenue\n")
    _edit(path, "sales_table_name:", "revenue_table_name:")
    assert _run(capsys, "regenerate", "modules/orders")[0] == 0
    moved = parse_text((repo / "modules" / "orders" / "moved.tf").read_text())["moved"]
    # A chain, orders to sales to revenue: Terraform refuses two blocks with one destination
    # ("Ambiguous move statements"), and follows a chain to its end.
    tables = [(block["from"], block["to"]) for block in moved if "aws_dynamodb_table" in block["to"]]
    assert tables == [
        ("${aws_dynamodb_table.orders}", "${aws_dynamodb_table.sales}"),
        ("${aws_dynamodb_table.sales}", "${aws_dynamodb_table.revenue}"),
    ]
    for end in ("from", "to"):
        ends = [block[end] for block in moved]
        assert len(ends) == len(set(ends)), f"two moved blocks with one {end}"
    assert ("${aws_cloudwatch_metric_alarm.orders}", "${aws_cloudwatch_metric_alarm.table}") in {
        (block["from"], block["to"]) for block in moved
    }
    assert _run(capsys, "check", "modules/orders")[0] == 0


def test_a_new_logical_name_that_changes_the_default_table_name_is_refused_with_the_hint(repo, capsys):
    path = _profile(repo, ORDERS.format(line=5, autoscaling="false").replace("orders_table_name: orders-prod\n", ""))
    assert _run(capsys, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")[0] == 0
    _edit(path, "  name: orders\n", "  name: sales\n")
    code, _, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 2
    assert 'the table\'s name changes from "orders" to "sales"' in err
    assert 'set sales_table_name: "orders" in the profile' in err


# -- billing, replicas, TTL, stream ---------------------------------------------------------


@pytest.mark.parametrize("line, autoscaling, kind", [(5, False, EFFECT), (5, True, REFUSED), (6, False, REFUSED)])
def test_switching_to_provisioned_with_a_global_index(repo, capsys, line, autoscaling, kind):
    path = _generated(repo, capsys, line, autoscaling)
    _edit(path, "billing_mode: PROVISIONED", "billing_mode: PAY_PER_REQUEST")
    assert _run(capsys, "regenerate", "modules/orders", "--allow-replacement")[0] == 0
    _edit(path, "billing_mode: PAY_PER_REQUEST", "billing_mode: PROVISIONED")
    (change,) = [change for change in _plan_of(repo) if change.subject == "billing_mode"]
    assert change.kind == kind
    if kind == REFUSED:
        assert "aws dynamodb update-table --table-name orders-prod --billing-mode PROVISIONED" in change.recipe
        assert (
            '"Update":{"IndexName":"ByStatus","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}'
            in change.recipe
        )


def test_switching_to_on_demand_is_in_place_with_its_limit(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "billing_mode: PROVISIONED", "billing_mode: PAY_PER_REQUEST")
    (change,) = [change for change in _plan_of(repo) if change.subject == "billing_mode"]
    assert (
        change.kind == EFFECT and "at most four times in 24 hours" in change.says and "scaling targets" in change.says
    )


def test_replicas_added_in_the_change_that_turns_autoscaling_on_are_refused(repo, capsys):
    path = _generated(repo, capsys, line=5, autoscaling=False)
    _edit(path, "enable_autoscaling: false", "enable_autoscaling: true\nreplica_regions: [{region_name: us-west-2}]")
    # Provider 5 with autoscaling refuses nothing of the index set here: the set is the same.
    kinds = _kinds(_plan_of(repo))
    assert kinds["replica us-west-2"] == REFUSED


def test_ttl_off_is_an_effect_and_a_new_attribute_while_on_is_refused(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "extends: production\n", "extends: production\nttl_attribute_name: expires\n")
    (change,) = [change for change in _plan_of(repo) if change.subject == "ttl_attribute_name"]
    assert change.kind == REFUSED and "turn TTL off first (ttl_enabled: false)" in change.recipe
    _edit(path, "ttl_attribute_name: expires\n", "ttl_enabled: false\n")
    (change,) = [change for change in _plan_of(repo) if change.subject == "ttl_enabled"]
    assert change.kind == EFFECT and "for up to an hour" in change.says
    # TTL off still names the attribute: AWS takes Enabled = false only with it (#44730).
    assert _run(capsys, "regenerate", "modules/orders")[0] == 0
    assert "attribute_name = var.ttl_attribute_name\n" in (repo / "modules" / "orders" / "main.tf").read_text()


def test_a_new_stream_view_type_warns_of_the_new_arn(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "extends: production\n", "extends: production\nstream_view_type: NEW_IMAGE\n")
    (change,) = [change for change in _plan_of(repo) if change.subject == "stream"]
    assert change.kind == EFFECT and "new ARN" in change.says


# -- provider 6: global indexes move out of the table -----------------------------------------------


def _as_ddbgen_0_2(folder: Path) -> None:
    """The manifest of a provider 6 module ddbgen 0.2 wrote: no record of the render (its indexes were inline)."""
    path = folder / MANIFEST
    record = json.loads(path.read_text())
    del record["rendered"]
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")


def test_a_provider_6_module_of_ddbgen_0_2_needs_the_roots_import_blocks(repo, capsys):
    _generated(repo, capsys, line=6)
    folder = repo / "modules" / "orders"
    _as_ddbgen_0_2(folder)
    before = _folder(repo)

    code, _, err = _run(capsys, "regenerate", "modules/orders")
    assert code == 2 and _folder(repo) == before
    assert "ByStatus move out of the table into aws_dynamodb_global_secondary_index resources" in err
    assert "run ddbgen regenerate modules/orders --import-file imports.tf --module NAME" in err

    code, out, err = _run(
        capsys, "regenerate", "modules/orders", "--import-file", "live/imports.tf", "--module", "orders"
    )
    assert code == 0, err
    assert "in place: global indexes: ByStatus move out of the table" in out
    assert "TestAccDynamoDBGlobalSecondaryIndex_migrate_multiple_importblock" in out
    imports = (repo / "live" / "imports.tf").read_text()
    (block,) = parse_text(imports)["import"]
    assert block == {
        "to": "${module.orders.aws_dynamodb_global_secondary_index.ByStatus}",
        "id": '${join("/index/", [module.orders.orders_table_arn, "ByStatus"])}',
    }
    assert read_manifest(folder).rendered.global_indexes == "resources"
    # Done once: a second regenerate has nothing to import.
    code, _, err = _run(capsys, "regenerate", "modules/orders", "--import-file", "live/more.tf", "--module", "orders")
    assert code == 2 and "nothing to import" in err and not (repo / "live" / "more.tf").exists()


def test_the_import_file_is_never_overwritten(repo, capsys):
    _generated(repo, capsys, line=6)
    _as_ddbgen_0_2(repo / "modules" / "orders")
    (repo / "imports.tf").write_text("# mine\n")
    before = _folder(repo)
    code, _, err = _run(capsys, "regenerate", "modules/orders", "--import-file", "imports.tf", "--module", "orders")
    assert code == 2 and "imports.tf: exists; left untouched" in err
    assert _folder(repo) == before and (repo / "imports.tf").read_text() == "# mine\n"


def test_provider_6_back_to_5_is_refused(repo, capsys):
    path = _generated(repo, capsys, line=6)
    _edit(path, "aws_provider: 6", "aws_provider: 5")
    kinds = _kinds(_plan_of(repo))
    assert kinds["global indexes"] == REFUSED


# -- the command line -----------------------------------------------------------------------


def test_dry_run_prints_the_plan_beside_the_diffs_and_exits_2_when_refused(repo, capsys):
    path = _generated(repo, capsys)
    _edit(path, "    ByStatus:", "    ByOrder: {hash_key: order, projection: ALL}\n    ByStatus:")
    _edit(path, "extends: production\n", "extends: production\nread_throttle_alarm_threshold: 20\n")
    before = _folder(repo)
    code, out, err = _run(capsys, "regenerate", "--dry-run", "modules/orders")
    assert code == 2 and _folder(repo) == before
    assert out.startswith("modules/orders: would be refused; would change ")
    assert "  change: refused on this provider line: index ByOrder: is added" in out
    assert "  change: in place: inputs: read_throttle_alarm_threshold changes" in out
    assert "+++ main.tf (generated)" in out
    assert "aws dynamodb update-table" in err


def test_a_folder_without_a_manifest_has_no_plan(repo, capsys):
    _profile(repo, ORDERS.format(line=5, autoscaling="true"))
    code, out, _ = _run(capsys, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")
    assert code == 0 and "change:" not in out


@pytest.mark.parametrize(
    "args, said",
    [
        (("--import-file", "imports.tf", "--module", "orders"), "nothing to import"),
        (("--live-table", "orders-prod"), "no change to the set of global indexes waits for the table here"),
        (
            ("--import-file", "imports.tf", "--module", "not a name"),
            "--module not a name: must be a Terraform identifier",
        ),
    ],
)
def test_options_that_have_nothing_to_do_say_so(repo, capsys, args, said):
    _generated(repo, capsys)
    code, _, err = _run(capsys, "regenerate", "modules/orders", *args)
    assert code == 2 and said in err


def test_a_new_provisioned_global_table_with_autoscaling_is_told_to_add_its_replicas_second(repo, capsys):
    text = ORDERS.format(line=5, autoscaling="true") + "replica_regions: [{region_name: us-west-2}]\n"
    _profile(repo, text)
    code, _, err = _run(capsys, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")
    assert code == 0
    assert "create it with replica_regions = [] first, then add them" in err


def test_moving_from_the_public_module_on_provider_6_says_the_indexes_need_imports(repo, capsys):
    text = ORDERS.format(line=6, autoscaling="false") + "moved_from: terraform-aws-modules/dynamodb-table\n"
    _profile(repo, text)
    code, _, err = _run(capsys, "generate", "--profile", "profiles/orders.yaml", "--out", "modules/orders")
    assert code == 0
    assert (
        "no moved block can take over: import each in the root (ddbgen adopt --moved-from writes the import blocks)"
        in err
    )


@pytest.mark.parametrize(
    "key, damaged, shown",
    [("read_capacity", {"a": [1]}, "got {a: [1]}"), ("enable_autoscaling", "yes", "got 'yes'")],
)
def test_a_recorded_value_of_the_wrong_type_is_refused_before_any_plan(repo, capsys, key, damaged, shown):
    """A pull request that edits the manifest cannot steer the plan that decides whether the table is replaced."""
    _generated(repo, capsys)
    manifest = repo / "modules" / "orders" / MANIFEST
    record = json.loads(manifest.read_text(encoding="utf-8"))
    record["profile"]["values"][key] = damaged
    manifest.write_text(json.dumps(record), encoding="utf-8")
    before = _folder(repo)
    code, out, err = _run(capsys, "regenerate", "modules/orders", "--dry-run")
    assert code == 2 and out == ""
    assert f"profile.values.{key} is damaged" in err and shown in err and "--force" in err
    assert "Traceback" not in err
    assert _folder(repo) == before
