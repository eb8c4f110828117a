/** ELBv2: load balancers (+ attributes, tags), target groups (+ attributes, targets with their AZ). */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancer, TargetGroup } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, tagsOf, type CollectContext } from './context.js';

export interface Elbv2Result {
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
}

const TAG_BATCH = 20; // DescribeTags takes at most 20 ARNs.

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const bool = (v: string | undefined) => (v === undefined ? undefined : v === 'true');

/** `instanceAz` maps instance ids to AZs (from DescribeInstances) to place instance targets. */
export async function collectElbv2(
  ctx: CollectContext,
  region: string,
  instanceAz: Promise<Map<string, string>>,
): Promise<Elbv2Result> {
  const elb = ctx.clients.elbv2(region);
  const cfg = { client: elb, pageSize: clampPage(ctx.pageSize, 1, 400) };
  const [lbs, tgs] = await Promise.all([
    attempt(ctx, 'elasticloadbalancing', region, 'DescribeLoadBalancers', () =>
      allPages(paginateDescribeLoadBalancers(cfg, {}), (p) => p.LoadBalancers),
    ),
    attempt(ctx, 'elasticloadbalancing', region, 'DescribeTargetGroups', () =>
      allPages(paginateDescribeTargetGroups(cfg, {}), (p) => p.TargetGroups),
    ),
  ]);
  const lbList = (lbs ?? []).filter((l) => l.LoadBalancerArn);
  const tgList = (tgs ?? []).filter((t) => t.TargetGroupArn);

  const [lbAttrs, tags, tgAttrs, health] = await Promise.all([
    attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeLoadBalancerAttributes', lbList, (l) =>
      elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: l.LoadBalancerArn })),
    ),
    attemptEach(
      ctx,
      'elasticloadbalancing',
      region,
      'DescribeTags',
      chunk(
        lbList.map((l) => l.LoadBalancerArn!),
        TAG_BATCH,
      ),
      (arns) => elb.send(new DescribeTagsCommand({ ResourceArns: arns })),
    ),
    attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeTargetGroupAttributes', tgList, (t) =>
      elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: t.TargetGroupArn })),
    ),
    attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeTargetHealth', tgList, (t) =>
      elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: t.TargetGroupArn })),
    ),
  ]);
  const tagsByArn = new Map<string, Record<string, string>>();
  for (const page of tags)
    for (const d of page?.TagDescriptions ?? [])
      if (d.ResourceArn) tagsByArn.set(d.ResourceArn, tagsOf(d.Tags));
  const azOf = await instanceAz;

  const loadBalancers: LoadBalancer[] = lbList.map((l, i) => {
    const attrs = new Map((lbAttrs[i]?.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
    const crossZone = bool(attrs.get('load_balancing.cross_zone.enabled'));
    const deletion = bool(attrs.get('deletion_protection.enabled'));
    const type = l.Type === 'network' || l.Type === 'gateway' ? l.Type : 'application';
    return {
      arn: l.LoadBalancerArn!,
      name: l.LoadBalancerName ?? l.LoadBalancerArn!,
      type,
      scheme: l.Scheme === 'internal' ? 'internal' : 'internet-facing',
      ...(l.VpcId ? { vpcId: l.VpcId } : {}),
      ...(l.DNSName ? { dnsName: l.DNSName } : {}),
      ...(l.CanonicalHostedZoneId ? { canonicalHostedZoneId: l.CanonicalHostedZoneId } : {}),
      state: l.State?.Code ?? 'active',
      availabilityZones: (l.AvailabilityZones ?? []).map((z) => ({
        zone: z.ZoneName ?? 'unknown',
        ...(z.SubnetId ? { subnetId: z.SubnetId } : {}),
      })),
      attributes: {
        ...(crossZone !== undefined ? { crossZoneEnabled: crossZone } : {}),
        ...(deletion !== undefined ? { deletionProtection: deletion } : {}),
      },
      tags: tagsByArn.get(l.LoadBalancerArn!) ?? {},
    };
  });

  const targetGroups: TargetGroup[] = tgList.map((t, i) => {
    const attributes: Record<string, string> = {};
    for (const a of tgAttrs[i]?.Attributes ?? []) if (a.Key) attributes[a.Key] = a.Value ?? '';
    const targetType = t.TargetType ?? 'instance';
    return {
      arn: t.TargetGroupArn!,
      name: t.TargetGroupName ?? t.TargetGroupArn!,
      ...(t.Protocol ? { protocol: t.Protocol } : {}),
      ...(t.Port !== undefined ? { port: t.Port } : {}),
      targetType,
      ...(t.VpcId ? { vpcId: t.VpcId } : {}),
      loadBalancerArns: t.LoadBalancerArns ?? [],
      healthCheck: {
        enabled: t.HealthCheckEnabled ?? true,
        ...(t.HealthCheckProtocol ? { protocol: t.HealthCheckProtocol } : {}),
        ...(t.HealthCheckPath ? { path: t.HealthCheckPath } : {}),
        ...(t.HealthCheckPort ? { port: t.HealthCheckPort } : {}),
        // ELBv2 always reports these; the fallbacks are the API defaults.
        intervalSeconds: t.HealthCheckIntervalSeconds ?? 30,
        timeoutSeconds: t.HealthCheckTimeoutSeconds ?? 5,
        healthyThreshold: t.HealthyThresholdCount ?? 5,
        unhealthyThreshold: t.UnhealthyThresholdCount ?? 2,
      },
      attributes,
      targets: (health[i]?.TargetHealthDescriptions ?? []).map((d) => {
        const id = d.Target?.Id ?? 'unknown';
        const az = d.Target?.AvailabilityZone ?? (targetType === 'instance' ? azOf.get(id) : undefined);
        return {
          id,
          ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
          ...(az ? { az } : {}),
          state: d.TargetHealth?.State ?? 'unavailable',
          ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
        };
      }),
    };
  });

  return { loadBalancers, targetGroups };
}
