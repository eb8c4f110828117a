"""
Emulator extension for the DR runbooks: what moto 5.2.1 lacks for `resil failover` / `resil cutover`.

- rds:SwitchoverGlobalCluster / rds:FailoverGlobalCluster: start an operation; FailoverState then moves
  pending -> switching-over (failing-over) -> absent over RESIL_EMULATOR_FAILOVER_POLLS DescribeGlobalClusters
  reads per phase (default 2). When it ends, the target is the writer and the old primary a connected secondary.
- rds:DescribeGlobalClusters: served here (moto's lacks SynchronizationStatus and FailoverState); every
  call advances the operations in flight. Non-writer members report SynchronizationStatus "connected"
  (moto has no replication to model).
- rds:RemoveFromGlobalCluster: detaches a member in ANY region (moto only handles us-east-1); the cluster
  reports Status "promoting" for RESIL_EMULATOR_FAILOVER_POLLS DescribeGlobalClusters reads, then "available".
- route53:ChangeResourceRecordSets: applied by moto, but each change gets its own id, and
  route53:GetChange answers PENDING for RESIL_EMULATOR_CHANGE_POLLS reads (default 2), then INSYNC.

State lives in moto's backends (shared with the rest of the server) plus the small dicts below;
reset() clears the latter on POST /moto-api/reset.
"""

import os
import re
import threading
import uuid
from xml.sax.saxutils import escape

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.rds.models import rds_backends

_lock = threading.RLock()
# global cluster id -> {"kind", "target", "from", "reads"}
OPS = {}
# cluster arn -> remaining reads while "promoting"
PROMOTING = {}
# change id -> remaining PENDING reads
CHANGES = {}
_seq = [0]
_moto = DomainDispatcherApplication(create_backend_app)

RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/"


def _polls(name, default):
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def reset():
    with _lock:
        OPS.clear()
        PROMOTING.clear()
        CHANGES.clear()


def _backends():
    return rds_backends[DEFAULT_ACCOUNT_ID]


def _globals():
    return _backends()["us-east-1"].global_clusters


def _find_global(ident):
    for g in _globals().values():
        if ident and (g.global_cluster_identifier == ident.lower() or g.global_cluster_arn == ident):
            return g
    return None


def _region_of(arn):
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def _find_cluster(arn_or_id):
    for region in list(_backends().keys()):
        for c in list(_backends()[region].clusters.values()):
            if c.db_cluster_arn == arn_or_id or c.db_cluster_identifier == arn_or_id:
                return c
    return None


def _rid():
    return str(uuid.uuid4())


def _error(status, code, message):
    body = (
        f'<ErrorResponse xmlns="{RDS_NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
        f"<Message>{escape(message)}</Message></Error><RequestId>{_rid()}</RequestId></ErrorResponse>"
    )
    return status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", _rid())], body


def _ok(action, inner):
    rid = _rid()
    body = (
        f'<{action}Response xmlns="{RDS_NS}"><{action}Result>{inner}</{action}Result>'
        f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata></{action}Response>"
    )
    return 200, [("Content-Type", "text/xml"), ("x-amzn-RequestId", rid)], body


def _advance():
    """One DescribeGlobalClusters read: moves every operation in flight one tick."""
    n = _polls("RESIL_EMULATOR_FAILOVER_POLLS", 2)
    for gid, op in list(OPS.items()):
        op["reads"] += 1
        if op["reads"] >= 2 * n:
            g = _find_global(gid)
            if g is not None:
                for m in g.members:
                    if m.db_cluster_arn == op["target"]:
                        m.is_writer = True
                    elif m.db_cluster_arn == op["from"]:
                        m.is_writer = False
                # keep the writer first, as AWS lists it
                g.members.sort(key=lambda m: 0 if m.is_writer else 1)
            del OPS[gid]
    for arn, left in list(PROMOTING.items()):
        if left <= 1:
            del PROMOTING[arn]
            c = _find_cluster(arn)
            if c is not None:
                c.status = "available"
        else:
            PROMOTING[arn] = left - 1


def _phase(op):
    n = _polls("RESIL_EMULATOR_FAILOVER_POLLS", 2)
    if op["reads"] < n:
        return "pending"
    return "switching-over" if op["kind"] == "switchover" else "failing-over"


def _global_xml(g, tag="GlobalCluster"):
    """A GlobalCluster element (inside the DescribeGlobalClusters list AWS names each item GlobalClusterMember)."""
    op = OPS.get(g.global_cluster_identifier)
    members = []
    for m in g.members:
        readers = "".join(f"<member>{escape(r.db_cluster_arn)}</member>" for r in g.members if not r.is_writer) if m.is_writer else ""
        sync = "" if m.is_writer else "<SynchronizationStatus>connected</SynchronizationStatus>"
        members.append(
            "<GlobalClusterMember>"
            f"<DBClusterArn>{escape(m.db_cluster_arn)}</DBClusterArn>"
            f"<Readers>{readers}</Readers>"
            f"<IsWriter>{'true' if m.is_writer else 'false'}</IsWriter>"
            f"{sync}"
            "</GlobalClusterMember>"
        )
    fs = ""
    if op is not None:
        fs = (
            "<FailoverState>"
            f"<Status>{_phase(op)}</Status>"
            f"<FromDbClusterArn>{escape(op['from'])}</FromDbClusterArn>"
            f"<ToDbClusterArn>{escape(op['target'])}</ToDbClusterArn>"
            f"<IsDataLossAllowed>{'true' if op['kind'] == 'failover' else 'false'}</IsDataLossAllowed>"
            "</FailoverState>"
        )
    status = "failing-over" if op is not None and op["kind"] == "failover" else ("switching-over" if op is not None and op["reads"] >= _polls("RESIL_EMULATOR_FAILOVER_POLLS", 2) else "available")
    return (
        f"<{tag}>"
        f"<GlobalClusterIdentifier>{escape(g.global_cluster_identifier)}</GlobalClusterIdentifier>"
        f"<GlobalClusterResourceId>{escape(g.global_cluster_resource_id)}</GlobalClusterResourceId>"
        f"<GlobalClusterArn>{escape(g.global_cluster_arn)}</GlobalClusterArn>"
        f"<Status>{status}</Status>"
        f"<Engine>{escape(g.engine)}</Engine>"
        f"<EngineVersion>{escape(g.engine_version or '')}</EngineVersion>"
        f"<StorageEncrypted>{'true' if g.storage_encrypted else 'false'}</StorageEncrypted>"
        f"<DeletionProtection>{'true' if g.deletion_protection else 'false'}</DeletionProtection>"
        f"<Endpoint>{escape(g.endpoint)}</Endpoint>"
        f"<GlobalClusterMembers>{''.join(members)}</GlobalClusterMembers>"
        f"{fs}"
        f"</{tag}>"
    )


def describe_global_clusters(environ, params):
    with _lock:
        _advance()
        wanted = params.get("GlobalClusterIdentifier")
        gs = [g for g in _globals().values() if not wanted or _find_global(wanted) is g]
        if wanted and not gs:
            return _error(404, "GlobalClusterNotFoundFault", f"Global cluster {wanted} not found")
        return _ok("DescribeGlobalClusters", f"<GlobalClusters>{''.join(_global_xml(g, 'GlobalClusterMember') for g in gs)}</GlobalClusters>")


def _start(action, kind):
    def handler(environ, params):
        with _lock:
            gid = params.get("GlobalClusterIdentifier", "")
            target = params.get("TargetDbClusterIdentifier", "")
            g = _find_global(gid)
            if g is None:
                return _error(404, "GlobalClusterNotFoundFault", f"Global cluster {gid} not found")
            if kind == "failover" and str(params.get("AllowDataLoss", "")).lower() != "true" and str(params.get("Switchover", "")).lower() != "true":
                return _error(400, "InvalidParameterCombination", "FailoverGlobalCluster needs AllowDataLoss or Switchover")
            member = next((m for m in g.members if m.db_cluster_arn == target), None)
            if member is None:
                return _error(404, "DBClusterNotFoundFault", f"{target} is not a member of {gid} (use the cluster ARN)")
            if g.global_cluster_identifier in OPS:
                return _error(400, "InvalidGlobalClusterStateFault", f"A switchover or failover is already in progress for {gid}")
            if member.is_writer:
                return _error(400, "InvalidDBClusterStateFault", f"{target} is already the primary cluster of {gid}")
            writer = next((m for m in g.members if m.is_writer), None)
            OPS[g.global_cluster_identifier] = {"kind": kind, "target": target, "from": writer.db_cluster_arn if writer else "", "reads": 0}
            return _ok(action, _global_xml(g))

    return handler


def remove_from_global_cluster(environ, params):
    with _lock:
        gid = params.get("GlobalClusterIdentifier", "")
        arn = params.get("DbClusterIdentifier", "")
        g = _find_global(gid)
        if g is None:
            return _error(404, "GlobalClusterNotFoundFault", f"Global cluster {gid} not found")
        member = next((m for m in g.members if m.db_cluster_arn == arn or m.db_cluster_identifier == arn), None)
        if member is None:
            return _error(404, "DBClusterNotFoundFault", f"{arn} is not a member of {gid}")
        inner = _global_xml(g)
        g.members.remove(member)
        member.global_cluster_identifier = None
        member.is_writer = True
        member.status = "promoting"
        PROMOTING[member.db_cluster_arn] = max(1, _polls("RESIL_EMULATOR_FAILOVER_POLLS", 2))
        return _ok("RemoveFromGlobalCluster", inner)


def change_resource_record_sets(environ, params):
    """Let moto apply the batch, then give the change its own id and make it PENDING for a while."""
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split(" ")[0])
        captured["headers"] = headers

    environ["wsgi.input"].seek(0)
    body = b"".join(_moto(environ, start_response)).decode("utf-8")
    if captured.get("status") == 200:
        with _lock:
            _seq[0] += 1
            cid = f"C{_seq[0]:04d}RESIL{uuid.uuid4().hex[:8].upper()}"
            CHANGES[cid] = _polls("RESIL_EMULATOR_CHANGE_POLLS", 2)
        body = re.sub(r"<Id>/change/[^<]*</Id>", f"<Id>/change/{cid}</Id>", body)
        body = re.sub(r"<Status>INSYNC</Status>", "<Status>PENDING</Status>", body, count=1)
    headers = [h for h in captured.get("headers", []) if h[0].lower() != "content-length"]
    return captured.get("status", 500), headers, body


def get_change(environ, params):
    path = environ.get("PATH_INFO", "")
    cid = path.rstrip("/").split("/")[-1]
    with _lock:
        left = CHANGES.get(cid)
        if left is not None and left > 0:
            CHANGES[cid] = left - 1
            status = "PENDING"
        else:
            status = "INSYNC"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
        f"<ChangeInfo><Id>/change/{escape(cid)}</Id><Status>{status}</Status>"
        "<SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo></GetChangeResponse>"
    )
    return 200, [("Content-Type", "text/xml"), ("x-amzn-RequestId", _rid())], body


HANDLERS = {
    ("rds", "DescribeGlobalClusters"): describe_global_clusters,
    ("rds", "SwitchoverGlobalCluster"): _start("SwitchoverGlobalCluster", "switchover"),
    ("rds", "FailoverGlobalCluster"): _start("FailoverGlobalCluster", "failover"),
    ("rds", "RemoveFromGlobalCluster"): remove_from_global_cluster,
    ("route53", "ChangeResourceRecordSets"): change_resource_record_sets,
    ("route53", "GetChange"): get_change,
}
