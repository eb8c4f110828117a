import { defineCheck, fail, pass } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { ref } from '../../inventory/query.js';
import { enabledAzsOf, healthyTargetsByAz } from '../../inventory/zonal.js';
import { sortedUnique } from '../../util/collections.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'dr.standby-lb-healthy',
  title: "The standby region's load balancers have healthy targets in ≥ 2 AZs",
  category: 'dr',
  severity: 'high',
  rationale:
    'A warm standby is only warm if its load balancers can serve the moment DNS points at them. Healthy targets in at least two ' +
    'AZs mean the standby survives an AZ problem of its own during the failover. An ALB with no healthy target fails open and ' +
    'still answers, so a Route 53 alias with evaluate-target-health may not notice: count the targets.',
  remediation: {
    text: 'Run healthy targets behind every standby load balancer in at least two AZs (standby ASG min size ≥ 2, spread over ≥ 2 subnets).',
    cli:
      'aws autoscaling update-auto-scaling-group --region <standby-region> --auto-scaling-group-name <standby-asg> --min-size 2 --desired-capacity 2 ' +
      '--vpc-zone-identifier "<subnet-a>,<subnet-b>"\naws elbv2 describe-target-health --region <standby-region> --target-group-arn <arn>',
    terraform:
      'resource "aws_autoscaling_group" "standby" {\n  min_size            = 2\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]\n' +
      '  target_group_arns   = [aws_lb_target_group.standby.arn]\n}',
  },
  thresholds: {
    minHealthyAzs: 2,
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    minHealthyAzs: 'Fewest AZs with healthy targets a standby load balancer needs.',
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source: 'REFERENCE ELB-002 (TA iqdCTZKCUp) applied to the standby region; R53-005',
  requires: [
    'rds:DescribeGlobalClusters',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'ec2:DescribeInstances',
  ],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) return drRegionsUnknown(inv, regions, t);
    const base = { ...drEvidence(regions), minHealthyAzs: t.minHealthyAzs };
    const r = inv.regions[regions.standby]!;
    if (r.loadBalancers.length === 0) {
      return [
        fail(
          ref.region(regions.standby),
          `The standby region ${regions.standby} has no load balancer: nothing to fail over to`,
          { ...base, loadBalancers: 0 },
        ),
      ];
    }
    return [...r.loadBalancers]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((lb) => {
        const byAz = healthyTargetsByAz(r, lb);
        const zonal = Object.keys(byAz).filter((az) => az !== 'unknown' && az !== 'all');
        // Regional targets (Lambda functions, IP targets outside the VPC) serve every enabled AZ of the load balancer.
        const regional = byAz['all'] ?? 0;
        const zones = regional > 0 ? sortedUnique([...zonal, ...enabledAzsOf(lb)]) : zonal;
        const total = Object.values(byAz).reduce((a, b) => a + b, 0);
        const evidence = {
          ...base,
          healthyTargetsByAz: byAz,
          healthyTargets: total,
          healthyAzs: zones.length,
          state: lb.state,
        };
        const resource = ref.loadBalancer(regions.standby, lb);
        const list =
          regional > 0
            ? ` (${[...zonal.map((z) => `${z}: ${byAz[z]}`), `regional targets such as Lambda functions serve ${enabledAzsOf(lb).join(', ')}`].join('; ')})`
            : zones.length
              ? ` (${zones.map((z) => `${z}: ${byAz[z]}`).join(', ')})`
              : '';
        if (lb.state !== 'active') {
          return fail(
            resource,
            `Standby load balancer ${lb.name} in ${regions.standby} is ${lb.state}, not active`,
            evidence,
          );
        }
        if (zones.length >= t.minHealthyAzs) {
          return pass(
            resource,
            `Standby load balancer ${lb.name} has ${plural(total, 'healthy target')} in ${zones.length} AZs${list}`,
            evidence,
          );
        }
        const unplaced = byAz['unknown'] ?? 0;
        return fail(
          resource,
          total === 0
            ? `Standby load balancer ${lb.name} in ${regions.standby} has no healthy target: it cannot take traffic`
            : `Standby load balancer ${lb.name} has healthy targets in ${plural(zones.length, 'AZ')}${list}; needs ≥ ${t.minHealthyAzs}${unplaced ? ` (${unplaced} more in an unknown AZ)` : ''}`,
          evidence,
        );
      });
  },
});
