import { defineCheck, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import type { LoadBalancer, RegionInventory, TargetGroup } from '../../inventory/schema.js';
import { describeRoute, loadBalancerRoutes } from '../../inventory/traffic.js';
import { plural } from '../../util/text.js';
import {
  effectiveCrossZone,
  enabledAzsOf,
  hasZonalTargets,
  healthyTargetsPerAz,
  loadBalancersOf,
} from '../../inventory/zonal.js';
import { sortedUnique } from '../../util/collections.js';
import { formatCounts, isTargetImbalanced, spread } from '../zonal.js';

/** The listener rules that forward to a target group (empty when listeners were not collected). */
function routesTo(r: RegionInventory, region: string, lbs: LoadBalancer[], tg: TargetGroup): string[] {
  return lbs.flatMap((lb) =>
    loadBalancerRoutes(r, region, lb)
      .filter((route) => route.fromListeners && route.targetGroups.some((x) => x.arn === tg.arn))
      .map(describeRoute),
  );
}

export default defineCheck({
  id: 'lb.target-imbalance',
  title: 'Healthy targets are balanced across the load balancer AZs',
  category: 'multi-az',
  severity: 'medium',
  rationale:
    "When one AZ holds most of a target group's healthy targets, losing it removes most of the capacity. With " +
    'cross-zone load balancing off, each AZ also receives an equal share of traffic whatever its target count, so the ' +
    'thin AZ overloads first. A target group with no registered target, or none healthy, is reported plainly (warn): ' +
    'there is nothing to balance, and nothing serves the requests routed to it.',
  remediation: {
    text: 'Spread the targets evenly: let the Auto Scaling group rebalance (AZRebalance), or register targets in the thin AZs.',
    cli: 'aws autoscaling resume-processes --auto-scaling-group-name <name> --scaling-processes AZRebalance',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  vpc_zone_identifier = [for s in aws_subnet.private : s.id] # same AZs as the load balancer\n  target_group_arns   = [aws_lb_target_group.app.arn]\n}',
  },
  thresholds: { maxImbalancePercent: 20, maxDifference: 1 },
  thresholdDocs: {
    maxImbalancePercent:
      'Warn when max − min healthy targets per AZ exceeds this percentage of the highest count (and maxDifference).',
    maxDifference:
      'Warn only when max − min healthy targets per AZ exceeds this many targets (and maxImbalancePercent).',
  },
  source: 'Trusted Advisor iqdCTZKCUp and "ELB target imbalance"',
  requires: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'ec2:DescribeInstances',
  ],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const tg of r.targetGroups) {
        const lbs = loadBalancersOf(r, tg);
        // A target group behind no load balancer takes no traffic; lambda/alb targets have no AZ.
        if (lbs.length === 0 || !hasZonalTargets(tg)) continue;
        const resource = ref.targetGroup(region, tg);
        const azs = sortedUnique(lbs.flatMap(enabledAzsOf));
        const h = healthyTargetsPerAz(r, [tg], azs);
        const s = spread(h.perAz);
        const crossZone = Object.fromEntries(
          lbs.map((lb) => [lb.name, effectiveCrossZone(lb, tg) ?? 'unknown']),
        );
        const crossZoneOff = Object.values(crossZone).includes(false);
        const evidence = {
          loadBalancers: lbs.map((lb) => lb.name),
          healthyPerAz: h.perAz,
          ...s,
          crossZoneEnabled: lbs.length === 1 ? crossZone[lbs[0]!.name] : crossZone,
          maxDifference: t.maxDifference,
          maxImbalancePercent: t.maxImbalancePercent,
          ...(h.unresolved.length ? { healthyWithUnknownAz: h.unresolved } : {}),
        };
        const lbNames = lbs.map((lb) => lb.name).join(', ');
        const routes = routesTo(r, region, lbs, tg);
        const via = routes.length ? routes.join(', ') : lbNames;
        if (tg.targets.length === 0) {
          out.push({
            ...warn(
              resource,
              `${tg.name} is empty: no target is registered, so every request ${via} sends to it fails (HTTP 503). ` +
                'Register targets or attach the Auto Scaling group that should serve it',
              { ...evidence, registeredTargets: 0, routes, reason: 'empty-target-group' },
            ),
            // An empty standby tier is judged (and fails) in dr.standby-capacity on this target group.
            rootCause: { checkId: 'dr.standby-capacity' },
          });
        } else if (s.max === 0) {
          out.push(
            warn(
              resource,
              `${tg.name} has ${plural(tg.targets.length, 'registered target')} and none healthy in ${lbNames}'s AZs: ` +
                `every request ${via} sends to it fails (see lb.az-has-healthy-targets)`,
              { ...evidence, registeredTargets: tg.targets.length, routes, reason: 'no-healthy-targets' },
            ),
          );
        } else if (isTargetImbalanced(s, t.maxDifference, t.maxImbalancePercent)) {
          out.push(
            warn(
              resource,
              `${tg.name} healthy targets are imbalanced across ${lbNames}'s AZs (${formatCounts(h.perAz)}): ` +
                `max − min = ${s.difference} (limit ${t.maxDifference}), ${s.imbalancePercent}% of max (limit ${t.maxImbalancePercent}%)` +
                (crossZoneOff
                  ? '; cross-zone load balancing is off, so every AZ gets an equal share of traffic'
                  : ''),
              evidence,
            ),
          );
        } else {
          out.push(
            pass(
              resource,
              `${tg.name} healthy targets are balanced across ${lbNames}'s AZs (${formatCounts(h.perAz)}; difference ${s.difference})`,
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
