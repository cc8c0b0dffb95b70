"""The gap filler in front of moto answers as AWS would, and keeps what is set.

Names here are this module's own, so nothing meets the examples' resources.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

pytestmark = [pytest.mark.terraform, pytest.mark.moto]

TABLE = "gap-filler-check"


def _create_table(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "TypeSK", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "TypeIndex",
                "KeySchema": [
                    {"AttributeName": "PK", "KeyType": "HASH"},
                    {"AttributeName": "TypeSK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )


@pytest.fixture
def table(aws: Callable[..., Any]) -> Iterator[str]:
    dynamodb = aws("dynamodb")
    _create_table(dynamodb)
    yield TABLE
    dynamodb.delete_table(TableName=TABLE)


def _error_code(call: Callable[[], Any]) -> str:
    return _error(call)[0]


def _error(call: Callable[[], Any]) -> tuple[str, str]:
    """The error code and message AWS (here, the fill) answers ``call`` with."""
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_scalable_target_tags_are_kept_from_registration_on(aws: Callable[..., Any], table: str) -> None:
    autoscaling = aws("application-autoscaling")
    target = {
        "ServiceNamespace": "dynamodb",
        "ResourceId": f"table/{table}",
        "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
    }
    arn = autoscaling.register_scalable_target(**target, MinCapacity=1, MaxCapacity=5, Tags={"Team": "platform"})[
        "ScalableTargetARN"
    ]
    assert autoscaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Team": "platform"}

    autoscaling.tag_resource(ResourceARN=arn, Tags={"Stage": "test", "Team": "data"})
    autoscaling.untag_resource(ResourceARN=arn, TagKeys=["Stage", "Absent"])
    assert autoscaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Team": "data"}

    autoscaling.deregister_scalable_target(**target)
    assert _error_code(lambda: autoscaling.list_tags_for_resource(ResourceARN=arn)) == "ResourceNotFoundException"
    assert (
        _error_code(lambda: autoscaling.tag_resource(ResourceARN=arn, Tags={"A": "b"})) == "ResourceNotFoundException"
    )


def test_contributor_insights_are_kept_per_table_and_index(aws: Callable[..., Any], table: str) -> None:
    dynamodb = aws("dynamodb")

    def status(**index: str) -> str:
        return dynamodb.describe_contributor_insights(TableName=table, **index)["ContributorInsightsStatus"]

    assert (status(), status(IndexName="TypeIndex")) == ("DISABLED", "DISABLED")
    answer = dynamodb.update_contributor_insights(
        TableName=table, IndexName="TypeIndex", ContributorInsightsAction="ENABLE"
    )
    assert answer["ContributorInsightsStatus"] == "ENABLING"
    assert (status(), status(IndexName="TypeIndex")) == ("DISABLED", "ENABLED")
    summaries = dynamodb.list_contributor_insights(TableName=table)["ContributorInsightsSummaries"]
    assert summaries == [{"TableName": table, "IndexName": "TypeIndex", "ContributorInsightsStatus": "ENABLED"}]

    dynamodb.update_contributor_insights(TableName=table, IndexName="TypeIndex", ContributorInsightsAction="DISABLE")
    assert status(IndexName="TypeIndex") == "DISABLED"


def test_contributor_insights_of_missing_tables_and_indexes_are_not_found(aws: Callable[..., Any], table: str) -> None:
    dynamodb = aws("dynamodb")
    missing_table = lambda: dynamodb.describe_contributor_insights(TableName="no-such-table")  # noqa: E731
    missing_index = lambda: dynamodb.update_contributor_insights(  # noqa: E731
        TableName=table, IndexName="NoSuchIndex", ContributorInsightsAction="ENABLE"
    )
    assert _error_code(missing_table) == "ResourceNotFoundException"
    assert _error_code(missing_index) == "ResourceNotFoundException"


def test_contributor_insights_go_with_their_table(aws: Callable[..., Any], table: str) -> None:
    dynamodb = aws("dynamodb")
    dynamodb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
    dynamodb.delete_table(TableName=table)
    _create_table(dynamodb)
    assert dynamodb.describe_contributor_insights(TableName=table)["ContributorInsightsStatus"] == "DISABLED"


def test_each_account_keeps_its_own(
    aws: Callable[..., Any], account_credentials: Callable[[str], dict[str, str]], table: str
) -> None:
    other = aws("dynamodb", account_credentials("999999999999"))
    _create_table(other)
    try:
        other.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
        assert aws("dynamodb").describe_contributor_insights(TableName=table)["ContributorInsightsStatus"] == "DISABLED"
        assert other.describe_contributor_insights(TableName=table)["ContributorInsightsStatus"] == "ENABLED"
    finally:
        other.delete_table(TableName=table)


# -- the table's settings, replicas, policies, restore: fills A to J -------------


def _simple_table(dynamodb: Any, name: str, **settings: Any) -> dict[str, Any]:
    """A table keyed by PK, on demand unless ``settings`` say otherwise; its description."""
    arguments = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
    }
    return dynamodb.create_table(**(arguments | settings))["TableDescription"]


def _table_with_index(dynamodb: Any, name: str, key_type: str = "S") -> dict[str, Any]:
    """An on-demand table keyed by PK with the global index ByGK (hash key GK of ``key_type``, all projected)."""
    return _simple_table(
        dynamodb,
        name,
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "GK", "AttributeType": key_type},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByGK",
                "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )


@pytest.fixture
def tables(aws: Callable[..., Any]) -> Iterator[list[tuple[Any, str]]]:
    """(client, table name) of every table a test makes, deleted after it."""
    made: list[tuple[Any, str]] = []
    yield made
    for client, name in made:
        with contextlib.suppress(ClientError):
            client.delete_table(TableName=name)


def test_table_class_is_kept_and_described(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-class-check"))
    tables.append((dynamodb, "gap-class-default"))
    created = _simple_table(dynamodb, "gap-class-check", TableClass="STANDARD_INFREQUENT_ACCESS")
    assert created["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    described = dynamodb.describe_table(TableName="gap-class-check")["Table"]
    assert described["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    assert "LastUpdateDateTime" not in described["TableClassSummary"]  # never updated
    dynamodb.update_table(TableName="gap-class-check", TableClass="STANDARD")
    summary = dynamodb.describe_table(TableName="gap-class-check")["Table"]["TableClassSummary"]
    # API TableClassSummary: "LastUpdateDateTime: The date and time at which the table class was last updated."
    assert summary["TableClass"] == "STANDARD" and summary["LastUpdateDateTime"].timestamp() > 0
    # Nothing set, nothing described: the provider reads no summary as STANDARD, as AWS leaves it out.
    assert "TableClassSummary" not in _simple_table(dynamodb, "gap-class-default")


def test_on_demand_throughput_of_table_and_index_is_kept_and_described(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-on-demand-check"))
    _simple_table(
        dynamodb,
        "gap-on-demand-check",
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "GK", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByGK",
                "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "OnDemandThroughput": {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 10},
            }
        ],
        OnDemandThroughput={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50},
    )

    def limits() -> tuple[dict[str, int], dict[str, int]]:
        table = dynamodb.describe_table(TableName="gap-on-demand-check")["Table"]
        (index,) = table["GlobalSecondaryIndexes"]
        return table["OnDemandThroughput"], index["OnDemandThroughput"]

    assert limits() == (
        {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50},
        {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 10},
    )
    dynamodb.update_table(
        TableName="gap-on-demand-check",
        OnDemandThroughput={"MaxReadRequestUnits": 150},
        GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "ByGK", "OnDemandThroughput": {"MaxWriteRequestUnits": 25}}}
        ],
    )
    assert limits() == (
        {"MaxReadRequestUnits": 150, "MaxWriteRequestUnits": 50},
        {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 25},
    )


def test_replicas_are_tables_in_the_other_region_listed_by_every_member(aws: Callable[..., Any], tables: list) -> None:
    """C emulates AWS: the replica is a table of the source's design in its region, with its own key."""
    dynamodb, west, west_kms = aws("dynamodb"), aws("dynamodb", region="us-west-2"), aws("kms", region="us-west-2")
    name = "gap-replica-check"
    tables.extend([(west, name), (dynamodb, name)])
    _create_table(dynamodb)  # a table of another name, to show replicas keep to theirs
    tables.append((dynamodb, TABLE))
    table_key = aws("kms").create_key(Description="table key")["KeyMetadata"]
    _simple_table(
        dynamodb,
        name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": table_key["Arn"]},
    )
    key = west_kms.create_key(Description="replica key")["KeyMetadata"]
    # F: the key given by its id is described by its ARN.
    dynamodb.update_table(
        TableName=name, ReplicaUpdates=[{"Create": {"RegionName": "us-west-2", "KMSMasterKeyId": key["KeyId"]}}]
    )

    source = dynamodb.describe_table(TableName=name)["Table"]
    assert source["GlobalTableVersion"] == "2019.11.21"
    assert source["Replicas"] == [{"RegionName": "us-west-2", "ReplicaStatus": "ACTIVE", "KMSMasterKeyId": key["Arn"]}]
    replica = west.describe_table(TableName=name)["Table"]
    assert replica["TableArn"] == source["TableArn"].replace("us-east-1", "us-west-2")
    assert (replica["KeySchema"], replica["AttributeDefinitions"]) == (
        source["KeySchema"],
        source["AttributeDefinitions"],
    )
    assert replica["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert replica["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert replica["SSEDescription"]["KMSMasterKeyArn"] == key["Arn"]
    assert replica["Replicas"] == [{"RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"}]
    assert "Replicas" not in dynamodb.describe_table(TableName=TABLE)["Table"]

    def replica_update(table: str, **update: Any) -> None:
        dynamodb.update_table(TableName=table, ReplicaUpdates=[update])

    create = {"Create": {"RegionName": "us-west-2", "KMSMasterKeyId": key["Arn"]}}
    delete = {"Delete": {"RegionName": "us-west-2"}}
    assert _error_code(lambda: replica_update(name, **create)) == "ValidationException"  # there already
    replica_update(name, **delete)
    assert name not in west.list_tables()["TableNames"]
    assert "Replicas" not in dynamodb.describe_table(TableName=name)["Table"]
    assert _error_code(lambda: replica_update(name, **delete)) == "ResourceNotFoundException"

    # A table of that name in the other region already: no replica, and no trace of one.
    taken = "gap-replica-taken"
    tables.extend([(west, taken), (dynamodb, taken)])
    _simple_table(west, taken)
    _simple_table(
        dynamodb, taken, SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": table_key["Arn"]}
    )
    assert _error_code(lambda: replica_update(taken, **create)) == "ValidationException"
    assert "Replicas" not in dynamodb.describe_table(TableName=taken)["Table"]


def test_stream_resource_policies_are_kept_per_stream(
    aws: Callable[..., Any], account_credentials: Callable[[str], dict[str, str]], tables: list
) -> None:
    dynamodb = aws("dynamodb")
    name = "gap-stream-policy-check"
    tables.append((dynamodb, name))
    created = _simple_table(
        dynamodb, name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    )
    stream, table_arn = created["LatestStreamArn"], created["TableArn"]
    policy = '{"Version":"2012-10-17","Statement":[]}'
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=stream)) == "PolicyNotFoundException"

    first = dynamodb.put_resource_policy(ResourceArn=stream, Policy=policy)["RevisionId"]
    assert dynamodb.get_resource_policy(ResourceArn=stream) | {"ResponseMetadata": None} == {
        "Policy": policy,
        "RevisionId": first,
        "ResponseMetadata": None,
    }
    assert dynamodb.put_resource_policy(ResourceArn=stream, Policy=policy)["RevisionId"] == first  # unchanged
    changed = policy.replace("[]", '[{"Effect":"Deny","Principal":"*","Action":"dynamodb:GetRecords","Resource":"*"}]')
    second = dynamodb.put_resource_policy(ResourceArn=stream, Policy=changed, ExpectedRevisionId=first)["RevisionId"]
    assert second != first
    stale = {"ResourceArn": stream, "Policy": policy, "ExpectedRevisionId": first}
    assert _error_code(lambda: dynamodb.put_resource_policy(**stale)) == "PolicyNotFoundException"
    # The table's own policy is moto's, apart from the stream's.
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=table_arn)) == "PolicyNotFoundException"

    other = aws("dynamodb", account_credentials("999999999998"))
    assert _error_code(lambda: other.get_resource_policy(ResourceArn=stream)) == "ResourceNotFoundException"
    not_current = stream.rsplit("/", 1)[0] + "/2001-01-01T00:00:00.000"
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=not_current)) == "ResourceNotFoundException"

    dynamodb.delete_resource_policy(ResourceArn=stream)
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=stream)) == "PolicyNotFoundException"
    dynamodb.put_resource_policy(ResourceArn=stream, Policy=policy)
    dynamodb.delete_table(TableName=name)
    _simple_table(dynamodb, name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    renewed = dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=renewed)) == "PolicyNotFoundException"


def test_restore_by_source_arn_keeps_the_billing_mode(
    aws: Callable[..., Any], account_credentials: Callable[[str], dict[str, str]], tables: list
) -> None:
    dynamodb = aws("dynamodb")
    source = "gap-restore-source"
    tables.extend([(dynamodb, source), (dynamodb, "gap-restored-by-arn"), (dynamodb, "gap-restored-override")])
    source_arn = _simple_table(dynamodb, source)["TableArn"]
    dynamodb.update_continuous_backups(
        TableName=source, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.put_item(TableName=source, Item={"PK": {"S": "kept"}})

    restored = dynamodb.restore_table_to_point_in_time(
        SourceTableArn=source_arn, TargetTableName="gap-restored-by-arn", UseLatestRestorableTime=True
    )["TableDescription"]
    assert restored["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    described = dynamodb.describe_table(TableName="gap-restored-by-arn")["Table"]
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert described["RestoreSummary"]["SourceTableArn"] == source_arn
    assert dynamodb.get_item(TableName="gap-restored-by-arn", Key={"PK": {"S": "kept"}})["Item"]

    assert "SSEDescription" not in described  # no override, and moto's copy is not encrypted
    key = aws("kms").create_key(Description="gap restore key")["KeyMetadata"]
    dynamodb.restore_table_to_point_in_time(
        SourceTableName=source,
        TargetTableName="gap-restored-override",
        UseLatestRestorableTime=True,
        BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        SSESpecificationOverride={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key["KeyId"]},
    )
    overridden = dynamodb.describe_table(TableName="gap-restored-override")["Table"]
    assert overridden["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert overridden["SSEDescription"] == {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": key["Arn"]}

    elsewhere = source_arn.replace(":us-east-1:", ":eu-west-1:")
    restore_elsewhere = lambda: dynamodb.restore_table_to_point_in_time(  # noqa: E731
        SourceTableArn=elsewhere, TargetTableName="gap-restored-nowhere", UseLatestRestorableTime=True
    )
    assert _error_code(restore_elsewhere) == "SourceTableNotFoundException"


def test_an_imported_table_is_encrypted_as_its_creation_parameters_ask(aws: Callable[..., Any], tables: list) -> None:
    dynamodb, s3 = aws("dynamodb"), aws("s3")
    tables.append((dynamodb, "gap-imported-check"))
    s3.create_bucket(Bucket="gap-import-check")
    s3.put_object(Bucket="gap-import-check", Key="data/items.json", Body=b'{"Item": {"PK": {"S": "imported"}}}\n')
    job = dynamodb.import_table(
        S3BucketSource={"S3Bucket": "gap-import-check", "S3KeyPrefix": "data/"},
        InputFormat="DYNAMODB_JSON",
        TableCreationParameters={
            "TableName": "gap-imported-check",
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
            "SSESpecification": {"Enabled": True},
        },
    )["ImportTableDescription"]
    assert dynamodb.describe_import(ImportArn=job["ImportArn"])["ImportTableDescription"]["ImportStatus"] == "COMPLETED"
    table = dynamodb.describe_table(TableName="gap-imported-check")["Table"]
    aliases = aws("kms").list_aliases(KeyId=table["SSEDescription"]["KMSMasterKeyArn"])["Aliases"]
    assert [alias["AliasName"] for alias in aliases] == ["alias/aws/dynamodb"]  # the AWS managed key
    assert dynamodb.get_item(TableName="gap-imported-check", Key={"PK": {"S": "imported"}})["Item"]


def test_a_key_given_by_id_or_alias_is_described_by_its_arn(aws: Callable[..., Any], tables: list) -> None:
    dynamodb, kms = aws("dynamodb"), aws("kms")
    key = kms.create_key(Description="gap key check")["KeyMetadata"]
    kms.create_alias(AliasName="alias/gap-key-check", TargetKeyId=key["KeyId"])
    for name, given in (("gap-key-by-id", key["KeyId"]), ("gap-key-by-alias", "alias/gap-key-check")):
        tables.append((dynamodb, name))
        sse = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": given}
        assert _simple_table(dynamodb, name, SSESpecification=sse)["SSEDescription"]["KMSMasterKeyArn"] == key["Arn"]
        assert dynamodb.describe_table(TableName=name)["Table"]["SSEDescription"]["KMSMasterKeyArn"] == key["Arn"]


def test_kinesis_streaming_destinations_are_kept(aws: Callable[..., Any], tables: list) -> None:
    dynamodb, kinesis = aws("dynamodb"), aws("kinesis")
    name = "gap-kinesis-check"
    tables.append((dynamodb, name))
    _simple_table(dynamodb, name)
    kinesis.create_stream(StreamName="gap-kinesis-check", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="gap-kinesis-check")["StreamDescriptionSummary"]["StreamARN"]
    try:
        assert dynamodb.describe_kinesis_streaming_destination(TableName=name)["KinesisDataStreamDestinations"] == []
        enabled = dynamodb.enable_kinesis_streaming_destination(
            TableName=name,
            StreamArn=stream,
            EnableKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"},
        )
        assert enabled["DestinationStatus"] == "ENABLING"

        def destinations() -> list[dict[str, Any]]:
            return dynamodb.describe_kinesis_streaming_destination(TableName=name)["KinesisDataStreamDestinations"]

        assert destinations() == [
            {"StreamArn": stream, "DestinationStatus": "ACTIVE", "ApproximateCreationDateTimePrecision": "MICROSECOND"}
        ]
        dynamodb.update_kinesis_streaming_destination(
            TableName=name,
            StreamArn=stream,
            UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MILLISECOND"},
        )
        assert destinations()[0]["ApproximateCreationDateTimePrecision"] == "MILLISECOND"
        assert dynamodb.disable_kinesis_streaming_destination(TableName=name, StreamArn=stream)[
            "DestinationStatus"
        ] == ("DISABLING")
        assert destinations()[0]["DestinationStatus"] == "DISABLED"

        no_stream = lambda: dynamodb.enable_kinesis_streaming_destination(  # noqa: E731
            TableName=name, StreamArn=stream.replace("gap-kinesis-check", "no-such-stream")
        )
        assert _error_code(no_stream) == "ResourceNotFoundException"
        no_table = lambda: dynamodb.describe_kinesis_streaming_destination(TableName="no-such-table")  # noqa: E731
        assert _error_code(no_table) == "ResourceNotFoundException"
    finally:
        kinesis.delete_stream(StreamName="gap-kinesis-check")


def test_tagging_a_key_again_replaces_its_value(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-tag-check"))
    arn = _simple_table(dynamodb, "gap-tag-check", Tags=[{"Key": "Team", "Value": "a"}])["TableArn"]
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "Team", "Value": "b"}, {"Key": "Stage", "Value": "test"}])
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "Team", "Value": "b"},
        {"Key": "Stage", "Value": "test"},
    ]


def test_scaling_policies_are_filtered_exactly(aws: Callable[..., Any]) -> None:
    autoscaling = aws("application-autoscaling")
    dimension = "dynamodb:table:ReadCapacityUnits"
    # One resource id is a prefix of the other: moto alone would return both for the longer.
    resources = ("table/gap-policy", "table/gap-policy-two")
    for resource in resources:
        autoscaling.register_scalable_target(
            ServiceNamespace="dynamodb", ResourceId=resource, ScalableDimension=dimension, MinCapacity=1, MaxCapacity=5
        )
        autoscaling.put_scaling_policy(
            PolicyName=f"read:{resource}",
            ServiceNamespace="dynamodb",
            ResourceId=resource,
            ScalableDimension=dimension,
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 70.0,
                "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBReadCapacityUtilization"},
            },
        )
    try:

        def names(**asked: Any) -> list[str]:
            policies = autoscaling.describe_scaling_policies(ServiceNamespace="dynamodb", **asked)["ScalingPolicies"]
            return sorted(policy["PolicyName"] for policy in policies if policy["ResourceId"] in resources)

        assert names(ResourceId="table/gap-policy-two") == ["read:table/gap-policy-two"]
        assert names(ResourceId="table/gap-policy") == ["read:table/gap-policy"]
        assert names(PolicyNames=["read:table/gap-policy"]) == ["read:table/gap-policy"]
        assert names() == ["read:table/gap-policy", "read:table/gap-policy-two"]
    finally:
        for resource in resources:
            autoscaling.delete_scaling_policy(
                PolicyName=f"read:{resource}",
                ServiceNamespace="dynamodb",
                ResourceId=resource,
                ScalableDimension=dimension,
            )
            autoscaling.deregister_scalable_target(
                ServiceNamespace="dynamodb", ResourceId=resource, ScalableDimension=dimension
            )


def test_a_rewritten_answer_carries_the_crc32_of_its_body(
    moto_endpoint: str, aws: Callable[..., Any], tables: list
) -> None:
    """botocore retries a DynamoDB answer whose x-amz-crc32 does not match: each CreateTable would run twice."""
    import urllib.request
    import zlib

    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-crc-check"))
    _simple_table(dynamodb, "gap-crc-check", TableClass="STANDARD_INFREQUENT_ACCESS")
    request = urllib.request.Request(
        moto_endpoint,
        data=b'{"TableName": "gap-crc-check"}',
        headers={
            "X-Amz-Target": "DynamoDB_20120810.DescribeTable",
            "Content-Type": "application/x-amz-json-1.0",
            # moto finds the account and region in the signature's credential scope, and checks no more
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/dynamodb/aws4_request",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        body, crc = answer.read(), answer.headers["x-amz-crc32"]
    assert b"TableClassSummary" in body
    assert crc == str(zlib.crc32(body) & 0xFFFFFFFF)


# -- what AWS refuses, the fills refuse (tests/terraform/aws_refusals.py cites each) ---------------

ON_DEMAND = {"BillingMode": "PAY_PER_REQUEST"}
KEY_FOR_EACH_REPLICA = "One or more parameter values were invalid: KMSMasterKeyId must be specified for each replica."


def _kms_table(aws: Callable[..., Any], tables: list, name: str, **settings: Any) -> tuple[Any, dict[str, Any]]:
    """A table on a customer managed key, with the stream a global table needs; (client, its key's metadata)."""
    dynamodb = aws("dynamodb")
    key = aws("kms").create_key(Description=f"{name} key")["KeyMetadata"]
    tables.extend([(aws("dynamodb", region="us-west-2"), name), (dynamodb, name)])
    stream = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    sse = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key["Arn"]}
    _simple_table(dynamodb, name, **({"StreamSpecification": stream, "SSESpecification": sse} | settings))
    return dynamodb, key


def test_table_class_outside_the_enum_is_refused(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-class-refused"))
    expected = (
        "ValidationException",
        "1 validation error detected: Value 'GLACIER' at 'tableClass' failed to satisfy constraint: "
        "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]",
    )
    assert _error(lambda: _simple_table(dynamodb, "gap-class-refused", TableClass="GLACIER")) == expected
    assert "gap-class-refused" not in dynamodb.list_tables()["TableNames"]
    _simple_table(dynamodb, "gap-class-refused")
    assert _error(lambda: dynamodb.update_table(TableName="gap-class-refused", TableClass="GLACIER")) == expected
    assert "TableClassSummary" not in dynamodb.describe_table(TableName="gap-class-refused")["Table"]


def test_on_demand_limits_out_of_range_are_refused_and_minus_one_removes_a_limit(
    aws: Callable[..., Any], tables: list
) -> None:
    dynamodb = aws("dynamodb")
    name = "gap-on-demand-refused"
    tables.append((dynamodb, name))
    out_of_range = "One or more parameter values were invalid: Requested {} for OnDemandThroughput for {} is outside of valid range"
    for limits in ({"MaxReadRequestUnits": 0}, {"MaxWriteRequestUnits": -5}, {"MaxReadRequestUnits": -1}):
        (unit,) = limits
        # CreateTable refuses -1 too (pulumi/pulumi-aws#5126): there is no limit to remove yet.
        assert _error(lambda limits=limits: _simple_table(dynamodb, name, OnDemandThroughput=limits)) == (
            "ValidationException",
            out_of_range.format(unit, "table"),
        )
    assert name not in dynamodb.list_tables()["TableNames"]

    # One unit given: DescribeTable gives both, the other as -1 (no limit).
    _simple_table(dynamodb, name, OnDemandThroughput={"MaxReadRequestUnits": 100})

    def limits() -> dict[str, int]:
        return dynamodb.describe_table(TableName=name)["Table"]["OnDemandThroughput"]

    assert limits() == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1}
    for bad in (0, -5):
        update = lambda bad=bad: dynamodb.update_table(TableName=name, OnDemandThroughput={"MaxWriteRequestUnits": bad})  # noqa: E731
        assert _error(update) == ("ValidationException", out_of_range.format("MaxWriteRequestUnits", "table"))
    dynamodb.update_table(TableName=name, OnDemandThroughput={"MaxWriteRequestUnits": 50})
    assert limits() == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}
    dynamodb.update_table(TableName=name, OnDemandThroughput={"MaxReadRequestUnits": -1})  # removes the read limit
    assert limits() == {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 50}

    provisioned = {
        "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    }
    refused = lambda: _simple_table(  # noqa: E731
        dynamodb, "gap-on-demand-provisioned", OnDemandThroughput={"MaxReadRequestUnits": 10}, **provisioned
    )
    code, message = _error(refused)
    assert (code, message.startswith("One or more parameter values were invalid: OnDemandThroughput applies")) == (
        "ValidationException",
        True,
    )
    assert "gap-on-demand-provisioned" not in dynamodb.list_tables()["TableNames"]


def test_index_on_demand_limits_are_checked_and_described_alike(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    name = "gap-index-on-demand"
    tables.append((dynamodb, name))
    index = {
        "IndexName": "ByGK",
        "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"},
    }
    attributes = [{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "GK", "AttributeType": "S"}]

    def create(limits: dict[str, int]) -> Any:
        return _simple_table(
            dynamodb,
            name,
            AttributeDefinitions=attributes,
            GlobalSecondaryIndexes=[index | {"OnDemandThroughput": limits}],
        )

    assert _error(lambda: create({"MaxWriteRequestUnits": 0})) == (
        "ValidationException",
        "One or more parameter values were invalid: Requested MaxWriteRequestUnits for OnDemandThroughput for index is outside of valid range",
    )
    create({"MaxWriteRequestUnits": 20})
    (described,) = dynamodb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert described["OnDemandThroughput"] == {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 20}


def test_replica_changes_are_made_one_at_a_time_and_never_in_the_tables_own_region(
    aws: Callable[..., Any], tables: list
) -> None:
    name = "gap-replica-one-at-a-time"
    dynamodb, _key = _kms_table(aws, tables, name)
    west_key = aws("kms", region="us-west-2").create_key(Description="west")["KeyMetadata"]
    east2_key = aws("kms", region="us-east-2").create_key(Description="east 2")["KeyMetadata"]
    tables.append((aws("dynamodb", region="us-east-2"), name))
    two = [
        {"Create": {"RegionName": "us-west-2", "KMSMasterKeyId": west_key["Arn"]}},
        {"Create": {"RegionName": "us-east-2", "KMSMasterKeyId": east2_key["Arn"]}},
    ]
    code, message = _error(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=two))
    assert (code, "only one replica can be created, updated or deleted in an UpdateTable call" in message) == (
        "ValidationException",
        True,
    )
    assert "Replicas" not in dynamodb.describe_table(TableName=name)["Table"]
    assert name not in aws("dynamodb", region="us-west-2").list_tables()["TableNames"]

    own = [{"Create": {"RegionName": "us-east-1", "KMSMasterKeyId": _key["Arn"]}}]
    assert _error(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=own)) == (
        "ValidationException",
        "Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.",
    )


def test_a_replica_turns_the_stream_on_and_refuses_a_stream_of_another_view(
    aws: Callable[..., Any], tables: list
) -> None:
    west = aws("dynamodb", region="us-west-2")
    dynamodb = aws("dynamodb")
    for name, stream in (("gap-replica-no-stream", None), ("gap-replica-keys-only", "KEYS_ONLY")):
        tables.extend([(west, name), (dynamodb, name)])
        settings = {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": stream}} if stream else {}
        _simple_table(dynamodb, name, **settings)
    # No stream: adding a replica turns one on, NEW_AND_OLD_IMAGES (terraform-provider-aws#43625).
    dynamodb.update_table(TableName="gap-replica-no-stream", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    for client in (dynamodb, west):
        described = client.describe_table(TableName="gap-replica-no-stream")["Table"]
        assert described["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    # KEYS_ONLY: refused, and nothing changes.
    create = lambda: dynamodb.update_table(  # noqa: E731
        TableName="gap-replica-keys-only", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}]
    )
    code, message = _error(create)
    assert (code, "a stream of NEW_AND_OLD_IMAGES, and this table's stream is KEYS_ONLY" in message) == (
        "ValidationException",
        True,
    )
    assert "gap-replica-keys-only" not in west.list_tables()["TableNames"]
    assert (
        dynamodb.describe_table(TableName="gap-replica-keys-only")["Table"]["StreamSpecification"]["StreamViewType"]
        == "KEYS_ONLY"
    )


def test_replica_keys_follow_the_tables_and_stay_as_created(aws: Callable[..., Any], tables: list) -> None:
    name = "gap-replica-keys"
    dynamodb, _key = _kms_table(aws, tables, name)
    west_kms = aws("kms", region="us-west-2")
    west_key, other_key = (west_kms.create_key(Description=text)["KeyMetadata"] for text in ("west", "other"))

    def replica(**update: Any) -> Any:
        return dynamodb.update_table(TableName=name, ReplicaUpdates=[update])

    # A table on a customer managed key: a replica without one is refused.
    assert _error(lambda: replica(Create={"RegionName": "us-west-2"})) == ("ValidationException", KEY_FOR_EACH_REPLICA)
    # A key that is not there (by id, by alias, an ARN of another region) is refused.
    for missing in ("1234abcd-0000-0000-0000-000000000000", "alias/no-such-key", _key["Arn"]):
        code, message = _error(
            lambda missing=missing: replica(Create={"RegionName": "us-west-2", "KMSMasterKeyId": missing})
        )
        assert (code, message) == (
            "ValidationException",
            f"One or more parameter values were invalid: KMSMasterKeyId {missing} is not a key in us-west-2",
        )
    assert "Replicas" not in dynamodb.describe_table(TableName=name)["Table"]

    replica(Create={"RegionName": "us-west-2", "KMSMasterKeyId": west_key["KeyId"]})
    # The key cannot be changed in place, to another key or to one that does not exist.
    assert _error(lambda: replica(Update={"RegionName": "us-west-2", "KMSMasterKeyId": other_key["Arn"]})) == (
        "ValidationException",
        KEY_FOR_EACH_REPLICA,
    )
    assert (
        _error(lambda: replica(Update={"RegionName": "us-west-2", "KMSMasterKeyId": "alias/gone"}))[0]
        == "ValidationException"
    )
    (described,) = dynamodb.describe_table(TableName=name)["Table"]["Replicas"]
    assert described["KMSMasterKeyId"] == west_key["Arn"]  # described by its ARN, as given by id

    # On the AWS managed key, a replica's customer managed key is refused: the two cannot be mixed.
    managed = "gap-replica-managed"
    tables.extend([(aws("dynamodb", region="us-west-2"), managed), (dynamodb, managed)])
    _simple_table(
        dynamodb,
        managed,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
    )
    create = lambda: dynamodb.update_table(  # noqa: E731
        TableName=managed, ReplicaUpdates=[{"Create": {"RegionName": "us-west-2", "KMSMasterKeyId": west_key["Arn"]}}]
    )
    code, message = _error(create)
    assert (code, "cannot mix the AWS managed key and customer managed keys" in message) == (
        "ValidationException",
        True,
    )


def test_an_unknown_table_key_is_refused(aws: Callable[..., Any], tables: list) -> None:
    """The broad except of _resolve_key is gone: a key that is not there is AWS's ValidationException."""
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-unknown-key"))
    for missing in ("alias/nobody", "0000aaaa-0000-0000-0000-000000000000"):
        sse = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": missing}
        assert _error(lambda sse=sse: _simple_table(dynamodb, "gap-unknown-key", SSESpecification=sse)) == (
            "ValidationException",
            f"One or more parameter values were invalid: KMSMasterKeyId {missing} is not a key in us-east-1",
        )
    assert "gap-unknown-key" not in dynamodb.list_tables()["TableNames"]


def test_contributor_insights_refuse_local_indexes_and_unknown_modes(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    name = "gap-insights-refused"
    tables.append((dynamodb, name))
    _simple_table(
        dynamodb,
        name,
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
            {"AttributeName": "LK", "AttributeType": "S"},
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "ByLK",
                "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "LK", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
    )
    local = lambda: dynamodb.update_contributor_insights(  # noqa: E731
        TableName=name, IndexName="ByLK", ContributorInsightsAction="ENABLE"
    )
    assert _error(local)[0] == "ValidationException"
    bogus = lambda: dynamodb.update_contributor_insights(  # noqa: E731
        TableName=name, ContributorInsightsAction="ENABLE", ContributorInsightsMode="BOGUS"
    )
    assert _error(bogus) == (
        "ValidationException",
        "1 validation error detected: Value 'BOGUS' at 'contributorInsightsMode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ACCESSED_AND_THROTTLED_KEYS, THROTTLED_KEYS]",
    )
    assert dynamodb.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"] == "DISABLED"
    assert (
        dynamodb.describe_contributor_insights(TableName=name, IndexName="ByLK")["ContributorInsightsStatus"]
        == "DISABLED"
    )
    dynamodb.update_contributor_insights(
        TableName=name, ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS"
    )
    assert dynamodb.describe_contributor_insights(TableName=name)["ContributorInsightsMode"] == "THROTTLED_KEYS"


def test_kinesis_destinations_follow_their_states(aws: Callable[..., Any], tables: list) -> None:
    dynamodb, kinesis = aws("dynamodb"), aws("kinesis")
    name = "gap-kinesis-states"
    tables.append((dynamodb, name))
    _simple_table(dynamodb, name)
    arns = []
    for stream in ("gap-kinesis-one", "gap-kinesis-two"):
        kinesis.create_stream(StreamName=stream, ShardCount=1)
        arns.append(kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"])
    one, two = arns
    try:
        not_valid = (
            "ValidationException",
            "Table is not in a valid state to enable Kinesis Streaming Destination: EnableKinesisStreamingDestination "
            "must be DISABLED or ENABLE_FAILED to perform ENABLE operation.",
        )

        def enable(arn: str, **configuration: str) -> Any:
            settings = {"EnableKinesisStreamingConfiguration": configuration} if configuration else {}
            return dynamodb.enable_kinesis_streaming_destination(TableName=name, StreamArn=arn, **settings)

        assert _error(lambda: enable(one, ApproximateCreationDateTimePrecision="SECOND")) == (
            "ValidationException",
            "1 validation error detected: Value 'SECOND' at 'enableKinesisStreamingConfiguration.approximateCreationDateTimePrecision' "
            "failed to satisfy constraint: Member must satisfy enum value set: [MILLISECOND, MICROSECOND]",
        )
        enable(one)
        assert _error(lambda: enable(one)) == not_valid  # ACTIVE already
        assert _error(lambda: enable(two)) == not_valid  # a second destination beside an active one
        dynamodb.disable_kinesis_streaming_destination(TableName=name, StreamArn=one)
        disable = lambda: dynamodb.disable_kinesis_streaming_destination(TableName=name, StreamArn=one)  # noqa: E731
        assert _error(disable)[0] == "ValidationException"  # DISABLED already
        enable(one)  # a disabled destination is enabled again
        destinations = dynamodb.describe_kinesis_streaming_destination(TableName=name)["KinesisDataStreamDestinations"]
        assert [(item["StreamArn"], item["DestinationStatus"]) for item in destinations] == [(one, "ACTIVE")]
    finally:
        for stream in ("gap-kinesis-one", "gap-kinesis-two"):
            kinesis.delete_stream(StreamName=stream)


@pytest.mark.parametrize(
    "policy",
    [
        "not json",
        "[]",
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:PutItem","Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["dynamodb:GetRecords","dynamodb:*"],"Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:Get*","Resource":"*"}]}',
    ],
    ids=["not JSON", "not an object", "PutItem", "every action", "GetItem among Get*"],
)
def test_a_stream_policy_grants_stream_actions_only(aws: Callable[..., Any], tables: list, policy: str) -> None:
    dynamodb = aws("dynamodb")
    name = "gap-stream-policy-refused"
    tables.append((dynamodb, name))
    stream = _simple_table(
        dynamodb, name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    )["LatestStreamArn"]
    code, message = _error(lambda: dynamodb.put_resource_policy(ResourceArn=stream, Policy=policy))
    assert (code, message.startswith("Invalid policy document: ")) == ("ValidationException", True)
    assert _error_code(lambda: dynamodb.get_resource_policy(ResourceArn=stream)) == "PolicyNotFoundException"
    readable = policy.replace("dynamodb:PutItem", "dynamodb:GetShardIterator").replace(
        '"dynamodb:*"', '"dynamodb:DescribeStream"'
    )
    if readable.startswith("{") and "Get*" not in readable:
        dynamodb.put_resource_policy(ResourceArn=stream, Policy=readable)


# -- documented answers replayed -------------------------------------------------------------------

CREATED_AT = re.compile(r"(Date|Time)")


def _documented(operation: str) -> dict[str, Any]:
    """The API reference's example of ``operation`` (botocore ships them: data/dynamodb/2012-08-10/examples-1.json)."""
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    (example,) = loader.load_service_model("dynamodb", "examples-1")["examples"][operation]
    return example


def _shape_only(documented: Any, answered: Any, path: str = "") -> list[str]:
    """Where ``answered`` differs from ``documented`` in a key the documentation shows (times and counts of use aside)."""
    if isinstance(documented, dict):
        if not isinstance(answered, dict):
            return [f"{path}: {answered!r} is not a mapping"]
        found = []
        for key, value in documented.items():
            if key not in answered:
                found.append(f"{path}.{key}: missing")
            elif not CREATED_AT.search(key) and key != "NumberOfDecreasesToday":
                found += _shape_only(value, answered[key], f"{path}.{key}")
        return found
    if isinstance(documented, list):
        if not isinstance(answered, list) or len(documented) != len(answered):
            return [f"{path}: {answered!r} is not {len(documented)} items"]
        return [
            problem
            for index, (one, other) in enumerate(zip(documented, answered, strict=True))
            for problem in _shape_only(one, other, f"{path}[{index}]")
        ]
    return [] if documented == answered else [f"{path}: {answered!r}, documented {documented!r}"]


def test_the_documented_describe_table_example_is_answered_as_documented(aws: Callable[..., Any], tables: list) -> None:
    """The API reference's CreateTable example (Music), then its DescribeTable example: every key and value it shows."""
    dynamodb = aws("dynamodb")
    created = _documented("CreateTable")
    tables.append((dynamodb, created["input"]["TableName"]))
    answered = dynamodb.create_table(**created["input"])
    assert _shape_only(created["output"], answered) == []
    described = _documented("DescribeTable")
    answer = dynamodb.describe_table(**described["input"])
    assert _shape_only(described["output"], answer) == []
    # Nothing the fills add appears where the documented table has none of it.
    assert {"TableClassSummary", "OnDemandThroughput", "Replicas", "GlobalTableVersion"} & set(answer["Table"]) == set()


def test_the_documented_global_table_describe_is_answered_as_documented(aws: Callable[..., Any], tables: list) -> None:
    """The Developer Guide's DescribeTable of a version 2019.11.21 replica ("DynamoDB global tables versions",
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_versions.html): table users in
    us-east-2, its replica in us-west-2, on the AWS managed key. Its abridged answer, as the guide prints it."""
    east2, west = aws("dynamodb", region="us-east-2"), aws("dynamodb", region="us-west-2")
    tables.extend([(west, "users"), (east2, "users")])
    east2.create_table(
        TableName="users",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "S"},
            {"AttributeName": "name", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "name", "KeyType": "RANGE"}],
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
    )
    east2.update_table(TableName="users", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    documented = {
        "Table": {
            "AttributeDefinitions": [
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "name", "AttributeType": "S"},
            ],
            "TableName": "users",
            "GlobalTableVersion": "2019.11.21",
            "Replicas": [{"RegionName": "us-west-2", "ReplicaStatus": "ACTIVE"}],
        }
    }
    answer = east2.describe_table(TableName="users")
    assert _shape_only(documented, answer) == []
    # The replica on the AWS managed key, as documented: no KMSMasterKeyId of its own.
    assert answer["Table"]["Replicas"] == documented["Table"]["Replicas"]


# -- what AWS refuses, refused here too (moto accepts each) ---------------------------------


def test_a_replica_of_a_provisioned_table_needs_write_autoscaling(aws: Callable[..., Any], tables: list) -> None:
    """K: AWS's refusal, until the table's write capacity has a scalable target and a scaling policy."""
    dynamodb, west, autoscaling = aws("dynamodb"), aws("dynamodb", region="us-west-2"), aws("application-autoscaling")
    name = "gap-provisioned-replica"
    tables.extend([(west, name), (dynamodb, name)])
    _simple_table(
        dynamodb,
        name,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    create = [{"Create": {"RegionName": "us-west-2"}}]
    refused = ("ValidationException", "Table write capacity should either be Pay-Per-Request or AutoScaled.")
    assert _error(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=create)) == refused
    target = {
        "ServiceNamespace": "dynamodb",
        "ResourceId": f"table/{name}",
        "ScalableDimension": "dynamodb:table:WriteCapacityUnits",
    }
    autoscaling.register_scalable_target(**target, MinCapacity=5, MaxCapacity=20)
    # A target without a scaling policy scales nothing: still refused.
    assert _error(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=create)) == refused
    autoscaling.put_scaling_policy(
        PolicyName=f"DynamoDBWriteCapacityUtilization:table/{name}",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 70,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBWriteCapacityUtilization"},
        },
        **target,
    )
    dynamodb.update_table(TableName=name, ReplicaUpdates=create)
    assert name in west.list_tables()["TableNames"]
    autoscaling.deregister_scalable_target(**target)


def test_switching_to_provisioned_needs_every_global_indexs_capacity(aws: Callable[..., Any], tables: list) -> None:
    """G: AWS refuses the switch without each index's capacity; on demand again, no capacity is described."""
    dynamodb = aws("dynamodb")
    name = "gap-billing-switch"
    tables.append((dynamodb, name))
    _table_with_index(dynamodb, name)
    capacity = {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}
    code, message = _error(
        lambda: dynamodb.update_table(TableName=name, BillingMode="PROVISIONED", ProvisionedThroughput=capacity)
    )
    assert (code, message) == (
        "ValidationException",
        "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ByGK",
    )
    assert dynamodb.describe_table(TableName=name)["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    dynamodb.update_table(
        TableName=name,
        BillingMode="PROVISIONED",
        ProvisionedThroughput=capacity,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "ByGK", "ProvisionedThroughput": capacity}}],
    )
    (index,) = dynamodb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert {key: index["ProvisionedThroughput"][key] for key in capacity} == capacity
    dynamodb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    table = dynamodb.describe_table(TableName=name)["Table"]
    zero = {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert {key: table["ProvisionedThroughput"][key] for key in zero} == zero
    assert {key: table["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"][key] for key in zero} == zero


def test_a_deleted_indexs_attribute_goes_with_it(aws: Callable[..., Any], tables: list) -> None:
    """AttributeDefinitions describe the keys of the table and its indexes: the attribute only a deleted index used goes."""
    dynamodb = aws("dynamodb")
    name = "gap-index-attributes"
    tables.append((dynamodb, name))
    _table_with_index(dynamodb, name, key_type="N")
    answer = dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "ByGK"}}])
    kept = [{"AttributeName": "PK", "AttributeType": "S"}]
    assert answer["TableDescription"]["AttributeDefinitions"] == kept
    assert dynamodb.describe_table(TableName=name)["Table"]["AttributeDefinitions"] == kept


def _index_table(aws: Callable[..., Any], tables: list, name: str) -> Any:
    """An on-demand table ``name`` with the global index ByGK; a client of it that never retries (a 500 fails at once)."""
    import boto3
    from botocore.config import Config

    dynamodb = aws("dynamodb")
    tables.append((dynamodb, name))
    _table_with_index(dynamodb, name)
    endpoint = dynamodb.meta.endpoint_url
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}),
    )


def _answer(call: Callable[[], Any]) -> tuple[int, str, str]:
    """The HTTP status, error code and message ``call`` is answered with."""
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def test_a_delete_of_an_index_the_table_has_not_is_a_400_not_found(aws: Callable[..., Any], tables: list) -> None:
    """A second delete of an index is AWS's ResourceNotFoundException (a 400, never retried); moto's is a 500.

    The provider's SDK retries a 500 for minutes: one repeated delete held test_tf_changes.py's
    apply until the tier's timeout (ddbgen issue 20's flake).
    """
    name = "gap-index-delete-twice"
    dynamodb = _index_table(aws, tables, name)
    delete = [{"Delete": {"IndexName": "ByGK"}}]
    dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=delete)
    assert _answer(lambda: dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=delete)) == (
        400,
        "ResourceNotFoundException",
        "Requested resource not found: Index: ByGK not found",
    )
    described = dynamodb.describe_table(TableName=name)["Table"]
    assert not described.get("GlobalSecondaryIndexes") and described["TableStatus"] == "ACTIVE"
    # Nor is a name the table never had there to delete.
    assert _answer(
        lambda: dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "Nope"}}])
    )[:2] == (400, "ResourceNotFoundException")


def test_an_update_of_a_missing_index_or_a_create_of_a_present_one_is_a_400(
    aws: Callable[..., Any], tables: list
) -> None:
    """moto answers both with a 500 as well: Update is AWS's ResourceNotFoundException, Create ResourceInUseException."""
    name = "gap-index-update-create"
    dynamodb = _index_table(aws, tables, name)
    throughput = {"MaxReadRequestUnits": 5}
    update = [{"Update": {"IndexName": "Missing", "OnDemandThroughput": throughput}}]
    assert _answer(lambda: dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=update)) == (
        400,
        "ResourceNotFoundException",
        "Requested resource not found: Index: Missing not found",
    )
    create = [
        {
            "Create": {
                "IndexName": "ByGK",
                "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        }
    ]
    status, code, message = _answer(
        lambda: dynamodb.update_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "GK", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=create,
        )
    )
    assert (status, code) == (400, "ResourceInUseException") and "ByGK" in message
    (index,) = dynamodb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert index["Projection"] == {"ProjectionType": "ALL"}, "the refused create changed nothing"


def test_a_retried_call_answered_before_gets_that_answer_again_and_is_logged(
    moto_endpoint: str, aws: Callable[..., Any], tables: list, caplog: pytest.LogCaptureFixture
) -> None:
    """An SDK retry (same invocation id, attempt 2) of a delete answered 200 gets that 200, not a second delete.

    The provider's SDK retried calls this server had answered 200 (issue 20's report); moto would
    apply a retried write again. A new call deleting the same index is refused as AWS refuses it.
    """
    import urllib.error
    import urllib.request
    import uuid

    name = "gap-index-retried"
    _index_table(aws, tables, name)
    call = str(uuid.uuid4())

    def attempt(number: int, invocation: str = call) -> tuple[int, bytes]:
        request = urllib.request.Request(
            moto_endpoint,
            data=json.dumps(
                {"TableName": name, "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "ByGK"}}]}
            ).encode(),
            headers={
                "X-Amz-Target": "DynamoDB_20120810.UpdateTable",
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/dynamodb/aws4_request",
                "amz-sdk-invocation-id": invocation,
                "amz-sdk-request": f"attempt={number}; max=25",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    with caplog.at_level(logging.WARNING, logger="tests.terraform.moto_gaps"):
        first = attempt(1)
        assert first[0] == 200
        assert not [record for record in caplog.records if call in record.getMessage()], "a first attempt is no retry"
        assert attempt(2) == first, "the retry gets the first answer, byte for byte"
        other = attempt(1, str(uuid.uuid4()))
    assert other[0] == 400 and b"ResourceNotFoundException" in other[1], "another call's delete is AWS's 400"
    (warning,) = [record.getMessage() for record in caplog.records if call in record.getMessage()]
    assert re.fullmatch(
        rf"moto: DynamoDB_20120810\.UpdateTable is attempt 2 of one SDK call \({call}\); the attempts before it "
        r"were answered 200 OK \(in \d+\.\d\d s, \d+\.\d\d s before this attempt came\); given that answer again",
        warning,
    ), warning


def test_time_to_live_takes_an_attribute_name_and_names_none_while_off(
    moto_endpoint: str, aws: Callable[..., Any], tables: list
) -> None:
    """L: an empty AttributeName is AWS's ValidationException (terraform-provider-aws#44730); off, no name is described."""
    import boto3
    from botocore.config import Config

    dynamodb = aws("dynamodb")
    name = "gap-time-to-live"
    tables.append((dynamodb, name))
    _simple_table(dynamodb, name)
    # botocore checks the length itself: this client sends what the provider sent in #44730.
    unchecked = boto3.client(
        "dynamodb",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )
    code, message = _error(
        lambda: unchecked.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": False, "AttributeName": ""}
        )
    )
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName'")
    dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    described = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert described == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    assert dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
