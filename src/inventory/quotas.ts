/**
 * The Service Quotas the readiness report judges headroom against, and which EC2 instance types
 * count against which On-Demand vCPU quota. Pure: shared by the collector (which codes to read)
 * and the readiness model (what each quota is used for).
 *
 * EC2 On-Demand quotas count vCPUs of running instances per instance-family class (AWS EC2 User
 * Guide, "On-Demand Instance quotas"): Standard (A, C, D, H, I, M, R, T, Z) is L-1216C47A, and the
 * accelerated and special families each have their own.
 *
 * Fargate counts the vCPUs of running Fargate tasks per Region (Amazon ECS Developer Guide, "AWS
 * Fargate service quotas"): On-Demand tasks against L-3032A538, Fargate Spot tasks against L-36FBB829
 * (not read: the inventory cannot tell how a mixed FARGATE/FARGATE_SPOT strategy splits its tasks).
 */
import type { EcsService } from './schema.js';

export interface QuotaSpec {
  serviceCode: 'ec2' | 'elasticloadbalancing' | 'rds' | 'fargate';
  code: string;
  name: string;
  /** What it counts, in words (the report's row label). */
  counts: string;
}

/** EC2 On-Demand vCPU quotas, with the instance-family prefixes each covers (longest prefix wins). */
export const VCPU_QUOTAS: ReadonlyArray<QuotaSpec & { prefixes: readonly string[] }> = [
  {
    serviceCode: 'ec2',
    code: 'L-1216C47A',
    name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
    counts: 'vCPUs of running Standard instances',
    prefixes: ['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-74FC7D96',
    name: 'Running On-Demand F instances',
    counts: 'vCPUs of running F instances',
    prefixes: ['f'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-DB2E81BA',
    name: 'Running On-Demand G and VT instances',
    counts: 'vCPUs of running G and VT instances',
    prefixes: ['g', 'vt'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-1945791B',
    name: 'Running On-Demand Inf instances',
    counts: 'vCPUs of running Inf instances',
    prefixes: ['inf'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-417A185B',
    name: 'Running On-Demand P instances',
    counts: 'vCPUs of running P instances',
    prefixes: ['p'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-7295265B',
    name: 'Running On-Demand X instances',
    counts: 'vCPUs of running X instances',
    prefixes: ['x'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-2C3B7624',
    name: 'Running On-Demand Trn instances',
    counts: 'vCPUs of running Trn instances',
    prefixes: ['trn'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-6E869C2A',
    name: 'Running On-Demand DL instances',
    counts: 'vCPUs of running DL instances',
    prefixes: ['dl'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-F7808C92',
    name: 'Running On-Demand HPC instances',
    counts: 'vCPUs of running HPC instances',
    prefixes: ['hpc'],
  },
  {
    serviceCode: 'ec2',
    code: 'L-43DA4232',
    name: 'Running On-Demand High Memory instances',
    counts: 'vCPUs of running High Memory (u-) instances',
    prefixes: ['u-'],
  },
];

export const ELB_QUOTAS = {
  alb: {
    serviceCode: 'elasticloadbalancing',
    code: 'L-53DA6B97',
    name: 'Application Load Balancers per Region',
    counts: 'application load balancers',
  },
  nlb: {
    serviceCode: 'elasticloadbalancing',
    code: 'L-69A177A2',
    name: 'Network Load Balancers per Region',
    counts: 'network load balancers',
  },
  targetGroups: {
    serviceCode: 'elasticloadbalancing',
    code: 'L-B22855CB',
    name: 'Target Groups per Region',
    counts: 'target groups',
  },
} as const satisfies Record<string, QuotaSpec>;

export const RDS_QUOTAS = {
  instances: { serviceCode: 'rds', code: 'L-7B6409FD', name: 'DB instances', counts: 'DB instances' },
  clusters: { serviceCode: 'rds', code: 'L-952B80B8', name: 'DB clusters', counts: 'DB clusters' },
} as const satisfies Record<string, QuotaSpec>;

export const FARGATE_QUOTAS = {
  onDemand: {
    serviceCode: 'fargate',
    code: 'L-3032A538',
    name: 'Fargate On-Demand vCPU resource count',
    counts: 'vCPUs of running Fargate On-Demand tasks',
  },
} as const satisfies Record<string, QuotaSpec>;

/** Every quota the report may read, by service code. */
export const READINESS_QUOTAS: readonly QuotaSpec[] = [
  ...VCPU_QUOTAS,
  ...Object.values(ELB_QUOTAS),
  ...Object.values(RDS_QUOTAS),
  ...Object.values(FARGATE_QUOTAS),
];

/**
 * Which Fargate quota an ECS service's tasks count against: `on-demand` (launch type FARGATE, or a
 * strategy of the FARGATE capacity provider alone), `spot` (FARGATE_SPOT alone: the Spot quota, not
 * read), `mixed` (FARGATE and FARGATE_SPOT: how its tasks split is not in the inventory), `unknown`
 * (no launch type and no strategy: the cluster's default strategy applies, which is not read), or
 * `none` (EC2 or external capacity: not a Fargate quota at all).
 */
export type FargatePurchase = 'on-demand' | 'spot' | 'mixed' | 'unknown' | 'none';

export function fargatePurchase(s: Pick<EcsService, 'launchType' | 'capacityProviders'>): FargatePurchase {
  if (s.launchType) return s.launchType === 'FARGATE' ? 'on-demand' : 'none';
  const p = new Set(s.capacityProviders);
  if (p.size === 0) return 'unknown';
  const onDemand = p.has('FARGATE');
  const spot = p.has('FARGATE_SPOT');
  // AWS does not mix Fargate and Auto Scaling group providers in one strategy.
  if (!onDemand && !spot) return 'none';
  return onDemand && spot ? 'mixed' : onDemand ? 'on-demand' : 'spot';
}

/**
 * The On-Demand vCPU quota an instance type counts against (m6i.large → L-1216C47A, g5.xlarge →
 * L-DB2E81BA, inf2.xlarge → L-1945791B, u-6tb1.metal → L-43DA4232). Undefined for a shape that is
 * not an EC2 instance type.
 */
export function vcpuQuotaOf(instanceType: string): (typeof VCPU_QUOTAS)[number] | undefined {
  const t = instanceType.trim().toLowerCase();
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t)) return undefined;
  let best: { q: (typeof VCPU_QUOTAS)[number]; len: number } | undefined;
  for (const q of VCPU_QUOTAS) {
    for (const p of q.prefixes) {
      // A family is the prefix followed by its generation digit (m6i, g5, inf2) or, for u-, anything.
      const matches = p.endsWith('-') ? t.startsWith(p) : new RegExp(`^${p}\\d`).test(t);
      if (matches && (!best || p.length > best.len)) best = { q, len: p.length };
    }
  }
  return best?.q;
}
