import { defineCheck, fail, pass } from '../define.js';
import { eachRecord, healthCheckById, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'r53.primary-health',
  title: 'A PRIMARY failover record is health-checked',
  category: 'dns',
  severity: 'high',
  rationale:
    'Route 53 fails over only when it sees the PRIMARY as unhealthy. A non-alias PRIMARY without a health check is always healthy ' +
    '(the API rejects it: "A non-alias primary ResourceRecordSet must have an associated health check"). An alias PRIMARY is judged by ' +
    'its target only with EvaluateTargetHealth=true, and EvaluateTargetHealth defaults to false in the API and many tools. ' +
    'A health check deleted while a PRIMARY still names it counts as none (Route 53 calls its status unpredictable). ' +
    'Note that an ALB fails open when all its targets are unhealthy, so evaluate-target-health alone can miss a broken application: ' +
    'a health check on a deep health endpoint is stronger.',
  remediation: {
    text: 'Attach a Route 53 health check to the PRIMARY record, or (alias) set EvaluateTargetHealth to true.',
    cli:
      'aws route53 change-resource-record-sets --hosted-zone-id <zone-id> --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":' +
      '{"Name":"<name>","Type":"A","SetIdentifier":"primary","Failover":"PRIMARY","HealthCheckId":"<health-check-id>","AliasTarget":' +
      '{"HostedZoneId":"<lb-zone-id>","DNSName":"<lb-dns>","EvaluateTargetHealth":true}}}]}\'',
    terraform:
      'resource "aws_route53_record" "primary" {\n  # ...\n  set_identifier  = "primary"\n  health_check_id = aws_route53_health_check.primary.id\n' +
      '  failover_routing_policy {\n    type = "PRIMARY"\n  }\n  alias {\n    name                   = aws_lb.primary.dns_name\n' +
      '    zone_id                = aws_lb.primary.zone_id\n    evaluate_target_health = true\n  }\n}',
  },
  thresholds: {},
  source:
    'Route 53 docs (failover routing); external-dns #2362 error text; boto PR #1473 (EvaluateTargetHealth default); TA Cb877eB72b',
  requires: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  evaluate: (inv) => {
    // Whether health checks were listed: only then can a referenced id be called deleted (ListHealthChecks is not
    // required, so a denial there does not cost the rest of the check).
    const listed = !inv.collection.some(
      (c) => c.service === 'route53' && c.operation === 'ListHealthChecks' && c.status === 'error',
    );
    return eachRecord(inv)
      .filter(({ record }) => record.routingPolicy === 'failover' && record.failover === 'PRIMARY')
      .map(({ zone, record: r }) => {
        const resource = ref.record(zone, r);
        const what = `PRIMARY ${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`;
        const evidence = {
          zone: zone.name,
          alias: r.aliasTarget !== undefined,
          aliasTarget: r.aliasTarget?.dnsName ?? null,
          evaluateTargetHealth: r.aliasTarget?.evaluateTargetHealth ?? null,
          healthCheckId: r.healthCheckId ?? null,
          ...(r.healthCheckId
            ? { healthCheckExists: listed ? healthCheckById(inv, r.healthCheckId) !== undefined : 'unknown' }
            : {}),
        };
        if (r.healthCheckId && evidence.healthCheckExists === false) {
          const gone = `health check ${r.healthCheckId}`;
          return r.aliasTarget?.evaluateTargetHealth
            ? pass(
                resource,
                `${what} is an alias to ${r.aliasTarget.dnsName} with evaluate-target-health (its ${gone} no longer exists)`,
                evidence,
              )
            : fail(
                resource,
                `${what} uses ${gone}, which no longer exists: Route 53 documents the status of a deleted health check as unpredictable, so failover cannot be relied on (see r53.dangling-health-check)`,
                evidence,
              );
        }
        if (!r.aliasTarget) {
          return r.healthCheckId
            ? pass(resource, `${what} uses health check ${r.healthCheckId}`, evidence)
            : fail(
                resource,
                `${what} has no health check: Route 53 always considers it healthy and never fails over`,
                evidence,
              );
        }
        if (r.healthCheckId) {
          return pass(
            resource,
            `${what} is an alias with health check ${r.healthCheckId}${r.aliasTarget.evaluateTargetHealth ? ' and evaluate-target-health' : ''}`,
            evidence,
          );
        }
        if (r.aliasTarget.evaluateTargetHealth) {
          return pass(
            resource,
            `${what} is an alias to ${r.aliasTarget.dnsName} with evaluate-target-health`,
            evidence,
          );
        }
        return fail(
          resource,
          `${what} is an alias to ${r.aliasTarget.dnsName} with EvaluateTargetHealth=false and no health check (EvaluateTargetHealth defaults to false): it never fails over`,
          evidence,
        );
      });
  },
});
