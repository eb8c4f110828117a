/**
 * Section 6: the failover time budget against the RTO, per failover path, as a waterfall: detection,
 * TTL, DNS propagation, database promotion (measured from earlier runbook journals on this machine
 * when there are some, otherwise the documented estimate, marked so) and the standby's scale-out.
 */
import type { CapacityModel, Tier } from '../capacity/index.js';
import { failoverPaths } from '../checks/failover-paths.js';
import type { Inventory } from '../inventory/schema.js';
import type { DrillMeasurement } from './drills.js';
import type { FailoverPath, FailoverTerm, PromotionEvidence } from './types.js';
import { forecastDemand } from './util.js';

export interface FailoverSettings {
  rtoSeconds: number;
  warnFraction: number;
  dnsPropagationSeconds: number;
  scaleOutSeconds: number;
  /** The documented estimate, used when no journal measured a promotion. */
  dbPromotionSeconds: number;
  peakFactor: number;
  /** At most this many recent runs are considered. */
  recentRuns?: number;
}

/**
 * The promotion term: the slowest of the recent completed failover runs of the global cluster on this
 * machine (measured), else the estimate; 0 when nothing replicates to the standby region.
 */
export function promotionEvidence(
  globalClusterId: string | undefined,
  replicated: boolean,
  drills: DrillMeasurement[],
  s: Pick<FailoverSettings, 'dbPromotionSeconds' | 'recentRuns'>,
): PromotionEvidence {
  if (!replicated)
    return {
      seconds: 0,
      source: 'none',
      basis: 'no database replicated to the standby region: nothing to promote',
      runs: [],
    };
  const mine = drills
    .filter((d) => !globalClusterId || d.globalClusterId === null || d.globalClusterId === globalClusterId)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, s.recentRuns ?? 5);
  const runs = mine.map((d) => ({
    runId: d.runId,
    startedAt: d.startedAt,
    seconds: d.seconds,
    kind: d.kind,
  }));
  if (mine.length > 0) {
    const slowest = [...mine].sort((a, b) => b.seconds - a.seconds)[0]!;
    return {
      seconds: slowest.seconds,
      source: 'measured',
      basis:
        `measured: the slowest of ${mine.length} completed resil failover run${mine.length === 1 ? '' : 's'}` +
        `${globalClusterId ? ` of ${globalClusterId}` : ''} on this machine (${slowest.kind} in run ${slowest.runId}, ${slowest.startedAt.slice(0, 10)})`,
      runs,
    };
  }
  return {
    seconds: s.dbPromotionSeconds,
    source: 'estimate',
    basis:
      `estimate: dbPromotionSeconds ${s.dbPromotionSeconds} s (public reports of Aurora global switchovers and failovers range from about 1 to 8 minutes); ` +
      `no completed resil failover run${globalClusterId ? ` of ${globalClusterId}` : ''} is journaled on this machine — a rehearsal measures it`,
    runs: [],
  };
}

export function failoverSection(
  inv: Inventory,
  model: CapacityModel,
  promotion: PromotionEvidence,
  s: FailoverSettings,
): FailoverPath[] {
  const found = failoverPaths(inv, model, {
    dnsPropagationSeconds: s.dnsPropagationSeconds,
    scaleOutSeconds: s.scaleOutSeconds,
    dbPromotionSeconds: promotion.seconds,
    demandOf: (t: Tier) => forecastDemand(t.demand, s.peakFactor),
  });
  const warnAt = Math.round(s.rtoSeconds * s.warnFraction);
  return found.paths.map((p): FailoverPath => {
    const terms: FailoverTerm[] = [
      {
        name: 'detection',
        label: 'Detection',
        seconds: p.detectionSeconds,
        source: p.detectionKnown ? 'configured' : 'none',
        basis: p.detectionKnown
          ? `health check: ${p.detectedBy}`
          : p.detectedBy === 'none'
            ? 'nothing detects the failure: the cutover waits for a person (not counted)'
            : `detection time unknown (${p.detectedBy}): not counted`,
      },
      {
        name: 'ttl',
        label: 'DNS TTL',
        seconds: p.ttlSeconds,
        source: p.record === '(no failover record)' ? 'none' : 'configured',
        basis: p.ttlBasis,
      },
      {
        name: 'dns-propagation',
        label: 'DNS propagation',
        seconds: p.dnsPropagationSeconds,
        source: 'estimate',
        basis: `estimate: dnsPropagationSeconds ${p.dnsPropagationSeconds} s (a Route 53 change is INSYNC typically within 60 s)`,
      },
      {
        name: 'promotion',
        label: 'Database promotion',
        seconds: p.dbPromotionSeconds,
        source: promotion.source,
        basis: promotion.basis,
      },
      {
        name: 'scale-out',
        label: 'Standby scale-out',
        seconds: p.scaleOutSeconds,
        source: p.scaleOutSeconds > 0 ? 'estimate' : 'none',
        basis:
          p.scaleOutSeconds > 0
            ? `estimate: scaleOutSeconds ${p.scaleOutSeconds} s to launch and pass health checks, for ${p.scaleOutTiers.join(', ')}`
            : 'the standby tiers behind this record already carry the forecast peak',
      },
    ];
    const reasons: string[] = [];
    const total = p.budgetSeconds;
    let status: FailoverPath['status'];
    const sum = terms
      .filter((t) => t.seconds > 0)
      .map((t) => `${t.seconds} s ${t.label.toLowerCase()}`)
      .join(' + ');
    if (total > s.rtoSeconds) {
      status = 'not-ready';
      reasons.push(`${sum} = ${total} s > the ${s.rtoSeconds} s RTO, ${total - s.rtoSeconds} s over`);
    } else if (total > warnAt) {
      status = 'at-risk';
      reasons.push(
        `${sum} = ${total} s ≤ the ${s.rtoSeconds} s RTO, but above ${Math.round(s.warnFraction * 100)} % of it: little margin`,
      );
    } else {
      status = 'ok';
      reasons.push(`${sum || '0 s'} = ${total} s ≤ the ${s.rtoSeconds} s RTO`);
    }
    if (p.record === '(no failover record)') {
      if (status === 'ok') status = 'at-risk';
      reasons.push(
        'no Route 53 failover pair: the DNS cutover is manual and its decision time is not counted',
      );
    } else if (!p.detectionKnown) {
      if (status === 'ok') status = 'at-risk';
      reasons.push(terms[0]!.basis);
    }
    if (promotion.source === 'estimate') reasons.push('the promotion term is an estimate, not a measurement');
    for (const n of p.notes) if (!reasons.includes(n)) reasons.push(n);
    return {
      key: `failover:${p.record}`,
      status,
      reasons,
      record: p.record,
      zone: p.zone,
      terms,
      totalSeconds: total,
      rtoSeconds: s.rtoSeconds,
    };
  });
}
