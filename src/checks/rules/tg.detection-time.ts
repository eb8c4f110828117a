import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'tg.detection-time',
  title: 'Target group notices a dead target fast enough',
  category: 'health-check',
  severity: 'medium',
  rationale:
    'A load balancer keeps sending requests to a failed target until interval × unhealthy-threshold seconds have passed. ' +
    'With the ALB defaults (30 s × 2) a dead target in a failed AZ takes a full minute of errors before it leaves rotation. ',
  remediation: {
    text: 'Lower the health-check interval (5–10 s) or the unhealthy threshold (2).',
    cli: 'aws elbv2 modify-target-group --target-group-arn <arn> --health-check-interval-seconds 10 --unhealthy-threshold-count 2',
    terraform:
      'resource "aws_lb_target_group" "app" {\n  health_check {\n    interval            = 10\n    unhealthy_threshold = 2\n  }\n}',
  },
  thresholds: { maxDetectionSeconds: 30 },
  thresholdDocs: { maxDetectionSeconds: 'Longest acceptable interval × unhealthy threshold, in seconds.' },
  source: 'Elastic Load Balancing docs (health-check settings); threshold from the resil design',
  requires: ['elasticloadbalancing:DescribeTargetGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'targetGroups').map(({ region, item: tg }) => {
      const hc = tg.healthCheck;
      const seconds = hc.intervalSeconds * hc.unhealthyThreshold;
      const evidence = {
        intervalSeconds: hc.intervalSeconds,
        unhealthyThreshold: hc.unhealthyThreshold,
        timeoutSeconds: hc.timeoutSeconds,
        detectionSeconds: seconds,
        maxDetectionSeconds: t.maxDetectionSeconds,
      };
      // Only lambda target groups can disable health checks: the load balancer then never marks the target unhealthy.
      if (!hc.enabled) {
        return skipped(
          ref.targetGroup(region, tg),
          `${tg.name} has health checks disabled: no detection time to judge`,
          {
            ...evidence,
            reason: 'health-check-disabled',
          },
        );
      }
      if (seconds > t.maxDetectionSeconds) {
        return fail(
          ref.targetGroup(region, tg),
          `${tg.name} needs ${seconds} s (${hc.intervalSeconds} s × ${hc.unhealthyThreshold}) to detect a failed target (limit ${t.maxDetectionSeconds} s)`,
          evidence,
        );
      }
      return pass(
        ref.targetGroup(region, tg),
        `${tg.name} detects a failed target in ${seconds} s`,
        evidence,
      );
    }),
});
