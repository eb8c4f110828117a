/**
 * Pairing each primary tier with its standby counterpart, in order of trust:
 *   1. explicit config (`tiers:` in .resil.yml);
 *   2. a shared tag (the first key of `tierTagKeys` whose value is held by exactly one unpaired tier
 *      on each side);
 *   3. the traffic: a Route 53 record set with members in both regions → each member's load balancer
 *      → the listener rules with the same host/path match on both sides → their target groups → the
 *      one tier each side serves through them.
 * A primary tier none of these pairs is reported unpaired.
 */
import type { Inventory } from '../inventory/schema.js';
import { forwardingRoutes, recordLoadBalancer, recordSetGroups, type Route } from '../inventory/traffic.js';
import type { Tier, TierPair, TierSpec } from './types.js';

/**
 * Finds a tier by the name a `tiers:` entry uses: a group name, else an ECS service name (or
 * cluster/service), else a target group name.
 */
export function tierByName(tiers: Tier[], region: string, name: string): Tier | undefined {
  const inRegion = tiers.filter((t) => t.region === region);
  return (
    inRegion.find((t) => t.kind === 'asg' && t.name === name) ??
    inRegion.find(
      (t) => t.kind === 'ecs-service' && (t.name === name || `${t.ecs?.clusterName}/${t.name}` === name),
    ) ??
    inRegion.find((t) => t.kind === 'instances' && t.name === name) ??
    // A target group fed by a group or a service: name that tier through it.
    inRegion.find((t) => t.kind !== 'instances' && t.targetGroups.some((tg) => tg.name === name))
  );
}

/** The tiers a route serves: those whose target groups it forwards to. */
function tiersOfRoute(tiers: Tier[], route: Route): Tier[] {
  const arns = new Set(route.targetGroups.map((tg) => tg.arn));
  return tiers.filter((t) => t.region === route.region && t.targetGroups.some((tg) => arns.has(tg.arn)));
}

export interface PairingInput {
  inv: Inventory;
  primary: string;
  standby: string;
  /** Primary tiers to pair (those that serve). */
  primaryTiers: Tier[];
  /** Every tier of the standby region. */
  standbyTiers: Tier[];
  specs: Record<string, TierSpec>;
  tagKeys: string[];
}

export function pairTiers(p: PairingInput): { pairs: TierPair[]; problems: string[] } {
  const problems: string[] = [];
  const result = new Map<string, TierPair>();
  const takenStandby = new Set<string>();
  const done = (t: Tier) => result.has(t.id);

  // 1. Explicit config.
  for (const [name, spec] of Object.entries(p.specs).sort(([a], [b]) => a.localeCompare(b))) {
    if (!spec.primary) continue;
    const primary = tierByName(p.primaryTiers, p.primary, spec.primary);
    if (!primary) {
      problems.push(
        `tiers.${name}.primary: no Auto Scaling group, ECS service or target group ${spec.primary} in ${p.primary}`,
      );
      continue;
    }
    if (spec.standby === null) {
      result.set(primary.id, { primary, unpairedWhy: `tiers.${name}.standby is none` });
      continue;
    }
    if (spec.standby === undefined) continue;
    const standby = tierByName(p.standbyTiers, p.standby, spec.standby);
    if (!standby) {
      problems.push(
        `tiers.${name}.standby: no Auto Scaling group, ECS service or target group ${spec.standby} in ${p.standby}`,
      );
      result.set(primary.id, {
        primary,
        unpairedWhy: `tiers.${name}.standby names ${spec.standby}, which is not in ${p.standby}`,
      });
      continue;
    }
    result.set(primary.id, { primary, standby, pairedBy: `config tiers.${name}` });
    takenStandby.add(standby.id);
  }

  // 2. A shared tag, one key at a time: a value held by exactly one unpaired tier on each side.
  for (const key of p.tagKeys) {
    const byValue = new Map<string, { primaries: Tier[]; standbys: Tier[] }>();
    const slot = (v: string) => byValue.get(v) ?? byValue.set(v, { primaries: [], standbys: [] }).get(v)!;
    for (const t of p.primaryTiers)
      if (!done(t) && t.tags[key] !== undefined) slot(t.tags[key]!).primaries.push(t);
    for (const t of p.standbyTiers)
      if (!takenStandby.has(t.id) && t.tags[key] !== undefined) slot(t.tags[key]!).standbys.push(t);
    for (const [value, { primaries, standbys }] of byValue) {
      if (primaries.length !== 1 || standbys.length !== 1) continue;
      result.set(primaries[0]!.id, {
        primary: primaries[0]!,
        standby: standbys[0]!,
        pairedBy: `tag ${key}=${value}`,
      });
      takenStandby.add(standbys[0]!.id);
    }
  }

  // 3. The traffic: record sets that span both regions.
  for (const group of recordSetGroups(p.inv)) {
    const sides = { primary: [] as Route[], standby: [] as Route[] };
    for (const record of group.records) {
      const lb = recordLoadBalancer(p.inv, record);
      if (!lb) continue;
      const routes = forwardingRoutes(p.inv.regions[lb.region]!, lb.region, lb.lb);
      if (lb.region === p.primary) sides.primary.push(...routes);
      else if (lb.region === p.standby) sides.standby.push(...routes);
    }
    if (sides.primary.length === 0 || sides.standby.length === 0) continue;
    const matches = new Set(sides.primary.map((r) => r.match));
    for (const match of [...matches].sort()) {
      const pr = sides.primary.filter((r) => r.match === match || r.match === '*');
      const sr = sides.standby.filter((r) => r.match === match || r.match === '*');
      const pt = [...new Set(pr.flatMap((r) => tiersOfRoute(p.primaryTiers, r)))].filter((t) => !done(t));
      const st = [...new Set(sr.flatMap((r) => tiersOfRoute(p.standbyTiers, r)))].filter(
        (t) => !takenStandby.has(t.id),
      );
      if (pt.length !== 1 || st.length !== 1) continue;
      result.set(pt[0]!.id, {
        primary: pt[0]!,
        standby: st[0]!,
        pairedBy: `traffic ${group.name} ${group.type} → ${match === '*' ? 'load balancer' : match}`,
      });
      takenStandby.add(st[0]!.id);
    }
  }

  const pairs = p.primaryTiers.map(
    (t) =>
      result.get(t.id) ?? {
        primary: t,
        unpairedWhy: 'no tiers: entry, shared tag or shared traffic pairs it',
      },
  );
  return { pairs, problems };
}
