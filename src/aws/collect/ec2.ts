/** EC2 / VPC: AZs, instances, subnets (with their default route), NAT gateways. */
import {
  DescribeAvailabilityZonesCommand,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  type RouteTable,
  type Subnet as AwsSubnet,
} from '@aws-sdk/client-ec2';
import type { Ec2Instance, NatGateway, Subnet } from '../../inventory/schema.js';
import { allPages, attempt, clampPage, tagsOf, type CollectContext } from './context.js';

export interface Ec2Result {
  availabilityZones: string[];
  /** AZ name → AZ ID (use1-az4). */
  availabilityZoneIds: Record<string, string>;
  instances: Ec2Instance[];
  subnets: Subnet[];
  natGateways: NatGateway[];
}

type DefaultRoute = NonNullable<Subnet['defaultRoute']>;

/** The 0.0.0.0/0 route of a route table, as {kind, targetId}. */
export function defaultRouteOf(rt: RouteTable | undefined): DefaultRoute | undefined {
  const r = rt?.Routes?.find((x) => x.DestinationCidrBlock === '0.0.0.0/0');
  if (!r) return undefined;
  if (r.NatGatewayId) return { kind: 'nat-gateway', targetId: r.NatGatewayId };
  if (r.GatewayId?.startsWith('igw-')) return { kind: 'internet-gateway', targetId: r.GatewayId };
  if (r.TransitGatewayId) return { kind: 'transit-gateway', targetId: r.TransitGatewayId };
  if (r.InstanceId) return { kind: 'instance', targetId: r.InstanceId };
  if (r.VpcPeeringConnectionId) return { kind: 'vpc-peering', targetId: r.VpcPeeringConnectionId };
  const other =
    r.GatewayId ??
    r.NetworkInterfaceId ??
    r.EgressOnlyInternetGatewayId ??
    r.CarrierGatewayId ??
    r.LocalGatewayId ??
    'unknown';
  return { kind: 'other', targetId: other };
}

/** A subnet's route table: its explicit association, else its VPC's main table. */
export function routeTableFor(subnet: AwsSubnet, tables: RouteTable[]): RouteTable | undefined {
  const explicit = tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnet.SubnetId));
  if (explicit) return explicit;
  return tables.find((t) => t.VpcId === subnet.VpcId && t.Associations?.some((a) => a.Main));
}

export async function collectEc2(ctx: CollectContext, region: string): Promise<Ec2Result> {
  const ec2 = ctx.clients.ec2(region);
  const page = (min: number, max: number) => ({ client: ec2, pageSize: clampPage(ctx.pageSize, min, max) });

  const [azs, reservations, subnets, tables, nats] = await Promise.all([
    attempt(ctx, 'ec2', region, 'DescribeAvailabilityZones', async () => {
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({}));
      return (out.AvailabilityZones ?? []).filter(
        (z) => (z.ZoneType ?? 'availability-zone') === 'availability-zone' && z.State !== 'unavailable',
      );
    }),
    attempt(ctx, 'ec2', region, 'DescribeInstances', () =>
      allPages(paginateDescribeInstances(page(5, 1000), {}), (p) =>
        (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
      ),
    ),
    attempt(ctx, 'ec2', region, 'DescribeSubnets', () =>
      allPages(paginateDescribeSubnets(page(5, 1000), {}), (p) => p.Subnets),
    ),
    attempt(ctx, 'ec2', region, 'DescribeRouteTables', () =>
      allPages(paginateDescribeRouteTables(page(5, 100), {}), (p) => p.RouteTables),
    ),
    attempt(ctx, 'ec2', region, 'DescribeNatGateways', () =>
      allPages(paginateDescribeNatGateways(page(5, 1000), {}), (p) => p.NatGateways),
    ),
  ]);

  const instances: Ec2Instance[] = (reservations ?? [])
    .filter((i) => i.InstanceId)
    .map((i) => ({
      id: i.InstanceId!,
      az: i.Placement?.AvailabilityZone ?? 'unknown',
      state: i.State?.Name ?? 'unknown',
      type: i.InstanceType ?? 'unknown',
      ...(i.SubnetId ? { subnetId: i.SubnetId } : {}),
      ...(i.VpcId ? { vpcId: i.VpcId } : {}),
      tags: tagsOf(i.Tags),
    }));

  const subnetAz = new Map<string, string>();
  const outSubnets: Subnet[] = (subnets ?? []).map((s) => {
    subnetAz.set(s.SubnetId!, s.AvailabilityZone ?? 'unknown');
    const route = tables ? defaultRouteOf(routeTableFor(s, tables)) : undefined;
    return {
      id: s.SubnetId!,
      vpcId: s.VpcId ?? 'unknown',
      az: s.AvailabilityZone ?? 'unknown',
      // Without route tables, fall back to the subnet's own public-IP setting.
      public: tables ? route?.kind === 'internet-gateway' : !!s.MapPublicIpOnLaunch,
      ...(route ? { defaultRoute: route } : {}),
      tags: tagsOf(s.Tags),
    };
  });

  const natGateways: NatGateway[] = (nats ?? [])
    .filter((n) => n.NatGatewayId && n.State !== 'deleted')
    .map((n) => ({
      id: n.NatGatewayId!,
      vpcId: n.VpcId ?? 'unknown',
      subnetId: n.SubnetId ?? 'unknown',
      az: subnetAz.get(n.SubnetId ?? '') ?? 'unknown',
      state: n.State ?? 'unknown',
      connectivityType: n.ConnectivityType === 'private' ? 'private' : 'public',
    }));

  return {
    availabilityZoneIds: Object.fromEntries(
      (azs ?? [])
        .filter((z) => z.ZoneName && z.ZoneId)
        .map((z) => [z.ZoneName!, z.ZoneId!])
        .sort(([a], [b]) => a!.localeCompare(b!)),
    ),
    availabilityZones: (azs ?? [])
      .map((z) => z.ZoneName!)
      .filter(Boolean)
      .sort(),
    instances,
    subnets: outSubnets,
    natGateways,
  };
}
