"""AWS Backup selections for moto, which has plans and vaults but no selections (moto 5.2.5).

The AWS provider's ``aws_backup_selection`` calls ``CreateBackupSelection``
(``PUT /backup/plans/{id}/selections/``), ``GetBackupSelection`` and
``DeleteBackupSelection`` (``GET``/``DELETE /backup/plans/{id}/selections/{sid}``).
These are answered here from a store, as AWS answers them (the API reference of
each): the plan must exist in moto (``ResourceNotFoundException`` otherwise), the
selection needs a name and an IAM role ARN (``InvalidParameterValueException``
otherwise, as AWS's ``MissingParameterValueException`` names it), and what was
given is returned, nothing invented. Nothing is backed up: no job runs, no
recovery point is made.

Beside them, the AWS managed policies the module attaches to its backup role
(``with_aws_managed_policy``, below).
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from moto.backup.models import backup_backends

from .moto_api import Scope, scope_of

# boto3 writes the create's path with a trailing slash, the Go SDK (the provider's) without.
_SELECTIONS = re.compile(r"^/backup/plans/(?P<plan>[^/]+)/selections(?:/(?P<selection>[^/]*))?$")


def _service(environ: dict[str, Any]) -> str:
    """The SigV4 credential's service: ``.../REGION/SERVICE/aws4_request``."""
    try:
        return environ.get("HTTP_AUTHORIZATION", "").split("Credential=", 1)[1].split("/")[3]
    except IndexError:
        return ""


class BackupSelections:
    """The store, and the WSGI answers of the three selection actions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (account, region, plan id, selection id) -> the GetBackupSelection answer
        self._selections: dict[tuple[str, str, str, str], dict[str, Any]] = {}

    def clear(self) -> None:
        with self._lock:
            self._selections.clear()

    def handles(self, environ: dict[str, Any]) -> bool:
        return _service(environ) == "backup" and _SELECTIONS.match(environ.get("PATH_INFO", "")) is not None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = _SELECTIONS.match(environ["PATH_INFO"])
        assert match is not None
        scope = scope_of(environ)
        method = environ.get("REQUEST_METHOD")
        plan, selection = match["plan"], match["selection"] or ""
        with self._lock:
            if plan not in backup_backends[scope[0]][scope[1]].plans:
                return _error(start_response, 404, "ResourceNotFoundException", f"Backup plan {plan} not found.")
            if method == "PUT" and not selection:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                request = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
                return self._create(start_response, scope, plan, request)
            key = (*scope, plan, selection)
            if key not in self._selections:
                return _error(start_response, 404, "ResourceNotFoundException", f"Selection {selection} not found.")
            if method == "GET":
                return _reply(start_response, 200, self._selections[key])
            if method == "DELETE":
                del self._selections[key]
                return _reply(start_response, 200, None)
        return _error(start_response, 400, "InvalidRequestException", f"{method} is not filled here.")

    def _create(
        self, start_response: Callable[..., Any], scope: Scope, plan: str, request: dict[str, Any]
    ) -> list[bytes]:
        selection = request.get("BackupSelection") or {}
        for name in ("SelectionName", "IamRoleArn"):
            if not selection.get(name):
                return _error(start_response, 400, "MissingParameterValueException", f"{name} is required.")
        selection_id = str(uuid.uuid4())
        created = datetime.now(timezone.utc).timestamp()
        self._selections[(*scope, plan, selection_id)] = {
            "BackupPlanId": plan,
            "BackupSelection": selection,
            "CreationDate": created,
            "CreatorRequestId": request.get("CreatorRequestId"),
            "SelectionId": selection_id,
        }
        return _reply(start_response, 200, {"BackupPlanId": plan, "CreationDate": created, "SelectionId": selection_id})

    def selections(self, scope: Scope) -> list[dict[str, Any]]:
        """Every selection of the account and region, for a test to read back."""
        with self._lock:
            return [answer for key, answer in self._selections.items() if key[:2] == scope]


def _reply(start_response: Callable[..., Any], status: int, body: Any) -> list[bytes]:
    payload = b"" if body is None else json.dumps(body).encode()
    start_response(f"{status} OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _error(start_response: Callable[..., Any], status: int, error_type: str, message: str) -> list[bytes]:
    payload = json.dumps({"message": message}).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-ErrorType", error_type),
        ("Content-Length", str(len(payload))),
    ]
    start_response(f"{status} {'Not Found' if status == 404 else 'Bad Request'}", headers)
    return [payload]


# -- AWS managed policies ------------------------------------------------------------
# moto knows AWS's managed policies (moto/iam/aws_managed_policies.py) but loads them into an
# account only with MOTO_IAM_LOAD_MANAGED_POLICIES=true, for every account and at a cost; AWS has
# them in every account. So an AttachRolePolicy of one that the account lacks adds that one
# policy, from moto's own copy, before moto sees the request; a name moto does not know stays
# unknown (NoSuchEntity, as AWS answers).
_AWS_POLICY = re.compile(r"^arn:(?P<partition>aws[a-z-]*):iam::aws:policy/(?:.*/)?(?P<name>[^/]+)$")


@functools.cache
def _aws_managed_policies() -> dict[str, Any]:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    return json.loads(aws_managed_policies_data)


def with_aws_managed_policy(environ: dict[str, Any]) -> None:
    """Before an IAM AttachRolePolicy: the AWS managed policy it names, in the request's account."""
    if _service(environ) != "iam" or environ.get("REQUEST_METHOD") != "POST":
        return
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    form = urllib.parse.parse_qs(body.decode("utf-8", errors="replace"))
    if form.get("Action") != ["AttachRolePolicy"]:
        return
    match = _AWS_POLICY.match(form.get("PolicyArn", [""])[0])
    data = _aws_managed_policies().get(match["name"]) if match else None
    if match is None or data is None:
        return
    from moto.iam.models import AWSManagedPolicy, iam_backends

    account = scope_of(environ)[0]
    backend = iam_backends[account][match["partition"]]
    policy = AWSManagedPolicy.from_data(match["name"], account, backend.region_name, data)
    if policy.arn not in backend.managed_policies:
        backend.aws_managed_policies.append(policy)
        backend.managed_policies[policy.arn] = policy
