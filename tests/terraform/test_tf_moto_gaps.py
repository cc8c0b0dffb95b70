"""The gap filler in front of moto answers as AWS would, and keeps what is set.

Names here are this module's own, so nothing meets the examples' resources.
"""

from __future__ import annotations

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
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"]


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


@pytest.fixture
def tables(aws: Callable[..., Any]) -> Iterator[list[tuple[Any, str]]]:
    """(client, table name) of every table a test makes, deleted after it."""
    made: list[tuple[Any, str]] = []
    yield made
    for client, name in made:
        try:
            client.delete_table(TableName=name)
        except ClientError:
            pass


def test_table_class_is_kept_and_described(aws: Callable[..., Any], tables: list) -> None:
    dynamodb = aws("dynamodb")
    tables.append((dynamodb, "gap-class-check"))
    tables.append((dynamodb, "gap-class-default"))
    created = _simple_table(dynamodb, "gap-class-check", TableClass="STANDARD_INFREQUENT_ACCESS")
    assert created["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    described = dynamodb.describe_table(TableName="gap-class-check")["Table"]
    assert described["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    dynamodb.update_table(TableName="gap-class-check", TableClass="STANDARD")
    assert dynamodb.describe_table(TableName="gap-class-check")["Table"]["TableClassSummary"] == {
        "TableClass": "STANDARD"
    }
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
    _simple_table(
        dynamodb,
        name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
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

    create, delete = {"Create": {"RegionName": "us-west-2"}}, {"Delete": {"RegionName": "us-west-2"}}
    assert _error_code(lambda: replica_update(name, **create)) == "ValidationException"  # there already
    replica_update(name, **delete)
    assert name not in west.list_tables()["TableNames"]
    assert "Replicas" not in dynamodb.describe_table(TableName=name)["Table"]
    assert _error_code(lambda: replica_update(name, **delete)) == "ResourceNotFoundException"

    # A table of that name in the other region already: no replica, and no trace of one.
    taken = "gap-replica-taken"
    tables.extend([(west, taken), (dynamodb, taken)])
    _simple_table(west, taken)
    _simple_table(dynamodb, taken)
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


# -- what AWS refuses, refused here too (moto accepts each) ---------------------------------


def _message(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


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
    assert _message(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=create)) == refused
    target = {"ServiceNamespace": "dynamodb", "ResourceId": f"table/{name}", "ScalableDimension": "dynamodb:table:WriteCapacityUnits"}
    autoscaling.register_scalable_target(**target, MinCapacity=5, MaxCapacity=20)
    # A target without a scaling policy scales nothing: still refused.
    assert _message(lambda: dynamodb.update_table(TableName=name, ReplicaUpdates=create)) == refused
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
    _simple_table(
        dynamodb,
        name,
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "GK", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "ByGK", "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    capacity = {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}
    code, message = _message(
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
    _simple_table(
        dynamodb,
        name,
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "GK", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "ByGK", "KeySchema": [{"AttributeName": "GK", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    answer = dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "ByGK"}}])
    kept = [{"AttributeName": "PK", "AttributeType": "S"}]
    assert answer["TableDescription"]["AttributeDefinitions"] == kept
    assert dynamodb.describe_table(TableName=name)["Table"]["AttributeDefinitions"] == kept


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
    code, message = _message(
        lambda: unchecked.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": False, "AttributeName": ""})
    )
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName'")
    dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    described = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert described == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    assert dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
