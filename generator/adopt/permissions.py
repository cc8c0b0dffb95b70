"""The IAM policy ``ddbgen adopt`` and ``ddbgen check --live`` need: reads only, one document.

Every call the two commands make is one of ``READS``; the README gives
``policy_json()`` as it is, and the tests hold both to the calls made (through
a relay that notes each one). Action names and the resources they take are the
Service Authorization Reference's ("Actions, resources, and condition keys"
for Amazon DynamoDB, Application Auto Scaling and AWS KMS): the DynamoDB reads
take a table ARN (``table/*`` covers its indexes and streams too); Application
Auto Scaling's Describe actions and KMS ListAliases take no resource type, so
only ``*``; KMS DescribeKey takes a key ARN.
"""

from __future__ import annotations

import json

TABLES = "arn:aws:dynamodb:*:*:table/*"
KEYS = "arn:aws:kms:*:*:key/*"
ANY = "*"


# Each action ddbgen calls, with the resources it is granted on. Denied, the reads
# adopt and check --live can do without (Contributor Insights, resource policies,
# Kinesis, Application Auto Scaling, KMS) are named and left out; the others stop them.
READS: tuple[tuple[str, str], ...] = (
    ("dynamodb:DescribeTable", TABLES),  # in each replica's region too
    ("dynamodb:DescribeTimeToLive", TABLES),
    ("dynamodb:DescribeContinuousBackups", TABLES),
    ("dynamodb:ListTagsOfResource", TABLES),
    ("dynamodb:DescribeContributorInsights", TABLES),
    ("dynamodb:GetResourcePolicy", TABLES),  # of the table and of its stream
    ("dynamodb:DescribeKinesisStreamingDestination", TABLES),  # adopt only
    ("application-autoscaling:DescribeScalableTargets", ANY),
    ("application-autoscaling:DescribeScalingPolicies", ANY),
    ("application-autoscaling:ListTagsForResource", ANY),  # adopt only: the targets' tags
    ("kms:DescribeKey", KEYS),  # whether the table's key is the AWS managed key
    ("kms:ListAliases", ANY),  # the same, by its alias alias/aws/dynamodb
)
ACTIONS = frozenset(action for action, _resource in READS)
SECTION = "Permissions"  # the README section that gives the policy


def policy_document() -> dict:
    """The identity-based policy: one statement per resource pattern, actions sorted."""
    by_resource: dict[str, list[str]] = {}
    for action, resource in READS:
        by_resource.setdefault(resource, []).append(action)
    sids = {TABLES: "ReadDynamoDBTables", ANY: "ReadScalingAndKeyAliases", KEYS: "DescribeKmsKeys"}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": sids[resource], "Effect": "Allow", "Action": sorted(actions), "Resource": resource}
            for resource, actions in by_resource.items()
        ],
    }


def policy_json() -> str:
    return json.dumps(policy_document(), indent=2) + "\n"


def grant_hint(action: str) -> str:
    """What to tell a user whose role lacks ``action``."""
    return f"grant {action} (the README's {SECTION} section gives the whole read-only policy ddbgen adopt and check --live need)"
