/**
 * CloudWatch reads. Replication-lag series: AuroraGlobalDBReplicationLag + AuroraGlobalDBRPOLag for each global
 * secondary cluster (in ITS region, dimension DBClusterIdentifier) and ReplicaLag for each RDS read
 * replica, all of a region's series in one batched GetMetricData (paged by the SDK paginator). And the
 * capacity-demand history of Auto Scaling groups (collectDemand, below).
 */
import {
  paginateDescribeAlarms,
  paginateGetMetricData,
  type MetricAlarm,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { Alarm, AlarmMetric, DemandSeries, MetricSeries } from '../../inventory/schema.js';
import { allPages, attempt, clampPage, type CollectContext } from './context.js';

export interface LagRequest {
  metric: MetricSeries['metric'];
  dimensions: Record<string, string>;
  unit: MetricSeries['unit'];
}

export const LAG_PERIOD_SECONDS = 60;
export const LAG_STAT = 'Maximum';
const MAX_QUERIES = 500; // GetMetricData limit per request

/**
 * The period of the replication-lag history (the readiness report's p50/p99/max and chart): 5-minute
 * maxima, coarser for long windows so a series keeps at most about 1,500 points (14 days: 15 minutes).
 */
export function lagHistoryPeriod(window: { start: Date; end: Date }): number {
  const seconds = (window.end.getTime() - window.start.getTime()) / 1000;
  return Math.max(300, Math.ceil(seconds / 1440 / 300) * 300);
}

export async function collectLag(
  ctx: CollectContext,
  region: string,
  requests: LagRequest[],
  window: { start: Date; end: Date },
  periodSeconds = LAG_PERIOD_SECONDS,
): Promise<MetricSeries[]> {
  if (requests.length === 0) return [];
  const cw = ctx.clients.cloudwatch(region);
  const series: MetricSeries[] = requests.map((r) => ({
    namespace: 'AWS/RDS',
    metric: r.metric,
    dimensions: r.dimensions,
    unit: r.unit,
    periodSeconds,
    stat: LAG_STAT,
    startTime: window.start.toISOString(),
    endTime: window.end.toISOString(),
    points: [],
  }));
  const batches: number[][] = [];
  for (let i = 0; i < requests.length; i += MAX_QUERIES)
    batches.push(requests.slice(i, i + MAX_QUERIES).map((_, j) => i + j));

  const ok = await attempt(ctx, 'cloudwatch', region, 'GetMetricData', async () => {
    for (const batch of batches) {
      const queries: MetricDataQuery[] = batch.map((idx) => ({
        Id: `m${idx}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/RDS',
            MetricName: requests[idx]!.metric,
            Dimensions: Object.entries(requests[idx]!.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: periodSeconds,
          Stat: LAG_STAT,
        },
      }));
      const pages = paginateGetMetricData(
        { client: cw },
        {
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: queries,
        },
      );
      for await (const page of pages) {
        for (const r of page.MetricDataResults ?? []) {
          const idx = Number(r.Id?.slice(1));
          const s = series[idx];
          if (!s) continue;
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          for (let k = 0; k < Math.min(ts.length, vs.length); k++)
            s.points.push({ t: new Date(ts[k]!).toISOString(), v: vs[k]! });
        }
      }
    }
    return series;
  });
  if (!ok) return [];
  for (const s of series) s.points.sort((a, b) => a.t.localeCompare(b.t));
  return series;
}

// ---------------------------------------------------------------- capacity demand history

export const DEMAND_PERIOD_SECONDS = 3600;
export { DEFAULT_HISTORY_DAYS } from './defaults.js';

/** The two hourly series that measure an Auto Scaling group's demand (see DemandSeriesSchema). */
export function demandQueries(
  asgName: string,
): Array<Omit<DemandSeries, 'startTime' | 'endTime' | 'points'>> {
  const dimensions = { AutoScalingGroupName: asgName };
  return [
    {
      namespace: 'AWS/EC2',
      metric: 'CPUUtilization',
      dimensions,
      unit: 'Percent',
      periodSeconds: DEMAND_PERIOD_SECONDS,
      stat: 'Average',
    },
    {
      namespace: 'AWS/AutoScaling',
      metric: 'GroupInServiceInstances',
      dimensions,
      unit: 'Count',
      periodSeconds: DEMAND_PERIOD_SECONDS,
      stat: 'Average',
    },
  ];
}

/**
 * Hourly CPU and in-service history of the region's Auto Scaling groups over the window, in batched
 * GetMetricData calls (paged by the SDK paginator). Series with no data point are dropped (a group
 * without group metrics collection has no GroupInServiceInstances). A failure is recorded in the
 * ledger and gives no series: demand then falls back to the next source, which says why.
 */
export async function collectDemand(
  ctx: CollectContext,
  region: string,
  asgNames: string[],
  window: { start: Date; end: Date },
): Promise<DemandSeries[]> {
  if (asgNames.length === 0) return [];
  const cw = ctx.clients.cloudwatch(region);
  const series: DemandSeries[] = asgNames.flatMap((name) =>
    demandQueries(name).map((q) => ({
      ...q,
      startTime: window.start.toISOString(),
      endTime: window.end.toISOString(),
      points: [],
    })),
  );
  const ok = await attempt(ctx, 'cloudwatch', region, 'GetMetricData', async () => {
    for (let i = 0; i < series.length; i += MAX_QUERIES) {
      const queries: MetricDataQuery[] = series.slice(i, i + MAX_QUERIES).map((s, j) => ({
        Id: `d${i + j}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: s.namespace,
            MetricName: s.metric,
            Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: s.periodSeconds,
          Stat: s.stat,
        },
      }));
      const pages = paginateGetMetricData(
        { client: cw },
        {
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: queries,
        },
      );
      for await (const page of pages) {
        for (const r of page.MetricDataResults ?? []) {
          const s = series[Number(r.Id?.slice(1))];
          if (!s) continue;
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          for (let k = 0; k < Math.min(ts.length, vs.length); k++)
            s.points.push({ t: new Date(ts[k]!).toISOString(), v: vs[k]! });
        }
      }
    }
    return series;
  });
  if (!ok) return [];
  for (const s of series) s.points.sort((a, b) => a.t.localeCompare(b.t));
  return series.filter((s) => s.points.length > 0);
}

// ---------------------------------------------------------------- alarms

function dims(list: Array<{ Name?: string | undefined; Value?: string | undefined }> | undefined) {
  const out: Record<string, string> = {};
  for (const d of list ?? []) if (d.Name) out[d.Name] = d.Value ?? '';
  return out;
}

/** A metric alarm as the inventory holds it: its metric, or every metric its math reads. */
export function mapAlarm(a: MetricAlarm): Alarm {
  const metrics: AlarmMetric[] = [];
  if (a.MetricName)
    metrics.push({
      namespace: a.Namespace ?? 'unknown',
      metricName: a.MetricName,
      dimensions: dims(a.Dimensions),
    });
  for (const q of a.Metrics ?? []) {
    const m = q.MetricStat?.Metric;
    if (m?.MetricName)
      metrics.push({
        namespace: m.Namespace ?? 'unknown',
        metricName: m.MetricName,
        dimensions: dims(m.Dimensions),
      });
  }
  return {
    name: a.AlarmName ?? 'unnamed',
    arn: a.AlarmArn ?? a.AlarmName ?? 'unnamed',
    metrics,
    ...(a.Statistic
      ? { statistic: a.Statistic }
      : a.ExtendedStatistic
        ? { statistic: a.ExtendedStatistic }
        : {}),
    ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
    ...(a.ComparisonOperator ? { comparisonOperator: a.ComparisonOperator } : {}),
    ...(a.EvaluationPeriods !== undefined ? { evaluationPeriods: a.EvaluationPeriods } : {}),
    ...(a.Period !== undefined ? { periodSeconds: a.Period } : {}),
    actionsEnabled: a.ActionsEnabled ?? true,
    alarmActions: a.AlarmActions ?? [],
    okActions: a.OKActions ?? [],
    state: a.StateValue ?? 'INSUFFICIENT_DATA',
  };
}

/** The region's metric alarms (DescribeAlarms, paged). Composite alarms are not read. */
export async function collectAlarms(ctx: CollectContext, region: string): Promise<Alarm[]> {
  const cw = ctx.clients.cloudwatch(region);
  const alarms = await attempt(ctx, 'cloudwatch', region, 'DescribeAlarms', () =>
    allPages(
      paginateDescribeAlarms(
        { client: cw, pageSize: clampPage(ctx.pageSize, 1, 100) },
        { AlarmTypes: ['MetricAlarm'] },
      ),
      (p) => p.MetricAlarms,
    ),
  );
  return (alarms ?? []).map(mapAlarm).sort((a, b) => a.name.localeCompare(b.name));
}
