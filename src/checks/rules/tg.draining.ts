import { defineCheck, pass, skipped, warn, type Verdict } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

const ATTRIBUTE = 'deregistration_delay.timeout_seconds';

export default defineCheck({
  id: 'tg.draining',
  title: 'Target group drains in-flight requests on deregistration',
  category: 'health-check',
  severity: 'low',
  rationale:
    'When targets leave a target group — an AZ being evacuated, a scale-in, a replaced instance — the deregistration ' +
    'delay lets in-flight requests finish. At 0 they are cut off mid-request. Target groups without the attribute ' +
    '(e.g. Lambda targets) produce no finding.',
  remediation: {
    text: 'Set a deregistration delay a little longer than your slowest normal request (e.g. 30 s).',
    cli: 'aws elbv2 modify-target-group-attributes --target-group-arn <arn> --attributes Key=deregistration_delay.timeout_seconds,Value=30',
    terraform: 'resource "aws_lb_target_group" "app" {\n  deregistration_delay = 30\n}',
  },
  thresholds: {},
  source:
    'Trusted Advisor (ELB connection draining, 7qGXsKIUw); Elastic Load Balancing docs (deregistration delay)',
  requires: [
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetGroupAttributes',
  ],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const { region, item: tg } of eachRegional(inv, 'targetGroups')) {
      const raw = tg.attributes[ATTRIBUTE];
      if (raw === undefined) continue;
      const seconds = Number(raw);
      const r = ref.targetGroup(region, tg);
      if (raw.trim() === '' || !Number.isFinite(seconds)) {
        out.push(
          skipped(r, `${tg.name} has an unreadable ${ATTRIBUTE} value "${raw}"`, {
            [ATTRIBUTE]: raw,
            reason: 'unparseable',
          }),
        );
        continue;
      }
      const evidence = { deregistrationDelaySeconds: seconds };
      out.push(
        seconds === 0
          ? warn(
              r,
              `${tg.name} has a 0 s deregistration delay: in-flight requests are cut when targets leave (e.g. during an AZ evacuation)`,
              evidence,
            )
          : pass(
              r,
              `${tg.name} drains in-flight requests for up to ${seconds} s on deregistration`,
              evidence,
            ),
      );
    }
    return out;
  },
});
