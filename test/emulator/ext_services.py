"""
Emulator extension for issue 10: what moto 5.2.1 lacks for the ECS, DynamoDB and EFS reads, made to
behave as AWS documents it.

- ecs:CreateService: moto creates the service but drops deploymentConfiguration (the circuit breaker,
  minimumHealthyPercent), availabilityZoneRebalancing (AWS defaults it to ENABLED on create) and
  healthCheckGracePeriodSeconds, and starts no task. Here the service keeps those settings, and its
  desired count of tasks is placed as the ECS scheduler does by default for a replica service:
  spread evenly over the AZs of its awsvpc subnets (the subnets' AZs come from moto's EC2).
- ecs:DescribeServices: moto's answer plus those settings; runningCount is the tasks placed
  (steady state), pendingCount 0.
- ecs:ListTasks (serviceName) and ecs:DescribeTasks: the placed tasks, each with its
  availabilityZone, lastStatus RUNNING and healthStatus HEALTHY.
- dynamodb:UpdateTable with ReplicaUpdates Create (global tables, version 2019.11.21): the replica
  table is created in the other region, and dynamodb:DescribeTable in every region of the group
  reports Replicas (each ACTIVE) and GlobalTableVersion, as AWS does.
- elasticfilesystem:CreateReplicationConfiguration / DescribeReplicationConfigurations: moto has
  neither. A replication to a region is recorded with its destination (status ENABLED) and listed.

State lives in the dicts below (moto's own backends hold the rest); reset() clears them on
POST /moto-api/reset.
"""

import io
import json
import threading
import uuid

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

_lock = threading.RLock()
_moto = DomainDispatcherApplication(create_backend_app)

# (region, cluster name, service name) -> {"settings": {...}, "tasks": [{"arn", "az"}], "cluster_arn", "launch_type", "task_definition"}
SERVICES = {}
# table name -> set of regions (a global table group)
GLOBAL_TABLES = {}
# (region, source file system id) -> [{"Region", "FileSystemId", "Status"}]
EFS_REPLICATIONS = {}


def reset():
    with _lock:
        SERVICES.clear()
        GLOBAL_TABLES.clear()
        EFS_REPLICATIONS.clear()


def _region(environ):
    try:
        scope = environ.get("HTTP_AUTHORIZATION", "").split("Credential=")[1].split(",")[0]
        return scope.split("/")[2]
    except (IndexError, ValueError):
        return "us-east-1"


def _call_moto(environ, body=None, region=None):
    """Sends a request to moto (optionally another body, or signed for another region); returns (status, headers, text)."""
    env = dict(environ)
    data = body if body is not None else (environ["wsgi.input"].seek(0) or environ["wsgi.input"].read())
    if isinstance(data, str):
        data = data.encode()
    env["wsgi.input"] = io.BytesIO(data)
    env["CONTENT_LENGTH"] = str(len(data))
    if region is not None:
        own = _region(environ)
        env["HTTP_AUTHORIZATION"] = environ.get("HTTP_AUTHORIZATION", "").replace(f"/{own}/", f"/{region}/", 1)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split(" ")[0])
        captured["headers"] = headers

    text = b"".join(_moto(env, start_response)).decode("utf-8")
    headers = [h for h in captured.get("headers", []) if h[0].lower() != "content-length"]
    return captured.get("status", 500), headers, text


def _json(status, doc, headers=None):
    hs = [h for h in (headers or []) if h[0].lower() not in ("content-type", "content-length")]
    return status, hs + [("Content-Type", "application/x-amz-json-1.1")], json.dumps(doc)


# ---------------------------------------------------------------- ECS


def _cluster_name(ref):
    return (ref or "default").split("/")[-1]


def _subnet_azs(region, subnet_ids):
    try:
        subnets = ec2_backends[DEFAULT_ACCOUNT_ID][region].describe_subnets(subnet_ids=subnet_ids)
    except Exception:  # noqa: BLE001 - unknown subnets: moto itself rejects them
        return []
    by_id = {s.id: s.availability_zone for s in subnets}
    return [by_id[s] for s in subnet_ids if s in by_id]


def _settings(params):
    dc = params.get("deploymentConfiguration") or {}
    out = {
        "deploymentConfiguration": {
            "minimumHealthyPercent": dc.get("minimumHealthyPercent", 100),
            "maximumPercent": dc.get("maximumPercent", 200),
            **(
                {"deploymentCircuitBreaker": {"enable": bool(dc["deploymentCircuitBreaker"].get("enable")), "rollback": bool(dc["deploymentCircuitBreaker"].get("rollback"))}}
                if dc.get("deploymentCircuitBreaker")
                else {}
            ),
        },
        # AWS: "For create service requests, when no value is specified ... defaults the value to ENABLED."
        "availabilityZoneRebalancing": params.get("availabilityZoneRebalancing", "ENABLED"),
    }
    if "healthCheckGracePeriodSeconds" in params:
        out["healthCheckGracePeriodSeconds"] = params["healthCheckGracePeriodSeconds"]
    return out


def _place(region, cluster_arn, service, desired, subnet_ids):
    """desired tasks spread evenly over the subnets' AZs (in AZ order), as the default AZ-balanced spread does."""
    azs = sorted(set(_subnet_azs(region, subnet_ids))) or [f"{region}a"]
    account = cluster_arn.split(":")[4] if cluster_arn.count(":") >= 5 else DEFAULT_ACCOUNT_ID
    cluster = _cluster_name(cluster_arn)
    return [
        {"arn": f"arn:aws:ecs:{region}:{account}:task/{cluster}/{uuid.uuid4().hex}", "az": azs[i % len(azs)]}
        for i in range(desired)
    ]


def create_service(environ, params):
    status, headers, text = _call_moto(environ)
    if status != 200:
        return status, headers, text
    doc = json.loads(text)
    svc = doc.get("service", {})
    region = _region(environ)
    subnets = ((params.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}).get("subnets") or []
    with _lock:
        entry = {
            "settings": _settings(params),
            "tasks": _place(region, svc.get("clusterArn", ""), svc.get("serviceName"), int(params.get("desiredCount") or 0), subnets),
            "cluster_arn": svc.get("clusterArn", ""),
            "launch_type": svc.get("launchType") or params.get("launchType") or "FARGATE",
            "task_definition": svc.get("taskDefinition"),
        }
        SERVICES[(region, _cluster_name(svc.get("clusterArn")), svc.get("serviceName"))] = entry
        doc["service"] = _augment(svc, entry)
    return _json(200, doc, headers)


def _augment(svc, entry):
    out = dict(svc)
    out.update(entry["settings"])
    out["runningCount"] = len(entry["tasks"])
    out["pendingCount"] = 0
    return out


def describe_services(environ, params):
    status, headers, text = _call_moto(environ)
    if status != 200:
        return status, headers, text
    doc = json.loads(text)
    region = _region(environ)
    with _lock:
        doc["services"] = [
            _augment(s, SERVICES[key]) if (key := (region, _cluster_name(s.get("clusterArn")), s.get("serviceName"))) in SERVICES else s
            for s in doc.get("services", [])
        ]
    return _json(200, doc, headers)


def list_tasks(environ, params):
    region = _region(environ)
    name = params.get("serviceName")
    with _lock:
        entry = SERVICES.get((region, _cluster_name(params.get("cluster")), name)) if name else None
        if entry is None:
            return _call_moto(environ)
        return _json(200, {"taskArns": [t["arn"] for t in entry["tasks"]]})


def describe_tasks(environ, params):
    region = _region(environ)
    wanted = params.get("tasks") or []
    with _lock:
        ours = {}
        for (r, _c, _s), entry in SERVICES.items():
            if r != region:
                continue
            for t in entry["tasks"]:
                ours[t["arn"]] = (t, entry)
        if not wanted or not all(a in ours for a in wanted):
            return _call_moto(environ)
        tasks = []
        for arn in wanted:
            t, entry = ours[arn]
            tasks.append(
                {
                    "taskArn": arn,
                    "clusterArn": entry["cluster_arn"],
                    "taskDefinitionArn": entry["task_definition"],
                    "availabilityZone": t["az"],
                    "lastStatus": "RUNNING",
                    "desiredStatus": "RUNNING",
                    "healthStatus": "HEALTHY",
                    "launchType": entry["launch_type"],
                }
            )
        return _json(200, {"tasks": tasks, "failures": []})


# ---------------------------------------------------------------- DynamoDB (global tables 2019.11.21)


def update_table(environ, params):
    creates = [u["Create"]["RegionName"] for u in params.get("ReplicaUpdates") or [] if u.get("Create", {}).get("RegionName")]
    if not creates:
        return _call_moto(environ)
    region = _region(environ)
    name = params.get("TableName")
    # Read the source table (moto's DescribeTable) to create the replica with the same key schema.
    env = dict(environ)
    env["HTTP_X_AMZ_TARGET"] = "DynamoDB_20120810.DescribeTable"
    status, headers, text = _call_moto(env, body=json.dumps({"TableName": name}))
    if status != 200:
        return status, headers, text
    table = json.loads(text)["Table"]
    create = {
        "TableName": name,
        "AttributeDefinitions": table["AttributeDefinitions"],
        "KeySchema": table["KeySchema"],
        "BillingMode": (table.get("BillingModeSummary") or {}).get("BillingMode", "PAY_PER_REQUEST"),
    }
    if create["BillingMode"] == "PROVISIONED":
        pt = table.get("ProvisionedThroughput") or {}
        create["ProvisionedThroughput"] = {"ReadCapacityUnits": pt.get("ReadCapacityUnits") or 1, "WriteCapacityUnits": pt.get("WriteCapacityUnits") or 1}
    env["HTTP_X_AMZ_TARGET"] = "DynamoDB_20120810.CreateTable"
    for target in creates:
        st, hs, tx = _call_moto(env, body=json.dumps(create), region=target)
        if st != 200 and "ResourceInUseException" not in tx:
            return st, hs, tx
    with _lock:
        GLOBAL_TABLES.setdefault(name, {region}).update([region, *creates])
    env["HTTP_X_AMZ_TARGET"] = "DynamoDB_20120810.DescribeTable"
    status, headers, text = _call_moto(env, body=json.dumps({"TableName": name}))
    doc = json.loads(text)
    return _json(200, {"TableDescription": _with_replicas(doc["Table"], name)}, headers)


def _with_replicas(table, name):
    with _lock:
        regions = GLOBAL_TABLES.get(name)
        if not regions:
            return table
        out = dict(table)
        out["Replicas"] = [{"RegionName": r, "ReplicaStatus": "ACTIVE"} for r in sorted(regions)]
        out["GlobalTableVersion"] = "2019.11.21"
        return out


def describe_table(environ, params):
    status, headers, text = _call_moto(environ)
    if status != 200:
        return status, headers, text
    doc = json.loads(text)
    name = params.get("TableName")
    with _lock:
        in_group = _region(environ) in GLOBAL_TABLES.get(name, set())
    if in_group:
        doc["Table"] = _with_replicas(doc["Table"], name)
    return _json(200, doc, headers)


# ---------------------------------------------------------------- EFS replication


def _rest_json(status, doc):
    return status, [("Content-Type", "application/json")], json.dumps(doc)


def create_replication_configuration(environ, params):
    region = _region(environ)
    path = environ.get("PATH_INFO", "")
    fs_id = path.rstrip("/").split("/")[-2]
    body = json.loads(params.get("body") or "{}")
    destinations = [
        {"Region": d.get("Region", region), "FileSystemId": f"fs-{uuid.uuid4().hex[:8]}", "Status": "ENABLED"}
        for d in body.get("Destinations", [])
    ]
    with _lock:
        EFS_REPLICATIONS[(region, fs_id)] = destinations
    return _rest_json(200, _replication(region, fs_id, destinations))


def _replication(region, fs_id, destinations):
    arn = f"arn:aws:elasticfilesystem:{region}:{DEFAULT_ACCOUNT_ID}:file-system/{fs_id}"
    return {
        "SourceFileSystemId": fs_id,
        "SourceFileSystemRegion": region,
        "SourceFileSystemArn": arn,
        "OriginalSourceFileSystemArn": arn,
        "CreationTime": 1796000000,
        "Destinations": destinations,
    }


def describe_replication_configurations(environ, params):
    region = _region(environ)
    with _lock:
        reps = [_replication(r, fs, d) for (r, fs), d in sorted(EFS_REPLICATIONS.items()) if r == region]
    return _rest_json(200, {"Replications": reps})


HANDLERS = {
    ("ecs", "CreateService"): create_service,
    ("ecs", "DescribeServices"): describe_services,
    ("ecs", "ListTasks"): list_tasks,
    ("ecs", "DescribeTasks"): describe_tasks,
    ("dynamodb", "UpdateTable"): update_table,
    ("dynamodb", "DescribeTable"): describe_table,
    ("elasticfilesystem", "CreateReplicationConfiguration"): create_replication_configuration,
    ("elasticfilesystem", "DescribeReplicationConfigurations"): describe_replication_configurations,
}
