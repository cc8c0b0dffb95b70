"""The module's security posture as data: IAM action sets and scanner skips.

Kept apart from the templates so the tests and the generated README can quote
the exact sets the policies grant.
"""

from __future__ import annotations

from dataclasses import dataclass

# Item reads. No dynamodb:ListStreams: it does not support resource-level
# permissions, and the policies carry no "*" resource.
READ_ACTIONS = (
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
)
STREAM_ACTIONS = (
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
)
# Item writes only: no table administration (DeleteTable, UpdateTable, ...).
WRITE_ACTIONS = (
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)
# With a customer managed key, callers need the key through DynamoDB: AWS's
# sample key policy for DynamoDB, with its wildcards spelled out. Reads decrypt;
# writes also encrypt. Scoped to the key and to kms:ViaService = dynamodb.
KMS_READ_ACTIONS = ("kms:Decrypt", "kms:DescribeKey")
KMS_WRITE_ACTIONS = (
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
)


@dataclass(frozen=True)
class CheckovSkip:
    """A scanner check that does not fit a reusable module, with the reason."""

    id: str
    reason: str


CHECKOV_SKIPS: dict[str, tuple[CheckovSkip, ...]] = {
    "table": (),
}
