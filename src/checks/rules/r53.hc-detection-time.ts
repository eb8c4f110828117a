import { defineCheck, fail, pass, skipped, type Verdict } from '../define.js';
import { healthChecksInUse, ref } from '../../inventory/query.js';

/** Health-check types whose status is not driven by Route 53's own probes. */
const NOT_PROBED = new Set(['CALCULATED', 'RECOVERY_CONTROL']);

export default defineCheck({
  id: 'r53.hc-detection-time',
  title: 'Route 53 health check notices a failed endpoint fast enough',
  category: 'health-check',
  severity: 'medium',
  rationale:
    'DNS failover starts only after Route 53 has seen request-interval × failure-threshold seconds of failed probes. ' +
    'With the defaults (30 s × 3 = 90 s) a dead region serves errors for a minute and a half before the record flips, ' +
    'and the TTL comes on top. Only endpoint health checks (HTTP, HTTPS, TCP, string match) are judged: CALCULATED ' +
    'and RECOVERY_CONTROL checks produce no finding (a calculated check follows its children, which are judged ' +
    'themselves; a recovery control is flipped by hand). CLOUDWATCH_METRIC checks are reported as skipped: their ' +
    "detection time is the alarm's period × evaluation periods, which resil does not collect. A health check no record " +
    'uses (directly, or as the child of a calculated check a record uses) moves no traffic and is not judged.',
  remediation: {
    text:
      'Lower the failure threshold (update-health-check). The request interval (10 or 30 s) cannot be changed on an ' +
      'existing health check: create a new one with RequestInterval=10 (a "fast" check, billed extra) and point the records at it.',
    cli:
      'aws route53 create-health-check --caller-reference <unique> --health-check-config ' +
      'Type=HTTPS,FullyQualifiedDomainName=<fqdn>,ResourcePath=/health,RequestInterval=10,FailureThreshold=3',
    terraform:
      'resource "aws_route53_health_check" "app" {\n  type              = "HTTPS"\n  fqdn              = "app.example.com"\n  resource_path     = "/health"\n  request_interval  = 10 # forces a new health check\n  failure_threshold = 3\n}',
  },
  thresholds: { maxDetectionSeconds: 60 },
  thresholdDocs: {
    maxDetectionSeconds: 'Longest acceptable request interval × failure threshold, in seconds.',
  },
  source:
    'Route 53 docs (how Route 53 determines health: request interval 10 or 30 s, failure threshold); threshold heuristic',
  requires: ['route53:ListHealthChecks'],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    const inUse = healthChecksInUse(inv);
    for (const h of inv.route53.healthChecks) {
      const type = h.type.toUpperCase();
      // A health check no record uses (directly or through a calculated one) delays no failover.
      if (NOT_PROBED.has(type) || !inUse.has(h.id)) continue;
      const r = ref.healthCheck(h);
      const label = r.name === h.id ? `Health check ${h.id}` : `Health check ${h.id} (${r.name})`;
      if (type === 'CLOUDWATCH_METRIC') {
        out.push(
          skipped(
            r,
            `${label} follows CloudWatch alarm ${h.cloudWatchAlarm?.name ?? '(unknown)'}: not interval-based, its detection time is the alarm's`,
            {
              type: h.type,
              reason: 'not-interval-based',
              ...(h.cloudWatchAlarm ? { alarm: h.cloudWatchAlarm } : {}),
            },
          ),
        );
        continue;
      }
      const seconds = h.requestIntervalSeconds * h.failureThreshold;
      const evidence = {
        type: h.type,
        requestIntervalSeconds: h.requestIntervalSeconds,
        failureThreshold: h.failureThreshold,
        detectionSeconds: seconds,
        maxDetectionSeconds: t.maxDetectionSeconds,
      };
      const how = `${seconds} s (${h.requestIntervalSeconds} s × ${h.failureThreshold})`;
      out.push(
        seconds > t.maxDetectionSeconds
          ? fail(
              r,
              `${label} needs ${how} to detect a failed endpoint (limit ${t.maxDetectionSeconds} s)`,
              evidence,
            )
          : pass(r, `${label} detects a failed endpoint in ${how}`, evidence),
      );
    }
    return out;
  },
});
