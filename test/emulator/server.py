"""
resil's AWS emulator: moto's server app behind a small WSGI shim.

    python3 test/emulator/server.py --port PORT

The shim adds, in front of moto (5.2.1):
  - a request log:   GET /_resil/requests  -> [{"service", "region", "operation", "method", "path", "accessKey"}]
                     DELETE /_resil/requests clears it
  - fault injection: POST /_resil/faults {"deny": ["rds:DescribeDBClusters", "ec2:DescribeSubnets@us-west-2"]}
                     answers those operations with a protocol-correct access-denied error (HTTP 403:
                     EC2 and query XML, Route 53 REST XML, CloudWatch JSON 1.0, JSON 1.1 for X-Amz-Target services);
                     GET /_resil/faults shows the list, POST {"deny": []} clears it
  - extensions:      every test/emulator/ext_*.py module is imported; one that defines
                     HANDLERS = {(service, operation): handler} gets those operations routed to
                     handler(environ, params) -> (status:int, headers:list[tuple], body:bytes|str)
                     before moto sees them (params: the decoded query/form, JSON or REST body).
                     A module may also define reset() (called on /moto-api/reset).
  - GET /_resil/health -> 200 once the server is up.
Everything else (including POST /moto-api/reset) goes to moto unchanged.

Service names in the log and in fault specs are IAM prefixes (ec2, autoscaling, elasticloadbalancing,
rds, route53, cloudwatch, elasticache, servicequotas, sts, ecs, application-autoscaling, dynamodb,
sqs, elasticfilesystem), derived from the SigV4 credential scope. REST services (Route 53, EFS) get
their operation named from the method and path.
"""

import argparse
import glob
import importlib.util
import io
import json
import os
import sys
import threading
from urllib.parse import parse_qs

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

# SigV4 signing name -> IAM service prefix.
SIGNING_TO_IAM = {"monitoring": "cloudwatch"}
EC2_STYLE = {"ec2"}
REST_XML = {"route53"}
REST_JSON = {"elasticfilesystem"}
# AWS JSON protocols (X-Amz-Target): their errors are a JSON body with __type.
JSON_RPC = {"ecs", "application-autoscaling", "dynamodb", "sqs"}


def load_extensions():
    handlers, resets = {}, []
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "ext_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(f"resil_emulator_{name}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        handlers.update(getattr(mod, "HANDLERS", {}))
        if hasattr(mod, "reset"):
            resets.append(mod.reset)
    return handlers, resets


def route53_operation(method, path):
    """Route 53 is REST: name the operation from method + path (the common read/write ones)."""
    p = path.split("?")[0]
    parts = [x for x in p.split("/") if x]
    # /2013-04-01/hostedzone[/ID[/rrset]] , /2013-04-01/healthcheck[/ID[/status]] , /2013-04-01/change/ID
    rest = parts[1:] if parts and parts[0][:2] == "20" else parts
    if not rest:
        return f"{method} {p}"
    head = rest[0]
    if head == "hostedzone":
        if len(rest) == 1:
            return {"GET": "ListHostedZones", "POST": "CreateHostedZone"}.get(method, f"{method} {p}")
        if len(rest) == 2:
            return {"GET": "GetHostedZone", "DELETE": "DeleteHostedZone", "POST": "UpdateHostedZoneComment"}.get(method, f"{method} {p}")
        if rest[2] == "rrset":
            return {"GET": "ListResourceRecordSets", "POST": "ChangeResourceRecordSets"}.get(method, f"{method} {p}")
    if head == "hostedzonesbyname":
        return "ListHostedZonesByName"
    if head == "hostedzonecount":
        return "GetHostedZoneCount"
    if head == "healthcheck":
        if len(rest) == 1:
            return {"GET": "ListHealthChecks", "POST": "CreateHealthCheck"}.get(method, f"{method} {p}")
        if len(rest) == 2:
            return {"GET": "GetHealthCheck", "DELETE": "DeleteHealthCheck", "POST": "UpdateHealthCheck"}.get(method, f"{method} {p}")
        if rest[2] == "status":
            return "GetHealthCheckStatus"
    if head == "change":
        return "GetChange"
    if head == "testdnsanswer":
        return "TestDNSAnswer"
    if head == "tags":
        return {"GET": "ListTagsForResource", "POST": "ChangeTagsForResource"}.get(method, f"{method} {p}")
    return f"{method} {p}"


def efs_operation(method, path):
    """EFS is REST-JSON: name the operation from method + path (the ones resil and its tests use)."""
    p = path.split("?")[0].rstrip("/")
    parts = [x for x in p.split("/") if x]
    rest = parts[1:] if parts and parts[0][:2] == "20" else parts
    if rest == ["file-systems"]:
        return {"GET": "DescribeFileSystems", "POST": "CreateFileSystem"}.get(method, f"{method} {p}")
    if rest == ["mount-targets"]:
        return {"GET": "DescribeMountTargets", "POST": "CreateMountTarget"}.get(method, f"{method} {p}")
    if rest == ["file-systems", "replication-configurations"]:
        return "DescribeReplicationConfigurations" if method == "GET" else f"{method} {p}"
    if len(rest) == 3 and rest[0] == "file-systems" and rest[2] == "replication-configuration":
        return {"POST": "CreateReplicationConfiguration", "DELETE": "DeleteReplicationConfiguration"}.get(method, f"{method} {p}")
    if len(rest) == 2 and rest[0] == "file-systems":
        return {"DELETE": "DeleteFileSystem", "PUT": "UpdateFileSystem"}.get(method, f"{method} {p}")
    if len(rest) == 2 and rest[0] == "mount-targets" and method == "DELETE":
        return "DeleteMountTarget"
    if rest and rest[0] == "resource-tags":
        return {"GET": "ListTagsForResource", "POST": "TagResource", "DELETE": "UntagResource"}.get(method, f"{method} {p}")
    return f"{method} {p}"


def describe_request(environ, body):
    """-> (service, region, operation, params) for a signed AWS request, or None."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" not in auth:
        return None
    try:
        scope = auth.split("Credential=")[1].split(",")[0]
        _, _, region, service, _ = scope.split("/")
    except ValueError:
        return None
    service = SIGNING_TO_IAM.get(service.lower(), service.lower())
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    ctype = environ.get("CONTENT_TYPE", "") or ""
    params = {}
    operation = None
    if ctype.startswith("application/x-www-form-urlencoded") or (method == "GET" and "Action=" in query):
        form = parse_qs(body.decode("utf-8", "replace") if body else query, keep_blank_values=True)
        params = {k: v[0] if len(v) == 1 else v for k, v in form.items()}
        operation = params.get("Action")
    target = environ.get("HTTP_X_AMZ_TARGET")
    if not operation and target:
        operation = target.split(".")[-1]
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
    if not operation and "/operation/" in path:  # Smithy RPC v2 CBOR
        operation = path.rsplit("/operation/", 1)[1]
    if not operation and service in REST_XML:
        operation = route53_operation(method, path)
        params = {"body": body.decode("utf-8", "replace") if body else "", "query": parse_qs(query)}
    if not operation and service in REST_JSON:
        operation = efs_operation(method, path)
        params = {"body": body.decode("utf-8", "replace") if body else "", "query": parse_qs(query)}
    return service, region, operation or f"{method} {path}", params


def denied_response(service, operation, region, json_target=False):
    message = f"User: arn:aws:iam::123456789012:user/resil-test is not authorized to perform: {service}:{operation} (injected by the resil emulator)"
    if service in EC2_STYLE:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>{message}</Message></Error></Errors>"
            "<RequestID>resil-fault</RequestID></Response>"
        )
        return 403, [("Content-Type", "text/xml")], body
    if service in REST_XML:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
            f"<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{message}</Message></Error>"
            "<RequestId>resil-fault</RequestId></ErrorResponse>"
        )
        return 403, [("Content-Type", "text/xml")], body
    if service in JSON_RPC:
        code = "AccessDenied" if service == "sqs" else "AccessDeniedException"
        body = json.dumps({"__type": code, "message": message})
        headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", code)]
        if service == "sqs":  # query-compatible
            headers.append(("x-amzn-query-error", "AccessDenied;Sender"))
        return 400 if service != "sqs" else 403, headers, body
    if service in REST_JSON:
        body = json.dumps({"ErrorCode": "AccessDeniedException", "Message": message})
        return 403, [("Content-Type", "application/json"), ("x-amzn-ErrorType", "AccessDeniedException")], body
    if service == "cloudwatch":  # AWS JSON 1.0 (query-compatible)
        body = json.dumps({"__type": "AccessDenied", "message": message})
        return 403, [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-query-error", "AccessDenied;Sender")], body
    if json_target:  # AWS JSON 1.1 services (X-Amz-Target), e.g. Service Quotas
        body = json.dumps({"__type": "AccessDeniedException", "Message": message})
        return 403, [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "AccessDeniedException")], body
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{message}</Message></Error>"
        "<RequestId>resil-fault</RequestId></ErrorResponse>"
    )
    return 403, [("Content-Type", "text/xml")], body


STATUS_TEXT = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}


class ResilShim:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        # AWS applies a conditional write atomically: of two racing writes (DynamoDB ConditionExpression,
        # S3 If-None-Match / If-Match), one wins and the other gets ConditionalCheckFailed / 412.
        # moto checks the condition and then writes, and the threaded server can interleave two requests
        # between the two (both "won" on a loaded machine): writes to those services are serialised here.
        self.write_lock = threading.Lock()
        self.requests = []
        self.deny = []
        self.handlers, self.resets = load_extensions()

    def _json(self, start_response, status, doc):
        body = json.dumps(doc).encode()
        start_response(f"{status} {STATUS_TEXT.get(status, '')}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def _control(self, environ, start_response, path, body):
        method = environ.get("REQUEST_METHOD")
        if path == "/_resil/health":
            return self._json(start_response, 200, {"ok": True, "extensions": sorted(f"{s}:{o}" for s, o in self.handlers)})
        if path == "/_resil/requests":
            with self.lock:
                if method == "DELETE":
                    self.requests.clear()
                    return self._json(start_response, 200, {"cleared": True})
                return self._json(start_response, 200, list(self.requests))
        if path == "/_resil/faults":
            with self.lock:
                if method == "POST":
                    doc = json.loads(body or b"{}")
                    self.deny = list(doc.get("deny", []))
                return self._json(start_response, 200, {"deny": self.deny})
        return self._json(start_response, 404, {"error": f"unknown control path {path}"})

    def _is_denied(self, service, operation, region):
        for spec in self.deny:
            action, _, only_region = spec.partition("@")
            if action == f"{service}:{operation}" and (not only_region or only_region == region):
                return True
        return False

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if path.startswith("/_resil/"):
            return self._control(environ, start_response, path, body)
        if path.startswith("/moto-api/reset"):
            with self.lock:
                self.requests.clear()
                self.deny = []
            for fn in self.resets:
                fn()
        info = describe_request(environ, body)
        if info is not None:
            service, region, operation, params = info
            with self.lock:
                self.requests.append(
                    {
                        "service": service,
                        "region": region,
                        "operation": operation,
                        "method": environ.get("REQUEST_METHOD"),
                        "path": path,
                        # The access key id that signed it (not a secret): which credentials a call used.
                        "accessKey": _signing_key(environ),
                    }
                )
                denied = self._is_denied(service, operation, region)
            if denied:
                status, headers, out = denied_response(service, operation, region, bool(environ.get("HTTP_X_AMZ_TARGET")))
                return self._respond(start_response, status, headers, out)
            handler = self.handlers.get((service, operation))
            if handler is not None:
                status, headers, out = handler(environ, params)
                return self._respond(start_response, status, headers, out)
            if service in ("dynamodb", "s3") and environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                with self.write_lock:
                    return list(self.app(environ, start_response))
        return self.app(environ, start_response)

    @staticmethod
    def _respond(start_response, status, headers, out):
        data = out.encode() if isinstance(out, str) else out
        headers = [h for h in headers if h[0].lower() != "content-length"] + [("Content-Length", str(len(data)))]
        start_response(f"{status} {STATUS_TEXT.get(status, '')}", headers)
        return [data]


def _signing_key(environ):
    auth = environ.get("HTTP_AUTHORIZATION", "")
    return auth.split("Credential=")[1].split("/")[0] if "Credential=" in auth else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    app = ResilShim(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"resil emulator listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
