"""What the gap fills of ``moto_gaps`` share: AWS error answers, a request's account and region, moto's tables.

The JSON protocols DynamoDB and Application Auto Scaling speak name the
action in the ``X-Amz-Target`` header; the prefixes here are theirs.
"""

from __future__ import annotations

import os
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.iam.models import get_account_id_from

AUTOSCALING_TARGET_PREFIX = "AnyScaleFrontendService."
DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810."
DYNAMODB_ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"
NOT_FOUND = DYNAMODB_ERROR_PREFIX + "ResourceNotFoundException"
VALIDATION = DYNAMODB_ERROR_PREFIX + "ValidationException"
IN_USE = DYNAMODB_ERROR_PREFIX + "ResourceInUseException"

Scope = tuple[str, str]  # account, region


def enum_error(value: Any, member: str, allowed: tuple[str, ...]) -> ApiError:
    """AWS's own wording for a value outside an enum, as its request validation words it.

    The form is the one AWS's validation answers use, such as "1 validation error detected:
    Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint:
    Member must have value greater than or equal to 1" (quoted from CreateGlobalTable in
    rrahul963/serverless-create-global-dynamodb-table#12); the allowed values are the
    service model's enum (botocore/data/dynamodb/2012-08-10/service-2.json).
    """
    return ApiError(
        VALIDATION,
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [{', '.join(allowed)}]",
    )


class ApiError(Exception):
    """An AWS error answer: HTTP 400 with the error type in ``__type``."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def scope_of(environ: dict[str, Any]) -> Scope:
    """(account, region) of a request, found the way moto finds them."""
    # SigV4: "AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ..."
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    try:
        access_key, _date, region = authorization.split("Credential=", 1)[1].split("/")[:3]
    except (IndexError, ValueError):
        access_key, region = "", "us-east-1"
    account = (
        os.environ.get("MOTO_ACCOUNT_ID")
        or environ.get("HTTP_X_MOTO_ACCOUNT_ID")
        # Assumed-role credentials belong to the role's account.
        or get_account_id_from(access_key)
    )
    return account, region


def dynamodb(scope: Scope) -> Any:
    """moto's DynamoDB backend of an account and region."""
    account, region = scope
    return dynamodb_backends[account][region]


def require_table(scope: Scope, table_name: str, index_name: str | None = None) -> Any:
    """moto's table ``table_name`` (with ``index_name``, when given) in the scope, or the error AWS sends."""
    table = dynamodb(scope).tables.get(table_name)
    if table is None:
        raise ApiError(NOT_FOUND, f"Requested resource not found: Table: {table_name} not found")
    if index_name is not None and index_name not in {index.name for index in table.global_indexes + table.indexes}:
        raise ApiError(NOT_FOUND, f"Requested resource not found: Index: {index_name} not found")
    return table
