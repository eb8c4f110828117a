/**
 * Failover paths: one per Route 53 PRIMARY/SECONDARY failover pair, with the terms of its time budget
 * (detection, TTL, DNS propagation, database promotion, standby scale-out). Pure. Used by
 * dr.rto-budget and by the readiness report's RTO waterfall.
 */
import { nMinusOneRegion, type CapacityModel, type Demand, type Tier } from '../capacity/index.js';
import { healthCheckById, regionFromArn } from '../inventory/query.js';
import type { HealthCheck, Inventory, RecordSet } from '../inventory/schema.js';
import {
  forwardingRoutes,
  recordLoadBalancer,
  recordSetGroups,
  type RecordSetGroup,
} from '../inventory/traffic.js';

export interface Path {
  record: string;
  zone: string | null;
  detectionSeconds: number;
  /** False when nothing detects the failure, or its detection time is unknown (0 is counted). */
  detectionKnown: boolean;
  detectedBy: string;
  ttlSeconds: number;
  /** Where the TTL comes from: "alias record (60 s)", "TTL 300 s on api-east". */
  ttlBasis: string;
  dnsPropagationSeconds: number;
  dbPromotionSeconds: number;
  scaleOutSeconds: number;
  scaleOutTiers: string[];
  budgetSeconds: number;
  notes: string[];
}

/** TTL Route 53 uses for an alias record to an ELB (alias records have no TTL of their own). */
const ALIAS_TTL_SECONDS = 60;

/** Seconds a health check needs to call an endpoint unhealthy; undefined for alarm-driven checks (alarm period not collected). */
function detectionSeconds(inv: Inventory, hc: HealthCheck, depth = 0): number | undefined {
  if (hc.type === 'CALCULATED') {
    if (depth > 3) return undefined;
    const child = hc.childHealthCheckIds
      .map((id) => healthCheckById(inv, id))
      .map((c) => (c ? detectionSeconds(inv, c, depth + 1) : undefined))
      .filter((s): s is number => s !== undefined);
    return child.length ? Math.max(...child) : undefined;
  }
  if (hc.type === 'CLOUDWATCH_METRIC' || hc.type === 'RECOVERY_CONTROL') return undefined;
  return hc.requestIntervalSeconds * hc.failureThreshold;
}

function ttlOf(r: RecordSet): number {
  return r.aliasTarget ? ALIAS_TTL_SECONDS : (r.ttl ?? 0);
}

/** How the path's TTL was found: the larger of the two records'. */
function ttlBasis(p: RecordSet, s: RecordSet): string {
  const r = ttlOf(p) >= ttlOf(s) ? p : s;
  const who = r.setIdentifier ?? r.failover ?? r.name;
  return r.aliasTarget
    ? `alias record ${who}: Route 53 answers with a ${ALIAS_TTL_SECONDS} s TTL`
    : `TTL ${ttlOf(r)} s on ${who}`;
}

/**
 * How long before Route 53 calls this PRIMARY unhealthy: its health check (interval × failure
 * threshold), else — an alias with evaluate-target-health — its load balancer's slowest target group
 * (interval × unhealthy threshold); otherwise nothing detects it (failover is manual).
 */
function pathDetection(
  inv: Inventory,
  p: RecordSet,
  notes: string[],
): { seconds: number | undefined; by: string } {
  if (p.healthCheckId) {
    const hc = healthCheckById(inv, p.healthCheckId);
    const seconds = hc ? detectionSeconds(inv, hc) : undefined;
    if (seconds === undefined) {
      notes.push(`detection time of ${p.healthCheckId} unknown (alarm-driven, or deleted) and not counted`);
      return { seconds: undefined, by: `${p.healthCheckId}, unknown` };
    }
    const how =
      hc!.type === 'CALCULATED'
        ? 'calculated, slowest child'
        : `${hc!.requestIntervalSeconds} s × ${hc!.failureThreshold}`;
    return { seconds, by: `${p.healthCheckId}: ${how}` };
  }
  if (p.aliasTarget?.evaluateTargetHealth) {
    const target = recordLoadBalancer(inv, p);
    const tgs = target
      ? forwardingRoutes(inv.regions[target.region]!, target.region, target.lb).flatMap((r) => r.targetGroups)
      : [];
    if (tgs.length) {
      const slowest = [...tgs].sort(
        (a, b) =>
          b.healthCheck.intervalSeconds * b.healthCheck.unhealthyThreshold -
          a.healthCheck.intervalSeconds * a.healthCheck.unhealthyThreshold,
      )[0]!;
      const seconds = slowest.healthCheck.intervalSeconds * slowest.healthCheck.unhealthyThreshold;
      return {
        seconds,
        by: `target health of ${slowest.name}: ${slowest.healthCheck.intervalSeconds} s × ${slowest.healthCheck.unhealthyThreshold}`,
      };
    }
    notes.push('evaluate-target-health on a target not in the inventory: its detection time is not counted');
    return { seconds: undefined, by: 'target health, unknown' };
  }
  notes.push(
    `the PRIMARY has no health check and no evaluate-target-health: nothing detects its failure, failover is manual`,
  );
  return { seconds: 0, by: 'none' };
}

/**
 * Scale-out time on this path: `scaleOutSeconds` when a standby tier that serves the SECONDARY must
 * scale (it runs less than its primary's demand, or nothing) before it carries the load.
 */
function pathScaleOut(
  inv: Inventory,
  model: CapacityModel,
  s: RecordSet,
  scaleOutSeconds: number,
  notes: string[],
  demandOf: (t: Tier) => Demand,
): { seconds: number; tiers: string[] } {
  const target = recordLoadBalancer(inv, s);
  if (!target) return { seconds: 0, tiers: [] };
  const arns = new Set(
    forwardingRoutes(inv.regions[target.region]!, target.region, target.lb).flatMap((r) =>
      r.targetGroups.map((tg) => tg.arn),
    ),
  );
  const tiers: string[] = [];
  for (const pair of model.pairs) {
    if (!pair.standby || !pair.standby.targetGroups.some((tg) => arns.has(tg.arn))) continue;
    const demand = demandOf(pair.primary);
    const loss = nMinusOneRegion(pair.primary, pair.standby, demand);
    if (loss.verdict === 'ready') continue;
    tiers.push(`${pair.standby.name} (${loss.verdict}, ${demand.source} demand)`);
    if (loss.verdict === 'too-small' || (loss.verdict === 'empty' && loss.standbyMaxUnits < loss.needed))
      notes.push(
        `${pair.standby.name} cannot reach its primary's demand even at MaxSize (see dr.standby-capacity)`,
      );
  }
  return { seconds: tiers.length ? scaleOutSeconds : 0, tiers };
}

export interface PathOptions {
  dnsPropagationSeconds: number;
  scaleOutSeconds: number;
  /** Promotion seconds counted on every path (0 when no database is replicated to the standby). */
  dbPromotionSeconds: number;
  /** The demand a primary tier's standby must carry (default: the tier's own demand). */
  demandOf?: (t: Tier) => Demand;
}

/** True when a database (Aurora global member, or a cross-region read replica) replicates primary → standby. */
export function databaseReplicated(inv: Inventory, primary: string, standby: string): boolean {
  const globalPair = inv.globalClusters.some(
    (g) => g.members.some((m) => m.region === primary) && g.members.some((m) => m.region === standby),
  );
  const crossRegionReplica = (inv.regions[standby]?.dbInstances ?? []).some(
    (d) => d.readReplicaSourceId !== undefined && regionFromArn(d.readReplicaSourceId) === primary,
  );
  return globalPair || crossRegionReplica;
}

/**
 * Every failover path (one per PRIMARY/SECONDARY pair), with its own detection and TTL, and the
 * scale-out of the standby tiers that serve its SECONDARY when they must scale. `pairs` is how many
 * failover pairs exist; with none, the one path is "(no failover record)" (manual cutover).
 */
export function failoverPaths(
  inv: Inventory,
  model: CapacityModel,
  o: PathOptions,
): { paths: Path[]; pairs: number; perCheck: Record<string, number | null> } {
  const demandOf = o.demandOf ?? ((t: Tier) => t.demand);
  const propagation = o.dnsPropagationSeconds;
  const promotion = o.dbPromotionSeconds;
  const pairs = recordSetGroups(inv)
    .map((g) => ({
      g,
      p: g.records.find((r) => r.routingPolicy === 'failover' && r.failover === 'PRIMARY'),
      s: g.records.find((r) => r.routingPolicy === 'failover' && r.failover === 'SECONDARY'),
    }))
    .filter((x): x is { g: RecordSetGroup; p: RecordSet; s: RecordSet } => !!x.p && !!x.s);
  const perCheck: Record<string, number | null> = {};
  const paths: Path[] = pairs.map(({ g, p, s }) => {
    const notes: string[] = [];
    const d = pathDetection(inv, p, notes);
    if (p.healthCheckId) perCheck[p.healthCheckId] = d.seconds ?? null;
    const ttl = Math.max(ttlOf(p), ttlOf(s));
    const scale = pathScaleOut(inv, model, s, o.scaleOutSeconds, notes, demandOf);
    const budget = (d.seconds ?? 0) + ttl + propagation + promotion + scale.seconds;
    return {
      record: `${g.name} ${g.type}`,
      zone: g.zone.name,
      detectionSeconds: d.seconds ?? 0,
      detectionKnown: d.seconds !== undefined,
      detectedBy: d.by,
      ttlSeconds: ttl,
      ttlBasis: ttlBasis(p, s),
      dnsPropagationSeconds: propagation,
      dbPromotionSeconds: promotion,
      scaleOutSeconds: scale.seconds,
      scaleOutTiers: scale.tiers,
      budgetSeconds: budget,
      notes,
    };
  });
  if (paths.length === 0) {
    paths.push({
      record: '(no failover record)',
      zone: null,
      detectionSeconds: 0,
      detectionKnown: false,
      detectedBy: 'none',
      ttlSeconds: 0,
      ttlBasis: 'no failover record',
      dnsPropagationSeconds: propagation,
      dbPromotionSeconds: promotion,
      scaleOutSeconds: 0,
      scaleOutTiers: [],
      budgetSeconds: propagation + promotion,
      notes: [],
    });
  }
  return { paths, pairs: pairs.length, perCheck };
}
