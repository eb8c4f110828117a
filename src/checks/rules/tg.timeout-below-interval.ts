import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'tg.timeout-below-interval',
  title: 'Target-group health-check timeout is shorter than its interval',
  category: 'health-check',
  severity: 'low',
  rationale:
    'A health check whose timeout is not shorter than its interval overlaps the next probe: a slow target is never ' +
    'measured cleanly, and detection of a failed target takes longer than interval × unhealthy threshold suggests. ' +
    'Elastic Load Balancing refuses such a setting when a target group is created or modified through its API, so a ' +
    'finding here usually means a target group created long ago or by a tool that bypassed the check: low severity. ' +
    'Target groups with health checks disabled (Lambda targets) are reported as skipped.',
  remediation: {
    text: 'Make the timeout shorter than the interval (e.g. 5 s timeout, 10 s interval).',
    cli: 'aws elbv2 modify-target-group --target-group-arn <arn> --health-check-timeout-seconds 5 --health-check-interval-seconds 10',
    terraform:
      'resource "aws_lb_target_group" "app" {\n  health_check {\n    interval = 10\n    timeout  = 5\n  }\n}',
  },
  thresholds: {},
  source:
    'Elastic Load Balancing docs (health-check settings: the timeout must be smaller than the interval)',
  requires: ['elasticloadbalancing:DescribeTargetGroups'],
  evaluate: (inv) =>
    eachRegional(inv, 'targetGroups').map(({ region, item: tg }) => {
      const hc = tg.healthCheck;
      const evidence = { timeoutSeconds: hc.timeoutSeconds, intervalSeconds: hc.intervalSeconds };
      const r = ref.targetGroup(region, tg);
      if (!hc.enabled) {
        return skipped(r, `${tg.name} has health checks disabled: no timeout to judge`, {
          ...evidence,
          reason: 'health-check-disabled',
        });
      }
      if (hc.timeoutSeconds >= hc.intervalSeconds) {
        return fail(
          r,
          `${tg.name} health-check timeout ${hc.timeoutSeconds} s is not below its interval ${hc.intervalSeconds} s`,
          evidence,
        );
      }
      return pass(
        r,
        `${tg.name} health-check timeout ${hc.timeoutSeconds} s is below its interval ${hc.intervalSeconds} s`,
        evidence,
      );
    }),
});
