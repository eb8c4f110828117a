/**
 * Small, pure helpers over the inventory shared by checks and runbook planners.
 */
import type { ResourceRef } from './ref.js';
import type {
  AutoScalingGroup,
  DbCluster,
  DbClusterMember,
  DbInstance,
  DynamoDbTable,
  EcsService,
  EfsFileSystem,
  GlobalCluster,
  HealthCheck,
  HostedZone,
  Inventory,
  LoadBalancer,
  MetricSeries,
  NatGateway,
  RecordSet,
  RegionInventory,
  ReplicationGroup,
  ScalableTarget,
  SqsQueue,
  Subnet,
  TargetGroup,
} from './schema.js';

/** Regions in a stable (sorted) order, with their inventories. */
export function regionsOf(inv: Inventory): Array<[string, RegionInventory]> {
  return Object.entries(inv.regions).sort(([a], [b]) => a.localeCompare(b));
}

/** Flattens one kind of regional resource, each paired with its region, in stable order. */
export function eachRegional<K extends keyof RegionInventory>(
  inv: Inventory,
  key: K,
): Array<{ region: string; item: RegionInventory[K] extends Array<infer E> ? E : never }> {
  const out: Array<{ region: string; item: RegionInventory[K] extends Array<infer E> ? E : never }> = [];
  for (const [region, r] of regionsOf(inv)) {
    for (const item of r[key] as unknown as Array<RegionInventory[K] extends Array<infer E> ? E : never>) {
      out.push({ region, item });
    }
  }
  return out;
}

/** The AZ an ARN-less instance-id lives in, from the region's EC2 instances. */
export function instanceAz(r: RegionInventory, instanceId: string): string | undefined {
  return r.instances.find((i) => i.id === instanceId)?.az;
}

/** The DB instance behind an Aurora cluster member, from the region's DB instances. */
export function memberInstance(r: RegionInventory, m: DbClusterMember): DbInstance | undefined {
  return r.dbInstances.find((i) => i.id === m.instanceId);
}

/** Region from an ARN: arn:aws:rds:us-west-2:123456789012:cluster:shop-west → us-west-2. */
export function regionFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 4 && parts[3] ? parts[3] : undefined;
}

/** Last segment of an ARN's resource part: arn:...:cluster:shop-west → shop-west. */
export function nameFromArn(arn: string): string {
  const parts = arn.split(':');
  const last = parts[parts.length - 1] ?? arn;
  const slash = last.split('/');
  return parts.length >= 7 ? (parts[6] ?? last) : (slash[slash.length - 1] ?? last);
}

/** Finds a cluster by ARN (in the region the ARN names) or by id. */
export function findDbCluster(
  inv: Inventory,
  arnOrId: string,
): { region: string; cluster: DbCluster } | undefined {
  for (const [region, r] of regionsOf(inv)) {
    const cluster = r.dbClusters.find((c) => c.arn === arnOrId || c.id === arnOrId);
    if (cluster) return { region, cluster };
  }
  return undefined;
}

/** The metric series for one resource (dimension value) and metric, if collected. */
export function findSeries(
  r: RegionInventory,
  metric: MetricSeries['metric'],
  dimensionValue: string,
): MetricSeries | undefined {
  return r.metrics.find((m) => m.metric === metric && Object.values(m.dimensions).includes(dimensionValue));
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; undefined for an empty list. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function healthCheckById(inv: Inventory, id: string): HealthCheck | undefined {
  return inv.route53.healthChecks.find((h) => h.id === id);
}

/**
 * Ids of the health checks some record uses: directly (HealthCheckId), or as a child of a calculated
 * health check a record uses (any depth).
 */
export function healthChecksInUse(inv: Inventory): Set<string> {
  const used = new Set<string>();
  const visit = (id: string) => {
    if (used.has(id)) return;
    used.add(id);
    for (const child of healthCheckById(inv, id)?.childHealthCheckIds ?? []) visit(child);
  };
  for (const zone of inv.route53.hostedZones)
    for (const r of zone.records) if (r.healthCheckId) visit(r.healthCheckId);
  return used;
}

/** Record sets with their zone, in stable order. */
export function eachRecord(inv: Inventory): Array<{ zone: HostedZone; record: RecordSet }> {
  const out: Array<{ zone: HostedZone; record: RecordSet }> = [];
  for (const zone of inv.route53.hostedZones) for (const record of zone.records) out.push({ zone, record });
  return out;
}

/**
 * A resource filter from a tag threshold such as `onlyTagged: "env=prod"` (that key with that value)
 * or `"env"` (the key with any value). An empty or non-string spec matches every resource.
 * Tag keys and values are matched exactly (AWS tags are case-sensitive).
 */
export function tagFilter(spec: unknown): (tags: Record<string, string>) => boolean {
  if (typeof spec !== 'string' || spec.trim() === '') return () => true;
  const eq = spec.indexOf('=');
  const key = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : spec.slice(eq + 1).trim();
  return (tags) => key in tags && (value === undefined || tags[key] === value);
}

/**
 * The tags of the resource a reference points at, or undefined when that kind of resource carries no
 * tags in the inventory (Route 53 records, target groups, NAT gateways, regions, the account) or is
 * not found.
 */
export function resourceTags(inv: Inventory, r: ResourceRef): Record<string, string> | undefined {
  const region = r.region ? inv.regions[r.region] : undefined;
  switch (r.type) {
    case 'AWS::AutoScaling::AutoScalingGroup':
      return region?.autoScalingGroups.find((g) => g.name === r.id)?.tags;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return region?.loadBalancers.find((lb) => (r.arn ? lb.arn === r.arn : lb.name === r.id))?.tags;
    case 'AWS::RDS::DBInstance':
      return region?.dbInstances.find((d) => d.id === r.id)?.tags;
    case 'AWS::RDS::DBCluster':
      return region?.dbClusters.find((c) => c.id === r.id)?.tags;
    case 'AWS::EC2::Subnet':
      return region?.subnets.find((x) => x.id === r.id)?.tags;
    case 'AWS::EC2::Instance':
      return region?.instances.find((i) => i.id === r.id)?.tags;
    case 'AWS::Route53::HealthCheck':
      return healthCheckById(inv, r.id)?.tags;
    case 'AWS::ECS::Service':
      return region?.ecsServices.find((x) => (r.arn ? x.arn === r.arn : x.name === r.id))?.tags;
    case 'AWS::EFS::FileSystem':
      return region?.efsFileSystems.find((x) => x.id === r.id)?.tags;
    default:
      return undefined;
  }
}

/** A DNS name in comparable form: lower case, no trailing dot, no "dualstack." prefix (ELB alias targets carry one). */
export function normalizeDnsName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/** The load balancer a DNS name (e.g. a Route 53 alias target) points at, in any region. */
export function findLoadBalancerByDnsName(
  inv: Inventory,
  dnsName: string,
): { region: string; lb: LoadBalancer } | undefined {
  const wanted = normalizeDnsName(dnsName);
  for (const [region, r] of regionsOf(inv)) {
    const lb = r.loadBalancers.find((l) => l.dnsName !== undefined && normalizeDnsName(l.dnsName) === wanted);
    if (lb) return { region, lb };
  }
  return undefined;
}

// ------------------------------------------------------------------ resource references
export const ref = {
  account: (inv: Inventory): ResourceRef => ({ type: 'AWS::Account', id: inv.accountId }),
  region: (region: string): ResourceRef => ({ type: 'AWS::Region', id: region, region }),
  asg: (region: string, g: AutoScalingGroup): ResourceRef => ({
    type: 'AWS::AutoScaling::AutoScalingGroup',
    id: g.name,
    name: g.name,
    arn: g.arn,
    region,
  }),
  loadBalancer: (region: string, lb: LoadBalancer): ResourceRef => ({
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    id: lb.name,
    name: lb.name,
    arn: lb.arn,
    region,
  }),
  targetGroup: (region: string, tg: TargetGroup): ResourceRef => ({
    type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    id: tg.name,
    name: tg.name,
    arn: tg.arn,
    region,
  }),
  dbInstance: (region: string, db: DbInstance): ResourceRef => ({
    type: 'AWS::RDS::DBInstance',
    id: db.id,
    name: db.id,
    arn: db.arn,
    region,
    ...(db.az ? { az: db.az } : {}),
  }),
  dbCluster: (region: string, c: DbCluster): ResourceRef => ({
    type: 'AWS::RDS::DBCluster',
    id: c.id,
    name: c.id,
    arn: c.arn,
    region,
  }),
  globalCluster: (g: GlobalCluster): ResourceRef => ({
    type: 'AWS::RDS::GlobalCluster',
    id: g.id,
    name: g.id,
    arn: g.arn,
    region: 'global',
  }),
  subnet: (region: string, s: Subnet): ResourceRef => ({
    type: 'AWS::EC2::Subnet',
    id: s.id,
    name: s.tags['Name'] ?? s.id,
    region,
    az: s.az,
  }),
  natGateway: (region: string, n: NatGateway): ResourceRef => ({
    type: 'AWS::EC2::NatGateway',
    id: n.id,
    name: n.id,
    region,
    az: n.az,
  }),
  replicationGroup: (region: string, g: ReplicationGroup): ResourceRef => ({
    type: 'AWS::ElastiCache::ReplicationGroup',
    id: g.id,
    name: g.id,
    region,
  }),
  record: (zone: HostedZone, r: RecordSet): ResourceRef => ({
    type: 'AWS::Route53::RecordSet',
    id: `${zone.id}/${r.name}/${r.type}${r.setIdentifier ? `/${r.setIdentifier}` : ''}`,
    name: `${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`,
    region: 'global',
  }),
  /** A record set as a whole (every record of one name and type in a zone: a failover pair, a weighted set). */
  recordGroup: (zone: HostedZone, name: string, type: string): ResourceRef => ({
    type: 'AWS::Route53::RecordSet',
    id: `${zone.id}/${name}/${type}`,
    name: `${name} ${type}`,
    region: 'global',
  }),
  hostedZone: (zone: HostedZone): ResourceRef => ({
    type: 'AWS::Route53::HostedZone',
    id: zone.id,
    name: zone.name,
    region: 'global',
  }),
  ecsService: (region: string, s: EcsService): ResourceRef => ({
    type: 'AWS::ECS::Service',
    id: `${s.clusterName}/${s.name}`,
    name: s.name,
    arn: s.arn,
    region,
  }),
  scalableTarget: (region: string, t: ScalableTarget): ResourceRef => ({
    type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    id: `${t.resourceId}|${t.scalableDimension}`,
    name: `${t.resourceId} (${t.scalableDimension})`,
    region,
  }),
  dynamoDbTable: (region: string, t: DynamoDbTable): ResourceRef => ({
    type: 'AWS::DynamoDB::Table',
    id: t.name,
    name: t.name,
    arn: t.arn,
    region,
  }),
  sqsQueue: (region: string, q: SqsQueue): ResourceRef => ({
    type: 'AWS::SQS::Queue',
    id: q.name,
    name: q.name,
    arn: q.arn,
    region,
  }),
  efsFileSystem: (region: string, fs: EfsFileSystem): ResourceRef => ({
    type: 'AWS::EFS::FileSystem',
    id: fs.id,
    name: fs.name ?? fs.id,
    arn: fs.arn,
    region,
    ...(fs.availabilityZoneName ? { az: fs.availabilityZoneName } : {}),
  }),
  healthCheck: (h: HealthCheck): ResourceRef => ({
    type: 'AWS::Route53::HealthCheck',
    id: h.id,
    name: h.fqdn ?? h.ipAddress ?? h.id,
    region: 'global',
  }),
};
