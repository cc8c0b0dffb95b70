"""The module's security posture as data: IAM action sets and scanner skips.

Kept apart from the templates so the tests and the generated README can quote
the exact sets the policies grant.
"""

from __future__ import annotations

from dataclasses import dataclass

# Item reads, on the table and its indexes.
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
# ListStreams has no resource type in the IAM Service Authorization Reference
# for DynamoDB, so it can only be granted on "*"; it lists stream ARNs and labels,
# no item data. Stream consumers need it: AWS Lambda's DynamoDB event source
# mapping requires it of the function's role (Lambda Developer Guide, "Using AWS
# Lambda with Amazon DynamoDB"). The read-only policy grants it, alone in its
# own statement, while the stream is on.
LIST_STREAMS_ACTIONS = ("dynamodb:ListStreams",)
# Item writes only: no table administration (DeleteTable, UpdateTable, ...).
WRITE_ACTIONS = (
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)
# With a customer managed key, DynamoDB calls KMS on a caller's behalf only to
# decrypt the table key, for reads and writes alike (and stream reads): AWS KMS
# Developer Guide, "How Amazon DynamoDB uses AWS KMS", Monitoring: the Decrypt
# request's user "is the principal in your AWS account who is accessing the
# table". GenerateDataKey is made by DynamoDB itself, CreateGrant by "the user
# who created the table", Encrypt and ReEncrypt* through DynamoDB's own grants,
# DescribeKey when the key is selected: the table's administrator needs those,
# not item callers. Scoped to the key and to kms:ViaService = dynamodb.
# Writes need no more: the read-write policy includes the read-only one.
KMS_READ_ACTIONS = ("kms:Decrypt",)


@dataclass(frozen=True)
class CheckovSkip:
    """A scanner check that does not fit a reusable module, with the reason."""

    id: str
    reason: str


# By the address of the block the check reports (``aws_dynamodb_table.notifications``,
# ``data.aws_iam_policy_document.access``); the template writes each as a
# ``#checkov:skip=ID:reason`` comment inside that block.
#
# None is needed with checkov 3: the module passes every check that fits it.
# CKV_AWS_28 (point-in-time recovery) fails for development and staging, whose
# profiles turn PITR off as the specification asks; that is the profile's
# choice, reported rather than skipped. CKV_AWS_119 (customer managed key)
# passes because kms_key_arn is set, even while it is null (the AWS managed
# key): the key is the caller's choice, through kms_key_arn.
#
# Every resource and policy document the module writes calls checkov_skips() in
# its template all the same (calls that render nothing today). They stay
# so that a check a later checkov adds, and that cannot fit a reusable module, is
# skipped by one entry here with its reason, not by an edit to a template;
# tests/test_checkov.py proves with probe entries that every block of every file
# carries a skip listed for it, and that checkov honours it.
CHECKOV_SKIPS: dict[str, tuple[CheckovSkip, ...]] = {}


# AWS's managed policies for AWS Backup's service role ("AWS managed policies for AWS Backup",
# AWS Backup Developer Guide): AWSBackupServiceRolePolicyForBackup lets AWS Backup create
# backups of the resources it supports, DynamoDB's among them; ...ForRestores restores them.
# The module attaches them to its role rather than write a policy of its own.
BACKUP_MANAGED_POLICIES = ("AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores")
