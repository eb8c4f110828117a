import { defineCheck, fail, pass, warn, type ResourceRef, type Verdict } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'rds.backup-retention',
  title: 'Databases keep automated backups long enough',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'Automated backups are what point-in-time restore, snapshot copies to another region, and recovery from a ' +
    'corrupting deploy rely on. A retention of 0 disables them; a few days leaves little time to notice bad data. ' +
    'Aurora and Multi-AZ DB clusters are judged at the cluster level (their member instances are not judged). ' +
    'Read replicas are not judged: they are restored from their source, and some engines (e.g. RDS for SQL Server ' +
    'and Oracle, older PostgreSQL) do not support automated backups on replicas at all.',
  remediation: {
    text:
      'Set the backup retention period to at least 7 days. For a DB instance use `aws rds modify-db-instance ' +
      '--db-instance-identifier <id> --backup-retention-period 7`; changing an instance from 0 to a non-zero value ' +
      'causes a brief outage, so apply it in the maintenance window.',
    cli: 'aws rds modify-db-cluster --db-cluster-identifier <id> --backup-retention-period 7 --apply-immediately',
    terraform:
      'resource "aws_rds_cluster" "db" {\n  backup_retention_period = 7\n}\n\nresource "aws_db_instance" "db" {\n  backup_retention_period = 7\n}',
  },
  thresholds: { minRetentionDays: 7 },
  thresholdDocs: {
    minRetentionDays: 'Shortest acceptable backup retention, in days (below it warns; 0 fails).',
  },
  source: 'Trusted Advisor (Amazon RDS backups, opQPADkZvH); prowler config (7-day minimum)',
  requires: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  evaluate: (inv, t) => {
    const judge = (r: ResourceRef, what: string, days: number): Verdict => {
      const evidence = { backupRetentionDays: days, minRetentionDays: t.minRetentionDays };
      if (days === 0) {
        return fail(
          r,
          `${what} has automated backups disabled (retention 0 days): no point-in-time restore`,
          evidence,
        );
      }
      if (days < t.minRetentionDays) {
        return warn(
          r,
          `${what} keeps automated backups for ${plural(days, 'day')} (want ≥ ${t.minRetentionDays})`,
          evidence,
        );
      }
      return pass(r, `${what} keeps automated backups for ${days} days`, evidence);
    };
    const out: Verdict[] = [];
    for (const { region, item: c } of eachRegional(inv, 'dbClusters')) {
      out.push(judge(ref.dbCluster(region, c), `DB cluster ${c.id}`, c.backupRetentionDays));
    }
    for (const { region, item: db } of eachRegional(inv, 'dbInstances')) {
      if (db.clusterId || db.readReplicaSourceId) continue;
      out.push(judge(ref.dbInstance(region, db), `DB instance ${db.id}`, db.backupRetentionDays));
    }
    return out;
  },
});
