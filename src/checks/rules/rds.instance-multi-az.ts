import { defineCheck, fail, pass, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';

export default defineCheck({
  id: 'rds.instance-multi-az',
  title: 'Standalone RDS DB instance is Multi-AZ',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'A Single-AZ DB instance goes down with its AZ and comes back only from a backup or a manual restore. Multi-AZ keeps ' +
    'a synchronous standby in another AZ and fails over to it automatically, usually within one or two minutes. ' +
    'Aurora and Multi-AZ DB cluster members are judged at the cluster level, not here. A Single-AZ read replica is reported ' +
    'at low severity: it holds no data its source does not, and losing it costs read capacity until it is recreated.',
  remediation: {
    text: 'Convert the instance to Multi-AZ (online; plan it for a quiet period, as it adds write latency while the standby is built).',
    cli: 'aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately',
    terraform: 'resource "aws_db_instance" "db" {\n  multi_az = true\n}',
  },
  thresholds: { judgeReadReplicas: true },
  thresholdDocs: {
    judgeReadReplicas: 'Also judge read replicas (set false when replicas are disposable read capacity).',
  },
  source:
    'Trusted Advisor f2iK5R6Dep (RDS Multi-AZ); prowler rds_instance_multi_az, minus its Aurora false positive (#1459, #2275)',
  requires: ['rds:DescribeDBInstances'],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const db of r.dbInstances) {
        // Aurora and Multi-AZ DB cluster members are judged at the cluster level.
        if (db.clusterId !== undefined || db.engine.startsWith('aurora')) continue;
        const replicaOf = db.readReplicaSourceId;
        if (replicaOf && !t.judgeReadReplicas) continue;
        const role = replicaOf ? ` (read replica of ${replicaOf})` : '';
        const evidence = {
          engine: db.engine,
          instanceClass: db.instanceClass,
          multiAz: db.multiAz,
          az: db.az ?? 'unknown',
          ...(db.secondaryAz ? { secondaryAz: db.secondaryAz } : {}),
          ...(replicaOf ? { readReplicaSourceId: replicaOf } : {}),
          judgeReadReplicas: t.judgeReadReplicas,
        };
        const resource = ref.dbInstance(region, db);
        if (db.multiAz) {
          const standby = db.secondaryAz ? ` with its standby in ${db.secondaryAz}` : '';
          out.push(
            pass(
              resource,
              `${db.id}${role} is Multi-AZ: primary in ${db.az ?? 'an unreported AZ'}${standby}`,
              evidence,
            ),
          );
        } else {
          const verdict = fail(
            resource,
            `${db.id}${role} is Single-AZ (${db.az ?? 'AZ not reported'}): losing that AZ ${replicaOf ? 'loses the replica (read capacity, not data) until it is recreated' : 'takes it down until it is restored elsewhere'}`,
            evidence,
          );
          // A replica holds no data its source does not: losing it costs read capacity only.
          out.push(replicaOf ? { ...verdict, severity: 'low' } : verdict);
        }
      }
    }
    return out;
  },
});
