/**
 * Following the traffic: Route 53 record → load balancer → listener rule (host/path) → target group.
 * Small, named, pure lookups over the inventory, shared by the dns and dr checks and the capacity
 * model (src/capacity). Lookups go through these functions (and query.ts) rather than ad-hoc scans,
 * so they can be indexed in one place.
 */
import { allBy, firstBy, listOf } from './indexes.js';
import { findLoadBalancerByDnsName, normalizeDnsName, regionsOf } from './query.js';
import { targetGroupsOf } from './zonal.js';
import type {
  AutoScalingGroup,
  HostedZone,
  Inventory,
  ListenerRule,
  LoadBalancer,
  RecordSet,
  RegionInventory,
  TargetGroup,
} from './schema.js';

/** The target group with this ARN in a region's inventory. */
export function targetGroupByArn(r: RegionInventory, arn: string): TargetGroup | undefined {
  return firstBy(r.targetGroups, 'arn', (tg) => tg.arn).get(arn);
}

/** The Auto Scaling group with this name in a region's inventory. */
export function asgByName(r: RegionInventory, name: string): AutoScalingGroup | undefined {
  return firstBy(r.autoScalingGroups, 'name', (g) => g.name).get(name);
}

/** The Auto Scaling groups registered with a target group (by their TargetGroupARNs). */
export function asgsOfTargetGroup(r: RegionInventory, tg: TargetGroup): AutoScalingGroup[] {
  return [
    ...listOf(
      allBy(r.autoScalingGroups, 'targetGroupArns', (g) => g.targetGroupArns),
      tg.arn,
    ),
  ];
}

/** Ids of every instance that belongs to an Auto Scaling group in the region. */
export function asgInstanceIds(r: RegionInventory): Set<string> {
  return new Set(r.autoScalingGroups.flatMap((g) => g.instances.map((i) => i.id)));
}

/** One way traffic reaches target groups through a load balancer. */
export interface Route {
  region: string;
  loadBalancer: LoadBalancer;
  listenerPort?: number;
  protocol?: string;
  /** "default", a rule priority, or "*" when listeners were not collected. */
  priority: string;
  hostHeaders: string[];
  pathPatterns: string[];
  otherConditions: string[];
  /**
   * The rule's match in a form comparable across load balancers and regions: "default",
   * "path /api/*", "host api.example.com path /v1/*", or "*" (listeners not collected: every target
   * group attached to the load balancer).
   */
  match: string;
  /** forward | redirect | fixed-response | ... ("forward" for the listener-less fallback). */
  actionType: string;
  /** The target groups this route forwards to that are in the inventory. */
  targetGroups: TargetGroup[];
  /** Forwarded-to target group ARNs not found in the inventory. */
  missingTargetGroupArns: string[];
  /** False when the load balancer's listeners were not collected (the fallback route). */
  fromListeners: boolean;
}

/** "default" / "path /api/*" / "host a.example.com path /v1/*" (values sorted, lower-cased hosts). */
export function ruleMatch(rule: Pick<ListenerRule, 'priority' | 'hostHeaders' | 'pathPatterns'>): string {
  const parts: string[] = [];
  if (rule.hostHeaders.length)
    parts.push(
      `host ${[...rule.hostHeaders]
        .map((h) => h.toLowerCase())
        .sort()
        .join(',')}`,
    );
  if (rule.pathPatterns.length) parts.push(`path ${[...rule.pathPatterns].sort().join(',')}`);
  if (parts.length === 0) return rule.priority === 'default' ? 'default' : 'any';
  return parts.join(' ');
}

/**
 * Every route of a load balancer: one per listener rule (the default action included), or, when its
 * listeners were not collected, one "*" route to every target group attached to it.
 */
export function loadBalancerRoutes(r: RegionInventory, region: string, lb: LoadBalancer): Route[] {
  if (lb.listeners === undefined) {
    return [
      {
        region,
        loadBalancer: lb,
        priority: '*',
        hostHeaders: [],
        pathPatterns: [],
        otherConditions: [],
        match: '*',
        actionType: 'forward',
        targetGroups: targetGroupsOf(r, lb),
        missingTargetGroupArns: [],
        fromListeners: false,
      },
    ];
  }
  const out: Route[] = [];
  for (const l of lb.listeners) {
    for (const rule of l.rules) {
      const tgs: TargetGroup[] = [];
      const missing: string[] = [];
      for (const f of rule.forwardTo) {
        const tg = targetGroupByArn(r, f.targetGroupArn);
        if (tg) tgs.push(tg);
        else missing.push(f.targetGroupArn);
      }
      out.push({
        region,
        loadBalancer: lb,
        ...(l.port !== undefined ? { listenerPort: l.port } : {}),
        ...(l.protocol ? { protocol: l.protocol } : {}),
        priority: rule.priority,
        hostHeaders: rule.hostHeaders,
        pathPatterns: rule.pathPatterns,
        otherConditions: rule.otherConditions,
        match: ruleMatch(rule),
        actionType: rule.actionType,
        targetGroups: tgs,
        missingTargetGroupArns: missing,
        fromListeners: true,
      });
    }
  }
  return out;
}

/** The routes of a load balancer that forward to at least one target group. */
export function forwardingRoutes(r: RegionInventory, region: string, lb: LoadBalancer): Route[] {
  return loadBalancerRoutes(r, region, lb).filter(
    (route) => route.targetGroups.length + route.missingTargetGroupArns.length > 0,
  );
}

/** "listener 443 rule 10 (path /api/*)" — how a message names a route. */
export function describeRoute(route: Route): string {
  if (!route.fromListeners) return `load balancer ${route.loadBalancer.name}`;
  const listener = route.listenerPort !== undefined ? `listener ${route.listenerPort}` : 'a listener';
  const rule = route.priority === 'default' ? 'default action' : `rule ${route.priority} (${route.match})`;
  return `${route.loadBalancer.name} ${listener} ${rule}`;
}

// ------------------------------------------------------------------ Route 53 record sets

/** Records of one zone that share a name and type: a failover pair, a weighted or latency set, ... */
export interface RecordSetGroup {
  zone: HostedZone;
  name: string;
  type: string;
  records: RecordSet[];
}

/** Records grouped by zone, name and type, in stable order (zone id, name, type). */
export function recordSetGroups(inv: Inventory): RecordSetGroup[] {
  const out: RecordSetGroup[] = [];
  for (const zone of [...inv.route53.hostedZones].sort((a, b) => a.id.localeCompare(b.id))) {
    const byKey = new Map<string, RecordSetGroup>();
    for (const record of zone.records) {
      const key = `${normalizeDnsName(record.name)}|${record.type}`;
      const g = byKey.get(key) ?? { zone, name: record.name, type: record.type, records: [] };
      g.records.push(record);
      byKey.set(key, g);
    }
    out.push(...[...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g));
  }
  return out;
}

/** The failover partner of a record: the other half (PRIMARY ↔ SECONDARY) with the same name and type. */
export function failoverPartner(zone: HostedZone, record: RecordSet): RecordSet | undefined {
  if (record.routingPolicy !== 'failover' || !record.failover) return undefined;
  const want = record.failover === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY';
  return zone.records.find(
    (r) =>
      r.routingPolicy === 'failover' &&
      r.failover === want &&
      r.type === record.type &&
      normalizeDnsName(r.name) === normalizeDnsName(record.name),
  );
}

/** The DNS name a record sends clients to: its alias target, or the value of a CNAME. */
export function recordTargetName(record: RecordSet): string | undefined {
  if (record.aliasTarget) return record.aliasTarget.dnsName;
  if (record.type === 'CNAME' && record.values.length > 0) return record.values[0];
  return undefined;
}

/** The load balancer (and its region) a record points at, by alias or CNAME; undefined otherwise. */
export function recordLoadBalancer(
  inv: Inventory,
  record: RecordSet,
): { region: string; lb: LoadBalancer } | undefined {
  const name = recordTargetName(record);
  return name ? findLoadBalancerByDnsName(inv, name) : undefined;
}

/** Region an ELB DNS name belongs to (name-123.us-east-1.elb.amazonaws.com, internal-x.elb.us-east-1...). */
function regionOfElbName(name: string): string | undefined {
  const m =
    /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com$|\.elb\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$/.exec(
      normalizeDnsName(name),
    );
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The region a record's answers are served from: a latency record's region, else the region of the
 * load balancer it points at (found in the inventory, or read from an ELB DNS name). Undefined when
 * nothing says (plain IP answers, other CNAME targets).
 */
export function recordRegion(inv: Inventory, record: RecordSet): string | undefined {
  if (record.region) return record.region;
  const lb = recordLoadBalancer(inv, record);
  if (lb) return lb.region;
  const name = recordTargetName(record);
  return name ? regionOfElbName(name) : undefined;
}

/** Every region's inventory with the routes of its load balancers, for scans over all routes. */
export function allRoutes(inv: Inventory): Route[] {
  return regionsOf(inv).flatMap(([region, r]) =>
    r.loadBalancers.flatMap((lb) => loadBalancerRoutes(r, region, lb)),
  );
}

/** The routes (forwarding ones) a record's load balancer serves it through; [] when it has none. */
export function recordRoutes(inv: Inventory, record: RecordSet): Route[] {
  const target = recordLoadBalancer(inv, record);
  if (!target) return [];
  return forwardingRoutes(inv.regions[target.region]!, target.region, target.lb);
}
