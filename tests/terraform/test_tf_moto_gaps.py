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
