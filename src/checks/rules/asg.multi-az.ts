import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { asgConfiguredAzs } from '../../inventory/zonal.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'asg.multi-az',
  title: 'Auto Scaling group spans several Availability Zones',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'An Auto Scaling group can only launch into the AZs it is configured for. A group in one AZ loses all of its capacity ' +
    'when that AZ fails; a group in two AZs loses half of it and must double the survivors. Three AZs (where the region ' +
    'has them) limit the loss to a third.',
  remediation: {
    text: 'Add subnets in more Availability Zones to the group (VPCZoneIdentifier); Auto Scaling rebalances on its own.',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --vpc-zone-identifier "<subnet-a>,<subnet-b>,<subnet-c>"',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  vpc_zone_identifier = [aws_subnet.private_a.id, aws_subnet.private_b.id, aws_subnet.private_c.id]\n}',
  },
  thresholds: { minAzs: 2, preferredAzs: 3 },
  thresholdDocs: {
    minAzs: 'Fewest configured AZs that passes; below it the check fails.',
    preferredAzs: 'AZ count to aim for; below min(preferredAzs, AZs in the region) the check warns.',
  },
  source: 'Trusted Advisor (Auto Scaling group not in multiple AZs); prowler autoscaling_group_multiple_az',
  requires: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeAvailabilityZones'],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      const regionAzs = r.availabilityZones.length;
      // Unknown region AZ count (not collected): aim for preferredAzs as configured.
      const preferred = Math.max(
        t.minAzs,
        regionAzs > 0 ? Math.min(t.preferredAzs, regionAzs) : t.preferredAzs,
      );
      for (const g of r.autoScalingGroups) {
        const { azs, unresolvedSubnets } = asgConfiguredAzs(r, g);
        const evidence = {
          configuredAzs: azs,
          azCount: azs.length,
          regionAzCount: regionAzs > 0 ? regionAzs : 'unknown',
          minAzs: t.minAzs,
          preferredAzs: t.preferredAzs,
          requiredForPass: preferred,
          ...(unresolvedSubnets.length ? { unresolvedSubnets } : {}),
        };
        const where = `${plural(azs.length, 'AZ')}${azs.length ? ` (${azs.join(', ')})` : ''}`;
        const resource = ref.asg(region, g);
        if (azs.length < t.minAzs) {
          out.push(fail(resource, `${g.name} spans ${where}; needs ≥ ${t.minAzs}`, evidence));
        } else if (azs.length < preferred) {
          out.push(
            warn(
              resource,
              `${g.name} spans ${where}; ${regionAzs > 0 ? `${region} has ${regionAzs} AZs, ` : ''}aim for ≥ ${preferred} so one lost AZ takes at most 1/${preferred} of the capacity`,
              evidence,
            ),
          );
        } else {
          out.push(pass(resource, `${g.name} spans ${where}`, evidence));
        }
      }
    }
    return out;
  },
});
