import { defineCheck, pass, skipped, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import {
  effectiveCrossZone,
  enabledAzsOf,
  hasZonalTargets,
  healthyTargetsPerAz,
  targetGroupsOf,
} from '../../inventory/zonal.js';
import { formatCounts, isTargetImbalanced, spread } from '../zonal.js';

export default defineCheck({
  id: 'lb.cross-zone',
  title: 'Cross-zone load balancing is on, or targets are balanced without it',
  category: 'multi-az',
  severity: 'low',
  rationale:
    "With cross-zone load balancing off (the NLB and GWLB default, or an ALB target-group override), each AZ's node " +
    'sends its share of traffic only to targets in its own AZ. That is a valid choice for zonal isolation when every AZ ' +
    'has the same capacity; with imbalanced targets, the thin AZ overloads while others idle.',
  remediation: {
    text: 'Balance the targets across AZs, or turn cross-zone load balancing on (NLB: inter-AZ data transfer is charged).',
    cli: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=load_balancing.cross_zone.enabled,Value=true',
    terraform:
      'resource "aws_lb" "nlb" {\n  load_balancer_type               = "network"\n  enable_cross_zone_load_balancing = true\n}',
  },
  thresholds: { maxImbalancePercent: 20, maxDifference: 1 },
  thresholdDocs: {
    maxImbalancePercent:
      'With cross-zone off, warn when max − min healthy targets per AZ exceeds this percentage of the highest count (and maxDifference).',
    maxDifference:
      'With cross-zone off, warn only when max − min healthy targets per AZ exceeds this many targets (and maxImbalancePercent).',
  },
  source:
    'Trusted Advisor xdeXZKIUy; prowler elbv2_cross_zone_load_balancing_enabled; imbalance rule as lb.target-imbalance',
  requires: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetGroupAttributes',
    'elasticloadbalancing:DescribeTargetHealth',
    'ec2:DescribeInstances',
  ],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const lb of r.loadBalancers) {
        const resource = ref.loadBalancer(region, lb);
        const lbSetting = lb.attributes.crossZoneEnabled;
        if (lbSetting === undefined) {
          out.push(
            skipped(resource, `${lb.name}: cross-zone attribute not collected`, {
              reason: 'attribute-not-collected',
              type: lb.type,
            }),
          );
          continue;
        }
        const tgs = targetGroupsOf(r, lb).filter(hasZonalTargets);
        const off = tgs.filter((tg) => effectiveCrossZone(lb, tg) === false);
        const base = {
          type: lb.type,
          crossZoneEnabled: lbSetting,
          targetGroupsWithCrossZoneOff: off.map((tg) => tg.name),
        };
        if (off.length === 0 && (lbSetting || tgs.length > 0)) {
          out.push(pass(resource, `${lb.name} has cross-zone load balancing enabled`, base));
          continue;
        }
        if (off.length === 0) {
          out.push(
            skipped(
              resource,
              `${lb.name} has cross-zone load balancing disabled and no target groups to compare`,
              { ...base, reason: 'no-target-groups' },
            ),
          );
          continue;
        }
        const azs = enabledAzsOf(lb);
        const perTg = off.map((tg) => {
          const h = healthyTargetsPerAz(r, [tg], azs);
          const s = spread(h.perAz);
          return {
            tg,
            perAz: h.perAz,
            spread: s,
            imbalanced: isTargetImbalanced(s, t.maxDifference, t.maxImbalancePercent),
          };
        });
        const judged = perTg.filter((x) => x.spread.max > 0);
        const evidence = {
          ...base,
          healthyPerAz: Object.fromEntries(perTg.map((x) => [x.tg.name, x.perAz])),
          maxDifference: t.maxDifference,
          maxImbalancePercent: t.maxImbalancePercent,
        };
        const where = lbSetting ? ` for ${off.map((x) => x.name).join(', ')}` : '';
        const bad = judged.filter((x) => x.imbalanced);
        if (bad.length > 0) {
          const detail = bad
            .map(
              (x) =>
                `${x.tg.name} (${formatCounts(x.perAz)}: max − min = ${x.spread.difference}, ${x.spread.imbalancePercent}% of max)`,
            )
            .join('; ');
          out.push(
            warn(
              resource,
              `${lb.name} has cross-zone load balancing disabled${where} and imbalanced healthy targets: ${detail} (limits ${t.maxDifference} and ${t.maxImbalancePercent}%)`,
              evidence,
            ),
          );
        } else if (judged.length === 0) {
          out.push(
            skipped(
              resource,
              `${lb.name} has cross-zone load balancing disabled${where} and no healthy targets to compare (see lb.az-has-healthy-targets)`,
              {
                ...evidence,
                reason: 'no-healthy-targets',
              },
            ),
          );
        } else {
          out.push(
            pass(
              resource,
              `${lb.name} has cross-zone load balancing disabled${where}, targets balanced (valid for zonal isolation)`,
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
