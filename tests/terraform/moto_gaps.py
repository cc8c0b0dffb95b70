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
named table, index or scalable target exists, so a missing resource gets the
``ResourceNotFoundException`` AWS would send. Every other request goes to moto
untouched. ``POST /moto-api/reset`` clears this store along with moto's.

Status changes are immediate: an ``UpdateContributorInsights`` answers
ENABLING or DISABLING as AWS does, and the next describe already reports
ENABLED or DISABLED (AWS takes a few seconds).
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

AUTOSCALING_TARGET_PREFIX = "AnyScaleFrontendService."
DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810."
DYNAMODB_ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"

# The actions this module answers itself; the closing note of issue 4 lists them.
ADDED_ACTIONS = (
    "application-autoscaling:ListTagsForResource",
    "application-autoscaling:TagResource",
    "application-autoscaling:UntagResource",
    "dynamodb:DescribeContributorInsights",
    "dynamodb:UpdateContributorInsights",
    "dynamodb:ListContributorInsights",
)

Response = tuple[int, dict[str, Any]]


class ApiError(Exception):
    def __init__(self, error_type: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.status = status


def _region_of(environ: dict[str, Any]) -> str:
    # SigV4: "AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ..."
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    try:
        return authorization.split("Credential=", 1)[1].split("/")[2]
    except IndexError:
        return "us-east-1"


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


class MotoGapFiller:
    """WSGI app: the actions moto lacks are answered here, the rest by ``moto_app``."""

    def __init__(self, moto_app: Callable[..., Iterable[bytes]]) -> None:
        self._moto_app = moto_app
        self._lock = threading.Lock()
        # scalable target ARN -> tags
        self._autoscaling_tags: dict[str, dict[str, str]] = {}
        # (region, table, index name or None) -> {"status": ..., "mode": ..., "updated": ...}
        self._contributor_insights: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        self._handlers: dict[str, Callable[[str, dict[str, Any]], Response]] = {
            AUTOSCALING_TARGET_PREFIX + "ListTagsForResource": self._list_autoscaling_tags,
            AUTOSCALING_TARGET_PREFIX + "TagResource": self._tag_autoscaling_resource,
            AUTOSCALING_TARGET_PREFIX + "UntagResource": self._untag_autoscaling_resource,
            DYNAMODB_TARGET_PREFIX + "DescribeContributorInsights": self._describe_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "UpdateContributorInsights": self._update_contributor_insights,
            DYNAMODB_TARGET_PREFIX + "ListContributorInsights": self._list_contributor_insights,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if environ.get("PATH_INFO") == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            with self._lock:
                self._autoscaling_tags.clear()
                self._contributor_insights.clear()
        elif target in self._handlers:
            return self._answer(target, environ, start_response)
        elif target == AUTOSCALING_TARGET_PREFIX + "RegisterScalableTarget":
            return self._register_scalable_target(environ, start_response)
        return self._moto_app(environ, start_response)

    # -- plumbing ---------------------------------------------------------

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length) if length else b""

    def _answer(self, target: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request = json.loads(self._read_body(environ) or b"{}")
        content_type = "application/x-amz-json-1.0" if target.startswith(DYNAMODB_TARGET_PREFIX) else "application/x-amz-json-1.1"
        try:
            with self._lock:
                status, body = self._handlers[target](_region_of(environ), request)
        except ApiError as error:
            status, body = error.status, {"__type": error.error_type, "message": error.message}
        payload = json.dumps(body).encode()
        start_response(
            f"{status} {'OK' if status == 200 else 'Bad Request'}",
            [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def _register_scalable_target(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Let moto register the target, then keep the ``Tags`` moto would drop."""
        body = self._read_body(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        captured: dict[str, Any] = {}

        def capture_status(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured["status"] = status
            return start_response(status, headers, *args)

        chunks = list(self._moto_app(environ, capture_status))
        tags = json.loads(body or b"{}").get("Tags")
        if tags and captured.get("status", "").startswith("200"):
            arn = json.loads(b"".join(chunks))["ScalableTargetARN"]
            with self._lock:
                self._autoscaling_tags.setdefault(arn, {}).update(tags)
        return chunks

    # -- Application Auto Scaling tagging ---------------------------------

    @staticmethod
    def _require_scalable_target(region: str, arn: str) -> None:
        backend = applicationautoscaling_backends[DEFAULT_ACCOUNT_ID][region]
        for targets in backend.targets.values():
            if any(target.arn == arn for target in targets.values()):
                return
        raise ApiError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")

    def _list_autoscaling_tags(self, region: str, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(region, arn)
        return 200, {"Tags": dict(self._autoscaling_tags.get(arn, {}))}

    def _tag_autoscaling_resource(self, region: str, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(region, arn)
        self._autoscaling_tags.setdefault(arn, {}).update(request["Tags"])
        return 200, {}

    def _untag_autoscaling_resource(self, region: str, request: dict[str, Any]) -> Response:
        arn = request["ResourceARN"]
        self._require_scalable_target(region, arn)
        tags = self._autoscaling_tags.get(arn, {})
        for key in request["TagKeys"]:
            tags.pop(key, None)
        return 200, {}

    # -- DynamoDB Contributor Insights ------------------------------------

    @staticmethod
    def _require_table(region: str, table_name: str, index_name: str | None) -> None:
        table = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables.get(table_name)
        if table is None:
            raise ApiError(DYNAMODB_ERROR_PREFIX + "ResourceNotFoundException", f"Requested resource not found: Table: {table_name} not found")
        if index_name is not None and index_name not in {index.name for index in table.global_indexes + table.indexes}:
            raise ApiError(DYNAMODB_ERROR_PREFIX + "ResourceNotFoundException", f"Requested resource not found: Index: {index_name} not found")

    def _contributor_insights_of(self, region: str, table_name: str, index_name: str | None) -> dict[str, Any]:
        return self._contributor_insights.get((region, table_name, index_name), {"status": "DISABLED", "mode": None, "updated": None})

    def _describe_contributor_insights(self, region: str, request: dict[str, Any]) -> Response:
        table_name, index_name = request["TableName"], request.get("IndexName")
        self._require_table(region, table_name, index_name)
        state = self._contributor_insights_of(region, table_name, index_name)
        body: dict[str, Any] = {"TableName": table_name, "ContributorInsightsStatus": state["status"]}
        if index_name is not None:
            body["IndexName"] = index_name
        if state["status"] == "ENABLED":
            body["ContributorInsightsRuleList"] = [f"DynamoDBContributorInsights-{kind}-{table_name}" for kind in ("PKC", "SKC", "PKT", "SKT")]
        if state["mode"]:
            body["ContributorInsightsMode"] = state["mode"]
        if state["updated"] is not None:
            body["LastUpdateDateTime"] = state["updated"]
        return 200, body

    def _update_contributor_insights(self, region: str, request: dict[str, Any]) -> Response:
        table_name, index_name = request["TableName"], request.get("IndexName")
        self._require_table(region, table_name, index_name)
        action = request["ContributorInsightsAction"]
        if action not in ("ENABLE", "DISABLE"):
            raise ApiError(DYNAMODB_ERROR_PREFIX + "ValidationException", f"Invalid ContributorInsightsAction: {action}")
        enable = action == "ENABLE"
        self._contributor_insights[(region, table_name, index_name)] = {
            "status": "ENABLED" if enable else "DISABLED",
            "mode": request.get("ContributorInsightsMode") if enable else None,
            "updated": _now(),
        }
        body = {"TableName": table_name, "ContributorInsightsStatus": "ENABLING" if enable else "DISABLING"}
        if index_name is not None:
            body["IndexName"] = index_name
        return 200, body

    def _list_contributor_insights(self, region: str, request: dict[str, Any]) -> Response:
        table_name = request.get("TableName")
        if table_name is not None:
            self._require_table(region, table_name, None)
        summaries = []
        for (state_region, state_table, state_index), state in sorted(
            self._contributor_insights.items(), key=lambda item: (item[0][1], item[0][2] or "")
        ):
            if state_region != region or table_name not in (None, state_table):
                continue
            summary = {"TableName": state_table, "ContributorInsightsStatus": state["status"]}
            if state_index is not None:
                summary["IndexName"] = state_index
            summaries.append(summary)
        return 200, {"ContributorInsightsSummaries": summaries}


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
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
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
