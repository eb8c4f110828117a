import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { firstBy } from '../../inventory/indexes.js';
import { ref, regionsOf } from '../../inventory/query.js';

export default defineCheck({
  id: 'vpc.zonal-nat',
  title: 'Private subnets use a NAT gateway in their own AZ',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'A NAT gateway lives in one AZ. When private subnets of several AZs route through it, losing its AZ cuts outbound ' +
    'traffic (package mirrors, AWS APIs without endpoints, third-party calls) for every one of them, and cross-AZ ' +
    'traffic is charged in the meantime. One NAT gateway per AZ keeps an AZ failure inside that AZ.',
  remediation: {
    text: "Create a NAT gateway in a public subnet of each AZ and point each AZ's private route table at its own.",
    cli: 'aws ec2 replace-route --route-table-id <rtb-of-private-subnet> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-in-same-az>',
    terraform:
      'resource "aws_route" "private_default" {\n  for_each               = aws_route_table.private # one per AZ\n  route_table_id         = each.value.id\n  destination_cidr_block = "0.0.0.0/0"\n  nat_gateway_id         = aws_nat_gateway.per_az[each.key].id\n}',
  },
  thresholds: {},
  source: 'AWS Well-Architected REL10 (fault isolation); VPC NAT gateway docs (one NAT gateway per AZ)',
  requires: ['ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeNatGateways'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const s of r.subnets) {
        if (s.public || s.defaultRoute?.kind !== 'nat-gateway') continue;
        const natId = s.defaultRoute.targetId;
        const resource = ref.subnet(region, s);
        const name = s.tags['Name'] ? `${s.tags['Name']} (${s.id})` : s.id;
        const nat = firstBy(r.natGateways, 'id', (n) => n.id).get(natId);
        if (!nat) {
          out.push(
            warn(
              resource,
              `${name} (${s.az}) routes 0.0.0.0/0 to ${natId}, which is not among the ${region} NAT gateways collected (deleted, or in another account?)`,
              {
                subnetAz: s.az,
                natGatewayId: natId,
              },
            ),
          );
          continue;
        }
        const evidence = {
          subnetAz: s.az,
          natGatewayId: nat.id,
          natGatewayAz: nat.az,
          natGatewayState: nat.state,
        };
        if (nat.az !== s.az) {
          out.push(
            fail(
              resource,
              `${name} in ${s.az} sends its default route to ${nat.id} in ${nat.az}: losing ${nat.az} cuts egress for ${s.az} too`,
              evidence,
            ),
          );
        } else if (nat.state !== 'available' && nat.state !== 'pending') {
          out.push(
            warn(
              resource,
              `${name} in ${s.az} routes to ${nat.id} in its own AZ, but that NAT gateway is ${nat.state}`,
              evidence,
            ),
          );
        } else {
          out.push(pass(resource, `${name} in ${s.az} uses ${nat.id} in the same AZ`, evidence));
        }
      }
    }
    return out;
  },
});
