"""moto on 127.0.0.1, extended with the few AWS API actions it lacks.

moto (5.x) implements everything the generated module touches except:

- Application Auto Scaling tagging: ``ListTagsForResource``, ``TagResource``
  and ``UntagResource``. moto also drops the ``Tags`` of
  ``RegisterScalableTarget``, which the AWS provider uses to tag a scalable
  target as it creates it, so those are recorded on their way to moto.
- DynamoDB Contributor Insights: ``DescribeContributorInsights``,
  ``UpdateContributorInsights`` and ``ListContributorInsights``.

``MotoGapFiller`` is a WSGI middleware in front of moto's own server app. It
answers exactly those actions (chosen by the ``X-Amz-Target`` header of the
JSON protocols both services speak) from a small in-memory store: what is set
is stored and returned, nothing is invented. It asks moto's backends whether a
named table, index or scalable target exists in the request's account and
region, so a missing resource gets the ``ResourceNotFoundException`` AWS would
send. Every other request goes to moto
untouched; of three it watches the outcome, to keep the store in step:
``RegisterScalableTarget`` (its tags), ``DeregisterScalableTarget`` and
``DeleteTable`` (what belonged to the resource goes with it).
``POST /moto-api/reset`` clears the store along with moto.

Status changes are immediate: an ``UpdateContributorInsights`` answers
ENABLING or DISABLING as AWS does, and the next describe already reports
ENABLED or DISABLED (AWS takes a few seconds).
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.dynamodb.models import dynamodb_backends
from moto.iam.models import get_account_id_from
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

AUTOSCALING_TARGET_PREFIX = "AnyScaleFrontendService."
DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810."
DYNAMODB_ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"

Response = tuple[int, dict[str, Any]]
Scope = tuple[str, str]  # account, region


class ApiError(Exception):
    """An AWS error answer: HTTP 400 with the error type in ``__type``."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def _scope_of(environ: dict[str, Any]) -> Scope:
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


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


class MotoGapFiller:
    """WSGI app: the actions moto lacks are answered here, the rest by ``moto_app``."""

    def __init__(self, moto_app: Callable[..., Iterable[bytes]]) -> None:
        self._moto_app = moto_app
        self._lock = threading.Lock()
        # scalable target ARN (which names account and region) -> tags
        self._autoscaling_tags: dict[str, dict[str, str]] = {}
        # (account, region, table, index name or None) -> {"status": ..., "mode": ..., "updated": ...}
        self._contributor_insights: dict[tuple[str, str, str, str | None], dict[str, Any]] = {}
        self._handlers: dict[str, Callable[[Scope, dict[str, Any]], Response]] = {
            AUTOSCALING_TARGET_PREFIX + "ListTagsForResource": self._list_autoscaling_tags,
            AUTOSCALING_TARGET_PREFIX + "TagResource": self._tag_autoscaling_resource,
            AUTOSCALING_TARGET_PREFIX + "UntagResource": self._untag_autoscaling_resource,
            DYNAMODB_TARGET_PREFIX + "DescribeContributorInsights": self._describe_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "UpdateContributorInsights": self._update_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "ListContributorInsights": self._list_contributor_insights,
        }
        self._observers: dict[str, Callable[[Scope, dict[str, Any], dict[str, Any]], None]] = {
            AUTOSCALING_TARGET_PREFIX + "RegisterScalableTarget": self._registered_scalable_target,
            AUTOSCALING_TARGET_PREFIX + "DeregisterScalableTarget": self._deregistered_scalable_target,
            DYNAMODB_TARGET_PREFIX + "DeleteTable": self._deleted_table,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if environ.get("PATH_INFO") == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            with self._lock:
                self._autoscaling_tags.clear()
                self._contributor_insights.clear()
        elif target in self._handlers:
            return self._answer(target, environ, start_response)
        elif target in self._observers:
            return self._forward_and_observe(self._observers[target], environ, start_response)
        return self._moto_app(environ, start_response)

    # -- plumbing ---------------------------------------------------------

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length) if length else b""

    def _answer(self, target: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request = json.loads(self._read_body(environ) or b"{}")
        json_version = "1.0" if target.startswith(DYNAMODB_TARGET_PREFIX) else "1.1"
        try:
            with self._lock:
                status, body = self._handlers[target](_scope_of(environ), request)
        except ApiError as error:
            status, body = 400, {"__type": error.error_type, "message": error.message}
        payload = json.dumps(body).encode()
        start_response(
            f"{status} {'OK' if status == 200 else 'Bad Request'}",
            [("Content-Type", f"application/x-amz-json-{json_version}"), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def _forward_and_observe(
        self,
        observer: Callable[[Scope, dict[str, Any], dict[str, Any]], None],
        environ: dict[str, Any],
        start_response: Callable[..., Any],
    ) -> list[bytes]:
        """Let moto answer; when it succeeds, show the observer the request and the answer."""
        body = self._read_body(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        status: list[str] = []

        def keep_status(line: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            status.append(line)
            return start_response(line, headers, *args)

        chunks = list(self._moto_app(environ, keep_status))
        if status and status[0].startswith("200"):
            with self._lock:
                observer(_scope_of(environ), json.loads(body or b"{}"), json.loads(b"".join(chunks) or b"{}"))
        return chunks

    def _registered_scalable_target(self, _scope: Scope, request: dict[str, Any], answer: dict[str, Any]) -> None:
        if request.get("Tags"):
            self._autoscaling_tags.setdefault(answer["ScalableTargetARN"], {}).update(request["Tags"])

    def _deregistered_scalable_target(self, scope: Scope, _request: dict[str, Any], _answer: dict[str, Any]) -> None:
        # moto has dropped the target; keep only the tags of targets it still has.
        account, region = scope
        alive = _scalable_target_arns(scope)
        for arn in [arn for arn in self._autoscaling_tags if f":{region}:{account}:" in arn and arn not in alive]:
            del self._autoscaling_tags[arn]

    def _deleted_table(self, scope: Scope, request: dict[str, Any], _answer: dict[str, Any]) -> None:
        for key in [key for key in self._contributor_insights if key[:3] == (*scope, request["TableName"])]:
            del self._contributor_insights[key]

    # -- Application Auto Scaling tagging ---------------------------------

    @staticmethod
    def _require_scalable_target(scope: Scope, arn: str) -> None:
        if arn not in _scalable_target_arns(scope):
            raise ApiError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")

    def _list_autoscaling_tags(self, scope: Scope, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        return 200, {"Tags": dict(self._autoscaling_tags.get(arn, {}))}

    def _tag_autoscaling_resource(self, scope: Scope, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        self._autoscaling_tags.setdefault(arn, {}).update(request["Tags"])
        return 200, {}

    def _untag_autoscaling_resource(self, scope: Scope, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(scope, arn)
        tags = self._autoscaling_tags.get(arn, {})
        for key in request["TagKeys"]:
            tags.pop(key, None)
        return 200, {}

    # -- DynamoDB Contributor Insights ------------------------------------

    @staticmethod
    def _require_table(scope: Scope, table_name: str, index_name: str | None) -> None:
        not_found = DYNAMODB_ERROR_PREFIX + "ResourceNotFoundException"
        account, region = scope
        table = dynamodb_backends[account][region].tables.get(table_name)
        if table is None:
            raise ApiError(not_found, f"Requested resource not found: Table: {table_name} not found")
        if index_name is not None and index_name not in {index.name for index in table.global_indexes + table.indexes}:
            raise ApiError(not_found, f"Requested resource not found: Index: {index_name} not found")

    def _contributor_insights_of(self, scope: Scope, table_name: str, index_name: str | None) -> dict[str, Any]:
        never_set = {"status": "DISABLED", "mode": None, "updated": None}
        return self._contributor_insights.get((*scope, table_name, index_name), never_set)

    def _describe_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Response:
        table_name, index_name = request["TableName"], request.get("IndexName")
        self._require_table(scope, table_name, index_name)
        state = self._contributor_insights_of(scope, table_name, index_name)
        body: dict[str, Any] = {"TableName": table_name, "ContributorInsightsStatus": state["status"]}
        if index_name is not None:
            body["IndexName"] = index_name
        if state["mode"]:
            body["ContributorInsightsMode"] = state["mode"]
        if state["updated"] is not None:
            body["LastUpdateDateTime"] = state["updated"]
        return 200, body

    def _update_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Response:
        table_name, index_name = request["TableName"], request.get("IndexName")
        self._require_table(scope, table_name, index_name)
        action = request["ContributorInsightsAction"]
        if action not in ("ENABLE", "DISABLE"):
            raise ApiError(DYNAMODB_ERROR_PREFIX + "ValidationException", f"Invalid ContributorInsightsAction {action}")
        enable = action == "ENABLE"
        self._contributor_insights[(*scope, table_name, index_name)] = {
            "status": "ENABLED" if enable else "DISABLED",
            "mode": request.get("ContributorInsightsMode") if enable else None,
            "updated": _now(),
        }
        body = {"TableName": table_name, "ContributorInsightsStatus": "ENABLING" if enable else "DISABLING"}
        if index_name is not None:
            body["IndexName"] = index_name
        return 200, body

    def _list_contributor_insights(self, scope: Scope, request: dict[str, Any]) -> Response:
        table_name = request.get("TableName")
        if table_name is not None:
            self._require_table(scope, table_name, None)
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
        return 200, {"ContributorInsightsSummaries": summaries}


def _scalable_target_arns(scope: Scope) -> set[str]:
    account, region = scope
    backend = applicationautoscaling_backends[account][region]
    return {target.arn for targets in backend.targets.values() for target in targets.values()}


class _QuietRequestHandler(MotoRequestHandler):
    """moto's handler without its line per request on stderr."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class MotoServer:
    """moto with ``MotoGapFiller`` in front, served on 127.0.0.1 at a port the OS picks."""

    def __init__(self) -> None:
        app = MotoGapFiller(DomainDispatcherApplication(create_backend_app))
        # Port 0: the kernel hands out a free port and the socket keeps it, so no
        # other process can take it between choosing and listening.
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler
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
