/**
 * Replication-lag series: AuroraGlobalDBReplicationLag + AuroraGlobalDBRPOLag for each global
 * secondary cluster (in ITS region, dimension DBClusterIdentifier) and ReplicaLag for each RDS read
 * replica, all of a region's series in one batched GetMetricData (paged by the SDK paginator).
 */
import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricSeries } from '../../inventory/schema.js';
import { attempt, type CollectContext } from './context.js';

export interface LagRequest {
  metric: MetricSeries['metric'];
  dimensions: Record<string, string>;
  unit: MetricSeries['unit'];
}

export const LAG_PERIOD_SECONDS = 60;
export const LAG_STAT = 'Maximum';
const MAX_QUERIES = 500; // GetMetricData limit per request

export async function collectLag(
  ctx: CollectContext,
  region: string,
  requests: LagRequest[],
  window: { start: Date; end: Date },
): Promise<MetricSeries[]> {
  if (requests.length === 0) return [];
  const cw = ctx.clients.cloudwatch(region);
  const series: MetricSeries[] = requests.map((r) => ({
    namespace: 'AWS/RDS',
    metric: r.metric,
    dimensions: r.dimensions,
    unit: r.unit,
    periodSeconds: LAG_PERIOD_SECONDS,
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
          Period: LAG_PERIOD_SECONDS,
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
