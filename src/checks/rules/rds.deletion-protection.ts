import { defineCheck, fail, pass, type ResourceRef, type Verdict } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'rds.deletion-protection',
  title: 'Databases have deletion protection',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'Deletion protection turns a mistaken delete — a console click, a `terraform destroy` in the wrong workspace, a ' +
    'runbook acting on the wrong region during an incident — into an error instead of lost data. Aurora and Multi-AZ ' +
    'DB clusters are judged at the cluster level: deletion protection is a cluster setting, and judging their member ' +
    'instances (which always report false) gives false positives. To judge only some databases, scope the check by tag ' +
    '(checks.rds.deletion-protection.scope: { includeTags: ["env=prod"] }).',
  remediation: {
    text: 'Enable deletion protection on the cluster (or the standalone instance: `aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection --apply-immediately`).',
    cli: 'aws rds modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately',
    terraform:
      'resource "aws_rds_cluster" "db" {\n  deletion_protection = true\n}\n\nresource "aws_db_instance" "db" {\n  deletion_protection = true\n}',
  },
  thresholds: {},
  source:
    'prowler (rds_cluster_deletion_protection, rds_instance_deletion_protection; cluster-level for Aurora, prowler #2635)',
  requires: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  evaluate: (inv) => {
    const judge = (r: ResourceRef, what: string, on: boolean): Verdict => {
      const evidence = { deletionProtection: on };
      return on
        ? pass(r, `${what} has deletion protection enabled`, evidence)
        : fail(r, `${what} has deletion protection disabled: one delete call removes it`, evidence);
    };
    const out: Verdict[] = [];
    for (const { region, item: c } of eachRegional(inv, 'dbClusters')) {
      out.push(judge(ref.dbCluster(region, c), `DB cluster ${c.id}`, c.deletionProtection));
    }
    for (const { region, item: db } of eachRegional(inv, 'dbInstances')) {
      if (db.clusterId) continue;
      out.push(judge(ref.dbInstance(region, db), `DB instance ${db.id}`, db.deletionProtection));
    }
    return out;
  },
});
