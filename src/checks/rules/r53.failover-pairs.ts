import { defineCheck, fail, pass, type Verdict } from '../define.js';
import { normalizeDnsName, ref } from '../../inventory/query.js';
import type { RecordSet } from '../../inventory/schema.js';

const groupRef = ref.recordGroup;

const label = (r: RecordSet): string => r.setIdentifier ?? '(no set identifier)';

export default defineCheck({
  id: 'r53.failover-pairs',
  title: 'Failover records come in PRIMARY/SECONDARY pairs with separate health checks',
  category: 'dns',
  severity: 'high',
  rationale:
    'Route 53 failover routing answers with the PRIMARY while it is healthy and with the SECONDARY otherwise. ' +
    'A PRIMARY without a SECONDARY (same name and type) has nothing to fail over to; a SECONDARY alone never serves. ' +
    'When both records use the same health check, the SECONDARY is judged unhealthy whenever the PRIMARY is, ' +
    'and Route 53 then falls back to treating both as healthy: traffic keeps going to the failed primary.',
  remediation: {
    text: 'Give every failover name exactly one PRIMARY and one SECONDARY record of the same type, each with its own health check (or alias evaluate-target-health).',
    cli:
      'aws route53 change-resource-record-sets --hosted-zone-id <zone-id> --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":' +
      '{"Name":"<name>","Type":"A","SetIdentifier":"secondary","Failover":"SECONDARY","AliasTarget":{"HostedZoneId":"<lb-zone-id>",' +
      '"DNSName":"<standby-lb-dns>","EvaluateTargetHealth":true}}}]}\'',
    terraform:
      'resource "aws_route53_record" "secondary" {\n  zone_id        = aws_route53_zone.main.zone_id\n  name           = "app.example.com"\n' +
      '  type           = "A"\n  set_identifier = "secondary"\n  failover_routing_policy {\n    type = "SECONDARY"\n  }\n' +
      '  alias {\n    name                   = aws_lb.standby.dns_name\n    zone_id                = aws_lb.standby.zone_id\n' +
      '    evaluate_target_health = true\n  }\n}',
  },
  thresholds: {},
  source: 'Trusted Advisor b73EEdD790 (Route 53 failover resource record sets)',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const zone of inv.route53.hostedZones) {
      const groups = new Map<string, { name: string; type: string; records: RecordSet[] }>();
      for (const r of zone.records) {
        if (r.routingPolicy !== 'failover') continue;
        const key = `${normalizeDnsName(r.name)}|${r.type}`;
        const g = groups.get(key) ?? { name: r.name, type: r.type, records: [] };
        g.records.push(r);
        groups.set(key, g);
      }
      for (const [, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        const primaries = g.records.filter((r) => r.failover === 'PRIMARY');
        const secondaries = g.records.filter((r) => r.failover === 'SECONDARY');
        const resource = groupRef(zone, g.name, g.type);
        const evidence = {
          zone: zone.name,
          primaries: primaries.map(label),
          secondaries: secondaries.map(label),
          healthCheckIds: g.records.map((r) => r.healthCheckId ?? null),
        };
        const what = `${g.name} ${g.type} in ${zone.name}`;
        if (primaries.length !== 1 || secondaries.length !== 1) {
          const missing =
            primaries.length === 0
              ? 'no PRIMARY: the SECONDARY never serves'
              : secondaries.length === 0
                ? 'nothing to fail over to'
                : 'Route 53 needs exactly one of each';
          out.push(
            fail(
              resource,
              `${what} has ${primaries.length} PRIMARY and ${secondaries.length} SECONDARY failover records (${missing})`,
              evidence,
            ),
          );
          continue;
        }
        const p = primaries[0]!;
        const s = secondaries[0]!;
        if (p.healthCheckId && p.healthCheckId === s.healthCheckId) {
          out.push(
            fail(
              resource,
              `${what}: PRIMARY ${label(p)} and SECONDARY ${label(s)} share health check ${p.healthCheckId}, so both go unhealthy together and failover never happens`,
              evidence,
            ),
          );
          continue;
        }
        out.push(
          pass(
            resource,
            `${what} has one PRIMARY (${label(p)}) and one SECONDARY (${label(s)}) that do not share a health check`,
            evidence,
          ),
        );
      }
    }
    return out;
  },
});
