import { defineCheck, fail, pass, warn } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { eachRecord, healthCheckById, ref, regionFromArn } from '../../inventory/query.js';
import type { HealthCheck, Inventory } from '../../inventory/schema.js';
import { sortedUnique } from '../../util/collections.js';

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

export default defineCheck({
  id: 'dr.rto-budget',
  title: 'The failover time budget fits the RTO',
  category: 'dr',
  severity: 'high',
  rationale:
    'A region failover takes, at least: the time Route 53 health checks need to call the primary unhealthy (request interval × ' +
    'failure threshold), the DNS TTL clients keep the old answer, the time for a DNS change to propagate (INSYNC typically ≤ 60 s), ' +
    'and the database promotion (an Aurora global switchover or failover: measured at 1 to 8 minutes). If their sum exceeds the RTO ' +
    'you promised, the plan cannot meet it even when everything works.',
  remediation: {
    text: "Shorten the slow terms: 10 s request interval and failure threshold 2–3 on the primary's health check, TTL ≤ 60 s, and rehearse the database switchover to measure its real time (then set dbPromotionSeconds).",
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
    warnFraction: 0.8,
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    rtoSeconds: 'Recovery time objective, in seconds (global setting).',
    dbPromotionSeconds:
      "Estimated database promotion time, in seconds (measured Aurora switchovers take 1–8 min: use your drill's number).",
    dnsPropagationSeconds:
      'Time for a Route 53 change to reach its name servers, in seconds (INSYNC typically ≤ 60 s).',
    warnFraction: 'Warn when the budget exceeds this fraction of the RTO (0–1).',
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
  ],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) return drRegionsUnknown(inv, regions, t);
    const { primary, standby } = regions;
    const failover = eachRecord(inv).filter(({ record }) => record.routingPolicy === 'failover');

    // Detection: the slowest health check behind a PRIMARY failover record.
    const hcIds = sortedUnique(
      failover
        .filter(({ record }) => record.failover === 'PRIMARY')
        .map(({ record }) => record.healthCheckId)
        .filter((id): id is string => id !== undefined),
    );
    const perCheck: Record<string, number | null> = {};
    for (const id of hcIds) {
      const hc = healthCheckById(inv, id);
      perCheck[id] = hc ? (detectionSeconds(inv, hc) ?? null) : null;
    }
    const detection = Math.max(0, ...Object.values(perCheck).filter((s): s is number => s !== null));

    // TTL: the longest TTL among failover records (alias records: the ELB's 60 s).
    const ttl = Math.max(
      0,
      ...failover.map(({ record }) => (record.aliasTarget ? ALIAS_TTL_SECONDS : (record.ttl ?? 0))),
    );

    // Promotion: only when there is a database to promote into the standby region.
    const globalPair = inv.globalClusters.some(
      (g) => g.members.some((m) => m.region === primary) && g.members.some((m) => m.region === standby),
    );
    const crossRegionReplica = inv.regions[standby]!.dbInstances.some(
      (d) => d.readReplicaSourceId !== undefined && regionFromArn(d.readReplicaSourceId) === primary,
    );
    const promotion = globalPair || crossRegionReplica ? t.dbPromotionSeconds : 0;
    const propagation = t.dnsPropagationSeconds;

    const budget = detection + ttl + propagation + promotion;
    const warnAt = Math.round(t.rtoSeconds * t.warnFraction);
    const notes: string[] = [];
    if (failover.length === 0)
      notes.push('no Route 53 failover records: DNS cutover is manual and its decision time is not counted');
    const unmeasured = Object.entries(perCheck)
      .filter(([, s]) => s === null)
      .map(([id]) => id);
    if (unmeasured.length)
      notes.push(
        `detection time of ${unmeasured.join(', ')} unknown (alarm-driven, or deleted) and not counted`,
      );
    if (promotion === 0)
      notes.push(`no database replicated from ${primary} to ${standby}: no promotion counted`);
    const evidence = {
      ...drEvidence(regions),
      detectionSeconds: detection,
      ttlSeconds: ttl,
      dnsPropagationSeconds: propagation,
      dbPromotionSeconds: promotion,
      budgetSeconds: budget,
      rtoSeconds: t.rtoSeconds,
      warnAtSeconds: warnAt,
      healthCheckDetectionSeconds: perCheck,
      failoverRecords: failover.length,
      notes,
    };
    const terms = `${detection} s detection + ${ttl} s TTL + ${propagation} s propagation + ${promotion} s promotion = ${budget} s`;
    const head = `Failover ${primary} → ${standby}: `;
    const tail = notes.length ? ` (${notes.join('; ')})` : '';
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
