import { defineCheck, fail, pass, skipped } from '../define.js';
import { lagStats, lagWindow } from '../../inventory/metrics.js';
import { eachRegional, findSeries, nameFromArn, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'rds.replica-lag',
  title: 'RDS read replicas keep up with their source',
  category: 'replication',
  severity: 'high',
  rationale:
    "A read replica is the recovery path when its source (or the source's Region) is lost: promoting it loses whatever it " +
    'had not replayed. Sustained lag also means readers see stale data and that a promotion takes longer.',
  remediation: {
    text:
      'Size the replica like its source (instance class, storage throughput), look for long-running transactions or ' +
      'write bursts on the source, and alarm on ReplicaLag.',
    cli:
      'aws cloudwatch put-metric-alarm --region <replica-region> --alarm-name <replica>-lag --namespace AWS/RDS ' +
      '--metric-name ReplicaLag --dimensions Name=DBInstanceIdentifier,Value=<replica> --statistic Maximum --period 60 ' +
      '--evaluation-periods 5 --threshold 30 --comparison-operator GreaterThanThreshold',
    terraform:
      'resource "aws_cloudwatch_metric_alarm" "replica_lag" {\n' +
      '  alarm_name          = "db-replica-lag"\n' +
      '  namespace           = "AWS/RDS"\n' +
      '  metric_name         = "ReplicaLag"\n' +
      '  dimensions          = { DBInstanceIdentifier = aws_db_instance.replica.identifier }\n' +
      '  statistic           = "Maximum"\n' +
      '  period              = 60\n' +
      '  evaluation_periods  = 5\n' +
      '  threshold           = 30 # seconds\n' +
      '  comparison_operator = "GreaterThanThreshold"\n' +
      '}',
  },
  thresholds: { maxReplicaLagSeconds: 30, windowMinutes: 60 },
  thresholdDocs: {
    maxReplicaLagSeconds: 'Highest acceptable p99 ReplicaLag over the window, in seconds.',
    windowMinutes: 'Length of the window ending at capture time over which p99 is taken, in minutes.',
  },
  source: 'Amazon RDS User Guide (monitoring read replication, ReplicaLag); threshold heuristic',
  requires: ['rds:DescribeDBInstances', 'cloudwatch:GetMetricData'],
  evaluate: (inv, t) => {
    const window = lagWindow(inv.capturedAt, t.windowMinutes);
    return eachRegional(inv, 'dbInstances').flatMap(({ region, item: db }) => {
      // Aurora members are judged at the cluster level (agd.replication-lag), never as instance replicas.
      if (!db.readReplicaSourceId || db.clusterId) return [];
      const r = inv.regions[region]!;
      const stats = lagStats(findSeries(r, 'ReplicaLag', db.id), window);
      const source = db.readReplicaSourceId.startsWith('arn:')
        ? nameFromArn(db.readReplicaSourceId)
        : db.readReplicaSourceId;
      const evidence = {
        source: db.readReplicaSourceId,
        window,
        replicaLag: stats ?? null,
        maxReplicaLagSeconds: t.maxReplicaLagSeconds,
      };
      const resource = ref.dbInstance(region, db);
      if (!stats) {
        return [
          skipped(
            resource,
            `${db.id} (replica of ${source}): no lag data in the window: is the metric published / was cloudwatch:GetMetricData allowed?`,
            evidence,
          ),
        ];
      }
      const numbers = `p99 ${stats.p99Seconds} s over the last ${t.windowMinutes} min (max ${stats.maxSeconds} s, ${stats.points} points)`;
      if (stats.p99Seconds > t.maxReplicaLagSeconds) {
        return [
          fail(
            resource,
            `${db.id} (replica of ${source}) lags ${numbers}, above ${t.maxReplicaLagSeconds} s`,
            evidence,
          ),
        ];
      }
      return [
        pass(
          resource,
          `${db.id} (replica of ${source}) lags ${numbers}, within ${t.maxReplicaLagSeconds} s`,
          evidence,
        ),
      ];
    });
  },
});
