import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { enabledAzsOf, hasZonalTargets, healthyTargetsPerAz, targetGroupsOf } from '../../inventory/zonal.js';
import { formatCounts } from '../zonal.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'lb.az-has-healthy-targets',
  title: 'Every enabled AZ of a load balancer has healthy targets',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'An enabled AZ without a healthy target has no capacity of its own: with cross-zone load balancing off its load ' +
    'balancer node has nothing to send to, and with it on the other AZs carry its share, so losing one of them removes ' +
    'more capacity than the layout suggests. It often means the Auto Scaling group behind it misses that AZ.',
  remediation: {
    text:
      'Register healthy targets in every enabled AZ (add the AZ to the Auto Scaling group behind the target group), or ' +
      'disable the AZ on the load balancer.',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --vpc-zone-identifier "<subnet-a>,<subnet-b>,<subnet-c>"',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  vpc_zone_identifier = [for s in aws_subnet.private : s.id] # one per LB AZ\n  target_group_arns   = [aws_lb_target_group.app.arn]\n}',
  },
  thresholds: {},
  source: 'Trusted Advisor iqdCTZKCUp (load balancer enabled for an AZ that has no active instances)',
  requires: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'ec2:DescribeInstances',
  ],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const lb of r.loadBalancers) {
        const resource = ref.loadBalancer(region, lb);
        const tgs = targetGroupsOf(r, lb);
        const zonal = tgs.filter(hasZonalTargets);
        if (tgs.length === 0) {
          out.push(
            skipped(
              resource,
              `${lb.name} has no target groups attached (redirect or fixed-response listeners only?); nothing to judge`,
              { reason: 'no-target-groups' },
            ),
          );
          continue;
        }
        if (zonal.length === 0) {
          out.push(
            skipped(
              resource,
              `${lb.name} forwards only to ${tgs.map((tg) => `${tg.name} (${tg.targetType})`).join(', ')}: those targets have no AZ`,
              {
                reason: 'no-zonal-targets',
                targetGroups: tgs.map((tg) => tg.name),
              },
            ),
          );
          continue;
        }
        const azs = enabledAzsOf(lb);
        const h = healthyTargetsPerAz(r, zonal, azs);
        const empty = Object.entries(h.perAz)
          .filter(([, n]) => n === 0)
          .map(([az]) => az);
        const evidence = {
          enabledAzs: azs,
          healthyPerAz: h.perAz,
          emptyAzs: empty,
          targetGroups: zonal.map((tg) => tg.name),
          crossZoneEnabled: lb.attributes.crossZoneEnabled ?? 'unknown',
          ...(h.allZones ? { healthyInAllZones: h.allZones } : {}),
          ...(h.unresolved.length ? { healthyWithUnknownAz: h.unresolved } : {}),
          ...(h.outsideEnabledAzs ? { healthyOutsideEnabledAzs: h.outsideEnabledAzs } : {}),
        };
        if (empty.length === 0) {
          out.push(
            pass(
              resource,
              `${lb.name} has healthy targets in all ${plural(azs.length, 'enabled AZ')} (${formatCounts(h.perAz)})`,
              evidence,
            ),
          );
          continue;
        }
        const what =
          empty.length === azs.length
            ? `${lb.name} has no healthy target in any of its ${plural(azs.length, 'enabled AZ')} (${empty.join(', ')})`
            : `${lb.name} has no healthy target in ${empty.length} of ${plural(azs.length, 'enabled AZ')}: ${empty.join(', ')} (${formatCounts(h.perAz)})`;
        if (h.unresolved.length > 0) {
          out.push(
            warn(
              resource,
              `${what}; the AZ of ${plural(h.unresolved.length, 'healthy target')} (${h.unresolved.join(', ')}) is unknown, so it may not be empty`,
              evidence,
            ),
          );
        } else {
          const crossZoneOff =
            lb.attributes.crossZoneEnabled === false ? ' (cross-zone load balancing is off)' : '';
          out.push(fail(resource, `${what}${crossZoneOff}`, evidence));
        }
      }
    }
    return out;
  },
});
