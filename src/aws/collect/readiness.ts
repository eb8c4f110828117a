/**
 * What the readiness report reads beyond the audit (resil readiness, resil snapshot): Service Quotas
 * values (EC2, ELB, RDS and Fargate), EC2 On-Demand Capacity Reservations and load-balancer LCU capacity reservations. Read-only.
 * Each failure is a collection record (the report then calls the item unknown, never passed).
 */
import {
  paginateDescribeCapacityReservations,
  type CapacityReservation as AwsCapacityReservation,
} from '@aws-sdk/client-ec2';
import {
  DescribeCapacityReservationCommand,
  type DescribeCapacityReservationCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  paginateListServiceQuotas,
  type ServiceQuota as AwsServiceQuota,
} from '@aws-sdk/client-service-quotas';
import {
  ELB_QUOTAS,
  FARGATE_QUOTAS,
  RDS_QUOTAS,
  READINESS_QUOTAS,
  vcpuQuotaOf,
  type QuotaSpec,
} from '../../inventory/quotas.js';
import type {
  CapacityReservation,
  LbCapacityReservation,
  LoadBalancer,
  RegionInventory,
  ServiceQuota,
} from '../../inventory/schema.js';
import {
  allPages,
  attempt,
  attemptEach,
  clampPage,
  errorCode,
  iso,
  tagsOf,
  type CollectContext,
} from './context.js';

const KNOWN = new Map(READINESS_QUOTAS.map((q) => [q.code, q]));

export function mapQuota(q: AwsServiceQuota, source: ServiceQuota['source']): ServiceQuota | undefined {
  if (!q.QuotaCode || q.Value === undefined) return undefined;
  const spec = KNOWN.get(q.QuotaCode);
  return {
    serviceCode: q.ServiceCode ?? spec?.serviceCode ?? 'unknown',
    quotaCode: q.QuotaCode,
    name: q.QuotaName ?? spec?.name ?? q.QuotaCode,
    value: q.Value,
    ...(q.Unit ? { unit: q.Unit } : {}),
    source,
    ...(q.Adjustable !== undefined ? { adjustable: q.Adjustable } : {}),
  };
}

/** What decides the quotas a region needs: its instances and its Auto Scaling groups' instance types. */
export type QuotaInputs = Pick<RegionInventory, 'instances' | 'autoScalingGroups'>;

/**
 * The quotas the report needs in a region: the vCPU quota of every instance type running or
 * launchable there, the load-balancer and target-group quotas, the RDS instance and cluster quotas,
 * and the Fargate On-Demand vCPU quota. The last is read in every region, like the ELB and RDS ones:
 * which regions run Fargate tasks is known only once ECS is read to its tasks, and waiting for that
 * would put two round trips in series before the quota (one call a region is cheaper than that).
 * The report shows a Fargate row only where ECS services may run Fargate tasks.
 */
export function neededQuotaCodes(r: QuotaInputs): QuotaSpec[] {
  const types = new Set<string>([
    ...r.instances.filter((i) => i.state === 'running').map((i) => i.type),
    ...r.autoScalingGroups.flatMap((g) => g.instanceTypes),
  ]);
  const codes = new Map<string, QuotaSpec>();
  for (const t of types) {
    const q = vcpuQuotaOf(t);
    if (q) codes.set(q.code, q);
  }
  for (const q of [...Object.values(ELB_QUOTAS), ...Object.values(RDS_QUOTAS), FARGATE_QUOTAS.onDemand])
    codes.set(q.code, q);
  return [...codes.values()];
}

/**
 * ListServiceQuotas for ec2, elasticloadbalancing and rds (the applied values AWS reports; the Fargate
 * quota is not in those lists: it is read with GetServiceQuota); then, for
 * each needed quota it did not list, GetServiceQuota; and where that has no applied value either
 * (NoSuchResourceException), GetAWSDefaultServiceQuota (recorded as source "default"). The lists need
 * nothing; which quotas are needed may still be on its way (`r` a promise of the region's instances
 * and groups): the lists do not wait for it.
 */
export async function collectQuotas(
  ctx: CollectContext,
  region: string,
  r: QuotaInputs | Promise<QuotaInputs>,
): Promise<ServiceQuota[]> {
  const sq = ctx.clients.servicequotas(region);
  const found = new Map<string, ServiceQuota>();
  const services = ['ec2', 'elasticloadbalancing', 'rds'];
  const [, inputs] = await Promise.all([
    Promise.all(
      services.map((ServiceCode) =>
        attempt(ctx, 'servicequotas', region, 'ListServiceQuotas', async () => {
          const list = await allPages(
            paginateListServiceQuotas(
              { client: sq, pageSize: clampPage(ctx.pageSize, 1, 100) },
              { ServiceCode },
            ),
            (p) => p.Quotas,
          );
          for (const q of list) {
            if (!q.QuotaCode || !KNOWN.has(q.QuotaCode)) continue;
            const m = mapQuota(q, 'applied');
            if (m) found.set(m.quotaCode, m);
          }
          return list;
        }),
      ),
    ),
    r,
  ]);
  const missing = neededQuotaCodes(inputs).filter((q) => !found.has(q.code));
  const noApplied: QuotaSpec[] = [];
  const applied = await attemptEach(ctx, 'servicequotas', region, 'GetServiceQuota', missing, async (q) => {
    try {
      const out = await sq.send(
        new GetServiceQuotaCommand({ ServiceCode: q.serviceCode, QuotaCode: q.code }),
      );
      return out.Quota ? mapQuota(out.Quota, 'applied') : undefined;
    } catch (err) {
      // No applied value for this quota: its AWS default applies (read next).
      if (errorCode(err) === 'NoSuchResourceException') {
        noApplied.push(q);
        return undefined;
      }
      throw err;
    }
  });
  for (const q of applied) if (q) found.set(q.quotaCode, q);
  const defaults = await attemptEach(
    ctx,
    'servicequotas',
    region,
    'GetAWSDefaultServiceQuota',
    noApplied,
    async (q) => {
      const out = await sq.send(
        new GetAWSDefaultServiceQuotaCommand({ ServiceCode: q.serviceCode, QuotaCode: q.code }),
      );
      return out.Quota ? mapQuota(out.Quota, 'default') : undefined;
    },
  );
  for (const q of defaults) if (q) found.set(q.quotaCode, q);
  return [...found.values()].sort((a, b) => a.quotaCode.localeCompare(b.quotaCode));
}

export function mapCapacityReservation(c: AwsCapacityReservation): CapacityReservation | undefined {
  if (!c.CapacityReservationId || !c.InstanceType) return undefined;
  const startDate = iso(c.StartDate);
  const endDate = iso(c.EndDate);
  return {
    id: c.CapacityReservationId,
    instanceType: c.InstanceType,
    ...(c.InstancePlatform ? { platform: c.InstancePlatform } : {}),
    az: c.AvailabilityZone ?? 'unknown',
    totalInstances: c.TotalInstanceCount ?? 0,
    availableInstances: c.AvailableInstanceCount ?? 0,
    state: c.State ?? 'unknown',
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
    ...(c.EndDateType ? { endDateType: c.EndDateType } : {}),
    ...(c.InstanceMatchCriteria ? { matchCriteria: c.InstanceMatchCriteria } : {}),
    tags: tagsOf(c.Tags),
  };
}

/** EC2 On-Demand Capacity Reservations of the region (every state; the report picks what is in force). */
export async function collectCapacityReservations(
  ctx: CollectContext,
  region: string,
): Promise<CapacityReservation[] | undefined> {
  const ec2 = ctx.clients.ec2(region);
  const items = await attempt(ctx, 'ec2', region, 'DescribeCapacityReservations', () =>
    allPages(
      paginateDescribeCapacityReservations({ client: ec2, pageSize: clampPage(ctx.pageSize, 1, 1000) }, {}),
      (p) => p.CapacityReservations,
    ),
  );
  if (!items) return undefined;
  return items
    .map(mapCapacityReservation)
    .filter((c): c is CapacityReservation => !!c)
    .sort((a, b) => a.az.localeCompare(b.az) || a.id.localeCompare(b.id));
}

export function mapLbCapacityReservation(
  arn: string,
  out: Pick<
    DescribeCapacityReservationCommandOutput,
    'MinimumLoadBalancerCapacity' | 'LastModifiedTime' | 'CapacityReservationState'
  >,
): LbCapacityReservation {
  const lastModified = iso(out.LastModifiedTime);
  return {
    loadBalancerArn: arn,
    ...(out.MinimumLoadBalancerCapacity?.CapacityUnits !== undefined
      ? { minimumCapacityUnits: out.MinimumLoadBalancerCapacity.CapacityUnits }
      : {}),
    ...(lastModified ? { lastModified } : {}),
    zones: (out.CapacityReservationState ?? [])
      .map((z) => ({
        az: z.AvailabilityZone ?? 'unknown',
        state: z.State?.Code ?? 'unknown',
        ...(z.State?.Reason ? { reason: z.State.Reason } : {}),
        ...(z.EffectiveCapacityUnits !== undefined
          ? { effectiveCapacityUnits: z.EffectiveCapacityUnits }
          : {}),
      }))
      .sort((a, b) => a.az.localeCompare(b.az)),
  };
}

/** LCU capacity reservations of the region's application and network load balancers (one call each). */
export async function collectLbCapacityReservations(
  ctx: CollectContext,
  region: string,
  loadBalancers: Array<Pick<LoadBalancer, 'arn' | 'type'>>,
): Promise<LbCapacityReservation[] | undefined> {
  const lbs = loadBalancers.filter((lb) => lb.type === 'application' || lb.type === 'network');
  if (lbs.length === 0) return [];
  const elb = ctx.clients.elbv2(region);
  const results = await attemptEach(
    ctx,
    'elasticloadbalancing',
    region,
    'DescribeCapacityReservation',
    lbs,
    async (lb) =>
      mapLbCapacityReservation(
        lb.arn,
        await elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: lb.arn })),
      ),
  );
  if (results.every((x) => x === undefined)) return undefined;
  return results.filter((x): x is LbCapacityReservation => !!x);
}
