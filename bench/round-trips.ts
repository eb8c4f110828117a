/**
 * Round trips in series against dependency depth, from the request log of the latency proxy
 * (test/emulator/fault-proxy.ts) in front of the emulator.
 *
 * - **Round trips in series**: the longest chain of requests in the log, each received after the
 *   previous one's answer was sent. It is what the wall time is made of when every request costs a
 *   fixed latency: a collector that waits for something it does not need shows it as a longer chain.
 * - **Dependency depth**: the longest chain of *data* dependencies among the same requests: what each
 *   request is built from (the table below: the listeners of a load balancer need its ARN from
 *   DescribeLoadBalancers; the replication-lag GetMetricData needs the RDS lists of every region,
 *   whose global clusters say which clusters are secondaries), pages counted (page n + 1 needs page
 *   n's token). Every request needs STS GetCallerIdentity first (the collector proves the credentials
 *   and the endpoint before it fans out). It is the fewest round trips in series any collector could
 *   make for this account, whatever its concurrency.
 */

/** A request as the latency proxy logged it (a subset of its ProxiedRequest). */
export interface LoggedRequest {
  service: string;
  operation: string;
  /** The signing region (Route 53 signs for us-east-1; it is the node "global" here). */
  region: string;
  method: string;
  path: string;
  body: string;
  receivedAt: number;
  answeredAt: number;
}

/** The longest chain of requests each received after the previous one's answer was sent. */
export function roundTripsInSeries(log: LoggedRequest[]): { length: number; chain: LoggedRequest[] } {
  const sorted = [...log].sort((a, b) => a.receivedAt - b.receivedAt);
  const best: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    best[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (sorted[j]!.answeredAt <= sorted[i]!.receivedAt && best[j]! + 1 > best[i]!) {
        best[i] = best[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < sorted.length; i++) if (end < 0 || best[i]! > best[end]!) end = i;
  const chain: LoggedRequest[] = [];
  for (let i = end; i >= 0; i = prev[i]!) chain.unshift(sorted[i]!);
  return { length: chain.length, chain };
}

/** The GetMetricData reads differ by what they are built from: replication lag, or demand history. */
function kindOf(r: LoggedRequest): string {
  const op = `${r.service}:${r.operation}`;
  if (op !== 'cloudwatch:GetMetricData') return op;
  if (/AuroraGlobalDB|ReplicaLag/.test(r.body)) return `${op}(lag)`;
  if (/GroupInServiceInstances|CPUUtilization/.test(r.body)) return `${op}(demand)`;
  return op;
}

const STS = 'sts:GetCallerIdentity';
const RDS_LISTS = ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeGlobalClusters'];

/** The listings that need nothing but the first call (and, with --all-regions, the region list). */
const ROOTS = [
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstances',
  'ec2:DescribeSubnets',
  'ec2:DescribeRouteTables',
  'ec2:DescribeNatGateways',
  'ec2:DescribeCapacityReservations',
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribePolicies',
  'autoscaling:DescribeScheduledActions',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  ...RDS_LISTS,
  'elasticache:DescribeReplicationGroups',
  'ecs:ListClusters',
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  'dynamodb:ListTables',
  'sqs:ListQueues',
  'elasticfilesystem:DescribeFileSystems',
  'elasticfilesystem:DescribeReplicationConfigurations',
  'cloudwatch:DescribeAlarms',
  'route53:ListHostedZones',
  'route53:ListHealthChecks',
  'servicequotas:ListServiceQuotas',
];

/**
 * What each request is built from, in its own region ("*" before an operation: in every region
 * collected), besides the first call (STS GetCallerIdentity) and, with --all-regions, the region list.
 */
export const NEEDS: Readonly<Record<string, readonly string[]>> = {
  [STS]: [],
  'ec2:DescribeRegions': [],
  ...Object.fromEntries(ROOTS.map((op) => [op, []])),
  'ec2:DescribeLaunchTemplateVersions': ['autoscaling:DescribeAutoScalingGroups'],
  'elasticloadbalancing:DescribeLoadBalancerAttributes': ['elasticloadbalancing:DescribeLoadBalancers'],
  'elasticloadbalancing:DescribeTags': ['elasticloadbalancing:DescribeLoadBalancers'],
  'elasticloadbalancing:DescribeListeners': ['elasticloadbalancing:DescribeLoadBalancers'],
  'elasticloadbalancing:DescribeRules': ['elasticloadbalancing:DescribeListeners'],
  'elasticloadbalancing:DescribeTargetGroupAttributes': ['elasticloadbalancing:DescribeTargetGroups'],
  'elasticloadbalancing:DescribeTargetHealth': ['elasticloadbalancing:DescribeTargetGroups'],
  'elasticloadbalancing:DescribeCapacityReservation': ['elasticloadbalancing:DescribeLoadBalancers'],
  'ecs:ListServices': ['ecs:ListClusters'],
  'ecs:ListContainerInstances': ['ecs:ListClusters'],
  'ecs:DescribeServices': ['ecs:ListServices'],
  'ecs:DescribeTaskDefinition': ['ecs:DescribeServices'],
  'ecs:ListTasks': ['ecs:DescribeServices'],
  'ecs:DescribeContainerInstances': ['ecs:ListContainerInstances'],
  'ecs:DescribeTasks': ['ecs:ListTasks'],
  'dynamodb:DescribeTable': ['dynamodb:ListTables'],
  'dynamodb:DescribeContinuousBackups': ['dynamodb:ListTables'],
  'sqs:GetQueueAttributes': ['sqs:ListQueues'],
  'elasticfilesystem:DescribeMountTargets': ['elasticfilesystem:DescribeFileSystems'],
  'route53:ListResourceRecordSets': ['route53:ListHostedZones'],
  'route53:GetHealthCheckStatus': ['route53:ListHealthChecks'],
  // The quotas a region needs: the vCPU quota of each instance type running or launchable there.
  'servicequotas:GetServiceQuota': [
    'servicequotas:ListServiceQuotas',
    'ec2:DescribeInstances',
    'autoscaling:DescribeAutoScalingGroups',
    'ec2:DescribeLaunchTemplateVersions',
  ],
  'servicequotas:GetAWSDefaultServiceQuota': ['servicequotas:GetServiceQuota'],
  // Which clusters are global secondaries: the merged global-cluster view of every region.
  'cloudwatch:GetMetricData(lag)': RDS_LISTS.map((op) => `*${op}`),
  'cloudwatch:GetMetricData(demand)': ['autoscaling:DescribeAutoScalingGroups'],
};

/** Page tokens: in a query string (Route 53, EFS), a form body (query protocol) or a JSON body. */
const PATH_TOKENS = ['marker', 'name', 'type', 'identifier', 'Marker', 'NextToken'];
const FORM_TOKENS = ['NextToken', 'Marker'];
const JSON_TOKENS = ['NextToken', 'nextToken', 'Marker', 'ExclusiveStartTableName'];

/** A request without its page token: the pages of one listing share this key. */
function listingKey(r: LoggedRequest): string {
  const [path, query = ''] = r.path.split('?') as [string, string?];
  const params = new URLSearchParams(query);
  for (const k of PATH_TOKENS) params.delete(k);
  let body = r.body;
  if (body.trimStart().startsWith('{')) {
    try {
      const doc = JSON.parse(body) as Record<string, unknown>;
      for (const k of JSON_TOKENS) delete doc[k];
      body = JSON.stringify(doc);
    } catch {
      // not JSON after all: the body as it is
    }
  } else if (body.includes('=')) {
    const form = new URLSearchParams(body);
    for (const k of FORM_TOKENS) form.delete(k);
    body = form.toString();
  }
  return `${r.method} ${path}?${params.toString()} ${body}`;
}

export interface Depth {
  length: number;
  /** The longest chain, as "service:Operation@region ×pages". */
  chain: string[];
  /** Operations the table does not know (counted as needing only the first call). */
  unmodelled: string[];
}

/** The longest chain of data dependencies among the logged requests, pages counted. */
export function dependencyDepth(log: LoggedRequest[], home: string): Depth {
  // Nodes: one per (kind, region), weighted by the most pages one listing of it took.
  const pages = new Map<string, Map<string, number>>();
  const regions = new Set<string>();
  for (const r of log) {
    const region = r.service === 'route53' ? 'global' : r.region;
    if (r.service !== 'route53' && r.service !== 'sts') regions.add(region);
    const node = `${kindOf(r)}@${region}`;
    let listings = pages.get(node);
    if (!listings) pages.set(node, (listings = new Map()));
    const key = listingKey(r);
    listings.set(key, (listings.get(key) ?? 0) + 1);
  }
  const weight = (node: string) => Math.max(...pages.get(node)!.values());
  const unmodelled = new Set<string>();
  const memo = new Map<string, { length: number; chain: string[] }>();
  const sts = `${STS}@${home}`;
  // With --all-regions, a regional request needs the region list too (Route 53 does not).
  const listed = `ec2:DescribeRegions@${home}`;
  const needsOf = (node: string): string[] => {
    const at = node.lastIndexOf('@');
    const kind = node.slice(0, at);
    const region = node.slice(at + 1);
    if (kind === STS) return [];
    const root = region === 'global' || kind === 'ec2:DescribeRegions' || !pages.has(listed) ? sts : listed;
    const table = NEEDS[kind];
    if (!table) {
      unmodelled.add(kind);
      return [root];
    }
    const out = table.flatMap((need) =>
      need.startsWith('*') ? [...regions].map((r) => `${need.slice(1)}@${r}`) : [`${need}@${region}`],
    );
    return [...out.filter((n) => pages.has(n)), root];
  };
  const depth = (node: string): { length: number; chain: string[] } => {
    const hit = memo.get(node);
    if (hit) return hit;
    let best = { length: 0, chain: [] as string[] };
    for (const n of needsOf(node)) {
      if (n === node || !pages.has(n)) continue;
      const d = depth(n);
      if (d.length > best.length) best = d;
    }
    const w = weight(node);
    const out = { length: best.length + w, chain: [...best.chain, w > 1 ? `${node} ×${w}` : node] };
    memo.set(node, out);
    return out;
  };
  let best = { length: 0, chain: [] as string[] };
  for (const node of pages.keys()) {
    const d = depth(node);
    if (d.length > best.length) best = d;
  }
  return { ...best, unmodelled: [...unmodelled].sort() };
}
