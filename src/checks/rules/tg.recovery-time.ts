import { defineCheck, pass, skipped, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'tg.recovery-time',
  title: 'Target group puts new or recovered targets into service fast enough',
  category: 'health-check',
  severity: 'low',
  rationale:
    'A new or recovered target receives traffic only after interval × healthy-threshold seconds of passing health ' +
    'checks. After an AZ failure, the capacity launched in the surviving AZs stays idle that long while the remaining ' +
    'targets carry the whole load. With the ALB defaults (30 s × 5) that is 150 s. The recovery time is always ' +
    'reported in the message; it warns above the threshold. Target groups with health checks disabled are skipped.',
  remediation: {
    text: 'Lower the health-check interval (5–10 s) or the healthy threshold (2–3).',
    cli: 'aws elbv2 modify-target-group --target-group-arn <arn> --health-check-interval-seconds 10 --healthy-threshold-count 3',
    terraform:
      'resource "aws_lb_target_group" "app" {\n  health_check {\n    interval          = 10\n    healthy_threshold = 3\n  }\n}',
  },
  thresholds: { maxRecoverySeconds: 60 },
  thresholdDocs: { maxRecoverySeconds: 'Longest acceptable interval × healthy threshold, in seconds.' },
  source:
    'Elastic Load Balancing docs (health-check settings; ALB defaults 30 s interval, healthy threshold 5); heuristic threshold',
  requires: ['elasticloadbalancing:DescribeTargetGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'targetGroups').map(({ region, item: tg }) => {
      const hc = tg.healthCheck;
      const seconds = hc.intervalSeconds * hc.healthyThreshold;
      const evidence = {
        intervalSeconds: hc.intervalSeconds,
        healthyThreshold: hc.healthyThreshold,
        recoverySeconds: seconds,
        maxRecoverySeconds: t.maxRecoverySeconds,
      };
      const r = ref.targetGroup(region, tg);
      if (!hc.enabled) {
        return skipped(r, `${tg.name} has health checks disabled: no recovery time to report`, {
          ...evidence,
          reason: 'health-check-disabled',
        });
      }
      const how = `${seconds} s (${hc.intervalSeconds} s × ${hc.healthyThreshold})`;
      if (seconds > t.maxRecoverySeconds) {
        return warn(
          r,
          `${tg.name} needs ${how} to put a new or recovered target into service (limit ${t.maxRecoverySeconds} s): replacement capacity waits that long for traffic`,
          evidence,
        );
      }
      return pass(r, `${tg.name} puts a new or recovered target into service in ${how}`, evidence);
    }),
});
