"""
Emulator extension: sts:AssumeRole honours the role's trust policy, as AWS does.

moto 5.2.1 lets anyone assume any role ARN, even one that does not exist ("the role does not need to
exist"), which would make an unassumable member role impossible to test. Here, before moto sees the
call, the role must exist in the target account's IAM and its trust policy must allow the caller:

- the role is looked up by the name at the end of the ARN in iam_backends[<account of the ARN>];
  a missing role is AccessDenied (AWS answers the same for a missing role and a refusing trust policy);
- a statement matches when Action is sts:AssumeRole (or sts:*, *) and Principal is "*", {"AWS": "*"},
  or names the caller: its account id, arn:<partition>:iam::<account>:root, or the caller's own ARN
  (an IAM user, or the role of an assumed-role session);
- Condition StringEquals/StringLike on sts:ExternalId must equal the ExternalId of the request (other
  condition keys are not evaluated: treated as satisfied);
- an explicit Deny that matches wins; no Allow that matches is AccessDenied (HTTP 403, the STS query
  error shape), with AWS's message: "User: <caller> is not authorized to perform: sts:AssumeRole on
  resource: <role arn>".

The caller's account comes from its access key the way moto derives it (assumed-role keys map to the
role's account), so a chain management account -> member role works as in AWS.
"""

import fnmatch
import json
from urllib.parse import unquote

from moto.iam.models import get_account_id_from, iam_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sts.models import sts_backends

_moto = DomainDispatcherApplication(create_backend_app)


def _access_key(environ):
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" not in auth:
        return ""
    return auth.split("Credential=")[1].split("/")[0]


def _caller(access_key):
    """-> (account id, set of ARNs that identify the caller)."""
    account = get_account_id_from(access_key)
    arns = {f"arn:aws:iam::{account}:root"}
    for partitions in sts_backends.values():
        for backend in partitions.values():
            role = backend.get_assumed_role_from_access_key(access_key)
            if role is not None:
                arns.add(role.role_arn)
                arns.add(role.arn)
    try:
        for user in iam_backends[account]["global"].users.values():
            if any(k.access_key_id == access_key for k in user.access_keys):
                arns.add(user.arn)
    except Exception:  # noqa: BLE001 - IAM users are optional here
        pass
    return account, arns


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _action_matches(statement):
    actions = _as_list(statement.get("Action"))
    return any(a in ("*", "sts:*") or a.lower() == "sts:assumerole" for a in actions)


def _principal_matches(statement, account, arns):
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for p in _as_list(principal.get("AWS")):
        if p == "*" or p == account or p in arns:
            return True
    return False


def _conditions_hold(statement, external_id):
    for op, block in (statement.get("Condition") or {}).items():
        for key, want in block.items():
            if key.lower() != "sts:externalid":
                continue
            wanted = _as_list(want)
            if external_id is None:
                return False
            if op == "StringLike":
                if not any(fnmatch.fnmatchcase(external_id, w) for w in wanted):
                    return False
            elif external_id not in wanted:
                return False
    return True


def _denied(caller_arn, role_arn):
    message = f"User: {caller_arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        f"<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{message}</Message></Error>"
        "<RequestId>resil-trust-policy</RequestId></ErrorResponse>"
    )
    return 403, [("Content-Type", "text/xml")], body


def allowed(role_arn, access_key, external_id):
    """-> (allowed: bool, caller ARN for the message)."""
    account, arns = _caller(access_key)
    caller_arn = sorted(a for a in arns if not a.endswith(":root"))[0] if len(arns) > 1 else f"arn:aws:iam::{account}:root"
    parts = role_arn.split(":")
    if len(parts) < 6 or not parts[5].startswith("role/"):
        return False, caller_arn
    target_account, name = parts[4], parts[5].split("/")[-1]
    try:
        role = iam_backends[target_account]["global"].get_role(name)
    except Exception:  # noqa: BLE001 - NoSuchEntity: AWS says AccessDenied
        return False, caller_arn
    doc = role.assume_role_policy_document
    try:
        policy = json.loads(unquote(doc) if isinstance(doc, str) and doc.startswith("%7B") else doc)
    except (TypeError, ValueError):
        return False, caller_arn
    statements = _as_list(policy.get("Statement"))
    matching = [
        s
        for s in statements
        if _action_matches(s) and _principal_matches(s, account, arns) and _conditions_hold(s, external_id)
    ]
    if any(s.get("Effect") == "Deny" for s in matching):
        return False, caller_arn
    return any(s.get("Effect") == "Allow" for s in matching), caller_arn


def assume_role(environ, params):
    role_arn = params.get("RoleArn", "")
    ok, caller_arn = allowed(role_arn, _access_key(environ), params.get("ExternalId"))
    if not ok:
        return _denied(caller_arn, role_arn)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split(" ")[0])
        captured["headers"] = headers

    environ["wsgi.input"].seek(0)
    body = b"".join(_moto(environ, start_response))
    headers = [h for h in captured.get("headers", []) if h[0].lower() != "content-length"]
    return captured.get("status", 500), headers, body


HANDLERS = {("sts", "AssumeRole"): assume_role}
