/**
 * Section 3 (databases): the Aurora global database secondary the standby region promotes — its
 * instances and class against the primary writer's, its synchronisation, and its replication lag
 * (p50/p99/max) over the history window against the RPO.
 */
import { compareDbClassSize, instanceSizeRank } from '../inventory/instance-class.js';
import { roundSeconds } from '../inventory/metrics.js';
import { findDbCluster, nameFromArn, percentile } from '../inventory/query.js';
import type { DbCluster, GlobalCluster, Inventory, MetricSeries } from '../inventory/schema.js';
import type { DatabaseReadiness, LagStatsView } from './types.js';
import { collectionErrors, describeError, num, periodWords } from './util.js';

export interface LagWindowMs {
  start: number;
  end: number;
}

const LAG_METRICS = ['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag'] as const;

/** The lag series of a cluster: from the history (readiness snapshots), else the audit's short window. */
function seriesFor(
  inv: Inventory,
  region: string,
  cluster: string,
  metric: string,
): MetricSeries | undefined {
  const r = inv.regions[region];
  if (!r) return undefined;
  const match = (m: MetricSeries) => m.metric === metric && m.dimensions['DBClusterIdentifier'] === cluster;
  return r.lagHistory?.find(match) ?? r.metrics.find(match);
}

function inWindow(s: MetricSeries, w: LagWindowMs): Array<{ t: string; seconds: number }> {
  const scale = s.unit === 'Milliseconds' ? 1 / 1000 : 1;
  return s.points
    .filter((p) => {
      const t = new Date(p.t).getTime();
      return t >= w.start && t <= w.end;
    })
    .map((p) => ({ t: p.t, seconds: roundSeconds(p.v * scale) }));
}

export function lagStats(
  metric: string,
  s: MetricSeries,
  points: Array<{ t: string; seconds: number }>,
): LagStatsView | undefined {
  const values = points.map((p) => p.seconds);
  if (values.length === 0) return undefined;
  return {
    metric,
    unit: 'seconds',
    p50: roundSeconds(percentile(values, 50)!),
    p99: roundSeconds(percentile(values, 99)!),
    max: roundSeconds(Math.max(...values)),
    points: values.length,
    periodSeconds: s.periodSeconds,
    window: { start: points[0]!.t, end: points.at(-1)!.t },
  };
}

function instancesOf(c: DbCluster): string[] {
  return c.members.map((m) => m.instanceClass).filter((x): x is string => !!x);
}

function largest(classes: string[]): string | null {
  return [...classes].sort((a, b) => (instanceSizeRank(b) ?? -99) - (instanceSizeRank(a) ?? -99))[0] ?? null;
}

export function databaseReadiness(
  inv: Inventory,
  g: GlobalCluster,
  primaryRegion: string,
  standbyRegion: string,
  rpoSeconds: number,
  window: LagWindowMs,
): DatabaseReadiness | undefined {
  const writer = g.members.find((m) => m.isWriter && m.region === primaryRegion);
  const sec = g.members.find((m) => !m.isWriter && m.region === standbyRegion);
  if (!writer || !sec) return undefined;
  const pc = findDbCluster(inv, writer.clusterArn)?.cluster;
  const sc = findDbCluster(inv, sec.clusterArn)?.cluster;
  const secName = sc?.id ?? nameFromArn(sec.clusterArn);
  const writerClass = pc?.members.find((m) => m.isWriter)?.instanceClass ?? null;
  const secClasses = sc ? instancesOf(sc) : [];
  const big = largest(secClasses);
  const reasons: string[] = [];
  let status: DatabaseReadiness['status'] = 'ok';
  let classVsWriter: DatabaseReadiness['classVsWriter'];
  const secInstances = sc?.members.length ?? 0;

  if (!sc) {
    status = 'unknown';
    classVsWriter = 'unknown';
    reasons.push(`the secondary cluster ${secName} is not in the inventory (is ${standbyRegion} collected?)`);
  } else if (secInstances === 0) {
    status = 'not-ready';
    classVsWriter = 'none';
    reasons.push(
      `${secName} has no instance (headless): after promotion nothing serves writes until one is created`,
    );
  } else if (!writerClass || !big) {
    classVsWriter = 'unknown';
    status = 'at-risk';
    reasons.push('the instance classes could not be compared (not reported)');
  } else {
    const cmp = compareDbClassSize(big, writerClass).cmp;
    classVsWriter = cmp === undefined ? 'unknown' : cmp > 0 ? 'larger' : cmp === 0 ? 'same' : 'smaller';
    if (cmp === undefined) {
      status = 'at-risk';
      reasons.push(`cannot compare ${big} with the writer's ${writerClass} (e.g. serverless)`);
    } else if (cmp < 0) {
      status = 'at-risk';
      reasons.push(
        `after promotion the peak's writes land on ${big}, smaller than the primary writer's ${writerClass}`,
      );
    } else {
      reasons.push(`largest secondary instance ${big} ≥ the primary writer's ${writerClass}`);
    }
    const primaryCount = pc?.members.length ?? 0;
    if (primaryCount > secInstances)
      reasons.push(
        `${secInstances} instance${secInstances === 1 ? '' : 's'} against the primary's ${primaryCount}: the promoted cluster has no reader to fail over to within the region`,
      );
  }
  const sync = sec.synchronizationStatus ?? null;
  if (sync && sync !== 'connected') {
    status = 'not-ready';
    reasons.push(`synchronisation status ${sync}: it is not replicating`);
  }

  // Lag over the window, judged on the RPO lag (else replication lag).
  const series = LAG_METRICS.flatMap((metric) => {
    const s = seriesFor(inv, standbyRegion, secName, metric);
    return s ? [{ metric, s, points: inWindow(s, window) }] : [];
  });
  const judged = series.find((x) => x.points.length > 0);
  const lag = judged ? (lagStats(judged.metric, judged.s, judged.points) ?? null) : null;
  let lagUnknownWhy: string | null = null;
  if (!lag) {
    const errs = collectionErrors(inv, 'cloudwatch', 'GetMetricData', standbyRegion);
    lagUnknownWhy = !inv.regions[standbyRegion]
      ? `${standbyRegion} is not in the inventory`
      : errs.length
        ? describeError(errs[0]!)
        : series.length
          ? 'no lag data point in the window'
          : 'no AuroraGlobalDBRPOLag or AuroraGlobalDBReplicationLag series collected (is the metric published?)';
    if (status === 'ok') status = 'unknown';
    reasons.push(`replication lag unknown: ${lagUnknownWhy}`);
  } else {
    const over = `over ${periodWords(lag.periodSeconds, lag.points)}`;
    const line = `${lag.metric} p50 ${num(lag.p50)} s, p99 ${num(lag.p99)} s, max ${num(lag.max)} s ${over} (RPO ${rpoSeconds} s)`;
    if (lag.p99 > rpoSeconds) {
      status = 'not-ready';
      reasons.push(`${line}: p99 above the RPO, a failover at a typical moment loses more than promised`);
    } else if (lag.max > rpoSeconds) {
      if (status === 'ok') status = 'at-risk';
      reasons.push(`${line}: the maximum exceeds the RPO, so a failover at the worst moment would lose more`);
    } else reasons.push(`${line}: within the RPO`);
  }

  return {
    key: `database:${g.id}:${standbyRegion}`,
    status,
    reasons,
    globalClusterId: g.id,
    primary: {
      cluster: pc?.id ?? nameFromArn(writer.clusterArn),
      region: primaryRegion,
      writerClass,
      instances: pc?.members.length ?? 0,
    },
    secondary: {
      cluster: secName,
      region: standbyRegion,
      instances: secInstances,
      classes: secClasses,
      largestClass: big,
      synchronizationStatus: sync,
    },
    classVsWriter,
    rpoSeconds,
    lag,
    series: series.map((x) => ({ metric: x.metric, points: x.points })),
    lagUnknownWhy,
  };
}
