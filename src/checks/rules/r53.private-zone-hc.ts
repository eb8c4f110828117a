import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRecord, healthCheckById, ref } from '../../inventory/query.js';
import type { HealthCheck, Inventory } from '../../inventory/schema.js';

/** Health checks whose checkers connect to an endpoint from the internet. */
const ENDPOINT_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

/** The endpoint health checks a health check depends on: itself, or (calculated) its children. */
function endpointChecks(inv: Inventory, hc: HealthCheck): HealthCheck[] {
  if (ENDPOINT_TYPES.has(hc.type)) return [hc];
  if (hc.type !== 'CALCULATED') return [];
  return hc.childHealthCheckIds
    .map((id) => healthCheckById(inv, id))
    .filter((c): c is HealthCheck => c !== undefined && ENDPOINT_TYPES.has(c.type));
}

export default defineCheck({
  id: 'r53.private-zone-hc',
  title: 'Private-zone failover records do not rely on endpoint health checks',
  category: 'dns',
  severity: 'medium',
  rationale:
    'Route 53 health checkers run on the internet, outside your VPC: an HTTP, HTTPS or TCP health check cannot reach a private ' +
    'endpoint, so it reports unhealthy (or checks a public address that says nothing about the private one). For failover records ' +
    'in a private hosted zone, use a CLOUDWATCH_METRIC health check on an alarm that watches the private endpoint.',
  remediation: {
    text: 'Replace the endpoint health check with a CLOUDWATCH_METRIC health check on a CloudWatch alarm for the private endpoint.',
    cli:
      'aws route53 create-health-check --caller-reference <unique> --health-check-config ' +
      '\'{"Type":"CLOUDWATCH_METRIC","AlarmIdentifier":{"Region":"<region>","Name":"<alarm-name>"},"InsufficientDataHealthStatus":"Unhealthy"}\'',
    terraform:
      'resource "aws_route53_health_check" "private" {\n  type                            = "CLOUDWATCH_METRIC"\n' +
      '  cloudwatch_alarm_name           = aws_cloudwatch_metric_alarm.app.alarm_name\n  cloudwatch_alarm_region         = "us-east-1"\n' +
      '  insufficient_data_health_status = "Unhealthy"\n}',
  },
  thresholds: {},
  source: 'Route 53 CreateHealthCheck docs (private hosted zones)',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListHealthChecks'],
  evaluate: (inv) =>
    eachRecord(inv)
      .filter(
        ({ zone, record }) =>
          zone.private && record.routingPolicy === 'failover' && record.healthCheckId !== undefined,
      )
      .map(({ zone, record: r }) => {
        const resource = ref.record(zone, r);
        const what = `${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''} in private zone ${zone.name}`;
        const id = r.healthCheckId!;
        const hc = healthCheckById(inv, id);
        if (!hc)
          return skipped(resource, `${what}: health check ${id} not found (see r53.dangling-health-check)`, {
            zone: zone.name,
            healthCheckId: id,
          });
        const endpoints = endpointChecks(inv, hc);
        const evidence = {
          zone: zone.name,
          healthCheckId: id,
          healthCheckType: hc.type,
          endpointHealthChecks: endpoints.map((e) => `${e.id} (${e.type})`),
        };
        if (endpoints.length > 0) {
          const via =
            hc.type === 'CALCULATED'
              ? `calculated health check ${id}, which depends on endpoint checks ${endpoints.map((e) => `${e.id} (${e.type})`).join(', ')}`
              : `${hc.type} health check ${id}`;
          return fail(
            resource,
            `${what} uses ${via}: Route 53 checkers are outside the VPC; use a CLOUDWATCH_METRIC health check`,
            evidence,
          );
        }
        return pass(
          resource,
          `${what} uses ${hc.type} health check ${id}, which does not need to reach into the VPC`,
          evidence,
        );
      }),
});
