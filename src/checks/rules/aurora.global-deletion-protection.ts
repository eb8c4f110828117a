import { defineCheck, fail, pass } from '../define.js';
import { ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'aurora.global-deletion-protection',
  title: 'Aurora global databases have deletion protection',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'The global cluster is what ties the primary and secondary regions together: deleting it (after the member ' +
    'clusters are detached, as cleanup scripts and runbook mistakes do) removes the cross-region replication your ' +
    'regional failover depends on. Deletion protection on the global cluster is separate from that of its members.',
  remediation: {
    text: 'Enable deletion protection on the global cluster.',
    cli: 'aws rds modify-global-cluster --global-cluster-identifier <id> --deletion-protection',
    terraform: 'resource "aws_rds_global_cluster" "global" {\n  deletion_protection = true\n}',
  },
  thresholds: {},
  source: 'RDS API (ModifyGlobalCluster DeletionProtection); resil design',
  requires: ['rds:DescribeGlobalClusters'],
  evaluate: (inv) =>
    inv.globalClusters.map((g) => {
      const evidence = { deletionProtection: g.deletionProtection, members: g.members.length };
      return g.deletionProtection
        ? pass(ref.globalCluster(g), `Global cluster ${g.id} has deletion protection enabled`, evidence)
        : fail(
            ref.globalCluster(g),
            `Global cluster ${g.id} (${plural(g.members.length, 'member cluster')}) has deletion protection disabled`,
            evidence,
          );
    }),
});
