"""``ddbgen adopt``: a profile and import blocks that take over a live table exactly as it is.

``read_table`` reads the table through the AWS API, read-only (only Describe,
List and Get calls). ``adopt`` maps what it read to the profile whose design
and every input match the table (``adopt_map``), refuses what the module could
not keep without changing the table, loads the profile it writes to check it
resolves to what was read, and returns its text with the ``import`` blocks for
the root module. boto3 is imported only here, inside functions: nothing else
in ddbgen needs it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.adopt import mapping
from generator.adopt import text as adopt_text
from generator.adopt.live import KmsKey, LiveReplica, LiveTable, Policy, Unread
from generator.adopt.permissions import grant_hint
from generator.errors import DdbgenError, ProfileError
from generator.profile import catalogue
from generator.profile.design import LOGICAL_NAME
from generator.profile.loader import AWS_PROVIDER, DEFAULT_LINE, DESCRIPTION, EXTENDS, Profile, is_path, load_profile
from generator.profile.moved import MOVED_FROM, PUBLIC_MODULE, TABLE_COPIES, MovedFrom, moved_blocks
from generator.profile.provenance import repository_root
from generator.profile.text import profile_yaml
from generator.shown import yaml_text

__all__ = ["AdoptError", "Adoption", "Clients", "LiveReplica", "LiveTable", "adopt", "read_table"]

INSTALL = "pip install 'ddbgen[adopt]'"
DENIED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"})
UNSUPPORTED = frozenset(
    {"UnknownOperationException", "UnsupportedOperationException", "InvalidAction", "NotImplemented"}
)
NO_POLICY = ("PolicyNotFoundException", "ResourceNotFoundException")
AWS_MANAGED_ALIAS = "alias/aws/dynamodb"
CHECK_NAME = "adopted.yaml"
MAX_MESSAGE = 200  # of an AWS error message quoted back (an endpoint may answer with a whole HTML page)


class AdoptError(DdbgenError):
    """The live table cannot be read, or the module cannot keep it as it is."""


@dataclass(frozen=True)
class Adoption:
    profile_yaml: str  # the profile file's text
    import_blocks: str  # HCL import blocks for the root module (terraform fmt clean)
    imports: list[tuple[str, str]]  # (address inside the module, import id)
    creates: list[str]  # what the module creates beside the imports
    cannot_represent: list[str]  # what the module cannot represent but leaves alone on apply


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


class _Reader:
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
                # DescribeKinesisStreamingDestination with a 500): what can be done without waits.
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


def _tags(reader: _Reader, arn: str, region: str | None = None) -> dict[str, str]:
    return {
        tag["Key"]: tag["Value"]
        for tag in reader.pages("dynamodb", "list_tags_of_resource", "Tags", region=region, ResourceArn=arn)
    }


def _kms(reader: _Reader, sse: dict[str, Any] | None, region: str | None = None) -> KmsKey | None:
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


def _policy(reader: _Reader, arn: str | None, region: str | None = None) -> Policy:
    if not arn:
        return None
    answer = reader.call("dynamodb", "get_resource_policy", region, optional=True, absent=NO_POLICY, ResourceArn=arn)
    return answer if answer is None or isinstance(answer, Unread) else answer.get("Policy")


def _stream_arn(table: dict[str, Any]) -> str | None:
    return table.get("LatestStreamArn") if (table.get("StreamSpecification") or {}).get("StreamEnabled") else None


def _insights(reader: _Reader, name: str, indexes: list[str]) -> dict[str, dict[str, Any]] | Unread:
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


def _scaling(reader: _Reader, name: str, indexes: list[str], with_tags: bool = True) -> tuple[Any, Any, Any]:
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
    tags: dict[str, dict[str, str]] | Unread = {}
    for target in targets if with_tags else ():
        arn = target.get("ScalableTargetARN")
        if not arn:
            continue
        answer = reader.call("application-autoscaling", "list_tags_for_resource", optional=True, ResourceARN=arn)
        if isinstance(answer, Unread):
            tags = answer
            break
        tags[arn] = dict(answer.get("Tags") or {})
    return targets, policies, tags


def _replica(reader: _Reader, name: str, region: str) -> LiveReplica:
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
        stream_policy=_policy(reader, _stream_arn(table), region),
    )


def read_table(table_name: str, clients: Clients | None = None, *, adopting: bool = True) -> LiveTable:
    """Everything adopt needs about ``table_name``, read with Describe, List and Get calls only.

    Without ``adopting`` (``check --live``), what only adopt uses is not read: the Kinesis
    destinations and the scaling targets' tags, which no profile input decides.
    """
    clients = clients or Clients()
    reader = _Reader(clients, table_name)
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
        stream_policy=_policy(reader, _stream_arn(table)),
        scalable_targets=targets,
        scaling_policies=policies,
        target_tags=target_tags,
        replicas=replicas,
    )


# -- adopt ---------------------------------------------------------------


def adopt(
    table_name: str,
    *,
    module: str = "dynamodb",
    extends: str | None = None,
    aws_provider: int | None = None,
    moved_from: str | None = None,
    name: str | None = None,
    profile_path: str | Path | None = None,
    clients: Clients | None = None,
) -> Adoption:
    """Read table ``table_name`` and write the profile and import blocks that take it over as it is.

    ``module`` names the module block the imports go to; ``extends`` makes the
    profile extend that profile and hold only what differs from it (a path is
    written relative to ``profile_path``'s folder, where the profile will be
    written); ``name`` is the design's name (default: from the table name);
    ``moved_from`` names the copy of terraform-aws-modules/dynamodb-table's table
    that holds it (``this``, ``autoscaled`` or ``autoscaled_gsi_ignore``): the
    profile's ``moved_from`` moves its addresses, and the import blocks are
    left with what no ``moved`` block covers.
    """
    if not LOGICAL_NAME.fullmatch(module):
        raise AdoptError(
            f"module name {module} must be a Terraform identifier (a letter or underscore, then letters, digits, _ or -)"
        )
    if name is not None and not LOGICAL_NAME.fullmatch(name):
        raise AdoptError(
            f"design name {name} must be a Terraform identifier (a letter or underscore, then letters, digits, _ or -)"
        )
    if moved_from is not None and moved_from not in TABLE_COPIES:
        raise AdoptError(
            f"--moved-from {moved_from}: must name the public module's table copy that holds the table: "
            f"{', '.join(TABLE_COPIES)} (`terraform state list | grep aws_dynamodb_table` in its root shows it)"
        )
    if aws_provider is not None and (isinstance(aws_provider, bool) or aws_provider not in catalogue.LINES):
        raise AdoptError(
            f"aws_provider must be {' or '.join(str(line) for line in catalogue.LINES)} (got {aws_provider})"
        )
    parent = load_profile(extends) if extends is not None else None
    line = aws_provider or (parent.line if parent is not None else DEFAULT_LINE)

    live = read_table(table_name, clients)
    plan = mapping.plan(live, line, name)
    if plan.refusals:
        more = f" (and {len(plan.refusals) - 1} more: {'; '.join(plan.refusals[1:])})" if len(plan.refusals) > 1 else ""
        raise AdoptError(f"cannot adopt table {live.name}: {plan.refusals[0]}{more}")

    settings: dict[str, Any] = {
        DESCRIPTION: f"DynamoDB table {live.name} in {live.region}, adopted as it is by ddbgen adopt."
    }
    if aws_provider is not None:
        settings[AWS_PROVIDER] = aws_provider
    section = plan.design.as_profile()
    inputs = [item for item in catalogue.inputs(plan.design, line) if not item.required]
    if parent is None:
        if section is not None:
            settings["table"] = section
        baseline = catalogue.defaults(plan.design, line)
        written = {item.name: plan.values.get(item.name, baseline[item.name]) for item in inputs}
        parent_ref = check_ref = None
        root = None
    else:
        assert extends is not None
        parent_ref, check_ref = _extends_refs(extends, profile_path)
        root = _check_root(extends, profile_path)
        if section != parent.design.as_profile():
            settings["table"] = section
        baseline = _baseline(live.name, check_ref, line, section, root)
        _check_inherited_tags(live.name, extends, baseline["common_tags"], plan.values["common_tags"])
        written = {
            item.name: plan.values[item.name]
            for item in inputs
            if item.name in plan.values and plan.values[item.name] != baseline[item.name]
        }
    if moved_from is not None:
        settings[MOVED_FROM] = MovedFrom(PUBLIC_MODULE, moved_from).as_profile()
    body = {item.name: adopt_text.shown(item, written[item.name]) for item in inputs if item.name in written}

    header = [
        f"Profile of DynamoDB table {live.name} in {live.region} (account {live.account}), written by ddbgen adopt",
        "from what the AWS API answers: its design and every input keep the table as it is.",
        "Generate its module: ddbgen generate --profile <this file> --out <module folder>",
        "then import the table with the import blocks adopt writes (--import-file), in the root module.",
    ]
    text = "".join(f"# {comment}\n" for comment in header) + profile_yaml(_document(parent_ref, settings, body))
    profile = _check(live, plan, line, profile_yaml(_document(check_ref, settings, body)), root)

    imports = list(plan.imports)
    if moved_from is not None:
        # What a moved block takes over needs no import; what it does not (the index
        # resources of provider 6, Contributor Insights) still does.
        moved = {target for _source, target in moved_blocks(profile)}
        imports = [(address, import_id) for address, import_id in imports if address not in moved]
    blocks = adopt_text.import_blocks(
        module,
        imports,
        [
            f"Import blocks for DynamoDB table {live.name} in {live.region}, written by ddbgen adopt.",
            f"Terraform takes import blocks only in the root module: keep them beside module {module}.",
        ],
    )
    return Adoption(
        profile_yaml=text,
        import_blocks=blocks,
        imports=imports,
        # What moves in is brought in as surely as what is imported.
        creates=adopt_text.creates(profile, plan.imports, live.region),
        cannot_represent=list(plan.notes),
    )


def _document(extends: str | None, settings: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    return {**({EXTENDS: extends} if extends is not None else {}), **settings, **body}


def _extends_refs(extends: str, profile_path: str | Path | None) -> tuple[str, str]:
    """``extends`` as the written profile gives it (relative to its folder) and as the check reads it (absolute)."""
    if not is_path(extends):
        return extends, extends
    target = Path(extends).resolve()
    folder = Path(profile_path).resolve().parent if profile_path is not None else Path.cwd()
    return Path(os.path.relpath(target, folder)).as_posix(), str(target)


def _check_root(extends: str, profile_path: str | Path | None) -> Path | None:
    """The repository root the profile adopt writes will be read in, which its ``extends`` must lie in."""
    if not is_path(extends):
        return None
    target = Path(extends).resolve()
    root = repository_root(Path(profile_path).resolve() if profile_path is not None else target)
    if root in target.parents:
        return root
    if profile_path is None:
        return target.parent
    raise AdoptError(
        f"--extends {extends} lies outside the repository root {root} of {profile_path}: the profile adopt writes "
        "could not be read there (a profile extends only profiles inside its repository)"
    )


def _load_text(text: str, root: Path | None) -> Profile:
    with tempfile.TemporaryDirectory(prefix="ddbgen-adopt-") as folder:
        path = Path(folder) / CHECK_NAME
        path.write_text(text, encoding="utf-8")
        return load_profile(str(path), root=root)


def _baseline(table_name: str, extends: str, line: int, section: Any, root: Path | None) -> dict[str, Any]:
    """The parent's resolved values for the adopted table's design and provider line."""
    text = profile_yaml({EXTENDS: extends, AWS_PROVIDER: line, "table": section})
    try:
        return _load_text(text, root).values
    except ProfileError as error:
        raise AdoptError(f"cannot adopt table {table_name} extending {extends}: {_problem(error)}") from None


def _problem(error: ProfileError) -> str:
    """A profile error without the name of the temporary file adopt checked."""
    where = error.source if not error.source.endswith(CHECK_NAME) else ""
    return ": ".join(part for part in (where, error.key, error.problem) if part)


def _check_inherited_tags(table_name: str, extends: str, inherited: dict[str, str], live: dict[str, str]) -> None:
    extra = sorted(set(inherited) - set(live))
    if extra:
        raise AdoptError(
            f"cannot adopt table {table_name} extending {extends}: it sets tags {', '.join(extra)}, which the table does not have, "
            "and a profile cannot drop an inherited tag, so apply would add them; adopt without --extends, "
            "or extend a profile without them"
        )


def _check(live: LiveTable, plan: mapping.Plan, line: int, text: str, root: Path | None) -> Profile:
    """Load the profile adopt writes and check it resolves to what was read."""
    try:
        profile = _load_text(text, root)
    except ProfileError as error:
        raise AdoptError(
            f"cannot adopt table {live.name}: the module cannot take what the table has: {_problem(error)}"
        ) from None
    if profile.line != line or profile.design.as_profile() != plan.design.as_profile():
        raise AdoptError(f"cannot adopt table {live.name}: the profile does not resolve to the table's design")
    for key, value in plan.values.items():
        if profile.values[key] != value:
            raise AdoptError(
                f"cannot adopt table {live.name}: the profile resolves {key} to {yaml_text(profile.values[key])}, "
                f"but the table has {yaml_text(value)}"
            )
    return profile
