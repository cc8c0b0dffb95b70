"""Reading a live table through the AWS API, read-only: only Describe, List and Get calls.

``read_table`` gathers what ``adopt`` needs into a ``LiveTable``; ``Clients``
makes the boto3 clients, which ``regenerate --live-table`` uses too. boto3 is
imported only here, inside functions: nothing else in ddbgen needs it.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from generator.adopt.live import KmsKey, LiveReplica, LiveTable, Policy, Unread, stream_arn
from generator.adopt.permissions import grant_hint
from generator.errors import AdoptError

INSTALL = "pip install 'ddbgen[adopt]'"
DENIED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"})
UNSUPPORTED = frozenset(
    {"UnknownOperationException", "UnsupportedOperationException", "InvalidAction", "NotImplemented"}
)
NO_POLICY = ("PolicyNotFoundException", "ResourceNotFoundException")
AWS_MANAGED_ALIAS = "alias/aws/dynamodb"
MAX_MESSAGE = 200  # of an AWS error message quoted back (an endpoint may answer with a whole HTML page)


def _boto3() -> Any:
    try:
        import boto3
    except ImportError:
        raise AdoptError(f"ddbgen adopt reads the table with boto3, which is not installed: {INSTALL}") from None
    return boto3


class Clients:
    """boto3 clients, one per service and region, made on first use from one session.

    The region is ``region``, else ``AWS_REGION``, else the session's
    (``AWS_DEFAULT_REGION`` or the profile's); credentials and endpoints
    (``AWS_ENDPOINT_URL`` included) are boto3's usual ones.
    """

    def __init__(self, session: Any = None, region: str | None = None) -> None:
        self._session = session
        self._region = region
        self._made: dict[tuple[str, str], Any] = {}
        # Clients are thread-safe; making them from one session is not (check --live reads tables in threads).
        self._making = threading.Lock()

    @property
    def session(self) -> Any:
        if self._session is None:
            self._session = _boto3().Session()
        return self._session

    @property
    def region(self) -> str:
        region = self._region or os.environ.get("AWS_REGION") or self.session.region_name
        if not region:
            raise AdoptError(
                "no AWS region to read the table in: set AWS_REGION (or AWS_DEFAULT_REGION) to the table's region"
            )
        return region

    def __call__(self, service: str, region: str | None = None) -> Any:
        with self._making:
            region = region or self.region
            if (service, region) not in self._made:
                self._made[(service, region)] = self.session.client(service, region_name=region)
            return self._made[(service, region)]


class AwsReader:
    """Calls one read operation at a time, turning AWS's failures into AdoptError or Unread."""

    def __init__(self, clients: Clients, table_name: str) -> None:
        self.clients = clients
        self.table_name = table_name

    def call(
        self,
        service: str,
        method: str,
        region: str | None = None,
        *,
        absent: tuple[str, ...] = (),
        optional: bool = False,
        **params: Any,
    ) -> Any:
        """The answer; None for an ``absent`` error code; Unread for a denied or unsupported ``optional`` read."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        client = self.clients(service, region)
        action = f"{service}:{client.meta.method_to_api_mapping.get(method, method)}"
        where = region or self.clients.region
        try:
            return getattr(client, method)(**params)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in absent:
                return None
            if optional and code in DENIED:
                return Unread(action, "was denied")
            if optional and code in UNSUPPORTED:
                return Unread(action, "is not supported where the table is")
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
            if optional and status >= 500:
                # A server error, retried by botocore already (moto without the fills answers
                # DescribeKinesisStreamingDestination with a 500): what can be done without it is.
                return Unread(action, f"failed ({code or status})")
            raise AdoptError(self.failure(action, code, error, where)) from None
        except NoCredentialsError:
            raise AdoptError(
                f"cannot read table {self.table_name}: no AWS credentials; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ) from None
        except BotoCoreError as error:
            raise AdoptError(
                f"cannot read table {self.table_name}: {action} failed in {where}: {' '.join(str(error).split())}"
            ) from None

    def failure(self, action: str, code: str, error: Any, region: str) -> str:
        if action == "dynamodb:DescribeTable" and code == "ResourceNotFoundException":
            return (
                f"table {self.table_name} not found in {region}: check the table name, and AWS_REGION "
                "(or AWS_DEFAULT_REGION) and the credentials' account"
            )
        if code in DENIED:
            return f"cannot read table {self.table_name}: {action} was denied in {region}; {grant_hint(action)}"
        message = " ".join(str(error.response.get("Error", {}).get("Message", "")).split())
        message = message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
        return f"cannot read table {self.table_name}: {action} failed in {region}: {code}: {message}"

    def pages(
        self, service: str, method: str, items: str, token: str = "NextToken", region: str | None = None, **params: Any
    ) -> Any:
        """Every page's ``items`` in one list; Unread (an optional read) or None (absent) as ``call`` gives them."""
        found: list[Any] = []
        marker = None
        while True:
            answer = self.call(service, method, region, **params, **({token: marker} if marker else {}))
            if answer is None or isinstance(answer, Unread):
                return answer
            found += answer.get(items, [])
            marker = answer.get(token if token != "Marker" else "NextMarker")
            if not marker or (token == "Marker" and not answer.get("Truncated")):
                return found


def _tags(reader: AwsReader, arn: str, region: str | None = None) -> dict[str, str]:
    return {
        tag["Key"]: tag["Value"]
        for tag in reader.pages("dynamodb", "list_tags_of_resource", "Tags", region=region, ResourceArn=arn)
    }


def _kms(reader: AwsReader, sse: dict[str, Any] | None, region: str | None = None) -> KmsKey | None:
    """The KMS key of a table's encryption; None when it is not KMS (an AWS owned key)."""
    sse = sse or {}
    if sse.get("SSEType") != "KMS" or sse.get("Status") not in ("ENABLED", "ENABLING", "UPDATING"):
        return None
    arn = sse.get("KMSMasterKeyArn", "")
    described = reader.call("kms", "describe_key", region, optional=True, KeyId=arn)
    if isinstance(described, dict):
        metadata = described.get("KeyMetadata", {})
        arn = metadata.get("Arn", arn)
        if metadata.get("KeyManager") == "AWS":
            return KmsKey(arn, True)
    aliases = reader.pages(
        "kms",
        "list_aliases",
        "Aliases",
        token="Marker",
        region=region,
        optional=True,
        absent=("NotFoundException",),
        KeyId=arn,
    )
    if isinstance(aliases, Unread):
        return KmsKey(arn, False if isinstance(described, dict) else None)
    return KmsKey(arn, any(alias.get("AliasName") == AWS_MANAGED_ALIAS for alias in aliases or []))


def _policy(reader: AwsReader, arn: str | None, region: str | None = None) -> Policy:
    if not arn:
        return None
    answer = reader.call("dynamodb", "get_resource_policy", region, optional=True, absent=NO_POLICY, ResourceArn=arn)
    return answer if answer is None or isinstance(answer, Unread) else answer.get("Policy")


def _insights(reader: AwsReader, name: str, indexes: list[str]) -> dict[str, dict[str, Any]] | Unread:
    found: dict[str, dict[str, Any]] = {}
    for index in ["", *indexes]:
        answer = reader.call(
            "dynamodb",
            "describe_contributor_insights",
            optional=True,
            absent=("ResourceNotFoundException",),
            TableName=name,
            **({"IndexName": index} if index else {}),
        )
        if isinstance(answer, Unread):
            return answer
        found[index] = answer or {}
    return found


def _scaling(reader: AwsReader, name: str, indexes: list[str], with_tags: bool = True) -> tuple[Any, Any, Any]:
    """Scalable targets, scaling policies and (``with_tags``) the targets' tags of the table and its indexes."""
    resource_ids = [f"table/{name}"] + [f"table/{name}/index/{index}" for index in indexes]
    targets: list[dict[str, Any]] = []
    for start in range(0, len(resource_ids), 50):  # DescribeScalableTargets takes 50 ResourceIds at most
        page = reader.pages(
            "application-autoscaling",
            "describe_scalable_targets",
            "ScalableTargets",
            optional=True,
            ServiceNamespace="dynamodb",
            ResourceIds=resource_ids[start : start + 50],
        )
        if isinstance(page, Unread):
            return page, page, page
        targets += page
    policies: list[dict[str, Any]] = []
    for resource_id in sorted({target["ResourceId"] for target in targets}):
        page = reader.pages(
            "application-autoscaling",
            "describe_scaling_policies",
            "ScalingPolicies",
            optional=True,
            ServiceNamespace="dynamodb",
            ResourceId=resource_id,
        )
        if isinstance(page, Unread):
            return targets, page, page
        policies += [policy for policy in page if policy.get("ResourceId") == resource_id]
    tags: dict[str, dict[str, str]] = {}
    for target in targets if with_tags else ():
        arn = target.get("ScalableTargetARN")
        if not arn:
            continue
        answer = reader.call("application-autoscaling", "list_tags_for_resource", optional=True, ResourceARN=arn)
        if isinstance(answer, Unread):
            return targets, policies, answer
        tags[arn] = dict(answer.get("Tags") or {})
    return targets, policies, tags


def _replica(reader: AwsReader, name: str, region: str) -> LiveReplica:
    table = reader.call("dynamodb", "describe_table", region, TableName=name)["Table"]
    backups = reader.call("dynamodb", "describe_continuous_backups", region, TableName=name)[
        "ContinuousBackupsDescription"
    ]
    return LiveReplica(
        region=region,
        table=table,
        backups=backups,
        tags=_tags(reader, table["TableArn"], region),
        kms=_kms(reader, table.get("SSEDescription"), region),
        resource_policy=_policy(reader, table["TableArn"], region),
        stream_policy=_policy(reader, stream_arn(table), region),
    )


def read_table(table_name: str, clients: Clients | None = None, *, adopting: bool = True) -> LiveTable:
    """Everything adopt needs about ``table_name``, read with Describe, List and Get calls only.

    Without ``adopting`` (``check --live``), what only adopt uses is not read: the Kinesis
    destinations and the scaling targets' tags, which no profile input decides.
    """
    clients = clients or Clients()
    reader = AwsReader(clients, table_name)
    table = reader.call("dynamodb", "describe_table", TableName=table_name)["Table"]
    indexes = sorted(index["IndexName"] for index in table.get("GlobalSecondaryIndexes") or [])
    ttl = reader.call("dynamodb", "describe_time_to_live", TableName=table_name).get("TimeToLiveDescription", {})
    backups = reader.call("dynamodb", "describe_continuous_backups", TableName=table_name)[
        "ContinuousBackupsDescription"
    ]
    kinesis = (
        reader.call(
            "dynamodb",
            "describe_kinesis_streaming_destination",
            optional=True,
            absent=("ResourceNotFoundException",),
            TableName=table_name,
        )
        if adopting
        else None
    )
    targets, policies, target_tags = _scaling(reader, table_name, indexes, with_tags=adopting)
    own_region = table["TableArn"].split(":")[3]
    replicas = tuple(
        _replica(reader, table_name, replica["RegionName"])
        for replica in sorted(table.get("Replicas") or [], key=lambda item: item["RegionName"])
        if replica["RegionName"] != own_region
    )
    return LiveTable(
        table=table,
        ttl=ttl,
        backups=backups,
        tags=_tags(reader, table["TableArn"]),
        kms=_kms(reader, table.get("SSEDescription")),
        insights=_insights(reader, table_name, indexes),
        kinesis=kinesis if isinstance(kinesis, Unread) else (kinesis or {}).get("KinesisDataStreamDestinations", []),
        resource_policy=_policy(reader, table["TableArn"]),
        stream_policy=_policy(reader, stream_arn(table)),
        scalable_targets=targets,
        scaling_policies=policies,
        target_tags=target_tags,
        replicas=replicas,
    )
