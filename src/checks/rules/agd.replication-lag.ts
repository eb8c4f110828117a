import { defineCheck, fail, pass, skipped, warn, type ResourceRef } from '../define.js';
import { lagStats, lagWindow, type LagStats } from '../../inventory/metrics.js';
import { findDbCluster, findSeries, nameFromArn, ref, regionFromArn } from '../../inventory/query.js';

interface Secondary {
  cluster: string;
  region: string;
  resource: ResourceRef;
  rpo?: LagStats;
  replication?: LagStats;
}

const fmt = (s: number): string => `${s} s`;

export default defineCheck({
  id: 'agd.replication-lag',
  title: 'Aurora global database secondaries replicate within the RPO',
  category: 'replication',
  severity: 'high',
  rationale:
    'In an unplanned failover, whatever a secondary has not received is lost: its lag is the data loss. ' +
    'AuroraGlobalDBRPOLag (p99 over the window) must stay within the declared RPO, and AuroraGlobalDBReplicationLag is ' +
    'typically under a second; more means the secondary is struggling (undersized, write bursts, network). ' +
    'The secondary with the least lag is the one to fail over to.',
  remediation: {
    text:
      'Find the cause of the lag: size the secondary like the primary, spread write bursts, check the Region pair. ' +
      'On Aurora PostgreSQL, rds.global_db_rpo can enforce an RPO (it pauses commits when every secondary exceeds it).',
    cli:
      'aws cloudwatch get-metric-statistics --region <secondary-region> --namespace AWS/RDS --metric-name AuroraGlobalDBRPOLag ' +
      '--dimensions Name=DBClusterIdentifier,Value=<secondary-cluster> --statistics Maximum --period 60 ' +
      '--start-time <start> --end-time <end>',
    terraform:
      'resource "aws_cloudwatch_metric_alarm" "rpo_lag" {\n' +
      '  provider            = aws.standby\n' +
      '  alarm_name          = "aurora-global-rpo-lag"\n' +
      '  namespace           = "AWS/RDS"\n' +
      '  metric_name         = "AuroraGlobalDBRPOLag"\n' +
      '  dimensions          = { DBClusterIdentifier = "app-west" }\n' +
      '  statistic           = "Maximum"\n' +
      '  period              = 60\n' +
      '  evaluation_periods  = 5\n' +
      '  threshold           = 15000 # ms\n' +
      '  comparison_operator = "GreaterThanThreshold"\n' +
      '}',
  },
  thresholds: { rpoSeconds: 15, warnLagSeconds: 1, windowMinutes: 60 },
  thresholdDocs: {
    rpoSeconds:
      'Recovery point objective, in seconds: p99 RPO lag above it fails. Shared with the top-level rpoSeconds setting.',
    warnLagSeconds:
      'p99 replication lag above this many seconds warns (Aurora documents it as typically under a second).',
    windowMinutes: 'Length of the window ending at capture time over which p99 is taken, in minutes.',
  },
  source:
    'Aurora User Guide (Aurora metrics: AuroraGlobalDBRPOLag, AuroraGlobalDBReplicationLag; DR: fail over to the secondary with the least lag)',
  requires: ['rds:DescribeGlobalClusters', 'cloudwatch:GetMetricData'],
  evaluate: (inv, t) => {
    const window = lagWindow(inv.capturedAt, t.windowMinutes);
    return inv.globalClusters.flatMap((g) => {
      const secondaries: Secondary[] = g.members
        .filter((m) => !m.isWriter)
        .map((m) => {
          const region = m.region || regionFromArn(m.clusterArn) || 'unknown';
          const cluster = nameFromArn(m.clusterArn);
          const hit = findDbCluster(inv, m.clusterArn);
          const resource: ResourceRef = hit
            ? ref.dbCluster(hit.region, hit.cluster)
            : { type: 'AWS::RDS::DBCluster', id: cluster, name: cluster, arn: m.clusterArn, region };
          const r = inv.regions[region];
          const rpo = r ? lagStats(findSeries(r, 'AuroraGlobalDBRPOLag', cluster), window) : undefined;
          const replication = r
            ? lagStats(findSeries(r, 'AuroraGlobalDBReplicationLag', cluster), window)
            : undefined;
          return {
            cluster,
            region,
            resource,
            ...(rpo ? { rpo } : {}),
            ...(replication ? { replication } : {}),
          };
        });

      // The failover target: the secondary with the least lag (replication lag, else RPO lag), among those with data.
      const lagOf = (s: Secondary): number | undefined => (s.replication ?? s.rpo)?.p99Seconds;
      const ranked = secondaries
        .filter((s) => lagOf(s) !== undefined)
        .sort((a, b) => lagOf(a)! - lagOf(b)! || a.region.localeCompare(b.region));
      const target = secondaries.length > 1 ? ranked[0] : undefined;

      return secondaries.map((s) => {
        const who = `${s.cluster} (${s.region})`;
        const evidence: Record<string, unknown> = {
          globalClusterId: g.id,
          region: s.region,
          window,
          rpoLag: s.rpo ?? null,
          replicationLag: s.replication ?? null,
          rpoSeconds: t.rpoSeconds,
          warnLagSeconds: t.warnLagSeconds,
          ...(target
            ? {
                failoverTarget: {
                  cluster: target.cluster,
                  region: target.region,
                  lagP99Seconds: lagOf(target),
                },
                isFailoverTarget: target === s,
              }
            : {}),
        };
        if (!s.rpo && !s.replication) {
          const where = inv.regions[s.region] ? '' : ` (Region ${s.region} is not in the inventory)`;
          return skipped(
            s.resource,
            `${who}: no lag data in the window${where}: is the metric published / was cloudwatch:GetMetricData allowed?`,
            evidence,
          );
        }
        const over = `over the last ${t.windowMinutes} min`;
        // Without an RPO-lag series (not published on every engine version), judge the RPO on replication lag.
        const rpoBasis = s.rpo ?? s.replication!;
        const rpoName = s.rpo ? 'RPO lag' : 'replication lag (no RPO-lag series)';
        evidence['rpoJudgedOn'] = s.rpo ? 'AuroraGlobalDBRPOLag' : 'AuroraGlobalDBReplicationLag';
        const targetNote = target === s ? '; least-lag secondary: the failover target' : '';
        if (rpoBasis.p99Seconds > t.rpoSeconds) {
          return fail(
            s.resource,
            `${who} ${rpoName} p99 ${fmt(rpoBasis.p99Seconds)} ${over} exceeds the RPO of ${fmt(t.rpoSeconds)} ` +
              `(max ${fmt(rpoBasis.maxSeconds)}, ${rpoBasis.points} points)${targetNote}`,
            evidence,
          );
        }
        if (s.replication && s.replication.p99Seconds > t.warnLagSeconds) {
          return warn(
            s.resource,
            `${who} replication lag p99 ${fmt(s.replication.p99Seconds)} ${over} is above ${fmt(t.warnLagSeconds)} ` +
              `(max ${fmt(s.replication.maxSeconds)}, ${s.replication.points} points); ${rpoName} p99 ${fmt(rpoBasis.p99Seconds)} ` +
              `within the RPO of ${fmt(t.rpoSeconds)}${targetNote}`,
            evidence,
          );
        }
        const parts = [
          s.replication ? `replication lag p99 ${fmt(s.replication.p99Seconds)}` : undefined,
          s.rpo ? `RPO lag p99 ${fmt(s.rpo.p99Seconds)}` : undefined,
        ].filter(Boolean);
        return pass(
          s.resource,
          `${who} ${parts.join(', ')} ${over}, within the RPO of ${fmt(t.rpoSeconds)}${targetNote}`,
          evidence,
        );
      });
    });
  },
});
