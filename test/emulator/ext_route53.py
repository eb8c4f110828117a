"""
Emulator extension: route53:ListResourceRecordSets pages as AWS documents it.

moto 5.2.1 ignores StartRecordIdentifier and never answers NextRecordIdentifier ("not yet
implemented" in its source). When a page ends between two records of the same name and type (a
failover, weighted or latency set: each has its own SetIdentifier), the next page starts at the
first of them again, so a client that follows the cursor AWS gives either loops or misses the rest.

AWS (ListResourceRecordSets API reference): records are sorted by DNS name with the labels
reversed, then by type; records of the same name and type by their set identifier. When the
response is truncated it names the next record: NextRecordName, NextRecordType and, when that record
has one, NextRecordIdentifier; a request with StartRecordName/Type/Identifier starts at that record.

This replaces moto's backend method and its response handler at load time (the server loads every
ext_*.py before it serves a request).
"""

import itertools

from moto.core.responses import ActionResult
from moto.route53.exceptions import InvalidInput
from moto.route53.models import Route53Backend, reverse_domain_name
from moto.route53.responses import Route53
from moto.route53.utils import validate_domain_name


def _key(rrset):
    return (reverse_domain_name(rrset.name), rrset.type or "", rrset.set_identifier or "")


def list_resource_record_sets(self, zone_id, start_type, start_name, max_items, start_identifier=None):
    if start_name:
        validate_domain_name(start_name)
    zone = self.get_hosted_zone(zone_id)
    ordered = sorted(zone.rrsets, key=_key)
    if start_name:
        start = (reverse_domain_name(start_name), start_type or "", start_identifier or "")
        ordered = list(itertools.dropwhile(lambda r: _key(r) < start, ordered))
    records = ordered[0:max_items]
    following = ordered[max_items] if len(ordered) > max_items else None
    return records, following


def _response(self):
    zone_id = self._get_param("HostedZoneId")
    start_type = self._get_param("StartRecordType")
    start_name = self._get_param("StartRecordName")
    start_identifier = self._get_param("StartRecordIdentifier")
    max_items = self._get_int_param("MaxItems", 300)
    if start_type and not start_name:
        raise InvalidInput("The input is not valid")
    if start_identifier and not start_type:
        raise InvalidInput("The input is not valid")
    records, following = self.backend.list_resource_record_sets(
        zone_id, start_type, start_name, max_items, start_identifier
    )
    result = {"ResourceRecordSets": records, "IsTruncated": following is not None, "MaxItems": max_items}
    if following is not None:
        result["NextRecordName"] = following.name
        result["NextRecordType"] = following.type
        if following.set_identifier:
            result["NextRecordIdentifier"] = following.set_identifier
    return ActionResult(result)


Route53Backend.list_resource_record_sets = list_resource_record_sets
Route53.list_resource_record_sets = _response

HANDLERS = {}
