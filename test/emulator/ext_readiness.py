"""
Emulator extension for `resil readiness`: what moto 5.2.1 lacks, as AWS documents it.

- servicequotas:ListServiceQuotas / GetServiceQuota / GetAWSDefaultServiceQuota for ec2,
  elasticloadbalancing, rds and fargate (moto only knows vpc): the quotas resil reads, at AWS's
  documented defaults (EC2 Standard On-Demand vCPUs 5, other vCPU families 0, 50 ALBs and 50 NLBs and
  3000 target groups per region, 40 DB instances and 40 DB clusters, Fargate On-Demand and Spot vCPUs
  6 each). ListServiceQuotas pages by MaxResults/NextToken.
  Quotas with no applied value are not listed, and GetServiceQuota answers NoSuchResourceException for
  them (AWS: "If the applied quota value is not available for a quota, the quota is not retrieved");
  RequestServiceQuotaIncrease gives a quota its applied value. Simplification: AWS approves a request
  later (Status PENDING, then APPROVED); the emulator applies it at once and answers APPROVED.
- ec2:CreateCapacityReservation / DescribeCapacityReservations (On-Demand Capacity Reservations):
  state "active" (or "scheduled" when StartDate is in the future), counts, dates, match criteria, tags.
- elasticloadbalancing:ModifyCapacityReservation / DescribeCapacityReservation (LCU reservations):
  moto answers Describe with one fixed "provisioned" state and no AZ; here a load balancer has no
  reservation until Modify sets MinimumLoadBalancerCapacity, which is then provisioned in each of its
  AZs, spread evenly (EffectiveCapacityUnits); ResetCapacityReservation removes it.

State is per region; reset() clears it on POST /moto-api/reset.
"""

import json
import threading
import uuid
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from moto.core import DEFAULT_ACCOUNT_ID
from moto.elbv2.models import elbv2_backends

_lock = threading.RLock()
# (region, service code, quota code) -> applied value
APPLIED = {}
# region -> [reservation dict]
ODCR = {}
# load balancer arn -> {"units": int, "modified": iso}
LCU = {}
_seq = [0]

# AWS's documented defaults: (service code, quota code, name, default, unit)
QUOTAS = [
    ("ec2", "L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", 5.0),
    ("ec2", "L-74FC7D96", "Running On-Demand F instances", 0.0),
    ("ec2", "L-DB2E81BA", "Running On-Demand G and VT instances", 0.0),
    ("ec2", "L-1945791B", "Running On-Demand Inf instances", 0.0),
    ("ec2", "L-417A185B", "Running On-Demand P instances", 0.0),
    ("ec2", "L-7295265B", "Running On-Demand X instances", 0.0),
    ("ec2", "L-2C3B7624", "Running On-Demand Trn instances", 0.0),
    ("ec2", "L-43DA4232", "Running On-Demand High Memory instances", 0.0),
    ("elasticloadbalancing", "L-53DA6B97", "Application Load Balancers per Region", 50.0),
    ("elasticloadbalancing", "L-69A177A2", "Network Load Balancers per Region", 50.0),
    ("elasticloadbalancing", "L-B22855CB", "Target Groups per Region", 3000.0),
    ("rds", "L-7B6409FD", "DB instances", 40.0),
    ("rds", "L-952B80B8", "DB clusters", 40.0),
    ("fargate", "L-3032A538", "Fargate On-Demand vCPU resource count", 6.0),
    ("fargate", "L-36FBB829", "Fargate Spot vCPU resource count", 6.0),
]
SERVICE_NAMES = {
    "ec2": "Amazon Elastic Compute Cloud (Amazon EC2)",
    "elasticloadbalancing": "Elastic Load Balancing (ELB)",
    "rds": "Amazon Relational Database Service (Amazon RDS)",
    "fargate": "AWS Fargate",
}
EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"


def reset():
    with _lock:
        APPLIED.clear()
        ODCR.clear()
        LCU.clear()


def _rid():
    return str(uuid.uuid4())


def _now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _region(environ):
    auth = environ.get("HTTP_AUTHORIZATION", "")
    try:
        return auth.split("Credential=")[1].split(",")[0].split("/")[2]
    except IndexError:
        return "us-east-1"


# ------------------------------------------------------------------ Service Quotas (JSON 1.1)


def _json(status, doc, error_type=None):
    headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", _rid())]
    if error_type:
        headers.append(("x-amzn-ErrorType", error_type))
    return status, headers, json.dumps(doc)


def _no_such(message):
    return _json(400, {"__type": "NoSuchResourceException", "Message": message}, "NoSuchResourceException")


def _quota_doc(region, q, value):
    service, code, name, _default = q
    return {
        "ServiceCode": service,
        "ServiceName": SERVICE_NAMES[service],
        "QuotaArn": f"arn:aws:servicequotas:{region}:{DEFAULT_ACCOUNT_ID}:{service}/{code}",
        "QuotaCode": code,
        "QuotaName": name,
        "Value": value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
    }


def _find(service, code):
    return next((q for q in QUOTAS if q[0] == service and q[1] == code), None)


def list_service_quotas(environ, params):
    region = _region(environ)
    service = params.get("ServiceCode")
    with _lock:
        applied = [
            _quota_doc(region, q, APPLIED[(region, q[0], q[1])])
            for q in QUOTAS
            if q[0] == service and (region, q[0], q[1]) in APPLIED
        ]
    start = int(params.get("NextToken") or 0)
    size = int(params.get("MaxResults") or 100)
    page = applied[start : start + size]
    doc = {"Quotas": page}
    if start + size < len(applied):
        doc["NextToken"] = str(start + size)
    return _json(200, doc)


def get_service_quota(environ, params):
    region = _region(environ)
    q = _find(params.get("ServiceCode"), params.get("QuotaCode"))
    with _lock:
        value = APPLIED.get((region, params.get("ServiceCode"), params.get("QuotaCode")))
    if q is None or value is None:
        return _no_such(f"The request failed because the specified quota {params.get('QuotaCode')} has no applied value.")
    return _json(200, {"Quota": _quota_doc(region, q, value)})


def get_default_service_quota(environ, params):
    region = _region(environ)
    q = _find(params.get("ServiceCode"), params.get("QuotaCode"))
    if q is None:
        return _no_such(f"The request failed because the specified service or quota {params.get('QuotaCode')} does not exist.")
    return _json(200, {"Quota": _quota_doc(region, q, q[3])})


def request_service_quota_increase(environ, params):
    region = _region(environ)
    q = _find(params.get("ServiceCode"), params.get("QuotaCode"))
    if q is None:
        return _no_such(f"The request failed because the specified service or quota {params.get('QuotaCode')} does not exist.")
    value = float(params.get("DesiredValue"))
    with _lock:
        APPLIED[(region, q[0], q[1])] = value
    return _json(
        200,
        {
            "RequestedQuota": {
                "Id": _rid(),
                "ServiceCode": q[0],
                "QuotaCode": q[1],
                "QuotaName": q[2],
                "DesiredValue": value,
                "Status": "APPROVED",
                "Created": datetime.now(timezone.utc).timestamp(),
            }
        },
    )


# ------------------------------------------------------------------ EC2 On-Demand Capacity Reservations


def _ec2_error(code, message):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Response><Errors><Error><Code>{code}</Code><Message>{escape(message)}</Message></Error></Errors>"
        f"<RequestID>{_rid()}</RequestID></Response>"
    )
    return 400, [("Content-Type", "text/xml")], body


def _ec2_ok(action, inner):
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{EC2_NS}"><requestId>{_rid()}</requestId>{inner}</{action}Response>'
    return 200, [("Content-Type", "text/xml")], body


def _indexed(params, prefix):
    """Collects Prefix.1, Prefix.2 ... (EC2 query lists) in order."""
    out = []
    i = 1
    while f"{prefix}.{i}" in params:
        out.append(params[f"{prefix}.{i}"])
        i += 1
    return out


def _reservation_xml(r):
    return f"<item>{_reservation_fields(r)}</item>"


def _reservation_fields(r):
    tags = "".join(f"<item><key>{escape(k)}</key><value>{escape(v)}</value></item>" for k, v in r["tags"].items())
    end = f"<endDate>{r['endDate']}</endDate>" if r.get("endDate") else ""
    return (
        f"<capacityReservationId>{r['id']}</capacityReservationId>"
        f"<ownerId>{DEFAULT_ACCOUNT_ID}</ownerId>"
        f"<instanceType>{escape(r['instanceType'])}</instanceType>"
        f"<instancePlatform>{escape(r['platform'])}</instancePlatform>"
        f"<availabilityZone>{escape(r['az'])}</availabilityZone>"
        "<tenancy>default</tenancy>"
        f"<totalInstanceCount>{r['count']}</totalInstanceCount>"
        f"<availableInstanceCount>{r['count']}</availableInstanceCount>"
        f"<state>{r['state']}</state>"
        f"<startDate>{r['startDate']}</startDate>"
        f"{end}"
        f"<endDateType>{r['endDateType']}</endDateType>"
        f"<instanceMatchCriteria>{r['match']}</instanceMatchCriteria>"
        f"<createDate>{r['created']}</createDate>"
        f"<tagSet>{tags}</tagSet>"
    )


def create_capacity_reservation(environ, params):
    region = _region(environ)
    for required in ("InstanceType", "InstancePlatform", "InstanceCount"):
        if not params.get(required):
            return _ec2_error("MissingParameter", f"The request must contain the parameter {required}")
    az = params.get("AvailabilityZone")
    if not az or not az.startswith(region):
        return _ec2_error("InvalidParameterValue", f"Invalid availability zone: [{az}]")
    end_type = params.get("EndDateType", "unlimited")
    if end_type == "limited" and not params.get("EndDate"):
        return _ec2_error("InvalidParameterCombination", "EndDate is required when EndDateType is limited")
    now = _now()
    start = params.get("StartDate") or now
    tags = {}
    i = 1
    while f"TagSpecifications.1.Tag.{i}.Key" in params:
        tags[params[f"TagSpecifications.1.Tag.{i}.Key"]] = params.get(f"TagSpecifications.1.Tag.{i}.Value", "")
        i += 1
    with _lock:
        _seq[0] += 1
        r = {
            "id": f"cr-{_seq[0]:017x}",
            "instanceType": params["InstanceType"],
            "platform": params["InstancePlatform"],
            "az": az,
            "count": int(params["InstanceCount"]),
            "state": "scheduled" if start > now else "active",
            "startDate": start,
            "endDate": params.get("EndDate"),
            "endDateType": end_type,
            "match": params.get("InstanceMatchCriteria", "open"),
            "created": now,
            "tags": tags,
        }
        ODCR.setdefault(region, []).append(r)
    return _ec2_ok("CreateCapacityReservation", f"<capacityReservation>{_reservation_fields(r)}</capacityReservation>")


def describe_capacity_reservations(environ, params):
    region = _region(environ)
    ids = set(_indexed(params, "CapacityReservationId"))
    with _lock:
        items = [r for r in ODCR.get(region, []) if not ids or r["id"] in ids]
    start = int(params.get("NextToken") or 0)
    size = int(params.get("MaxResults") or 1000)
    page = items[start : start + size]
    token = f"<nextToken>{start + size}</nextToken>" if start + size < len(items) else ""
    return _ec2_ok(
        "DescribeCapacityReservations",
        f"<capacityReservationSet>{''.join(_reservation_xml(r) for r in page)}</capacityReservationSet>{token}",
    )


# ------------------------------------------------------------------ ELB LCU capacity reservations


def _elb_ok(action, inner):
    rid = _rid()
    body = (
        f'<{action}Response xmlns="{ELB_NS}"><{action}Result>{inner}</{action}Result>'
        f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata></{action}Response>"
    )
    return 200, [("Content-Type", "text/xml"), ("x-amzn-RequestId", rid)], body


def _elb_error(code, message):
    body = (
        f'<ErrorResponse xmlns="{ELB_NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
        f"<Message>{escape(message)}</Message></Error><RequestId>{_rid()}</RequestId></ErrorResponse>"
    )
    return 400, [("Content-Type", "text/xml")], body


def _load_balancer(region, arn):
    return elbv2_backends[DEFAULT_ACCOUNT_ID][region].load_balancers.get(arn)


def _lcu_xml(lb, state):
    if state is None:
        return "<CapacityReservationState />"
    azs = sorted({s.availability_zone for s in lb.subnets})
    each = state["units"] / max(1, len(azs))
    zones = "".join(
        "<member><State><Code>provisioned</Code></State>"
        f"<AvailabilityZone>{az}</AvailabilityZone><EffectiveCapacityUnits>{each}</EffectiveCapacityUnits></member>"
        for az in azs
    )
    return (
        f"<LastModifiedTime>{state['modified']}</LastModifiedTime>"
        "<DecreaseRequestsRemaining>4</DecreaseRequestsRemaining>"
        f"<MinimumLoadBalancerCapacity><CapacityUnits>{state['units']}</CapacityUnits></MinimumLoadBalancerCapacity>"
        f"<CapacityReservationState>{zones}</CapacityReservationState>"
    )


def describe_capacity_reservation(environ, params):
    region = _region(environ)
    arn = params.get("LoadBalancerArn")
    lb = _load_balancer(region, arn)
    if lb is None:
        return _elb_error("LoadBalancerNotFound", "One or more load balancers not found")
    with _lock:
        state = LCU.get(arn)
    return _elb_ok("DescribeCapacityReservation", _lcu_xml(lb, state))


def modify_capacity_reservation(environ, params):
    region = _region(environ)
    arn = params.get("LoadBalancerArn")
    lb = _load_balancer(region, arn)
    if lb is None:
        return _elb_error("LoadBalancerNotFound", "One or more load balancers not found")
    units = params.get("MinimumLoadBalancerCapacity.CapacityUnits")
    reset_it = str(params.get("ResetCapacityReservation", "")).lower() == "true"
    if units is None and not reset_it:
        return _elb_error("ValidationError", "Either MinimumLoadBalancerCapacity or ResetCapacityReservation must be specified")
    with _lock:
        if reset_it:
            LCU.pop(arn, None)
        else:
            LCU[arn] = {"units": int(units), "modified": _now()}
        state = LCU.get(arn)
    return _elb_ok("ModifyCapacityReservation", _lcu_xml(lb, state))


HANDLERS = {
    ("servicequotas", "ListServiceQuotas"): list_service_quotas,
    ("servicequotas", "GetServiceQuota"): get_service_quota,
    ("servicequotas", "GetAWSDefaultServiceQuota"): get_default_service_quota,
    ("servicequotas", "RequestServiceQuotaIncrease"): request_service_quota_increase,
    ("ec2", "CreateCapacityReservation"): create_capacity_reservation,
    ("ec2", "DescribeCapacityReservations"): describe_capacity_reservations,
    ("elasticloadbalancing", "DescribeCapacityReservation"): describe_capacity_reservation,
    ("elasticloadbalancing", "ModifyCapacityReservation"): modify_capacity_reservation,
}
