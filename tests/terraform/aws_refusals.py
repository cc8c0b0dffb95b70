"""What DynamoDB refuses that moto 5.2.5 (or a fill of ``moto_tables``) would accept: one check per refusal.

Each check raises the ``ApiError`` AWS answers with: its exception type, and its
message where AWS's own words could be read (quoted, with where they were
read); where they could not, the message is ours and says so in a comment, and
the behaviour itself is still cited. ``moto_tables`` and ``moto_gaps`` call
these before they change anything, so a refused request leaves no trace.

Sources are named once here and by short name below:
- API: the DynamoDB API reference, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
- model: botocore's service model of it, botocore/data/dynamodb/2012-08-10/service-2.json
  (the enums and constraints the API reference prints, as data)
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from .moto_api import IN_USE, NOT_FOUND, VALIDATION, ApiError, enum_error

# -- table class ---------------------------------------------------------------------------------

# API TableClass / model TableClass: "STANDARD | STANDARD_INFREQUENT_ACCESS".
TABLE_CLASSES = ("STANDARD", "STANDARD_INFREQUENT_ACCESS")


def table_class(value: Any) -> None:
    if value is not None and value not in TABLE_CLASSES:
        raise enum_error(value, "tableClass", TABLE_CLASSES)


# -- on-demand throughput ------------------------------------------------------------------------

ON_DEMAND_UNITS = ("MaxReadRequestUnits", "MaxWriteRequestUnits")
# API OnDemandThroughput: "set the value of MaxReadRequestUnits as greater than or equal to 1.
# To remove the maximum OnDemandThroughput that is currently set on your table, set the value of
# MaxReadRequestUnits to -1" (the same for MaxWriteRequestUnits).
REMOVED = -1


def on_demand_limits(limits: dict[str, Any] | None, creating: bool, billing_mode: str, what: str = "table") -> None:
    """A table's or an index's OnDemandThroughput: each limit at least 1, or -1 (removal) in an update.

    AWS's answer to a limit out of range, from terraform-provider-aws#39760 (CreateTable, a
    limit of 0) and pulumi/pulumi-aws#5126 (CreateTable, -1): "ValidationException: One or more
    parameter values were invalid: Requested MaxWriteRequestUnits for OnDemandThroughput for
    table is outside of valid range". For an index the last words are ours ("for index").
    """
    if not limits:
        return
    if billing_mode != "PAY_PER_REQUEST":
        # API OnDemandThroughput: "the maximum number of read and write units for the specified
        # on-demand table"; the provider itself makes on_demand_throughput conflict with
        # read_capacity. The message is ours: AWS's wording was not found.
        raise ApiError(
            VALIDATION,
            f"One or more parameter values were invalid: OnDemandThroughput applies to PAY_PER_REQUEST tables only, "
            f"and this {what} is {billing_mode}",
        )
    for unit in ON_DEMAND_UNITS:
        value = limits.get(unit)
        if value is None or value >= 1 or (value == REMOVED and not creating):
            continue
        raise ApiError(
            VALIDATION,
            f"One or more parameter values were invalid: Requested {unit} for OnDemandThroughput for {what} is outside of valid range",
        )


def described_limits(current: dict[str, int] | None, requested: dict[str, Any]) -> dict[str, int]:
    """The limits DescribeTable reports once ``requested`` is applied: every unit, -1 where none is set.

    AWS describes a limit that is not set, or was removed, as -1: the provider's acceptance
    test TestAccDynamoDBTable_onDemandThroughput (terraform-provider-aws, run against AWS)
    sets max_read_request_units = -1 and reads -1 back.
    """
    merged = dict.fromkeys(ON_DEMAND_UNITS, REMOVED) | dict(current or {})
    merged.update({unit: requested[unit] for unit in ON_DEMAND_UNITS if requested.get(unit) is not None})
    return merged


# -- replicas (global tables version 2019.11.21) ---------------------------------------------------

# AWS's own words, as the AWS CLI printed them (aws/aws-cli#4906) for a ReplicaUpdates Create
# naming the table's own region.
LOCAL_REGION = (
    "Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, "
    "or UpdateTable as required."
)
# AWS's own words, quoted in terraform-provider-aws#29102: a replica without a key beside a table
# on a customer managed key, and also the answer to changing a replica's key, which "you cannot
# update [...] you have to recreate the replica".
KEY_FOR_EACH_REPLICA = "One or more parameter values were invalid: KMSMasterKeyId must be specified for each replica."


def one_replica_update(updates: list[dict[str, Any]]) -> None:
    """One replica change per UpdateTable call.

    terraform-provider-aws#13132: creating a table with two replicas failed while the provider
    sent them in one call; #13523 ("Perform individual replica creations/deletions") made it send
    one replica change per call. The message is ours: #13132's error text was not readable here.
    """
    if len(updates) > 1:
        raise ApiError(
            VALIDATION,
            "One or more parameter values were invalid: only one replica can be created, updated or deleted "
            f"in an UpdateTable call, and ReplicaUpdates holds {len(updates)}",
        )


def replica_region(region: str, table_region: str) -> None:
    if region == table_region:
        raise ApiError(VALIDATION, LOCAL_REGION)


def replica_stream(stream: dict[str, Any] | None) -> bool:
    """Whether adding a replica turns the table's stream on (True), or finds it as it must be (False).

    With no stream, DynamoDB turns one on (NEW_AND_OLD_IMAGES): "If the replica configuration block
    is added to a table, it automatically enables streams" (terraform-provider-aws#43625, citing the
    Developer Guide's V2globaltables_HowItWorks, "global-tables-streams"). A stream of another view
    type is refused: replication reads the new and old images (the same guide; AWS CDK's TableV2
    refuses any other view type with replicas). The message is ours.
    """
    if not (stream or {}).get("StreamEnabled"):
        return True
    if stream.get("StreamViewType") != "NEW_AND_OLD_IMAGES":
        raise ApiError(
            VALIDATION,
            "One or more parameter values were invalid: a global table replicates through a stream of "
            f"NEW_AND_OLD_IMAGES, and this table's stream is {stream.get('StreamViewType')}",
        )
    return False


def replica_key(table_on_customer_key: bool, given: str | None) -> None:
    """A replica's key: needed beside a table on a customer managed key, refused beside the AWS managed key.

    The first: KEY_FOR_EACH_REPLICA. The second: "You cannot mix AWS managed and customer managed
    KMS keys" (CloudFormation, AWS::DynamoDB::GlobalTable SSESpecification); the message is ours.
    """
    if table_on_customer_key and not given:
        raise ApiError(VALIDATION, KEY_FOR_EACH_REPLICA)
    if given and not table_on_customer_key:
        raise ApiError(
            VALIDATION,
            "One or more parameter values were invalid: the table is encrypted with the AWS managed key, and a "
            "global table cannot mix the AWS managed key and customer managed keys (KMSMasterKeyId given for a replica)",
        )


def replica_key_unchanged(current: str | None, resolved: str | None) -> None:
    """A replica's key cannot be updated in place (terraform-provider-aws#29102: recreate the replica)."""
    if resolved is not None and resolved != current:
        raise ApiError(VALIDATION, KEY_FOR_EACH_REPLICA)


def unknown_key(key_id: str, region: str) -> ApiError:
    """A KMSMasterKeyId that names no key of the region: a ValidationException (the message is ours)."""
    return ApiError(
        VALIDATION, f"One or more parameter values were invalid: KMSMasterKeyId {key_id} is not a key in {region}"
    )


# -- global secondary indexes of UpdateTable ----------------------------------------------------

# AWS's words for a table that is not there ("ResourceNotFoundException: Requested resource not
# found: Table: NAME not found", quoted in hashicorp/terraform#4941); an index's message takes
# their form (ours: AWS's answer for an index could not be read).
INDEX_NOT_FOUND = "Requested resource not found: Index: {} not found"


def global_index_updates(indexes: set[str], updates: list[dict[str, Any]]) -> None:
    """Each GlobalSecondaryIndexUpdates entry names an index the table has (Update, Delete) or has not (Create).

    moto 5.2.5 raises a Python ValueError for each of these ("Global Secondary Index does not
    exist, but tried to delete: NAME"), which its server answers with HTTP 500; the AWS SDKs retry
    a 500 (the provider's Go SDK up to its max_retries, 25, over minutes), so one such request
    held an apply until the tier's timeout. AWS answers each with a 400, which no SDK retries:

    - Update or Delete of an index the table does not have: ResourceNotFoundException, listed
      among UpdateTable's errors (API UpdateTable, "Errors"; model) as "The operation tried to
      access a nonexistent table or index". The message is ours (INDEX_NOT_FOUND).
    - Create of an index the table has: ResourceInUseException, documented (model) as "The
      operation conflicts with the resource's availability. For example: You attempted to
      recreate an existing table". The type for an index is our reading of that example; the
      message begins as AWS's for that exception ("Attempt to change a resource which is still
      in use: ", quoted in terraform-provider-aws's internal/service/dynamodb/table.go) and ends
      in our words.

    The entries are checked in order, each against the indexes the ones before it leave, as moto
    applies them (Delete, then Update, then Create within an entry).
    """
    names = set(indexes)
    for update in updates:
        deleted = (update.get("Delete") or {}).get("IndexName")
        if deleted is not None:
            if deleted not in names:
                raise ApiError(NOT_FOUND, INDEX_NOT_FOUND.format(deleted))
            names.discard(deleted)
        updated = (update.get("Update") or {}).get("IndexName")
        if updated is not None and updated not in names:
            raise ApiError(NOT_FOUND, INDEX_NOT_FOUND.format(updated))
        created = (update.get("Create") or {}).get("IndexName")
        if created is not None:
            if created in names:
                raise ApiError(
                    IN_USE,
                    f"Attempt to change a resource which is still in use: Index {created} already exists",
                )
            names.add(created)


# -- Contributor Insights ------------------------------------------------------------------------

# API UpdateContributorInsights, ContributorInsightsMode: "ACCESSED_AND_THROTTLED_KEYS | THROTTLED_KEYS".
CONTRIBUTOR_INSIGHTS_MODES = ("ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS")
CONTRIBUTOR_INSIGHTS_ACTIONS = ("ENABLE", "DISABLE")


def contributor_insights(request: dict[str, Any], local_indexes: set[str]) -> None:
    """UpdateContributorInsights: its action and mode from their enums; an index that is a global one.

    API UpdateContributorInsights, IndexName: "The global secondary index name, if applicable";
    Contributor Insights covers a table and its global secondary indexes (Developer Guide,
    "Using CloudWatch Contributor Insights for DynamoDB"). The message for a local index is ours.
    """
    action = request.get("ContributorInsightsAction")
    if action not in CONTRIBUTOR_INSIGHTS_ACTIONS:
        raise enum_error(action, "contributorInsightsAction", CONTRIBUTOR_INSIGHTS_ACTIONS)
    mode = request.get("ContributorInsightsMode")
    if mode is not None and mode not in CONTRIBUTOR_INSIGHTS_MODES:
        raise enum_error(mode, "contributorInsightsMode", CONTRIBUTOR_INSIGHTS_MODES)
    index = request.get("IndexName")
    if index is not None and index in local_indexes:
        raise ApiError(
            VALIDATION,
            f"Contributor Insights covers a table and its global secondary indexes; {index} is a local secondary index",
        )


# -- Kinesis streaming destinations --------------------------------------------------------------

# API EnableKinesisStreamingConfiguration, ApproximateCreationDateTimePrecision: "MILLISECOND | MICROSECOND".
PRECISIONS = ("MILLISECOND", "MICROSECOND")


def kinesis_precision(configuration: dict[str, Any] | None, member: str) -> None:
    precision = (configuration or {}).get("ApproximateCreationDateTimePrecision")
    if precision is not None and precision not in PRECISIONS:
        raise enum_error(precision, f"{member}.approximateCreationDateTimePrecision", PRECISIONS)


def kinesis_enable(destinations: dict[str, dict[str, Any]]) -> None:
    """Enable: refused while the table streams to a destination already.

    AWS's words, as CloudFormation reported them for a table whose destination was on already
    (aws-cloudformation/cloudformation-coverage-roadmap#707): "Table is not in a valid state to
    enable Kinesis Streaming Destination: EnableKinesisStreamingDestination must be DISABLED or
    ENABLE_FAILED to perform ENABLE operation" (the end of the sentence from where #707 breaks off:
    the states LocalStack's fill accepts, localstack/localstack#3889). The state is the table's,
    so a second destination beside an active one is refused alike; CloudFormation's
    AWS::DynamoDB::Table takes one KinesisStreamSpecification.
    """
    if any(destination["DestinationStatus"] in ("ACTIVE", "ENABLING") for destination in destinations.values()):
        raise ApiError(
            VALIDATION,
            "Table is not in a valid state to enable Kinesis Streaming Destination: EnableKinesisStreamingDestination "
            "must be DISABLED or ENABLE_FAILED to perform ENABLE operation.",
        )


def kinesis_active(destination: dict[str, Any], operation: str) -> None:
    """Disable and Update: only an ACTIVE destination (the message mirrors Enable's; its words are ours)."""
    if destination["DestinationStatus"] != "ACTIVE":
        raise ApiError(
            VALIDATION,
            f"Table is not in a valid state to {operation.lower()} Kinesis Streaming Destination: "
            f"{operation}KinesisStreamingDestination must be ACTIVE to perform {operation.upper()} operation.",
        )


# -- resource policies of a stream ---------------------------------------------------------------

# What a stream's policy may grant: the actions on the stream resource type. The Developer Guide's
# "Attach a resource-based policy to a DynamoDB stream" grants exactly these three; the table's
# actions (PutItem, Query...) act on a table, not on its stream. The messages below are ours.
STREAM_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")


def _dynamodb_actions() -> set[str]:
    """Every DynamoDB action (the operations of the dynamodb and dynamodbstreams service models), lower case."""
    import botocore.session

    session = botocore.session.get_session()
    names = set()
    for service in ("dynamodb", "dynamodbstreams"):
        names |= set(session.get_service_model(service).operation_names)
    return {f"dynamodb:{name}".lower() for name in names}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def stream_policy(policy: str) -> None:
    """A stream's resource policy: a JSON object whose statements grant stream actions only."""
    try:
        document = json.loads(policy)
    except ValueError as error:
        raise ApiError(VALIDATION, f"Invalid policy document: the policy is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise ApiError(VALIDATION, "Invalid policy document: the policy is not a JSON object")
    allowed = {action.lower() for action in STREAM_ACTIONS}
    others = _dynamodb_actions() - allowed
    for statement in _as_list(document.get("Statement", [])):
        if not isinstance(statement, dict):
            raise ApiError(VALIDATION, "Invalid policy document: a statement is not a JSON object")
        for action in _as_list(statement.get("Action", [])) + _as_list(statement.get("NotAction", [])):
            text = str(action).lower()
            reaches = (
                {other for other in others if fnmatch.fnmatchcase(other, text)}
                if "*" in text or "?" in text
                else {text} - allowed
            )
            if reaches:
                raise ApiError(
                    VALIDATION,
                    f"Invalid policy document: {action} is not an action on a stream; a stream's policy may grant "
                    f"{', '.join(STREAM_ACTIONS)}",
                )
