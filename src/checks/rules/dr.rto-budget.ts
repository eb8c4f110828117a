import { ref } from '../../inventory/query.js';
import { capacityModelFor } from '../capacity.js';
import { databaseReplicated, failoverPaths, type Path } from '../failover-paths.js';
import { defineCheck, fail, pass, warn } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';

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
    const promotion = databaseReplicated(inv, primary, standby) ? t.dbPromotionSeconds : 0;
    const propagation = t.dnsPropagationSeconds;
    const found = failoverPaths(inv, model, {
      dnsPropagationSeconds: propagation,
      scaleOutSeconds: t.scaleOutSeconds,
      dbPromotionSeconds: promotion,
    });
    const paths: Path[] = found.paths;
    const perCheck = found.perCheck;
    const pairCount = found.pairs;
    const notes: string[] = [];
    if (found.pairs === 0)
      notes.push('no Route 53 failover pair: DNS cutover is manual and its decision time is not counted');
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
      failoverPairs: pairCount,
      notes: allNotes,
    };
    const terms =
      `${worst.detectionSeconds} s detection (${worst.detectedBy}) + ${worst.ttlSeconds} s TTL + ${propagation} s propagation + ` +
      `${promotion} s promotion + ${worst.scaleOutSeconds} s scale-out = ${budget} s`;
    const head = `Failover ${primary} → ${standby}, ${pairCount > 1 ? `worst of ${pairCount} paths` : 'path'} ${worst.record}: `;
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
