"""A live DynamoDB table as ``ddbgen adopt`` read it: the AWS API's answers, kept as they came.

Nothing here calls AWS (``aws.read_table`` does) or decides anything about
the profile (``mapping`` does): these records sit between the two, so the
mapping can be tested on answers made by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unread:
    """A read that could not be made: the permission was denied, or the endpoint lacks the operation."""

    operation: str  # the IAM action, e.g. dynamodb:GetResourcePolicy
    reason: str  # why, in a few words

    def __str__(self) -> str:
        return f"{self.operation} {self.reason}"


@dataclass(frozen=True)
class KmsKey:
    """The KMS key that encrypts a table; ``aws_managed`` is None when KMS would not say."""

    arn: str
    aws_managed: bool | None


Policy = str | None | Unread  # a resource policy's JSON text, none, or not read


@dataclass(frozen=True)
class LiveReplica:
    """One replica of a version 2019.11.21 global table, read in its own region."""

    region: str
    table: dict[str, Any]  # DescribeTable there
    backups: dict[str, Any]  # DescribeContinuousBackups there
    tags: dict[str, str]
    kms: KmsKey | None
    resource_policy: Policy = None
    stream_policy: Policy = None

    @property
    def arn(self) -> str:
        return self.table["TableArn"]


@dataclass(frozen=True)
class LiveTable:
    """Everything ``adopt`` reads about one table, in the answers' own shapes."""

    table: dict[str, Any]  # DescribeTable's Table
    ttl: dict[str, Any]  # DescribeTimeToLive's TimeToLiveDescription
    backups: dict[str, Any]  # DescribeContinuousBackups's ContinuousBackupsDescription
    tags: dict[str, str]  # ListTagsOfResource, every page
    kms: KmsKey | None = None  # None: not encrypted with KMS (an AWS owned key)
    # DescribeContributorInsights by index name, "" for the table itself.
    insights: dict[str, dict[str, Any]] | Unread = field(default_factory=dict)
    kinesis: list[dict[str, Any]] | Unread = field(default_factory=list)
    resource_policy: Policy = None
    stream_policy: Policy = None
    scalable_targets: list[dict[str, Any]] | Unread = field(default_factory=list)
    scaling_policies: list[dict[str, Any]] | Unread = field(default_factory=list)
    target_tags: dict[str, dict[str, str]] | Unread = field(default_factory=dict)  # by ScalableTargetARN
    replicas: tuple[LiveReplica, ...] = ()

    @property
    def name(self) -> str:
        return self.table["TableName"]

    @property
    def arn(self) -> str:
        return self.table["TableArn"]

    @property
    def region(self) -> str:
        return self.arn.split(":")[3]

    @property
    def account(self) -> str:
        return self.arn.split(":")[4]

    @property
    def stream_arn(self) -> str | None:
        return stream_arn(self.table)

    @property
    def global_indexes(self) -> list[dict[str, Any]]:
        return sorted(self.table.get("GlobalSecondaryIndexes") or [], key=lambda index: index["IndexName"])

    @property
    def local_indexes(self) -> list[dict[str, Any]]:
        return sorted(self.table.get("LocalSecondaryIndexes") or [], key=lambda index: index["IndexName"])


def stream_arn(table: dict[str, Any]) -> str | None:
    """The ARN of the stream of a DescribeTable answer's table; None while its stream is off."""
    spec = table.get("StreamSpecification") or {}
    return table.get("LatestStreamArn") if spec.get("StreamEnabled") else None
