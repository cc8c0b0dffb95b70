"""A relay in front of moto that notes each AWS API call, and can answer some as AWS would refuse them.

``adopt`` and ``check --live`` run with ``AWS_ENDPOINT_URL`` pointing here: the
relay passes each request on to moto unchanged and records its IAM action,
``service:Operation`` (the service from the request's SigV4 credential scope,
the operation from ``X-Amz-Target`` or the query protocol's ``Action``). So a
test sees every call a command makes, and can hold them to the IAM policy the
README gives. ``deny`` answers the named actions with AWS's AccessDenied error
(what a role without the action gets); ``fail`` answers them with an HTTP 500,
as moto without the project's fills answers an operation it lacks.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Operations of the JSON protocols name their API version in X-Amz-Target; IAM names the service.
_JSON_CONTENT = {"dynamodb": "application/x-amz-json-1.0", "kms": "application/x-amz-json-1.1"}


class _Relay(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: tuple[str, int]
    seen: list[str]
    deny: frozenset[str]
    fail: frozenset[str]

    def _action(self, body: bytes) -> str:
        # SigV4: "AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ..."
        scope = (self.headers.get("Authorization") or "").split("Credential=", 1)[-1].split(",", 1)[0].split("/")
        service = scope[3] if len(scope) > 3 else "?"
        target = self.headers.get("X-Amz-Target")
        if target:  # the JSON protocols: DynamoDB, Application Auto Scaling, KMS
            operation = target.rsplit(".", 1)[-1]
        else:  # the query protocol names its action in the form
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            operation = form.get("Action", [f"{self.command} {self.path}"])[0]
        return f"{service}:{operation}"

    def _answer(self, status: int, reason: str, headers: list[tuple[str, str]], payload: bytes) -> None:
        self.send_response_only(status, reason)
        for key, value in headers:
            if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _relay(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        action = self._action(body)
        self.seen.append(action)
        service = action.split(":", 1)[0]
        content = [("Content-Type", _JSON_CONTENT.get(service, "application/x-amz-json-1.1"))]
        if action in self.deny:
            # AWS's answer to a role without the action (the IAM User Guide's "Troubleshoot access denied").
            message = (
                "User: arn:aws:sts::123456789012:assumed-role/ddbgen-read-only/ci is not authorized to perform: "
                f"{action} because no identity-based policy allows the {action} action"
            )
            error = {"__type": "com.amazon.coral.service#AccessDeniedException", "message": message}
            self._answer(400, "Bad Request", content, json.dumps(error).encode())
            return
        if action in self.fail:
            self._answer(
                500,
                "Internal Server Error",
                [("Content-Type", "text/html")],
                b"<title>500 Internal Server Error</title>",
            )
            return
        upstream = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            headers = {key: value for key, value in self.headers.items() if key.lower() != "connection"}
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
        finally:
            upstream.close()
        self._answer(answer.status, answer.reason, answer.getheaders(), payload)

    do_POST = do_GET = _relay

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def relay_to(
    endpoint: str, deny: frozenset[str] = frozenset(), fail: frozenset[str] = frozenset()
) -> Iterator[tuple[str, list[str]]]:
    """(the relay's endpoint, the ``service:Operation`` calls it has seen so far), while the block runs."""
    parsed = urllib.parse.urlsplit(endpoint)
    seen: list[str] = []
    attributes = {"upstream": (parsed.hostname, parsed.port), "seen": seen, "deny": deny, "fail": fail}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Relay", (_Relay,), attributes))
    thread = threading.Thread(target=server.serve_forever, name="aws-relay", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def operation(call: str) -> str:
    """``Describe...`` of ``dynamodb:Describe...``."""
    return call.split(":", 1)[-1]
