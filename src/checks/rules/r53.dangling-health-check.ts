import { defineCheck, fail, pass } from '../define.js';
import { eachRecord, healthCheckById, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'r53.dangling-health-check',
  title: 'Records do not point at deleted health checks',
  category: 'dns',
  severity: 'high',
  rationale:
    'Route 53 lets you delete a health check that a record still references. The record then has no working health check: ' +
    "failover and weighted routing stop reacting to the endpoint's health, silently, until someone notices during an outage.",
  remediation: {
    text: 'Create a new health check for the endpoint and point the record at it (or remove the stale HealthCheckId).',
    cli:
      'aws route53 change-resource-record-sets --hosted-zone-id <zone-id> --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":' +
      '{"Name":"<name>","Type":"A","SetIdentifier":"<set-id>","Failover":"PRIMARY","TTL":60,"HealthCheckId":"<new-health-check-id>",' +
      '"ResourceRecords":[{"Value":"<ip>"}]}}]}\'',
    terraform:
      'resource "aws_route53_record" "primary" {\n  # ...\n  health_check_id = aws_route53_health_check.primary.id\n}',
  },
  thresholds: {},
  source: 'Trusted Advisor Cb877eB72b (Route 53 deleted health checks)',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListHealthChecks'],
  evaluate: (inv) =>
    eachRecord(inv)
      .filter(({ record }) => record.healthCheckId !== undefined)
      .map(({ zone, record: r }) => {
        const resource = ref.record(zone, r);
        const what = `${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`;
        const id = r.healthCheckId!;
        const hc = healthCheckById(inv, id);
        const evidence = {
          zone: zone.name,
          healthCheckId: id,
          healthChecksInAccount: inv.route53.healthChecks.length,
        };
        return hc
          ? pass(
              resource,
              `${what} uses health check ${id} (${hc.type}${hc.fqdn ? ` ${hc.fqdn}` : ''}), which exists`,
              { ...evidence, healthCheckType: hc.type },
            )
          : fail(
              resource,
              `${what} points at a deleted health check ${id}: its health is no longer evaluated`,
              evidence,
            );
      }),
});
