"""``ddbgen adopt``: live tables (moto, in process) read into profiles and import blocks that keep them as they are."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

boto3 = pytest.importorskip("boto3")
moto = pytest.importorskip("moto")
hcl2 = pytest.importorskip("hcl2")

import botocore.loaders  # noqa: E402
import botocore.session  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from generator.adopt import mapping  # noqa: E402
from generator.adopt.adopt import adopt  # noqa: E402
from generator.adopt.aws import Clients, read_table  # noqa: E402
from generator.errors import AdoptError  # noqa: E402
from generator.profile.loader import load_profile  # noqa: E402
from generator.render.render import render  # noqa: E402
from tests.conftest import REPO, write_profile  # noqa: E402
from tests.terraform import scaling  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
ENV = [{"Key": "Environment", "Value": "production"}]
# One loader for every session: each new botocore session would read the
# service models and endpoints again (half a second a test).
_LOADER = botocore.loaders.create_loader()
_SETUP: dict[tuple[str, str], object] = {}


def session():
    core = botocore.session.Session()
    core.register_component("data_loader", _LOADER)
    return boto3.Session(botocore_session=core, region_name=REGION)


def aws(service, region=REGION):
    """A client for setting a test's tables up (not the clients adopt reads with)."""
    if (service, region) not in _SETUP:
        if not _SETUP:
            _SETUP[("session", "")] = session()
        _SETUP[(service, region)] = _SETUP[("session", "")].client(service, region_name=region)
    return _SETUP[(service, region)]


class MotoClients(Clients):
    """Clients on moto, recording every operation, with small fakes where moto 5.2.5 lacks the API.

    moto has no DescribeContributorInsights, DescribeKinesisStreamingDestination
    (both raise NotImplementedError) or application-autoscaling
    ListTagsForResource, and its DescribeTable never returns TableClassSummary,
    OnDemandThroughput, Replicas, GlobalTableVersion or MultiRegionConsistency;
    its PutResourcePolicy takes table ARNs only (a stream's fails as ResourceNotFound).
    The fakes answer from ``insights``, ``kinesis``, ``target_tags`` and
    ``stream_policies`` (GetResourcePolicy of a stream ARN), and
    ``table_extra`` adds fields to moto's own DescribeTable answer. Fakes record
    their operation in ``calls`` as botocore's before-call event does for the rest.
    """

    def __init__(self) -> None:
        reading = session()
        reading.events.register("before-call", self._record)
        super().__init__(reading)
        self.calls: list[str] = []
        self.insights: dict[tuple[str, str], dict] = {}
        self.kinesis: dict[str, list[dict]] = {}
        self.target_tags: dict[str, dict[str, str]] = {}
        self.table_extra: dict[tuple[str, str], dict] = {}
        self.stream_policies: dict[str, str] = {}

    def _record(self, model, **_kwargs) -> None:
        self.calls.append(model.name)

    def __call__(self, service, region=None):
        client = super().__call__(service, region)
        if getattr(client, "_ddbgen_faked", False):
            return client
        client._ddbgen_faked = True
        where = region or self.region
        if service == "dynamodb":
            described = client.describe_table

            def describe_table(**params):
                answer = described(**params)
                answer["Table"].update(self.table_extra.get((where, params["TableName"]), {}))
                return answer

            def describe_contributor_insights(TableName, IndexName=""):
                self.calls.append("DescribeContributorInsights")
                answer = {"TableName": TableName, "ContributorInsightsStatus": "DISABLED"}
                return {**answer, **self.insights.get((TableName, IndexName), {})}

            def describe_kinesis_streaming_destination(TableName):
                self.calls.append("DescribeKinesisStreamingDestination")
                return {"TableName": TableName, "KinesisDataStreamDestinations": self.kinesis.get(TableName, [])}

            get_policy = client.get_resource_policy

            def get_resource_policy(ResourceArn):
                if ResourceArn in self.stream_policies:
                    self.calls.append("GetResourcePolicy")
                    return {"Policy": self.stream_policies[ResourceArn], "RevisionId": "1"}
                return get_policy(ResourceArn=ResourceArn)

            client.describe_table = describe_table
            client.get_resource_policy = get_resource_policy
            client.describe_contributor_insights = describe_contributor_insights
            client.describe_kinesis_streaming_destination = describe_kinesis_streaming_destination
        if service == "application-autoscaling":

            def list_tags_for_resource(ResourceARN):
                self.calls.append("ListTagsForResource")
                return {"Tags": self.target_tags.get(ResourceARN, {})}

            client.list_tags_for_resource = list_tags_for_resource
        return client


@pytest.fixture
def clients(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    _SETUP.clear()
    with moto.mock_aws():
        yield MotoClients()
    _SETUP.clear()


def create(name, keys=(("pk", "S", "HASH"),), *, region=REGION, tags=ENV, encrypted=True, **params):
    """A table in moto; encrypted with the AWS managed key and tagged Environment unless told otherwise."""
    attributes = {attribute: kind for attribute, kind, _ in keys}
    for index in params.get("GlobalSecondaryIndexes", []) + params.get("LocalSecondaryIndexes", []):
        for key in index["KeySchema"]:
            attributes.setdefault(key["AttributeName"], params.pop(f"type_{key['AttributeName']}", "S"))
    if "ProvisionedThroughput" not in params:
        params.setdefault("BillingMode", "PAY_PER_REQUEST")
    if encrypted:
        params["SSESpecification"] = {"Enabled": True}
    client = aws("dynamodb", region)
    answer = client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": attribute, "KeyType": key_type} for attribute, _, key_type in keys],
        AttributeDefinitions=[
            {"AttributeName": attribute, "AttributeType": kind} for attribute, kind in attributes.items()
        ],
        Tags=list(tags),
        **params,
    )
    return answer["TableDescription"]


def index(name, hash_key, range_key=None, projection="ALL", capacity=None):
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}] + (
        [{"AttributeName": range_key, "KeyType": "RANGE"}] if range_key else []
    )
    found = {"IndexName": name, "KeySchema": schema}
    found["Projection"] = (
        {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(projection)}
        if isinstance(projection, (list, tuple))
        else {"ProjectionType": projection}
    )
    if capacity:
        found["ProvisionedThroughput"] = {"ReadCapacityUnits": capacity[0], "WriteCapacityUnits": capacity[1]}
    return found


def loaded(adoption, tmp_path, name="adopted"):
    """The written profile, loaded as ``ddbgen generate`` would load it; its module renders."""
    path = write_profile(tmp_path, name, adoption.profile_yaml)
    profile = load_profile(str(path))
    files = render(profile, tmp_path / "module")
    assert "main.tf" in files
    return profile


def read_values(table_name, clients, line=6, name=None):
    """What adopt reads from the table, by input name (the mapping's own answer)."""
    return mapping.plan(read_table(table_name, clients), line, name).values


def assert_round_trip(adoption, tmp_path, table_name, clients, line=6, name=None):
    profile = loaded(adoption, tmp_path)
    read = read_values(table_name, clients, line, name)
    assert {key: profile.values[key] for key in read} == read
    return profile


def imports_of(adoption):
    """The import blocks parsed back: (to, id) pairs."""
    parsed = hcl2.loads(adoption.import_blocks)
    found = []
    for block in parsed.get("import", []):
        to = block["to"]
        assert to.startswith("${") and to.endswith("}")
        assert block["id"].startswith('"') and block["id"].endswith('"')
        found.append((to[2:-1], block["id"][1:-1]))
    return found


def register(resource_id, dimension, low, high):
    aws("application-autoscaling").register_scalable_target(
        ServiceNamespace="dynamodb",
        ResourceId=resource_id,
        ScalableDimension=dimension,
        MinCapacity=low,
        MaxCapacity=high,
    )


def track(resource_id, dimension, metric, target, name=None, cooldowns=(None, None)):
    scaling.track(aws("application-autoscaling"), resource_id, dimension, metric, target, name, cooldowns)


# -- what adopt reads and writes -------------------------------------------


def test_on_demand_table_with_an_index_and_ttl_on_its_own_attribute(clients, tmp_path):
    create(
        "prod-orders",
        (("tenant", "S", "HASH"), ("order", "S", "RANGE")),
        GlobalSecondaryIndexes=[index("ByStatus", "status", "created", ["total"])],
        type_created="N",
    )
    aws("dynamodb").update_time_to_live(
        TableName="prod-orders", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )

    adoption = adopt("prod-orders", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "prod-orders", clients)
    assert profile.design.as_profile() == {
        "name": "prod_orders",
        "attributes": {"tenant": "S", "order": "S", "status": "S", "created": "N"},
        "hash_key": "tenant",
        "range_key": "order",
        "global_secondary_indexes": {
            "ByStatus": {"hash_key": "status", "range_key": "created", "projection": ["total"]}
        },
    }
    values = profile.values
    assert values["prod_orders_table_name"] == "prod-orders"
    assert (values["ttl_enabled"], values["ttl_attribute_name"]) == (True, "expires_at")
    assert values["billing_mode"] == "PAY_PER_REQUEST"
    assert values["enable_autoscaling"] is False
    assert values["stream_enabled"] is False
    assert values["point_in_time_recovery_enabled"] is False
    assert values["prevent_destroy"] is False
    assert values["kms_key_arn"] is None  # the AWS managed key, alias aws/dynamodb
    assert values["common_tags"] == {"Environment": "production"}
    # On provider 6 the index is a resource of its own, imported by its ARN (the table's and /index/<name>).
    assert adoption.imports == [
        ("aws_dynamodb_table.prod_orders", "prod-orders"),
        (
            "aws_dynamodb_global_secondary_index.ByStatus",
            "arn:aws:dynamodb:us-east-1:123456789012:table/prod-orders/index/ByStatus",
        ),
    ]
    assert adoption.cannot_represent == []
    # The full resolved profile, in catalogue order, without environment.
    assert "environment:" not in adoption.profile_yaml
    text = adoption.profile_yaml
    assert (
        text.index("description:")
        < text.index("table:")
        < text.index("prod_orders_table_name:")
        < text.index("common_tags:")
    )


def test_provisioned_table_with_autoscaling_imports_targets_and_the_policies_named_as_the_module_names_them(
    clients, tmp_path
):
    create(
        "orders",
        ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 7},
        GlobalSecondaryIndexes=[index("ByStatus", "status", capacity=(7, 7))],
    )
    targets = {
        ("table/orders", "dynamodb:table:ReadCapacityUnits"): (5, 50),
        ("table/orders", "dynamodb:table:WriteCapacityUnits"): (5, 40),
        ("table/orders/index/ByStatus", "dynamodb:index:ReadCapacityUnits"): (2, 20),
        ("table/orders/index/ByStatus", "dynamodb:index:WriteCapacityUnits"): (5, 40),
    }
    for (resource_id, dimension), (low, high) in targets.items():
        register(resource_id, dimension, low, high)
        metric = "DynamoDBReadCapacityUtilization" if "Read" in dimension else "DynamoDBWriteCapacityUtilization"
        # The index's reads track a target of their own; every policy waits 300 s to scale in, 30 s out.
        own = 45.0 if resource_id.endswith("ByStatus") and "Read" in dimension else 60.0
        track(resource_id, dimension, metric, own, cooldowns=(300, 30))
    # A policy of another name (as another tool names them): the module cannot import it.
    track(
        "table/orders",
        "dynamodb:table:ReadCapacityUnits",
        "DynamoDBReadCapacityUtilization",
        60.0,
        name="orders-read-scaling",
    )

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    # The module's capacity input is the autoscaling minimum: the live 7 is ignored then.
    assert (values["read_capacity"], values["write_capacity"]) == (5, 5)
    assert (values["autoscaling_read_max_capacity"], values["autoscaling_write_max_capacity"]) == (50, 40)
    assert (values["autoscaling_read_target_value"], values["autoscaling_write_target_value"]) == (60, 60)
    # The cooldowns are kept, not reset.
    assert (values["autoscaling_scale_in_cooldown"], values["autoscaling_scale_out_cooldown"]) == (300, 30)
    assert not any("Cooldown" in note for note in adoption.cannot_represent), adoption.cannot_represent
    assert values["enable_autoscaling"] is True
    by_status = load_profile(str(tmp_path / "adopted.yaml")).design.as_profile()["global_secondary_indexes"]["ByStatus"]
    assert by_status == {
        "hash_key": "status",
        "projection": "ALL",
        "read_capacity": 2,
        "autoscaling_read_max_capacity": 20,
        "autoscaling_read_target_value": 45,  # its own, kept in the design
    }

    imports = dict(adoption.imports)
    for key, target_id in (
        ("table_read", "dynamodb/table/orders/dynamodb:table:ReadCapacityUnits"),
        ("table_write", "dynamodb/table/orders/dynamodb:table:WriteCapacityUnits"),
        ("ByStatus_read", "dynamodb/table/orders/index/ByStatus/dynamodb:index:ReadCapacityUnits"),
        ("ByStatus_write", "dynamodb/table/orders/index/ByStatus/dynamodb:index:WriteCapacityUnits"),
    ):
        assert imports[f'aws_appautoscaling_target.capacity["{key}"]'] == target_id
        metric = "DynamoDBReadCapacityUtilization" if key.endswith("read") else "DynamoDBWriteCapacityUtilization"
        resource_id = target_id.split("/dynamodb:")[0].removeprefix("dynamodb/")
        assert imports[f'aws_appautoscaling_policy.capacity["{key}"]'] == f"{target_id}/{metric}:{resource_id}"
    assert not any("scaling" in item for item in adoption.creates)
    [named] = [item for item in adoption.cannot_represent if "orders-read-scaling" in item]
    assert "creates its own" in named
    assert (
        "aws application-autoscaling delete-scaling-policy --service-namespace dynamodb --resource-id table/orders "
        "--scalable-dimension dynamodb:table:ReadCapacityUnits --policy-name orders-read-scaling"
    ) in named
    # moto's targets have no tags: the module's tags (the table's) replace them.
    assert any(
        item.startswith(
            "scaling targets table_read, table_write, ByStatus_read, ByStatus_write have tags other than the table's"
        )
        for item in adoption.cannot_represent
    )
    clients.target_tags = {target["ScalableTargetARN"]: {"Environment": "production"} for target in _targets()}
    assert not any(item.startswith("scaling targets") for item in adopt("orders", clients=clients).cannot_represent)


def _targets():
    return aws("application-autoscaling").describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]


def test_a_read_scaling_target_alone_is_left_alone_and_the_capacity_kept(clients, tmp_path):
    create("orders", ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3})
    register("table/orders", "dynamodb:table:ReadCapacityUnits", 5, 50)
    track("table/orders", "dynamodb:table:ReadCapacityUnits", "DynamoDBReadCapacityUtilization", 70.0)

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert values["enable_autoscaling"] is False
    assert (values["read_capacity"], values["write_capacity"]) == (7, 3)
    assert any(
        item.startswith("scaling target table/orders dynamodb:table:ReadCapacityUnits (min 5, max 50)")
        for item in adoption.cannot_represent
    )
    assert any(
        item.startswith("scaling policy DynamoDBReadCapacityUtilization:table/orders: on a scaling target")
        for item in adoption.cannot_represent
    )
    assert [address for address, _ in adoption.imports] == ["aws_dynamodb_table.orders"]


def test_an_index_without_scaling_target_is_pinned_at_its_capacity_and_named(clients, tmp_path):
    create(
        "orders",
        ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 7},
        GlobalSecondaryIndexes=[index("ByStatus", "status", capacity=(3, 4))],
    )
    for dimension, metric in (
        ("ReadCapacityUnits", "DynamoDBReadCapacityUtilization"),
        ("WriteCapacityUnits", "DynamoDBWriteCapacityUtilization"),
    ):
        register("table/orders", f"dynamodb:table:{dimension}", 5, 50)
        track("table/orders", f"dynamodb:table:{dimension}", metric, 70.0)

    adoption = adopt("orders", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "orders", clients)
    assert profile.design.as_profile()["global_secondary_indexes"]["ByStatus"] == {
        "hash_key": "status",
        "projection": "ALL",
        "read_capacity": 3,
        "write_capacity": 4,
        "autoscaling_read_max_capacity": 3,
        "autoscaling_write_max_capacity": 4,
    }
    assert sum("index ByStatus has no" in item for item in adoption.cannot_represent) == 2
    assert "2 scaling targets: ByStatus_read, ByStatus_write" in adoption.creates
    assert any(
        item.startswith(
            "2 target tracking scaling policies: DynamoDBReadCapacityUtilization:table/orders/index/ByStatus"
        )
        for item in adoption.creates
    )


def test_recovery_period_stream_tags_and_table_class(clients, tmp_path):
    create(
        "events",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        DeletionProtectionEnabled=True,
        tags=ENV + [{"Key": "Team", "Value": "core"}, {"Key": "aws:cloudformation:stack-name", "Value": "legacy"}],
    )
    aws("dynamodb").update_continuous_backups(
        TableName="events",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7},
    )
    # moto keeps no table class: DescribeTable gets the TableClassSummary AWS returns.
    clients.table_extra[(REGION, "events")] = {"TableClassSummary": {"TableClass": "STANDARD_INFREQUENT_ACCESS"}}

    adoption = adopt("events", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "events", clients).values
    assert (values["point_in_time_recovery_enabled"], values["point_in_time_recovery_period_in_days"]) == (True, 7)
    assert (values["stream_enabled"], values["stream_view_type"]) == (True, "KEYS_ONLY")
    assert values["table_class"] == "STANDARD_INFREQUENT_ACCESS"
    assert values["prevent_destroy"] is True
    assert values["common_tags"] == {"Environment": "production", "Team": "core"}
    assert values["ttl_enabled"] is False and values["ttl_attribute_name"] == "ttl"  # off: the default name stays
    assert any("aws:cloudformation:stack-name" in item and "leaves them" in item for item in adoption.cannot_represent)


def test_on_demand_limits(clients, tmp_path):
    table = create("limited", GlobalSecondaryIndexes=[index("ByStatus", "status")])
    # moto keeps no on-demand limits: DescribeTable gets them as AWS gives them (-1: no limit).
    indexes = [
        {
            **table["GlobalSecondaryIndexes"][0],
            "OnDemandThroughput": {"MaxReadRequestUnits": 40, "MaxWriteRequestUnits": 20},
        }
    ]
    clients.table_extra[(REGION, "limited")] = {
        "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1},
        "GlobalSecondaryIndexes": indexes,
    }

    adoption = adopt("limited", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "limited", clients)
    assert profile.values["on_demand_throughput"] == {"max_read_request_units": 100, "max_write_request_units": None}
    assert profile.design.global_indexes[0].on_demand_throughput == {
        "max_read_request_units": 40,
        "max_write_request_units": 20,
    }
    assert "on_demand_throughput:\n  max_read_request_units: 100\nwarm" in adoption.profile_yaml  # no null written
    # Capacity alarms against the limits that are set.
    created = " ".join(adoption.creates)
    assert "limited-read-capacity, limited-ByStatus-read-throttle" in created
    assert "limited-ByStatus-read-capacity, limited-ByStatus-write-capacity, limited-user-errors" in created
    assert "limited-write-capacity" not in created


# A global index with multi-attribute keys as DescribeTable answers it (API Reference,
# GlobalSecondaryIndexDescription; KeySchema lists every HASH entry, in key order, before every
# RANGE entry). moto 5 cannot create one, so the answer is recorded here.
MULTI_ATTRIBUTE_INDEX = {
    "IndexName": "ByTournament",
    "KeySchema": [
        {"AttributeName": "tournament", "KeyType": "HASH"},
        {"AttributeName": "region", "KeyType": "HASH"},
        {"AttributeName": "round", "KeyType": "RANGE"},
        {"AttributeName": "bracket", "KeyType": "RANGE"},
    ],
    "Projection": {"ProjectionType": "ALL"},
    "IndexStatus": "ACTIVE",
    "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
    "IndexSizeBytes": 0,
    "ItemCount": 0,
    "IndexArn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/matches/index/ByTournament",
    "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"},
}


def _multi_attribute_table(clients):
    create("matches", GlobalSecondaryIndexes=[index("ByTournament", "tournament")])
    clients.table_extra[(REGION, "matches")] = {
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in (("pk", "S"), ("bracket", "N"), ("region", "S"), ("round", "S"), ("tournament", "S"))
        ],
        "GlobalSecondaryIndexes": [MULTI_ATTRIBUTE_INDEX],
    }


def test_a_multi_attribute_index_is_taken_on_provider_6_in_key_order(clients, tmp_path):
    _multi_attribute_table(clients)

    adoption = adopt("matches", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "matches", clients)
    (found,) = profile.design.global_indexes
    assert (found.hash_keys, found.range_keys) == (("tournament", "region"), ("round", "bracket"))
    assert found.warm_throughput is None  # DynamoDB's default, 12000 and 4000: left to AWS, as the table's
    assert profile.design.attributes == {"pk": "S", "tournament": "S", "region": "S", "round": "S", "bracket": "N"}
    written = yaml.safe_load(adoption.profile_yaml)["table"]["global_secondary_indexes"]["ByTournament"]
    assert (written["hash_key"], written["range_key"]) == (["tournament", "region"], ["round", "bracket"])
    assert ("aws_dynamodb_global_secondary_index.ByTournament", MULTI_ATTRIBUTE_INDEX["IndexArn"]) in adoption.imports
    rendered = render(profile, tmp_path / "module")["indexes.tf"].decode()
    names = [line.split('"')[1] for line in rendered.splitlines() if "attribute_name" in line]
    assert names == ["tournament", "region", "round", "bracket"]


def test_a_multi_attribute_index_is_refused_on_provider_5_in_one_line(clients):
    _multi_attribute_table(clients)

    with pytest.raises(AdoptError) as raised:
        adopt("matches", clients=clients, aws_provider=5)

    message = str(raised.value)
    assert (
        "index ByTournament has a multi-attribute key (tournament HASH, region HASH, round RANGE, bracket RANGE), "
        in message
    )
    assert "which needs AWS provider 6.29 or later" in message and "\n" not in message


def _warm_index_table(clients, reads, writes):
    table = create("warm", GlobalSecondaryIndexes=[index("ByStatus", "status")])
    warm = {"ReadUnitsPerSecond": reads, "WriteUnitsPerSecond": writes, "Status": "ACTIVE"}
    clients.table_extra[(REGION, "warm")] = {
        "GlobalSecondaryIndexes": [{**table["GlobalSecondaryIndexes"][0], "WarmThroughput": warm}]
    }


def test_an_index_warm_throughput_above_the_default_is_taken_on_provider_6(clients, tmp_path):
    _warm_index_table(clients, 20000, 4000)

    adoption = adopt("warm", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "warm", clients)
    assert profile.design.global_indexes[0].warm_throughput == {
        "read_units_per_second": 20000,
        "write_units_per_second": 4000,
    }
    assert (
        "warm_throughput = {\n    read_units_per_second  = 20000"
        in render(profile, tmp_path / "m")["indexes.tf"].decode()
    )
    assert any("taken into the design" in note for note in adoption.cannot_represent)


def test_an_index_warm_throughput_is_named_and_left_alone_on_provider_5(clients, tmp_path):
    _warm_index_table(clients, 20000, 4000)

    adoption = adopt("warm", clients=clients, aws_provider=5)

    profile = assert_round_trip(adoption, tmp_path, "warm", clients, line=5)
    assert profile.design.global_indexes[0].warm_throughput is None
    (note,) = [note for note in adoption.cannot_represent if "warm throughput" in note]
    assert "index ByStatus: warm throughput of 20000 reads and 4000 writes a second: provider 5 cannot" in note


@pytest.mark.parametrize("type_index", [True, False])
def test_the_specifications_notifications_design_needs_no_table_section(clients, tmp_path, type_index):
    indexes = {"GlobalSecondaryIndexes": [index("TypeIndex", "PK", "TypeSK")]} if type_index else {}
    create("user-notifications-prod", (("PK", "S", "HASH"), ("SK", "S", "RANGE")), **indexes)

    adoption = adopt("user-notifications-prod", clients=clients)

    profile = assert_round_trip(adoption, tmp_path, "user-notifications-prod", clients)
    assert "\ntable:" not in adoption.profile_yaml
    assert profile.design.builtin
    assert profile.values["enable_type_index"] is type_index
    assert profile.values["notifications_table_name"] == "user-notifications-prod"
    assert adoption.imports[0] == ("aws_dynamodb_table.notifications", "user-notifications-prod")


def test_a_type_index_unlike_the_specifications_makes_a_design_of_its_own(clients, tmp_path):
    create(
        "notes",
        (("PK", "S", "HASH"), ("SK", "S", "RANGE")),
        GlobalSecondaryIndexes=[index("TypeIndex", "PK", "TypeSK", "KEYS_ONLY")],
    )

    adoption = adopt("notes", clients=clients, name="notes_v2")

    profile = assert_round_trip(adoption, tmp_path, "notes", clients, name="notes_v2")
    assert profile.design.name == "notes_v2" and not profile.design.builtin
    assert profile.values["notes_v2_table_name"] == "notes"


def test_extends_writes_only_what_differs_from_the_parent(clients, tmp_path):
    create(
        "orders",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        DeletionProtectionEnabled=True,
    )
    aws("dynamodb").update_continuous_backups(
        TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )

    adoption = adopt("orders", clients=clients, extends="production")

    profile = assert_round_trip(adoption, tmp_path, "orders", clients)
    document = yaml.safe_load(adoption.profile_yaml)
    assert document["extends"] == "production"
    # What production resolves to for this design: the written profile holds only what differs.
    parent = write_profile(tmp_path, "parent", yaml.safe_dump({"extends": "production", "table": document["table"]}))
    baseline = load_profile(str(parent)).values
    inputs = {key for key in document if key not in ("extends", "description", "table")}
    assert inputs == {key for key, value in profile.values.items() if value != baseline[key]}
    assert "ttl_enabled" in inputs and "point_in_time_recovery_period_in_days" in inputs
    assert "stream_enabled" not in inputs and "prevent_destroy" not in inputs


def test_extends_a_profile_file_is_written_relative_to_where_the_profile_goes(clients, tmp_path):
    create("orders")
    (tmp_path / ".git").mkdir()
    (tmp_path / "base").mkdir()
    write_profile(
        tmp_path / "base", "team", "extends: development\nalarm_sns_topic_arn: arn:aws:sns:us-east-1:123456789012:ops\n"
    )
    (tmp_path / "adopted").mkdir()

    adoption = adopt(
        "orders",
        clients=clients,
        extends=str(tmp_path / "base" / "team.yaml"),
        profile_path=tmp_path / "adopted" / "orders.yaml",
    )

    assert "extends: ../base/team.yaml\n" in adoption.profile_yaml
    path = write_profile(tmp_path / "adopted", "orders", adoption.profile_yaml)
    profile = load_profile(str(path))
    assert profile.values["alarm_sns_topic_arn"] == "arn:aws:sns:us-east-1:123456789012:ops"
    read = read_values("orders", clients)
    assert {key: profile.values[key] for key in read} == read


def test_extends_a_parent_with_a_tag_the_table_lacks_is_refused(clients, tmp_path):
    create("orders")
    parent = write_profile(tmp_path, "team", "common_tags: {Team: core}\n")

    with pytest.raises(AdoptError, match=r"it sets tags Team, which the table does not have") as caught:
        adopt("orders", clients=clients, extends=str(parent))
    assert "\n" not in str(caught.value)


def test_aws_provider_5_and_moved_from(clients, tmp_path):
    create("orders")

    adoption = adopt("orders", clients=clients, aws_provider=5, moved_from="this")

    profile = assert_round_trip(adoption, tmp_path, "orders", clients, line=5)
    assert profile.aws_provider == 5
    assert "aws_provider: 5\n" in adoption.profile_yaml
    assert "moved_from:\n  module: terraform-aws-modules/dynamodb-table\n  table: this\n" in adoption.profile_yaml
    # The moved blocks take the table over: no import block for it.
    assert [address for address, _ in adoption.imports if address.startswith("aws_dynamodb_table.")] == []
    assert "contributor_insights_mode" not in adoption.profile_yaml and "warm_throughput" not in adoption.profile_yaml


def test_moved_from_names_the_public_modules_table_copy(clients):
    create("orders")

    with pytest.raises(
        AdoptError, match=r"--moved-from autoscaled_too: must name .*this, autoscaled, autoscaled_gsi_ignore"
    ):
        adopt("orders", clients=clients, moved_from="autoscaled_too")


# -- refusals ---------------------------------------------------------------


def test_a_table_on_the_dynamodb_owned_key_is_refused(clients):
    create("plain", encrypted=False)
    # moto, like AWS, describes a table on the AWS owned key without SSEDescription.
    assert "SSEDescription" not in aws("dynamodb").describe_table(TableName="plain")["Table"]

    with pytest.raises(AdoptError) as caught:
        adopt("plain", clients=clients)

    message = str(caught.value)
    assert message.startswith("cannot adopt table plain: it is encrypted with an AWS owned key")
    assert "aws dynamodb update-table --table-name plain --sse-specification Enabled=true,SSEType=KMS" in message
    assert "\n" not in message and "None" not in message


def test_a_table_without_an_environment_tag_is_adopted_and_the_tag_apply_adds_is_named(clients):
    create("untagged", tags=[{"Key": "Team", "Value": "core"}])

    adoption = adopt("untagged", clients=clients)
    (note,) = [note for note in adoption.cannot_represent if note.startswith("tag Environment:")]
    assert "apply adds it to the table" in note
    assert "aws dynamodb tag-resource --resource-arn arn:aws:dynamodb:us-east-1:" in note


def test_a_legacy_global_table_is_refused(clients):
    create("legacy")
    clients.table_extra[(REGION, "legacy")] = {"GlobalTableVersion": "2017.11.29"}

    with pytest.raises(AdoptError, match=r"version 2017\.11\.29 \(legacy\) global table"):
        adopt("legacy", clients=clients)


def test_an_index_named_table_is_refused(clients):
    create("orders", GlobalSecondaryIndexes=[index("table", "status")])

    with pytest.raises(AdoptError, match="it has an index named table"):
        adopt("orders", clients=clients)


def test_a_missing_table_is_named(clients):
    with pytest.raises(AdoptError, match="table nothing-here not found in us-east-1"):
        adopt("nothing-here", clients=clients)


def test_without_boto3_adopt_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)

    with pytest.raises(AdoptError, match=r"pip install 'ddbgen\[adopt\]'"):
        read_table("orders")


def test_importing_adopt_does_not_import_boto3():
    code = "import sys, generator.adopt.adopt, generator.adopt.aws; sys.exit('boto3' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


# -- read-only --------------------------------------------------------------


def test_adopt_only_describes_lists_and_gets(clients, tmp_path):
    create(
        "orders",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        GlobalSecondaryIndexes=[index("ByStatus", "status", capacity=(5, 5))],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    for resource_id, kind in (("table/orders", "table"), ("table/orders/index/ByStatus", "index")):
        for unit in ("Read", "Write"):
            register(resource_id, f"dynamodb:{kind}:{unit}CapacityUnits", 5, 50)
            track(resource_id, f"dynamodb:{kind}:{unit}CapacityUnits", f"DynamoDB{unit}CapacityUtilization", 70.0)
    arn = aws("dynamodb").describe_table(TableName="orders")["Table"]["TableArn"]
    aws("dynamodb").put_resource_policy(ResourceArn=arn, Policy=json.dumps(_policy(arn)))
    clients.calls.clear()

    adopt("orders", clients=clients)

    assert clients.calls
    assert all(call.startswith(("Describe", "List", "Get")) for call in clients.calls), clients.calls
    assert {
        "DescribeTable",
        "DescribeTimeToLive",
        "DescribeContinuousBackups",
        "ListTagsOfResource",
        "DescribeKey",
        "ListAliases",
        "DescribeContributorInsights",
        "GetResourcePolicy",
        "DescribeKinesisStreamingDestination",
        "DescribeScalableTargets",
        "DescribeScalingPolicies",
        "ListTagsForResource",
    } <= set(clients.calls)


# -- import blocks ------------------------------------------------------------


def test_import_blocks_parse_and_are_laid_out_as_terraform_fmt_writes_them(clients):
    create("orders", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})

    adoption = adopt("orders", clients=clients, module="orders_table")

    assert imports_of(adoption) == [
        (f"module.orders_table.{address}", import_id) for address, import_id in adoption.imports
    ]
    blocks = adoption.import_blocks.split("\n\n")
    assert all(line.startswith("# ") for line in blocks[0].splitlines())
    assert (
        blocks[1].rstrip("\n") == 'import {\n  to = module.orders_table.aws_dynamodb_table.orders\n  id = "orders"\n}'
    )
    assert adoption.import_blocks.endswith("}\n") and "\n\n\n" not in adoption.import_blocks


def test_contributor_insights_on_everywhere_imports_each_with_the_account(clients, tmp_path):
    create("orders", GlobalSecondaryIndexes=[index("ByStatus", "status")])
    for index_name in ("", "ByStatus"):
        clients.insights[("orders", index_name)] = {
            "ContributorInsightsStatus": "ENABLED",
            "ContributorInsightsMode": "THROTTLED_KEYS",
        }

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert values["enable_contributor_insights"] is True
    assert values["contributor_insights_mode"] == "THROTTLED_KEYS"
    assert (
        dict(imports_of(adoption))['module.dynamodb.aws_dynamodb_contributor_insights.table["table"]']
        == f"name:orders/index:/{ACCOUNT}"
    )
    assert (
        dict(adoption.imports)['aws_dynamodb_contributor_insights.table["ByStatus"]']
        == f"name:orders/index:ByStatus/{ACCOUNT}"
    )
    assert not any("Contributor Insights" in item for item in adoption.creates)


def test_contributor_insights_on_the_table_only_is_named_and_left_alone(clients, tmp_path):
    create("orders", GlobalSecondaryIndexes=[index("ByStatus", "status")])
    clients.insights[("orders", "")] = {"ContributorInsightsStatus": "ENABLED"}

    adoption = adopt("orders", clients=clients)

    assert assert_round_trip(adoption, tmp_path, "orders", clients).values["enable_contributor_insights"] is False
    assert any(item.startswith("Contributor Insights is on for the table only") for item in adoption.cannot_represent)
    assert not any("contributor_insights" in address for address, _ in adoption.imports)


def _policy(resource):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "dynamodb:GetItem",
                "Resource": [resource, f"{resource}/index/*"],
            }
        ],
    }


def test_resource_policies_are_written_with_placeholders_and_imported(clients, tmp_path):
    table = create("orders", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    arn, stream_arn = table["TableArn"], table["LatestStreamArn"]
    dynamodb = aws("dynamodb")
    dynamodb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(_policy(arn)))
    clients.stream_policies[stream_arn] = json.dumps(_policy(stream_arn))

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert json.loads(values["resource_policy"]) == _policy("__DYNAMODB_TABLE_ARN__")
    assert json.loads(values["stream_resource_policy"]) == _policy("__DYNAMODB_STREAM_ARN__")
    assert "__DYNAMODB_TABLE_ARN__/index/*" in adoption.profile_yaml  # a mapping, readable
    imports = dict(adoption.imports)
    assert imports['aws_dynamodb_resource_policy.table["table"]'] == arn
    assert imports['aws_dynamodb_resource_policy.table_stream["table"]'] == stream_arn


def test_a_customer_managed_key_is_kept(clients, tmp_path):
    key = aws("kms").create_key(Description="orders")["KeyMetadata"]["Arn"]
    create("orders", encrypted=False, SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key})

    adoption = adopt("orders", clients=clients)

    assert assert_round_trip(adoption, tmp_path, "orders", clients).values["kms_key_arn"] == key


def _global_table(clients, replica_policy=None):
    """orders in us-east-1 with a replica in eu-west-1 (moto has no replicas: DescribeTable says so, as AWS would)."""
    stream = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    table = create("orders", StreamSpecification=stream, DeletionProtectionEnabled=True)
    replica = create("orders", region="eu-west-1", StreamSpecification=stream, DeletionProtectionEnabled=True)
    aws("dynamodb").update_continuous_backups(
        TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    clients.table_extra[(REGION, "orders")] = {
        "GlobalTableVersion": "2019.11.21",
        "Replicas": [{"RegionName": "eu-west-1", "ReplicaStatus": "ACTIVE"}],
    }
    aws("dynamodb").put_resource_policy(ResourceArn=table["TableArn"], Policy=json.dumps(_policy(table["TableArn"])))
    if replica_policy is not None:
        aws("dynamodb", "eu-west-1").put_resource_policy(
            ResourceArn=replica["TableArn"], Policy=json.dumps(replica_policy(replica["TableArn"]))
        )
    return table, replica


def test_replicas_are_read_in_their_regions(clients, tmp_path):
    _table, replica = _global_table(clients, replica_policy=_policy)

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert values["replica_regions"] == [
        {
            "region_name": "eu-west-1",
            "kms_key_arn": None,  # eu-west-1's aws/dynamodb
            "point_in_time_recovery": False,  # the table has it, the replica not
            "propagate_tags": None,  # same tags
            "deletion_protection_enabled": None,  # as the table
            "consistency_mode": None,
        }
    ]
    assert (
        "  point_in_time_recovery: false\n" in adoption.profile_yaml and "propagate_tags" not in adoption.profile_yaml
    )
    imports = dict(adoption.imports)
    assert imports['aws_dynamodb_resource_policy.table["eu-west-1"]'] == f"{replica['TableArn']}@eu-west-1"
    assert "orders-replication-latency-eu-west-1" in " ".join(adoption.creates)


def _strongly_consistent_table(clients):
    """orders in us-east-1, one STRONG replica in us-west-2 and a witness in us-east-2.

    moto returns neither MultiRegionConsistency nor GlobalTableWitnesses: DescribeTable's answer is
    completed as the API reference shapes it (TableDescription.GlobalTableWitnesses, a list of
    GlobalTableWitnessDescription: RegionName, WitnessStatus CREATING | DELETING | ACTIVE).
    """
    stream = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    create("orders", StreamSpecification=stream, DeletionProtectionEnabled=True)
    create("orders", region="us-west-2", StreamSpecification=stream, DeletionProtectionEnabled=True)
    clients.table_extra[(REGION, "orders")] = {
        "GlobalTableVersion": "2019.11.21",
        "MultiRegionConsistency": "STRONG",
        "Replicas": [{"RegionName": "us-west-2", "ReplicaStatus": "ACTIVE"}],
        "GlobalTableWitnesses": [{"RegionName": "us-east-2", "WitnessStatus": "ACTIVE"}],
    }


def test_a_witness_is_taken_on_provider_6(clients, tmp_path):
    _strongly_consistent_table(clients)

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert values["global_table_witness"] == {"region_name": "us-east-2"}
    assert [(item["region_name"], item["consistency_mode"]) for item in values["replica_regions"]] == [
        ("us-west-2", "STRONG")
    ]
    assert "global_table_witness:\n  region_name: us-east-2\n" in adoption.profile_yaml
    assert not any("witness" in item for item in adoption.cannot_represent)


def test_a_witness_is_named_on_provider_5(clients, tmp_path):
    _strongly_consistent_table(clients)

    adoption = adopt("orders", clients=clients, aws_provider=5)

    assert "global_table_witness" not in assert_round_trip(adoption, tmp_path, "orders", clients, line=5).values
    assert any("witness in us-east-2" in item and "provider 5" in item for item in adoption.cannot_represent)


def test_a_table_without_a_witness_has_none(clients, tmp_path):
    _global_table(clients)
    values = assert_round_trip(adopt("orders", clients=clients), tmp_path, "orders", clients).values
    assert values["global_table_witness"] is None


def test_a_replica_with_a_resource_policy_of_its_own_is_refused_on_provider_6(clients):
    _global_table(clients, replica_policy=lambda arn: {**_policy(arn), "Version": "2008-10-17"})

    with pytest.raises(AdoptError, match="replica in eu-west-1 has a resource policy other than the table's"):
        adopt("orders", clients=clients)


def test_a_replica_policy_is_left_alone_on_provider_5(clients, tmp_path):
    _global_table(clients, replica_policy=lambda arn: {**_policy(arn), "Version": "2008-10-17"})

    adoption = adopt("orders", clients=clients, aws_provider=5)

    assert_round_trip(adoption, tmp_path, "orders", clients, line=5)
    assert any(
        item.startswith("replica in eu-west-1: its resource policy is left alone") for item in adoption.cannot_represent
    )


# -- what adopt names -----------------------------------------------------------


def test_the_active_kinesis_destination_is_taken_and_imported(clients, tmp_path):
    create("orders")
    stream = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/orders"
    old = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/orders-before"
    clients.kinesis["orders"] = [
        {"StreamArn": old, "DestinationStatus": "DISABLED"},
        {"StreamArn": stream, "DestinationStatus": "ACTIVE", "ApproximateCreationDateTimePrecision": "MICROSECOND"},
    ]

    adoption = adopt("orders", clients=clients)

    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert (values["kinesis_streaming_enabled"], values["kinesis_stream_arn"]) == (True, stream)
    assert ("aws_dynamodb_kinesis_streaming_destination.table[0]", f"orders,{stream}") in adoption.imports
    assert not any(old in item for item in adoption.cannot_represent + [str(adoption.imports)])
    # Its precision is taken (a change would replace the destination), not named.
    assert values["kinesis_approximate_creation_date_time_precision"] == "MICROSECOND"
    assert "kinesis_approximate_creation_date_time_precision: MICROSECOND\n" in adoption.profile_yaml
    assert not any("precision" in item or "microsecond" in item for item in adoption.cannot_represent)


def test_no_kinesis_destination_leaves_kinesis_stream_arn_null(clients, tmp_path):
    create("orders")
    adoption = adopt("orders", clients=clients)
    values = assert_round_trip(adoption, tmp_path, "orders", clients).values
    assert (values["kinesis_streaming_enabled"], values["kinesis_stream_arn"]) == (False, None)
    assert values["kinesis_approximate_creation_date_time_precision"] is None
    assert not any("kinesis" in address for address, _ in adoption.imports)


def test_unsupported_or_denied_reads_leave_things_alone_and_say_so(clients, tmp_path):
    create("orders")
    dynamodb = clients("dynamodb")

    def unsupported(**_params):
        raise ClientError(
            {"Error": {"Code": "UnknownOperationException", "Message": ""}}, "DescribeContributorInsights"
        )

    def denied(**_params):
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "GetResourcePolicy")

    dynamodb.describe_contributor_insights = unsupported
    dynamodb.get_resource_policy = denied

    adoption = adopt("orders", clients=clients)

    assert any(
        item.startswith("Contributor Insights could not be read (dynamodb:DescribeContributorInsights is not supported")
        for item in adoption.cannot_represent
    )
    assert any(
        item.startswith("resource policy could not be read (dynamodb:GetResourcePolicy was denied)")
        for item in adoption.cannot_represent
    )
    profile = loaded(adoption, tmp_path)
    assert profile.values["enable_contributor_insights"] is False and profile.values["resource_policy"] is None


def test_an_optional_read_the_endpoint_fails_is_named_and_adopt_goes_on(clients, tmp_path):
    """moto without the project's fills answers DescribeKinesisStreamingDestination with an HTTP 500."""
    create("orders")

    def server_error(**_params):
        error = {"Error": {"Code": "500", "Message": "<title>500 Internal Server Error</title>"}}
        raise ClientError({**error, "ResponseMetadata": {"HTTPStatusCode": 500}}, "DescribeKinesisStreamingDestination")

    clients("dynamodb").describe_kinesis_streaming_destination = server_error

    adoption = adopt("orders", clients=clients)

    assert (
        "Kinesis streaming destinations could not be read (dynamodb:DescribeKinesisStreamingDestination failed (500)): "
        "kinesis_streaming_enabled is false, so the module manages none; set it and kinesis_stream_arn to keep a "
        "destination the table has"
    ) in adoption.cannot_represent
    loaded(adoption, tmp_path)


def test_a_needed_read_that_fails_stops_adopt_naming_the_action(clients):
    create("orders")

    def denied(**_params):
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "DescribeTimeToLive")

    clients("dynamodb").describe_time_to_live = denied

    with pytest.raises(
        AdoptError, match=r"dynamodb:DescribeTimeToLive was denied in us-east-1; grant dynamodb:DescribeTimeToLive"
    ):
        adopt("orders", clients=clients)


@pytest.mark.parametrize("operation", ["describe_scalable_targets", "describe_scaling_policies"])
def test_scaling_reads_a_provisioned_table_needs_stop_adopt(clients, operation):
    """Provisioned, the answer decides enable_autoscaling (fixed at generation) and the target values."""
    create("orders", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    for unit in ("Read", "Write"):
        register("table/orders", f"dynamodb:table:{unit}CapacityUnits", 5, 50)
    action = "".join(word.title() for word in operation.split("_"))

    def denied(**_params):
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, action)

    setattr(clients("application-autoscaling"), operation, denied)

    with pytest.raises(
        AdoptError,
        match=rf"its Application Auto Scaling could not be read \(application-autoscaling:{action} was denied\)",
    ):
        adopt("orders", clients=clients)


def test_scaling_reads_an_on_demand_table_does_without(clients):
    create("orders")

    def denied(**_params):
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "DescribeScalableTargets")

    clients("application-autoscaling").describe_scalable_targets = denied

    adoption = adopt("orders", clients=clients)

    assert any(item.startswith("Application Auto Scaling could not be read") for item in adoption.cannot_represent)


def test_creates_names_the_alarms_and_iam_policies(clients):
    create("orders", GlobalSecondaryIndexes=[index("ByStatus", "status")])

    adoption = adopt("orders", clients=clients)

    assert adoption.creates == [
        "6 CloudWatch alarms: orders-read-throttle, orders-write-throttle, orders-ByStatus-read-throttle, "
        "orders-ByStatus-write-throttle, orders-user-errors, orders-system-errors",
        "2 IAM policies: orders-us-east-1-access, orders-us-east-1-read-only",
    ]


def test_the_profile_is_the_same_bytes_for_the_same_table(clients):
    create("orders", GlobalSecondaryIndexes=[index("ByStatus", "status")])

    first, second = adopt("orders", clients=clients), adopt("orders", clients=clients)

    assert first == second
    assert first.profile_yaml.startswith("# Profile of DynamoDB table orders in us-east-1 (account 123456789012)")


@pytest.mark.parametrize(
    "table_name, logical",
    [
        ("prod-orders", "prod_orders"),
        ("ProdOrders", "prod_orders"),
        ("user.events.v2", "user_events_v2"),
        ("2024-logs", "table_2024_logs"),
    ],
)
def test_the_design_name_comes_from_the_table_name(table_name, logical):
    assert mapping.logical_name(table_name) == logical
