import { nMinusOneRegion, type CapacityModel } from '../../capacity/index.js';
import { healthCheckById, ref, regionFromArn } from '../../inventory/query.js';
import type { HealthCheck, Inventory, RecordSet } from '../../inventory/schema.js';
import {
  forwardingRoutes,
  recordLoadBalancer,
  recordSetGroups,
  type RecordSetGroup,
} from '../../inventory/traffic.js';
import { capacityModelFor } from '../capacity.js';
import { defineCheck, fail, pass, warn } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';

interface Path {
  record: string;
  zone: string | null;
  detectionSeconds: number;
  detectedBy: string;
  ttlSeconds: number;
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
    const loss = nMinusOneRegion(pair.primary, pair.standby);
    if (loss.verdict === 'ready') continue;
    tiers.push(`${pair.standby.name} (${loss.verdict}, ${pair.primary.demand.source} demand)`);
    if (loss.verdict === 'too-small' || (loss.verdict === 'empty' && loss.standbyMaxUnits < loss.needed))
      notes.push(
        `${pair.standby.name} cannot reach its primary's demand even at MaxSize (see dr.standby-capacity)`,
      );
  }
  return { seconds: tiers.length ? scaleOutSeconds : 0, tiers };
}

export default defineCheck({
  id: 'dr.rto-budget',
  title: 'The failover time budget fits the RTO',
  category: 'dr',
  severity: 'high',
  rationale:
    'A region failover takes, at least: the time Route 53 health checks need to call the primary unhealthy (request interval × ' +
    'failure threshold), the DNS TTL clients keep the old answer, the time for a DNS change to propagate (INSYNC typically ≤ 60 s), ' +
    'the database promotion (an Aurora global switchover or failover: measured at 1 to 8 minutes), and, when the standby tier ' +
    "serving the record runs less than its primary's demand (see dr.standby-capacity), its scale-out. The budget is computed " +
    'per failover path — each PRIMARY/SECONDARY pair with its own detection and its own TTL — and the worst path is reported ' +
    'with each term named (adding the slowest detection of one record to the longest TTL of another describes a path no record ' +
    'has). If the worst path exceeds the RTO you promised, the plan cannot meet it even when everything works.',
  remediation: {
    text: "Shorten the slow terms of the worst path: 10 s request interval and failure threshold 2–3 on the primary's health check, TTL ≤ 60 s, a warm standby that needs no scale-out, and rehearse the database switchover to measure its real time (then set dbPromotionSeconds).",
    cli:
      'aws route53 update-health-check --health-check-id <health-check-id> --failure-threshold 3\n' +
      '# the request interval cannot be changed: create a new health check with --health-check-config RequestInterval=10',
    terraform:
      'resource "aws_route53_health_check" "primary" {\n  type              = "HTTPS"\n  fqdn              = "app.example.com"\n' +
      '  resource_path     = "/health"\n  request_interval  = 10\n  failure_threshold = 3\n}',
  },
  thresholds: {
    rtoSeconds: 900,
    dbPromotionSeconds: 300,
    dnsPropagationSeconds: 60,
    scaleOutSeconds: 300,
    warnFraction: 0.8,
    peakFactor: null as number | null,
    safeUtilizationPercent: 80,
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    rtoSeconds: 'Recovery time objective, in seconds (global setting).',
    dbPromotionSeconds:
      "Estimated database promotion time, in seconds (measured Aurora switchovers take 1–8 min: use your drill's number).",
    dnsPropagationSeconds:
      'Time for a Route 53 change to reach its name servers, in seconds (INSYNC typically ≤ 60 s).',
    scaleOutSeconds:
      'Time for a standby tier that must scale out to launch instances and pass its health checks, in seconds (counted on a path whose standby tier runs less than its primary’s demand).',
    warnFraction: 'Warn when the budget exceeds this fraction of the RTO (0–1).',
    peakFactor:
      "A declared peak for every primary tier (global setting); unset: the capacity model's demand.",
    safeUtilizationPercent: 'Highest utilisation the standby vCPUs may run at, in percent (global setting).',
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source:
    'Route 53 docs (request interval, failure threshold); REFERENCE §2.1 (switchover measured ~1–8 min) and §2.4 (INSYNC ≤ 60 s); R53-003/R53-004',
  requires: [
    'route53:ListHostedZones',
    'route53:ListResourceRecordSets',
    'route53:ListHealthChecks',
    'rds:DescribeGlobalClusters',
    'rds:DescribeDBInstances',
    'autoscaling:DescribeAutoScalingGroups',
  ],
  evaluate: (inv, t, ctx) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) return drRegionsUnknown(inv, regions, t);
    const { primary, standby } = regions;
    const model = capacityModelFor(inv, t, ctx);

    // Promotion: only when there is a database to promote into the standby region.
    const globalPair = inv.globalClusters.some(
      (g) => g.members.some((m) => m.region === primary) && g.members.some((m) => m.region === standby),
    );
    const crossRegionReplica = inv.regions[standby]!.dbInstances.some(
      (d) => d.readReplicaSourceId !== undefined && regionFromArn(d.readReplicaSourceId) === primary,
    );
    const promotion = globalPair || crossRegionReplica ? t.dbPromotionSeconds : 0;
    const propagation = t.dnsPropagationSeconds;

    // One path per failover pair: its own detection, its own TTL, and the scale-out of the standby
    // tiers that serve its SECONDARY when they must scale.
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
      const scale = pathScaleOut(inv, model, s, t.scaleOutSeconds, notes);
      const budget = (d.seconds ?? 0) + ttl + propagation + promotion + scale.seconds;
      return {
        record: `${g.name} ${g.type}`,
        zone: g.zone.name,
        detectionSeconds: d.seconds ?? 0,
        detectedBy: d.by,
        ttlSeconds: ttl,
        dnsPropagationSeconds: propagation,
        dbPromotionSeconds: promotion,
        scaleOutSeconds: scale.seconds,
        scaleOutTiers: scale.tiers,
        budgetSeconds: budget,
        notes,
      };
    });
    const notes: string[] = [];
    if (paths.length === 0) {
      notes.push('no Route 53 failover pair: DNS cutover is manual and its decision time is not counted');
      paths.push({
        record: '(no failover record)',
        zone: null,
        detectionSeconds: 0,
        detectedBy: 'none',
        ttlSeconds: 0,
        dnsPropagationSeconds: propagation,
        dbPromotionSeconds: promotion,
        scaleOutSeconds: 0,
        scaleOutTiers: [],
        budgetSeconds: propagation + promotion,
        notes: [],
      });
    }
    if (promotion === 0)
      notes.push(`no database replicated from ${primary} to ${standby}: no promotion counted`);
    const worst = [...paths].sort(
      (a, b) => b.budgetSeconds - a.budgetSeconds || a.record.localeCompare(b.record),
    )[0]!;
    const budget = worst.budgetSeconds;
    const warnAt = Math.round(t.rtoSeconds * t.warnFraction);
    const allNotes = [...worst.notes, ...notes];
    const evidence = {
      ...drEvidence(regions),
      worstPath: worst.record,
      detectionSeconds: worst.detectionSeconds,
      detectedBy: worst.detectedBy,
      ttlSeconds: worst.ttlSeconds,
      dnsPropagationSeconds: propagation,
      dbPromotionSeconds: promotion,
      scaleOutSeconds: worst.scaleOutSeconds,
      budgetSeconds: budget,
      rtoSeconds: t.rtoSeconds,
      warnAtSeconds: warnAt,
      healthCheckDetectionSeconds: perCheck,
      paths,
      failoverPairs: pairs.length,
      notes: allNotes,
    };
    const terms =
      `${worst.detectionSeconds} s detection (${worst.detectedBy}) + ${worst.ttlSeconds} s TTL + ${propagation} s propagation + ` +
      `${promotion} s promotion + ${worst.scaleOutSeconds} s scale-out = ${budget} s`;
    const head = `Failover ${primary} → ${standby}, ${pairs.length > 1 ? `worst of ${pairs.length} paths` : 'path'} ${worst.record}: `;
    const tail = allNotes.length ? ` (${allNotes.join('; ')})` : '';
    const resource = ref.account(inv);
    if (budget > t.rtoSeconds) {
      return [
        fail(
          resource,
          `${head}${terms} > ${t.rtoSeconds} s RTO, ${budget - t.rtoSeconds} s over${tail}`,
          evidence,
        ),
      ];
    }
    if (budget > warnAt) {
      return [
        warn(
          resource,
          `${head}${terms} ≤ ${t.rtoSeconds} s RTO, but above ${Math.round(t.warnFraction * 100)}% of it (${warnAt} s): little margin${tail}`,
          evidence,
        ),
      ];
    }
    return [pass(resource, `${head}${terms} ≤ ${t.rtoSeconds} s RTO${tail}`, evidence)];
  },
});
