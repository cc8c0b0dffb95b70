"""The DynamoDB table fills of ``moto_gaps``: settings moto 5.2.5 drops, and actions it lacks.

Each fill is a function of the request's scope and body, registered by
action name in one of three maps:

- ``answers``: the fill answers alone; None leaves the request to moto;
- ``before``: rewrites the request moto gets;
- ``after``: sees moto's successful answer and returns it rewritten (None: as it was).

What is set is stored here and returned in every table description, as AWS
would describe it. The replicas fill is the exception, and says so: it
emulates what AWS does with a replica (a table of the same design in the
other region) rather than keeping a value. ``MotoGapFiller`` calls all of it
under its lock.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.kinesis.models import kinesis_backends
from moto.kms.models import kms_backends

from . import aws_refusals as refuse
from .moto_api import DYNAMODB_ERROR_PREFIX, NOT_FOUND, VALIDATION, ApiError, Scope, dynamodb, require_table

POLICY_NOT_FOUND = DYNAMODB_ERROR_PREFIX + "PolicyNotFoundException"
SOURCE_NOT_FOUND = DYNAMODB_ERROR_PREFIX + "SourceTableNotFoundException"
# The global tables version of UpdateTable's ReplicaUpdates (AWS's current one).
GLOBAL_TABLE_VERSION = "2019.11.21"
# The AWS managed key of DynamoDB in each region.
MANAGED_KEY_ALIAS = "alias/aws/dynamodb"

Answer = dict[str, Any]
Handler = Callable[[Scope, dict[str, Any]], Answer | None]
Before = Callable[[Scope, dict[str, Any]], dict[str, Any]]
After = Callable[[Scope, dict[str, Any], Answer], Answer | None]


@dataclass
class _Settings:
    """What moto drops of one table, as the requests gave it."""

    table_class: str | None = None
    # When UpdateTable last changed the class (API TableClassSummary, LastUpdateDateTime).
    class_updated: float | None = None
    # Every unit, as DescribeTable gives them (aws_refusals.described_limits); None: never limited.
    on_demand: dict[str, int] | None = None
    index_on_demand: dict[str, dict[str, int]] = field(default_factory=dict)


def _encrypt(table: Any, scope: Scope, sse: dict[str, Any] | None) -> None:
    """Encrypt moto's ``table`` as ``sse`` (an SSESpecification) asks: its key, else the AWS managed key."""
    if sse and sse.get("Enabled"):
        key = _resolve_key(scope, sse.get("KMSMasterKeyId")) or table._get_default_encryption_key(*scope)
        table.sse_specification = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}


def _kms_key(scope: Scope, key_id: str) -> Any | None:
    """moto's KMS key that ``key_id`` (a key id, key ARN, alias or alias ARN) names in the scope, or None."""
    account, region = scope
    backend = kms_backends[account][region]
    if key_id.startswith("arn:"):
        # An ARN names its region and account: a key of another is no key of this scope.
        parts = key_id.split(":")
        if len(parts) < 6 or parts[3] != region or parts[4] != account:
            return None
    name = backend.get_alias_name(key_id)
    raw = backend.get_key_id_from_alias(name) if name.startswith("alias/") else backend.get_key_id(name)
    return backend.keys.get(raw) if raw else None


def _resolve_key(scope: Scope, key_id: str | None) -> str | None:
    """F: the ARN of the KMS key ``key_id`` names, as AWS reports KMSMasterKeyArn; a key that is not there is refused."""
    if not key_id:
        return None
    key = _kms_key(scope, key_id)
    if key is None:
        raise refuse.unknown_key(key_id, scope[1])
    return key.arn


def _managed_key(scope: Scope) -> str:
    """The ARN of the region's AWS managed key for DynamoDB (moto makes it on first use, as AWS does)."""
    return _resolve_key(scope, MANAGED_KEY_ALIAS)  # type: ignore[return-value]


class TableFills:
    """The stores of the table fills, and the fills themselves.

    ``gone(scope, table)`` is called when a fill removes a table (a replica
    deleted), so that what other fills keep of it goes too.
    """

    def __init__(self, gone: Callable[[Scope, str], None]) -> None:
        self._gone = gone
        # (account, region, table) -> what moto drops of it
        self._settings: dict[tuple[str, str, str], _Settings] = {}
        # (account, table) -> region -> the replica's own settings (KMSMasterKeyId): one global table
        self._global_tables: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        # (account, region, stream ARN) -> {"Policy": ..., "RevisionId": ...}
        self._stream_policies: dict[tuple[str, str, str], dict[str, str]] = {}
        # (account, region, table) -> Kinesis stream ARN -> destination description
        self._kinesis: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
        self._revision = 0

        self.answers: dict[str, Handler] = {
            "PutResourcePolicy": self._put_stream_policy,
            "GetResourcePolicy": self._get_stream_policy,
            "DeleteResourcePolicy": self._delete_stream_policy,
            "EnableKinesisStreamingDestination": self._enable_kinesis,
            "DisableKinesisStreamingDestination": self._disable_kinesis,
            "UpdateKinesisStreamingDestination": self._update_kinesis,
            "DescribeKinesisStreamingDestination": self._describe_kinesis,
        }
        self.before: dict[str, Before] = {
            "CreateTable": self._before_create,
            "UpdateTable": self._before_update,
            "UpdateTimeToLive": self._before_time_to_live,
            "RestoreTableToPointInTime": self._before_restore,
            "TagResource": self._before_tag,
        }
        self.after: dict[str, After] = {
            "CreateTable": self._after_create,
            "UpdateTable": self._after_update,
            "DescribeTable": self._after_describe,
            "RestoreTableToPointInTime": self._after_restore,
            "ImportTable": self._after_import,
            "DescribeTimeToLive": self._after_describe_time_to_live,
        }

    def clear(self) -> None:
        for store in (self._settings, self._global_tables, self._stream_policies, self._kinesis):
            store.clear()

    def forget(self, scope: Scope, table: str) -> None:
        """What belonged to a table that is gone (DeleteTable, or a replica deleted)."""
        account, region = scope
        self._settings.pop((account, region, table), None)
        self._kinesis.pop((account, region, table), None)
        for key in [key for key in self._stream_policies if key[:2] == scope and f":table/{table}/stream/" in key[2]]:
            del self._stream_policies[key]
        members = self._global_tables.get((account, table))
        if members is not None:
            members.pop(region, None)
            if len(members) <= 1:
                del self._global_tables[(account, table)]

    def _of(self, scope: Scope, table: str) -> _Settings:
        return self._settings.setdefault((*scope, table), _Settings())

    # -- every table description: A, B, C, E ------------------------------

    def _describe(self, scope: Scope, description: dict[str, Any]) -> None:
        """Add what moto drops to one table description, as AWS describes it."""
        account, region = scope
        name = description.get("TableName")
        settings = self._settings.get((account, region, name))
        if settings is not None:
            if settings.table_class:
                description["TableClassSummary"] = {"TableClass": settings.table_class}
                if settings.class_updated is not None:
                    description["TableClassSummary"]["LastUpdateDateTime"] = settings.class_updated
            if settings.on_demand:
                description["OnDemandThroughput"] = dict(settings.on_demand)
            for index in description.get("GlobalSecondaryIndexes") or []:
                if index["IndexName"] in settings.index_on_demand:
                    index["OnDemandThroughput"] = dict(settings.index_on_demand[index["IndexName"]])
        members = self._global_tables.get((account, name), {})
        if region in members and len(members) > 1:
            description["GlobalTableVersion"] = GLOBAL_TABLE_VERSION
            description["Replicas"] = [
                {"RegionName": other, "ReplicaStatus": "ACTIVE"}
                | ({"KMSMasterKeyId": replica["KMSMasterKeyId"]} if replica.get("KMSMasterKeyId") else {})
                for other, replica in sorted(members.items())
                if other != region
            ]

    def _after_describe(self, scope: Scope, _request: dict[str, Any], answer: Answer) -> Answer:
        self._describe(scope, answer["Table"])
        return answer

    # -- A, B, F: creating and updating a table -----------------------------

    def _before_create(self, scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        refuse.table_class(request.get("TableClass"))
        # CreateTable's BillingMode defaults to PROVISIONED (API CreateTable, BillingMode).
        billing = request.get("BillingMode") or "PROVISIONED"
        refuse.on_demand_limits(request.get("OnDemandThroughput"), creating=True, billing_mode=billing)
        for index in request.get("GlobalSecondaryIndexes") or []:
            refuse.on_demand_limits(index.get("OnDemandThroughput"), creating=True, billing_mode=billing, what="index")
        sse = request.get("SSESpecification")
        if sse and sse.get("KMSMasterKeyId"):
            sse["KMSMasterKeyId"] = _resolve_key(scope, sse["KMSMasterKeyId"])
        return request

    def _after_create(self, scope: Scope, request: dict[str, Any], answer: Answer) -> Answer:
        limits = request.get("OnDemandThroughput")
        self._settings[(*scope, request["TableName"])] = _Settings(
            table_class=request.get("TableClass"),
            on_demand=refuse.described_limits(None, limits) if limits else None,
            index_on_demand={
                index["IndexName"]: refuse.described_limits(None, index["OnDemandThroughput"])
                for index in request.get("GlobalSecondaryIndexes") or []
                if index.get("OnDemandThroughput")
            },
        )
        # AWS answers CREATING (the API reference's CreateTable example); moto, ACTIVE. The next
        # DescribeTable is ACTIVE at once, as every status change here is.
        answer["TableDescription"]["TableStatus"] = "CREATING"
        self._describe(scope, answer["TableDescription"])
        return answer

    def _before_update(self, scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        table = require_table(scope, request["TableName"])
        refuse.table_class(request.get("TableClass"))
        self._check_billing_switch(table, request)
        billing = request.get("BillingMode") or table.billing_mode or "PROVISIONED"
        refuse.on_demand_limits(request.get("OnDemandThroughput"), creating=False, billing_mode=billing)
        refuse.global_index_updates(
            {index.name for index in table.global_indexes}, request.get("GlobalSecondaryIndexUpdates") or []
        )
        for update in request.get("GlobalSecondaryIndexUpdates") or []:
            for kind in ("Create", "Update"):
                index = update.get(kind) or {}
                refuse.on_demand_limits(
                    index.get("OnDemandThroughput"), creating=kind == "Create", billing_mode=billing, what="index"
                )
        if request.get("ReplicaUpdates"):
            refuse.one_replica_update(request["ReplicaUpdates"])
            (update,) = request["ReplicaUpdates"]
            if "Create" in update:
                # Issue 16's row: a replica of a PROVISIONED table needs its write capacity autoscaled.
                self._check_replica_write_scaling(scope, table, request)
            self._update_replica(scope, table, update)
        return request

    @staticmethod
    def _check_billing_switch(table: Any, request: dict[str, Any]) -> None:
        """G. Switching to PROVISIONED needs every global index's capacity in the same call.

        UpdateTable's BillingMode: "When switching from pay-per-request to provisioned
        capacity, initial provisioned capacity values must be set" (API reference); AWS
        refuses the switch without an index's, as users of the provider report (ddbgen
        issue 16). moto switches and leaves the index without capacity. The wording
        follows AWS's message for the opposite case ("One or more parameter values
        were invalid: ProvisionedThroughput should not be specified for index: ... when
        BillingMode is PAY_PER_REQUEST", quoted in bchew/dynamodump#266).
        """
        if request.get("BillingMode") != "PROVISIONED" or table.billing_mode != "PAY_PER_REQUEST":
            return
        given = {
            update["Update"]["IndexName"]
            for update in request.get("GlobalSecondaryIndexUpdates") or []
            if "Update" in update and update["Update"].get("ProvisionedThroughput")
        }
        for index in table.global_indexes:
            if index.name not in given:
                raise ApiError(
                    VALIDATION,
                    f"One or more parameter values were invalid: ProvisionedThroughput must be specified for index: {index.name}",
                )

    @staticmethod
    def _check_replica_write_scaling(scope: Scope, table: Any, request: dict[str, Any]) -> None:
        """K. A replica of a PROVISIONED table needs the table's write capacity autoscaled.

        AWS refuses it with this message (terraform-provider-aws#13097, where the
        maintainers call it "a limitation of the DynamoDB API";
        terraform-aws-modules/terraform-aws-dynamodb-table#109); the AWS CDK allows
        provisioned replicas "only if the Table has write auto-scaling enabled with a
        scaling policy" (aws-cdk#12159). moto makes the replica anyway.
        """
        billing = request.get("BillingMode") or table.billing_mode
        if billing == "PAY_PER_REQUEST":
            return
        account, region = scope
        backend = applicationautoscaling_backends[account][region]
        resource = f"table/{table.name}"
        dimension = "dynamodb:table:WriteCapacityUnits"
        registered = resource in backend.targets.get(dimension, {})
        policed = any(
            policy.resource_id == resource and policy.scalable_dimension == dimension
            for policy in backend.policies.values()
        )
        if not (registered and policed):
            raise ApiError(VALIDATION, "Table write capacity should either be Pay-Per-Request or AutoScaled.")

    def _after_update(self, scope: Scope, request: dict[str, Any], answer: Answer) -> Answer:
        table = require_table(scope, request["TableName"])
        # AttributeDefinitions "describe the key schema for the table and indexes" (CreateTable,
        # UpdateTable API reference), and AWS refuses a definition no key uses: a deleted
        # index's attribute goes with it. moto keeps it, and the provider then plans it away.
        used = {key["AttributeName"] for key in table.schema}
        for index in table.global_indexes + table.indexes:
            used |= {key["AttributeName"] for key in index.schema}
        table.attr = [item for item in table.attr if item["AttributeName"] in used]
        if request.get("BillingMode") == "PAY_PER_REQUEST":
            # An on-demand table describes no capacity, as moto describes one created on demand
            # (0 units); moto keeps the provisioned units on a switch, which the provider then
            # reads as capacity set on an on-demand table and refuses to plan.
            for item in [table, *table.global_indexes]:
                item.throughput = {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
            described = answer["TableDescription"]
            described["ProvisionedThroughput"] = {**described.get("ProvisionedThroughput", {}), **table.throughput}
            for index in described.get("GlobalSecondaryIndexes") or []:
                index["ProvisionedThroughput"] = {**index.get("ProvisionedThroughput", {}), **table.throughput}
        answer["TableDescription"]["AttributeDefinitions"] = copy.deepcopy(table.attr)
        settings = self._of(scope, request["TableName"])
        if request.get("TableClass"):
            if request["TableClass"] != (settings.table_class or "STANDARD"):
                settings.class_updated = time.time()
            settings.table_class = request["TableClass"]
        if request.get("OnDemandThroughput"):
            settings.on_demand = refuse.described_limits(settings.on_demand, request["OnDemandThroughput"])
        for update in request.get("GlobalSecondaryIndexUpdates") or []:
            for kind in ("Create", "Update"):
                index = update.get(kind) or {}
                if index.get("OnDemandThroughput"):
                    settings.index_on_demand[index["IndexName"]] = refuse.described_limits(
                        settings.index_on_demand.get(index["IndexName"]), index["OnDemandThroughput"]
                    )
            if update.get("Delete"):
                settings.index_on_demand.pop(update["Delete"]["IndexName"], None)
        # AWS answers UPDATING (the API reference's UpdateTable example); the next DescribeTable is ACTIVE.
        answer["TableDescription"]["TableStatus"] = "UPDATING"
        self._describe(scope, answer["TableDescription"])
        return answer

    # -- C: replicas (emulated: AWS makes a table in the other region) -------

    def _update_replica(self, scope: Scope, source: Any, update: dict[str, Any]) -> None:
        """One ReplicaUpdates entry, checked first as AWS checks it (aws_refusals), then done."""
        account, region = scope
        members = self._global_tables.get((account, source.name), {region: {}})
        if "Create" in update:
            spec = update["Create"]
            other = spec["RegionName"]
            refuse.replica_region(other, region)
            if other in members:
                raise ApiError(VALIDATION, f"Replica {other} of table {source.name} already exists")
            table_key = (source.sse_specification or {}).get("KMSMasterKeyId")
            refuse.replica_key(table_key not in (None, _managed_key(scope)), spec.get("KMSMasterKeyId"))
            key = _resolve_key((account, other), spec.get("KMSMasterKeyId"))
            if refuse.replica_stream(source.stream_specification):
                source.set_stream_specification({"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
            self._make_replica(account, other, source, key)
            members[other] = {"KMSMasterKeyId": key}
            self._global_tables[(account, source.name)] = members
        elif "Update" in update:
            spec = update["Update"]
            other = spec["RegionName"]
            refuse.replica_region(other, region)
            if other not in members:
                raise ApiError(NOT_FOUND, f"Requested resource not found: Replica {other} not found")
            resolved = _resolve_key((account, other), spec.get("KMSMasterKeyId"))
            refuse.replica_key_unchanged(members[other].get("KMSMasterKeyId"), resolved)
        elif "Delete" in update:
            other = update["Delete"]["RegionName"]
            refuse.replica_region(other, region)
            if other not in members:
                raise ApiError(NOT_FOUND, f"Requested resource not found: Replica {other} not found")
            dynamodb((account, other)).tables.pop(source.name, None)
            self.forget((account, other), source.name)
            self._gone((account, other), source.name)

    def _make_replica(self, account: str, region: str, source: Any, key: str | None) -> None:
        """The replica: a table of the source's design, billing, stream and encryption, in ``region``."""
        backend = dynamodb((account, region))
        if source.name in backend.tables:
            raise ApiError(VALIDATION, f"Table {source.name} already exists in {region}: it cannot become a replica")
        described = source.describe()["TableDescription"]
        provisioned = source.billing_mode != "PAY_PER_REQUEST"
        encrypted = key or (source.sse_specification or {}).get("Enabled")
        backend.create_table(
            name=source.name,
            schema=copy.deepcopy(source.schema),
            throughput=(
                {unit: source.throughput[unit] for unit in ("ReadCapacityUnits", "WriteCapacityUnits")}
                if provisioned
                else None
            ),
            attr=copy.deepcopy(source.attr),
            global_indexes=[
                {
                    name: copy.deepcopy(value)
                    for name, value in index.items()
                    if name in ("IndexName", "KeySchema", "Projection")
                }
                | ({"ProvisionedThroughput": copy.deepcopy(index["ProvisionedThroughput"])} if provisioned else {})
                for index in described.get("GlobalSecondaryIndexes") or []
            ],
            indexes=[
                {
                    name: copy.deepcopy(value)
                    for name, value in index.items()
                    if name in ("IndexName", "KeySchema", "Projection")
                }
                for index in described.get("LocalSecondaryIndexes") or []
            ],
            streams=(
                copy.deepcopy(source.stream_specification)
                if (source.stream_specification or {}).get("StreamEnabled")
                else None
            ),
            billing_mode=source.billing_mode,
            # The key given for the replica, else the AWS managed key of its region.
            sse_specification=(
                {"Enabled": True, "SSEType": "KMS", **({"KMSMasterKeyId": key} if key else {})} if encrypted else None
            ),
            tags=[],
            deletion_protection_enabled=False,
            warm_throughput=None,
        )
        settings = self._settings.get((account, source.region_name, source.name))
        if settings is not None:
            self._settings[(account, region, source.name)] = _Settings(
                table_class=settings.table_class,
                on_demand=copy.deepcopy(settings.on_demand),
                index_on_demand=copy.deepcopy(settings.index_on_demand),
            )

    # -- L: time to live -------------------------------------------------------

    @staticmethod
    def _before_time_to_live(_scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        """An empty AttributeName, which AWS refuses (its message, quoted in terraform-provider-aws#44730)."""
        name = (request.get("TimeToLiveSpecification") or {}).get("AttributeName")
        if name is not None and len(name) < 1:
            raise ApiError(
                VALIDATION,
                "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy "
                "constraint: Member must have length greater than or equal to 1",
            )
        return request

    @staticmethod
    def _after_describe_time_to_live(_scope: Scope, _request: dict[str, Any], answer: Answer) -> Answer:
        """While TTL is off AWS names no attribute ("AWS will not return it", terraform-provider-aws#40046); moto does."""
        description = answer.get("TimeToLiveDescription") or {}
        if description.get("TimeToLiveStatus") == "DISABLED":
            description.pop("AttributeName", None)
        return answer

    # -- D: resource policies of a stream ------------------------------------

    def _stream(self, scope: Scope, arn: str | None) -> str | None:
        """The stream ARN a policy request names, checked to be a table's current stream; None for a table ARN."""
        if not arn or "/stream/" not in arn:
            return None
        table = require_table(scope, arn.split(":table/", 1)[-1].split("/stream/", 1)[0])
        if table.describe()["TableDescription"].get("LatestStreamArn") != arn:
            raise ApiError(NOT_FOUND, f"Requested resource not found: Stream: {arn} not found")
        return arn

    def _policy_of(self, scope: Scope, arn: str) -> dict[str, str]:
        policy = self._stream_policies.get((*scope, arn))
        if policy is None:
            raise ApiError(POLICY_NOT_FOUND, f"Resource-based policy not found for the provided ResourceArn: {arn}")
        return policy

    def _put_stream_policy(self, scope: Scope, request: dict[str, Any]) -> Answer | None:
        arn = self._stream(scope, request.get("ResourceArn"))
        if arn is None:
            return None
        refuse.stream_policy(request["Policy"])
        current = self._stream_policies.get((*scope, arn))
        expected = request.get("ExpectedRevisionId")
        if (expected == "NO_POLICY" and current is not None) or (
            expected and expected != "NO_POLICY" and (current is None or current["RevisionId"] != expected)
        ):
            raise ApiError(
                POLICY_NOT_FOUND,
                f"Resource-based policy not found for the provided ResourceArn: revision {expected} is not current",
            )
        if current is None or current["Policy"] != request["Policy"]:
            # Revision ids as moto gives a table's: the time in milliseconds (here never the same twice).
            self._revision = max(self._revision + 1, int(time.time() * 1000))
            current = {"Policy": request["Policy"], "RevisionId": str(self._revision)}
            self._stream_policies[(*scope, arn)] = current
        return {"RevisionId": current["RevisionId"]}

    def _get_stream_policy(self, scope: Scope, request: dict[str, Any]) -> Answer | None:
        arn = self._stream(scope, request.get("ResourceArn"))
        return None if arn is None else dict(self._policy_of(scope, arn))

    def _delete_stream_policy(self, scope: Scope, request: dict[str, Any]) -> Answer | None:
        arn = self._stream(scope, request.get("ResourceArn"))
        if arn is None:
            return None
        policy = self._policy_of(scope, arn)
        expected = request.get("ExpectedRevisionId")
        if expected and expected != policy["RevisionId"]:
            raise ApiError(POLICY_NOT_FOUND, f"Resource-based policy of {arn} has another revision than {expected}")
        del self._stream_policies[(*scope, arn)]
        return {"RevisionId": policy["RevisionId"]}

    # -- E: restore to a point in time, and import ----------------------------

    def _before_restore(self, scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        arn = request.pop("SourceTableArn", None)
        if arn and not request.get("SourceTableName"):
            account, region = scope
            prefix = f":dynamodb:{region}:{account}:table/"
            if prefix not in arn:  # moto restores within one account and region
                raise ApiError(SOURCE_NOT_FOUND, f"Source table not found: {arn}")
            request["SourceTableName"] = arn.split(prefix, 1)[1]
        return request

    def _after_restore(self, scope: Scope, request: dict[str, Any], answer: Answer) -> Answer:
        """The restored table gets the billing mode and encryption the request gives, as AWS does."""
        backend = dynamodb(scope)
        source, restored = backend.tables[request["SourceTableName"]], backend.tables[request["TargetTableName"]]
        restored.billing_mode = request.get("BillingModeOverride") or source.billing_mode
        _encrypt(restored, scope, request.get("SSESpecificationOverride"))
        described = restored.describe()["TableDescription"]  # moto's own words for what changed
        for name in ("BillingModeSummary", "SSEDescription"):
            if name in described:
                answer["TableDescription"][name] = described[name]
        self._describe(scope, answer["TableDescription"])
        return answer

    def _after_import(self, scope: Scope, request: dict[str, Any], answer: Answer) -> None:
        """The imported table gets the encryption of its TableCreationParameters (moto creates it unencrypted)."""
        job = dynamodb(scope).table_imports[answer["ImportTableDescription"]["ImportArn"]]
        job.join(timeout=60)  # moto imports on a thread of its own, in milliseconds
        if job.table is not None:
            _encrypt(job.table, scope, request["TableCreationParameters"].get("SSESpecification"))

    # -- I: TagResource replaces the value of a key the table has --------------

    def _before_tag(self, scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        keys = [tag["Key"] for tag in request.get("Tags") or []]
        if keys:
            dynamodb(scope).untag_resource(request["ResourceArn"], keys)
        return request

    # -- H: Kinesis streaming destinations ---------------------------------------

    def _destination(self, scope: Scope, request: dict[str, Any]) -> dict[str, Any]:
        require_table(scope, request["TableName"])
        found = self._kinesis.get((*scope, request["TableName"]), {}).get(request["StreamArn"])
        if found is None:
            raise ApiError(
                NOT_FOUND,
                f"Requested resource not found: Table {request['TableName']} streams to no {request['StreamArn']}",
            )
        return found

    def _enable_kinesis(self, scope: Scope, request: dict[str, Any]) -> Answer:
        require_table(scope, request["TableName"])
        arn = request["StreamArn"]
        account, region = scope
        configuration = request.get("EnableKinesisStreamingConfiguration") or {}
        refuse.kinesis_precision(configuration, "enableKinesisStreamingConfiguration")
        if not any(stream.arn == arn for stream in kinesis_backends[account][region].streams.values()):
            raise ApiError(NOT_FOUND, f"Requested resource not found: Stream: {arn} not found")
        destinations = self._kinesis.setdefault((*scope, request["TableName"]), {})
        refuse.kinesis_enable(destinations)
        precision = configuration.get("ApproximateCreationDateTimePrecision")
        destinations[arn] = {
            "StreamArn": arn,
            "DestinationStatus": "ACTIVE",
            **({"ApproximateCreationDateTimePrecision": precision} if precision else {}),
        }
        answer = {"TableName": request["TableName"], "StreamArn": arn, "DestinationStatus": "ENABLING"}
        return answer | ({"EnableKinesisStreamingConfiguration": configuration} if configuration else {})

    def _disable_kinesis(self, scope: Scope, request: dict[str, Any]) -> Answer:
        destination = self._destination(scope, request)
        refuse.kinesis_active(destination, "Disable")
        destination["DestinationStatus"] = "DISABLED"
        return {"TableName": request["TableName"], "StreamArn": request["StreamArn"], "DestinationStatus": "DISABLING"}

    def _update_kinesis(self, scope: Scope, request: dict[str, Any]) -> Answer:
        destination = self._destination(scope, request)
        configuration = request.get("UpdateKinesisStreamingConfiguration") or {}
        refuse.kinesis_precision(configuration, "updateKinesisStreamingConfiguration")
        refuse.kinesis_active(destination, "Update")
        if configuration.get("ApproximateCreationDateTimePrecision"):
            destination["ApproximateCreationDateTimePrecision"] = configuration["ApproximateCreationDateTimePrecision"]
        return {
            "TableName": request["TableName"],
            "StreamArn": request["StreamArn"],
            "DestinationStatus": "UPDATING",
            "UpdateKinesisStreamingConfiguration": configuration,
        }

    def _describe_kinesis(self, scope: Scope, request: dict[str, Any]) -> Answer:
        require_table(scope, request["TableName"])
        destinations = self._kinesis.get((*scope, request["TableName"]), {})
        return {
            "TableName": request["TableName"],
            "KinesisDataStreamDestinations": [dict(destination) for destination in destinations.values()],
        }
