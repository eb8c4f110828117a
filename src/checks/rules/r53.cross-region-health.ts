import { ref } from '../../inventory/query.js';
import type { RecordSet } from '../../inventory/schema.js';
import { recordRegion, recordSetGroups } from '../../inventory/traffic.js';
import { sortedUnique } from '../../util/collections.js';
import { defineCheck, fail, pass, type Verdict } from '../define.js';

/** Routing policies that spread one name over several answers, possibly in several regions. */
const SPREADING = new Set(['weighted', 'latency', 'geolocation', 'geoproximity', 'multivalue', 'cidr']);

function evaluated(r: RecordSet): boolean {
  return r.healthCheckId !== undefined || r.aliasTarget?.evaluateTargetHealth === true;
}

function label(r: RecordSet, region: string | undefined): string {
  const parts = [
    r.routingPolicy === 'weighted' && r.weight !== undefined ? `weight ${r.weight}` : '',
    region ?? 'region unknown',
  ].filter(Boolean);
  return `${r.setIdentifier ?? '(no set identifier)'} (${parts.join(', ')})`;
}

export default defineCheck({
  id: 'r53.cross-region-health',
  title: 'Record sets that route across regions evaluate every member’s health',
  category: 'dns',
  severity: 'high',
  rationale:
    'A weighted, latency, geolocation, geoproximity, CIDR or multivalue record set whose members answer from different ' +
    'regions is an active-active (or region-routed) setup. Route 53 only stops answering with a member when it knows that ' +
    'member is unhealthy: through a health check on the record, or evaluate-target-health on an alias. A member with ' +
    'neither keeps getting its share of users when its region fails — a 50/50 weighted pair sends half of them to a dead ' +
    'region until someone edits DNS. Members with weight 0 take no traffic and are not judged. Members are placed in a ' +
    'region by the latency record’s region or the load balancer they point at; sets whose members cannot be placed in ' +
    'two regions produce no finding.',
  remediation: {
    text:
      'Give every member a health check, or alias it to its load balancer with evaluate-target-health (and set the ' +
      "target group's minimum healthy targets for DNS failover).",
    cli:
      'aws route53 change-resource-record-sets --hosted-zone-id <zone-id> --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":' +
      '{"Name":"<name>","Type":"A","SetIdentifier":"<member>","Weight":50,"AliasTarget":{"HostedZoneId":"<lb-zone-id>",' +
      '"DNSName":"<lb-dns>","EvaluateTargetHealth":true}}}]}\'',
    terraform:
      'resource "aws_route53_record" "east" {\n  zone_id        = aws_route53_zone.main.zone_id\n  name           = "shop.example.com"\n' +
      '  type           = "A"\n  set_identifier = "east"\n  weighted_routing_policy {\n    weight = 50\n  }\n' +
      '  alias {\n    name                   = aws_lb.east.dns_name\n    zone_id                = aws_lb.east.zone_id\n' +
      '    evaluate_target_health = true\n  }\n}',
  },
  thresholds: {},
  source:
    'Route 53 docs (how health checks work in simple and complex configurations; evaluate target health)',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const g of recordSetGroups(inv)) {
      const spreading = g.records.filter((r) => SPREADING.has(r.routingPolicy));
      if (spreading.length < 2) continue;
      const weighted = spreading.every((r) => r.routingPolicy === 'weighted');
      const allZero = weighted && spreading.every((r) => (r.weight ?? 0) === 0);
      // Weight 0 takes no traffic while another member has weight (unless all are 0: then all share).
      const live = weighted && !allZero ? spreading.filter((r) => (r.weight ?? 0) > 0) : spreading;
      const placed = live.map((r) => ({ r, region: recordRegion(inv, r) }));
      const regions = sortedUnique(placed.map((p) => p.region).filter((x): x is string => x !== undefined));
      if (regions.length < 2) continue;
      const blind = placed.filter((p) => !evaluated(p.r));
      const totalWeight = live.reduce((n, r) => n + (r.weight ?? 0), 0);
      const blindWeight = blind.reduce((n, p) => n + (p.r.weight ?? 0), 0);
      const share =
        weighted && totalWeight > 0 ? Math.round((blindWeight / totalWeight) * 1000) / 10 : undefined;
      const policy = sortedUnique(spreading.map((r) => r.routingPolicy)).join('/');
      const evidence = {
        zone: g.zone.name,
        routingPolicy: policy,
        regions,
        members: placed.map((p) => ({
          setIdentifier: p.r.setIdentifier ?? null,
          region: p.region ?? null,
          ...(p.r.weight !== undefined ? { weight: p.r.weight } : {}),
          healthCheckId: p.r.healthCheckId ?? null,
          evaluateTargetHealth: p.r.aliasTarget?.evaluateTargetHealth ?? null,
          healthEvaluated: evaluated(p.r),
        })),
        ...(share !== undefined ? { unevaluatedTrafficPercent: share } : {}),
      };
      const resource = ref.recordGroup(g.zone, g.name, g.type);
      const what = `${g.name} ${g.type} (${policy}) routes to ${regions.join(' and ')}`;
      if (blind.length === 0) {
        out.push(
          pass(
            resource,
            `${what}; every member's health is evaluated (health check or evaluate-target-health)`,
            evidence,
          ),
        );
        continue;
      }
      out.push(
        fail(
          resource,
          `${what}, but ${blind.map((p) => label(p.r, p.region)).join(', ')} ${blind.length === 1 ? 'has' : 'have'} neither a health check ` +
            `nor evaluate-target-health: Route 53 keeps sending ${share !== undefined ? `${blind.length === 1 ? 'its' : 'their'} ${share} % of users` : 'users'} ` +
            `to ${blind.length === 1 ? 'it when its' : 'them when their'} region fails`,
          evidence,
        ),
      );
    }
    return out;
  },
});
