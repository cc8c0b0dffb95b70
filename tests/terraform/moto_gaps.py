"""moto on 127.0.0.1, extended with the AWS API behaviour it lacks.

moto (5.2.5) implements most of what the generated module touches. These are
its gaps, each filled here (the letters are the ones the moto probe used):

- Application Auto Scaling tagging: ``ListTagsForResource``, ``TagResource``
  and ``UntagResource``. moto also drops the ``Tags`` of
  ``RegisterScalableTarget``, which the AWS provider uses to tag a scalable
  target as it creates it, so those are recorded on their way to moto.
- J. ``DescribeScalingPolicies`` keeps a policy whose ResourceId is a
  *substring* of the one asked for, and ignores ``PolicyNames``: its answer is
  filtered exactly by ResourceId, ScalableDimension and PolicyNames.
- DynamoDB Contributor Insights: ``DescribeContributorInsights``,
  ``UpdateContributorInsights`` and ``ListContributorInsights``.
- A. Table class: ``TableClass`` of CreateTable and UpdateTable is kept and
  described as ``TableClassSummary`` (moto drops it).
- B. On-demand throughput: ``OnDemandThroughput`` of the table and of each
  global index (CreateTable, UpdateTable and its index updates) is kept and
  described (moto drops it).
- C. Replicas: ``UpdateTable`` ``ReplicaUpdates`` (moto ignores them, and the
  provider then waits for the replica forever). This fill **emulates what AWS
  does** rather than store a value: Create makes the replica table in the
  other region, of the source's own design, billing, indexes and stream,
  encrypted with the ``KMSMasterKeyId`` given or the region's AWS managed key;
  Update keeps a new key; Delete removes the replica table. Every member's
  DescribeTable then lists the other members as ``Replicas``, each ACTIVE with
  its key, and ``GlobalTableVersion`` 2019.11.21. Items are not replicated.
- D. Resource policies of a stream: ``Put``/``Get``/``DeleteResourcePolicy``
  on a stream ARN (moto takes the stream label for a table name). The ARN must
  be a table's current ``LatestStreamArn``.
- E. Restore and import: ``RestoreTableToPointInTime`` by ``SourceTableArn``
  (moto reads only SourceTableName; an ARN of the request's account and region
  is turned into the name). The restored table gets the billing mode
  (``BillingModeOverride``, else the source's) and the encryption
  (``SSESpecificationOverride``) the request gives, and an imported table the
  encryption of ``ImportTable``'s ``TableCreationParameters``: moto leaves
  the first empty and creates both unencrypted.
- F. Encryption key: a ``KMSMasterKeyId`` given as a key id or an alias
  (CreateTable, a replica's) is resolved to the key's ARN, as AWS reports
  ``KMSMasterKeyArn`` (moto echoes what it was given); a key that is not
  there is refused.
- H. Kinesis streaming destinations: ``Enable``, ``Disable``, ``Update`` and
  ``DescribeKinesisStreamingDestination`` (moto: not implemented), from a store;
  Enable checks that the Kinesis stream exists.
- I. ``TagResource`` on a key the table already has replaces its value (moto
  appends a second tag of that key).

What AWS refuses the fills refuse, with AWS's exception and, where it could be
read, its message: ``aws_refusals`` holds one check per refusal, each citing
its source (README, "What AWS refuses, the fills refuse"). The answers are
normalised as AWS's are (both on-demand units described, -1 where none is set;
keys by ARN; CREATING and UPDATING), never the request echoed back.

- K. AWS Backup selections (``moto_backup``): moto has plans and vaults, not
  ``Create``/``Get``/``DeleteBackupSelection``.
- L. AWS managed policies (``moto_backup``): an IAM ``AttachRolePolicy`` of one
  (``arn:aws:iam::aws:policy/...``) finds it in every account, as on AWS; moto
  loads them only when told to, for every account.

Not filled: ``ImportTable`` of CSV (moto reads every object as DynamoDB JSON);
the tests import DYNAMODB_JSON, which moto supports.

``MotoGapFiller`` is a WSGI middleware in front of moto's own server app. It
picks the actions above by the ``X-Amz-Target`` header of the JSON protocols
both services speak, and for each either answers alone, or rewrites the
request moto gets, or rewrites moto's successful answer (recomputing the
``x-amz-crc32`` header of a DynamoDB answer: botocore retries an answer whose
CRC does not match). What is set is kept in a small in-memory store and
returned, nothing else is invented (C aside, as said). Each answer asks moto's
backends whether the named table, index, stream or scalable target exists in
the request's account and region, so a missing resource gets the
``ResourceNotFoundException`` AWS would send. Every other request goes to
moto untouched; a few outcomes are watched to keep the store in step:
``RegisterScalableTarget`` (its tags), ``DeregisterScalableTarget`` and
``DeleteTable`` (what belonged to the resource goes with it).
``POST /moto-api/reset`` clears the store along with moto.

A retried SDK call (``Attempts``: the same ``amz-sdk-invocation-id``, a later
attempt) that was answered 2xx before is given that answer again, so a write
is applied once; every retry is logged as a warning.

Status changes are immediate: an ``UpdateContributorInsights`` answers
ENABLING or DISABLING as AWS does, and the next describe already reports
ENABLED or DISABLED (AWS takes a few seconds); so do Kinesis destinations.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import threading
import time
import urllib.parse
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

from . import aws_refusals as refuse
from .moto_api import (
    AUTOSCALING_TARGET_PREFIX,
    DYNAMODB_TARGET_PREFIX,
    ApiError,
    Scope,
    require_table,
    scope_of,
)
from .moto_backup import BackupSelections, with_aws_managed_policy
from .moto_tables import After, Answer, Before, Handler, TableFills

CRC_HEADER = "x-amz-crc32"
LOG = logging.getLogger(__name__)
# The SDK's header on every attempt of one call: "attempt=2; max=25".
ATTEMPT = re.compile(r"attempt=(\d+)")


class Attempts:
    """Each SDK call's answers: a retry of a call already answered 2xx gets that answer again.

    An AWS SDK sends ``amz-sdk-invocation-id`` (one per call, the same on each of its retries)
    and ``amz-sdk-request: attempt=N; max=M``. The provider's Go SDK retries a 5xx, a throttle,
    and a request as if it had no answer; the tier has seen it retry calls this server had
    answered 200 (issue 20's report). moto would apply a retried write again: an index deleted
    twice (the second delete moto's 500, retried for minutes), a policy created twice. So the
    answer a call got first is kept as written, and a later attempt of that call is given it
    again, the call applied once, as the SDK meant it. A call answered otherwise (an error, or
    no answer written) runs again. Either way the retry is logged as a warning, which pytest
    shows with a failing test: the action, the attempt, and the earlier answers and when.
    """

    # How many calls are remembered (a few Terraform runs' worth), and how many answers kept.
    KEPT = 4096
    KEPT_ANSWERS = 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # SDK call -> (status, seconds the attempt took, time.monotonic() it was answered) per answer
        self._answered: OrderedDict[str, list[tuple[str, float, float]]] = OrderedDict()
        # SDK call -> its 2xx answer as written: status, headers, body
        self._answers: OrderedDict[str, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()

    def __call__(
        self, app: Callable[..., Iterable[bytes]], environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """``app``'s answer to this attempt, recorded; a retry of a call answered 2xx gets that answer."""
        call = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if not call:
            return app(environ, start_response)
        arrived = time.monotonic()
        found = ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        if found and int(found.group(1)) > 1:
            with self._lock:
                before = list(self._answered.get(call, []))
                kept = self._answers.get(call)
            LOG.warning(
                "moto: %s is attempt %s of one SDK call (%s); the attempts before it were answered %s%s",
                _action(environ, peek=True),
                found.group(1),
                call,
                ", ".join(
                    f"{status} (in {took:.2f} s, {arrived - answered:.2f} s before this attempt came)"
                    for status, took, answered in before
                )
                or "nothing (the client gave up on them, or they never came)",
                "; given that answer again" if kept else "",
            )
            if kept:
                status, headers, body = kept
                start_response(status, headers)
                return [body]
        answered: list[tuple[str, list[tuple[str, str]]]] = []

        def recorded(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            now = time.monotonic()
            answered.append((status, list(headers)))
            with self._lock:
                self._answered.setdefault(call, []).append((status, now - arrived, now))
                self._answered.move_to_end(call)
                while len(self._answered) > self.KEPT:
                    self._answered.popitem(last=False)
            return start_response(status, headers, *exc_info)

        # The whole answer first (a few kilobytes), so that it is kept even if writing it fails.
        result = app(environ, recorded)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = answered[-1]
        if status.startswith("2"):
            with self._lock:
                self._answers[call] = (status, headers, body)
                while len(self._answers) > self.KEPT_ANSWERS:
                    self._answers.popitem(last=False)
        return [body]


def _action(environ: dict[str, Any], peek: bool = False) -> str:
    """The request's action: its X-Amz-Target (JSON protocols), else, with ``peek``, the Action of its form.

    The query protocols (IAM, STS, CloudWatch) name the action in the form body; ``peek``
    reads it and puts the body back for whoever reads it next.
    """
    if environ.get("HTTP_X_AMZ_TARGET"):
        return environ["HTTP_X_AMZ_TARGET"]
    action = ""
    if peek and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        action = urllib.parse.parse_qs(body.decode("utf-8", errors="replace")).get("Action", [""])[0]
    return f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {action}".strip()


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


class MotoGapFiller:
    """WSGI app: the gaps above are filled here, everything else is answered by ``moto_app``."""

    def __init__(self, moto_app: Callable[..., Iterable[bytes]]) -> None:
        self._moto_app = moto_app
        # Re-entrant: a fill that removes a table tells the others under the same lock.
        self._lock = threading.RLock()
        # scalable target ARN (which names account and region) -> tags
        self._autoscaling_tags: dict[str, dict[str, str]] = {}
        # (account, region, table, index name or None) -> {"status": ..., "mode": ..., "updated": ...}
        self._contributor_insights: dict[tuple[str, str, str, str | None], dict[str, Any]] = {}
        self._tables = TableFills(gone=self._forget_insights)
        self.backup_selections = BackupSelections()
        self._attempts = Attempts()

        self._answers: dict[str, Handler] = {
            AUTOSCALING_TARGET_PREFIX + "ListTagsForResource": self._list_autoscaling_tags,
            AUTOSCALING_TARGET_PREFIX + "TagResource": self._tag_autoscaling_resource,
            AUTOSCALING_TARGET_PREFIX + "UntagResource": self._untag_autoscaling_resource,
            DYNAMODB_TARGET_PREFIX + "DescribeContributorInsights": self._describe_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "UpdateContributorInsights": self._update_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "ListContributorInsights": self._list_contributor_insights,
            **{DYNAMODB_TARGET_PREFIX + action: fill for action, fill in self._tables.answers.items()},
        }
        self._before: dict[str, Before] = {
            DYNAMODB_TARGET_PREFIX + action: fill for action, fill in self._tables.before.items()
        }
        self._after: dict[str, After] = {
            AUTOSCALING_TARGET_PREFIX + "RegisterScalableTarget": self._registered_scalable_target,
            AUTOSCALING_TARGET_PREFIX + "DeregisterScalableTarget": self._deregistered_scalable_target,
            AUTOSCALING_TARGET_PREFIX + "DescribeScalingPolicies": self._filter_scaling_policies,
            DYNAMODB_TARGET_PREFIX + "DeleteTable": self._deleted_table,
            **{DYNAMODB_TARGET_PREFIX + action: fill for action, fill in self._tables.after.items()},
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return self._attempts(self._answer, environ, start_response)

    def _answer(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if environ.get("PATH_INFO") == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            with self._lock:
                self._autoscaling_tags.clear()
                self._contributor_insights.clear()
                self._tables.clear()
            self.backup_selections.clear()
        elif self.backup_selections.handles(environ):
            return self.backup_selections(environ, start_response)
        elif target in self._answers or target in self._before or target in self._after:
            return self._fill(target, environ, start_response)
        with_aws_managed_policy(environ)
        return self._moto_app(environ, start_response)

    # -- plumbing ---------------------------------------------------------

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length) if length else b""

    def _fill(self, target: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """Answer alone, or let moto answer a rewritten request and rewrite its answer, as the fills say."""
        body = self._read_body(environ)
        request = json.loads(body or b"{}")
        scope = scope_of(environ)
        json_version = "1.0" if target.startswith(DYNAMODB_TARGET_PREFIX) else "1.1"
        # One request at a time through the fills: what a fill reads of moto stays as it read it.
        with self._lock:
            try:
                if target in self._answers:
                    answer = self._answers[target](scope, request)
                    if answer is not None:
                        return self._reply(start_response, 200, answer, json_version)
                if target in self._before:
                    request = self._before[target](scope, request)
                    body = json.dumps(request).encode()
            except ApiError as error:
                return self._reply(
                    start_response, 400, {"__type": error.error_type, "message": error.message}, json_version
                )
            status, headers, payload = self._forward(environ, body)
            if target in self._after and status.startswith("200"):
                rewritten = self._after[target](scope, request, json.loads(payload or b"{}"))
                if rewritten is not None:
                    payload = json.dumps(rewritten).encode()
                    headers = self._headers_for(headers, payload)
        start_response(status, headers)
        return [payload]

    def _forward(self, environ: dict[str, Any], body: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
        """moto's answer to ``body``: status line, headers and payload."""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        answered: list[tuple[str, list[tuple[str, str]]]] = []

        def keep(status: str, headers: list[tuple[str, str]], *_exc_info: Any) -> Callable[[bytes], None]:
            answered.append((status, headers))
            return lambda _data: None

        payload = b"".join(self._moto_app(environ, keep))
        status, headers = answered[0]
        return status, list(headers), payload

    @staticmethod
    def _headers_for(headers: list[tuple[str, str]], payload: bytes) -> list[tuple[str, str]]:
        """moto's headers for a rewritten payload: its length, and its CRC32 where moto gave one."""
        kept = [(name, value) for name, value in headers if name.lower() not in ("content-length", CRC_HEADER)]
        kept.append(("Content-Length", str(len(payload))))
        if any(name.lower() == CRC_HEADER for name, _value in headers):
            kept.append((CRC_HEADER, str(zlib.crc32(payload) & 0xFFFFFFFF)))
        return kept

    @staticmethod
    def _reply(start_response: Callable[..., Any], status: int, body: Answer, json_version: str) -> list[bytes]:
        payload = json.dumps(body).encode()
        headers = [("Content-Type", f"application/x-amz-json-{json_version}"), ("Content-Length", str(len(payload)))]
        if json_version == "1.0":  # DynamoDB signs its answers with a CRC32, which botocore checks
            headers.append((CRC_HEADER, str(zlib.crc32(payload) & 0xFFFFFFFF)))
        start_response(f"{status} {'OK' if status == 200 else 'Bad Request'}", headers)
        return [payload]

    # -- what moto did, kept in step --------------------------------------

    def _registered_scalable_target(self, _scope: Scope, request: dict[str, Any], answer: Answer) -> None:
        if request.get("Tags"):
            self._autoscaling_tags.setdefault(answer["ScalableTargetARN"], {}).update(request["Tags"])

    def _deregistered_scalable_target(self, scope: Scope, _request: dict[str, Any], _answer: Answer) -> None:
        # moto has dropped the target; keep only the tags of targets it still has.
        account, region = scope
        alive = _scalable_target_arns(scope)
        for arn in [arn for arn in self._autoscaling_tags if f":{region}:{account}:" in arn and arn not in alive]:
            del self._autoscaling_tags[arn]

    def _deleted_table(self, scope: Scope, request: dict[str, Any], _answer: Answer) -> None:
        self._forget_insights(scope, request["TableName"])
        self._tables.forget(scope, request["TableName"])

    def _forget_insights(self, scope: Scope, table: str) -> None:
        for key in [key for key in self._contributor_insights if key[:3] == (*scope, table)]:
            del self._contributor_insights[key]

    # -- Application Auto Scaling -----------------------------------------

    @staticmethod
    def _require_scalable_target(scope: Scope, arn: str) -> None:
        if arn not in _scalable_target_arns(scope):
            raise ApiError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")

    def _list_autoscaling_tags(self, scope: Scope, request: dict[str, Any]) -> Answer:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        return {"Tags": dict(self._autoscaling_tags.get(arn, {}))}

    def _tag_autoscaling_resource(self, scope: Scope, request: dict[str, Any]) -> Answer:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        self._autoscaling_tags.setdefault(arn, {}).update(request["Tags"])
        return {}

    def _untag_autoscaling_resource(self, scope: Scope, request: dict[str, Any]) -> Answer:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        tags = self._autoscaling_tags.get(arn, {})
        for key in request["TagKeys"]:
            tags.pop(key, None)
        return {}

    @staticmethod
    def _filter_scaling_policies(_scope: Scope, request: dict[str, Any], answer: Answer) -> Answer:
        """J: exactly the policies asked for (moto matches a ResourceId that contains theirs)."""
        wanted = {
            "ResourceId": request.get("ResourceId"),
            "ScalableDimension": request.get("ScalableDimension"),
        }
        names = request.get("PolicyNames")
        answer["ScalingPolicies"] = [
            policy
            for policy in answer.get("ScalingPolicies", [])
            if all(value is None or policy[key] == value for key, value in wanted.items())
            and (not names or policy["PolicyName"] in names)
        ]
        return answer

    # -- DynamoDB Contributor Insights ------------------------------------

    def _contributor_insights_of(self, scope: Scope, table_name: str, index_name: str | None) -> dict[str, Any]:
        never_set = {"status": "DISABLED", "mode": None, "updated": None}
        return self._contributor_insights.get((*scope, table_name, index_name), never_set)

    def _describe_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Answer:
        table_name, index_name = request["TableName"], request.get("IndexName")
        require_table(scope, table_name, index_name)
        state = self._contributor_insights_of(scope, table_name, index_name)
        body: dict[str, Any] = {"TableName": table_name, "ContributorInsightsStatus": state["status"]}
        if index_name is not None:
            body["IndexName"] = index_name
        if state["mode"]:
            body["ContributorInsightsMode"] = state["mode"]
        if state["updated"] is not None:
            body["LastUpdateDateTime"] = state["updated"]
        return body

    def _update_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Answer:
        table_name, index_name = request["TableName"], request.get("IndexName")
        table = require_table(scope, table_name, index_name)
        refuse.contributor_insights(request, {index.name for index in table.indexes})
        enable = request["ContributorInsightsAction"] == "ENABLE"
        self._contributor_insights[(*scope, table_name, index_name)] = {
            "status": "ENABLED" if enable else "DISABLED",
            "mode": request.get("ContributorInsightsMode") if enable else None,
            "updated": _now(),
        }
        body = {"TableName": table_name, "ContributorInsightsStatus": "ENABLING" if enable else "DISABLING"}
        if index_name is not None:
            body["IndexName"] = index_name
        return body

    def _list_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Answer:
        table_name = request.get("TableName")
        if table_name is not None:
            require_table(scope, table_name)
        summaries = []
        for (*state_scope, state_table, state_index), state in sorted(
            self._contributor_insights.items(), key=lambda item: (item[0][2], item[0][3] or "")
        ):
            if tuple(state_scope) != scope or table_name not in (None, state_table):
                continue
            summary = {"TableName": state_table, "ContributorInsightsStatus": state["status"]}
            if state_index is not None:
                summary["IndexName"] = state_index
            summaries.append(summary)
        return {"ContributorInsightsSummaries": summaries}


def _scalable_target_arns(scope: Scope) -> set[str]:
    account, region = scope
    backend = applicationautoscaling_backends[account][region]
    return {target.arn for targets in backend.targets.values() for target in targets.values()}


class _QuietRequestHandler(MotoRequestHandler):
    """moto's handler without its line per request on stderr, but with a warning when a client goes unanswered."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def connection_dropped(self, error: BaseException, environ: dict[str, Any] | None = None) -> None:
        """werkzeug drops an answer the client's connection can no longer take, silently; a retry follows."""
        environ = environ or {}
        LOG.warning(
            "moto: the answer to %s (SDK call %s, %s) was not written: the connection went (%r)",
            _action(environ),
            environ.get("HTTP_AMZ_SDK_INVOCATION_ID"),
            environ.get("HTTP_AMZ_SDK_REQUEST"),
            error,
        )


class MotoServer:
    """moto with ``MotoGapFiller`` in front, served on 127.0.0.1, at a port the OS picks unless given."""

    def __init__(self, port: int = 0) -> None:
        app = MotoGapFiller(DomainDispatcherApplication(create_backend_app))
        # Port 0: the kernel hands out a free port and the socket keeps it, so no
        # other process can take it between choosing and listening.
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", port, app, threaded=True, request_handler=_QuietRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> MotoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def main(argv: list[str]) -> None:
    """``python -m tests.terraform.moto_gaps [PORT]``: the tier's moto, for trying the README by hand."""
    server = MotoServer(int(argv[0]) if argv else 5055).start()
    print(f"moto with the test harness's fills at {server.endpoint} (Ctrl-C stops it)", flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
