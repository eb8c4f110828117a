import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRecord, ref } from '../../inventory/query.js';
import type { RecordSet } from '../../inventory/schema.js';

/** A record Route 53 stops answering with when it turns unhealthy: failover, or another routed record with a health check. */
function failsOver(r: RecordSet): boolean {
  if (r.routingPolicy === 'failover') return true;
  if (r.routingPolicy === 'simple') return false;
  return r.healthCheckId !== undefined || r.aliasTarget?.evaluateTargetHealth === true;
}

export default defineCheck({
  id: 'r53.failover-ttl',
  title: 'Records that fail over have a short TTL',
  category: 'dns',
  severity: 'medium',
  rationale:
    'After Route 53 switches its answer, resolvers keep serving the old one until the TTL expires: the TTL adds directly to the ' +
    'failover time. Records that fail over (failover routing, or weighted/latency/other routed records with a health check) should ' +
    "have a TTL of 60 s or less. Alias records have no TTL of their own: they inherit the target's (60 s for an ELB).",
  remediation: {
    text: 'Lower the TTL of the record to 60 seconds or less (or use an alias record to the load balancer).',
    cli:
      'aws route53 change-resource-record-sets --hosted-zone-id <zone-id> --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":' +
      '{"Name":"<name>","Type":"A","SetIdentifier":"<set-id>","Failover":"PRIMARY","TTL":60,"HealthCheckId":"<health-check-id>",' +
      '"ResourceRecords":[{"Value":"<ip>"}]}}]}\'',
    terraform: 'resource "aws_route53_record" "primary" {\n  # ...\n  ttl = 60\n}',
  },
  thresholds: { maxTtlSeconds: 60 },
  thresholdDocs: { maxTtlSeconds: 'Longest acceptable TTL of a record that fails over, in seconds.' },
  source: 'Trusted Advisor C056F80cR3 (Route 53 high TTL resource record sets)',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  evaluate: (inv, t) =>
    eachRecord(inv)
      .filter(({ record }) => failsOver(record))
      .map(({ zone, record: r }) => {
        const resource = ref.record(zone, r);
        const what = `${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`;
        const evidence = {
          zone: zone.name,
          routingPolicy: r.routingPolicy,
          ttlSeconds: r.ttl ?? null,
          maxTtlSeconds: t.maxTtlSeconds,
        };
        if (r.aliasTarget) {
          return pass(
            resource,
            `${what} is an alias to ${r.aliasTarget.dnsName}: no TTL of its own, it inherits the target's`,
            {
              ...evidence,
              alias: true,
            },
          );
        }
        if (r.ttl === undefined) return skipped(resource, `${what}: TTL not reported`, evidence);
        return r.ttl > t.maxTtlSeconds
          ? fail(
              resource,
              `${what} has TTL ${r.ttl} s (limit ${t.maxTtlSeconds} s): clients keep the old answer that long after failover`,
              evidence,
            )
          : pass(resource, `${what} has TTL ${r.ttl} s (limit ${t.maxTtlSeconds} s)`, evidence);
      }),
});
