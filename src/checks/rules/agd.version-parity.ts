import { defineCheck, fail, pass, skipped } from '../define.js';
import { findDbCluster, nameFromArn, ref } from '../../inventory/query.js';
import { sortedUnique } from '../../util/collections.js';

export default defineCheck({
  id: 'agd.version-parity',
  title: 'Aurora global database members run the same engine version',
  category: 'replication',
  severity: 'critical',
  rationale:
    'A managed switchover or failover of an Aurora global database requires every member cluster to run the same ' +
    'engine version (major, minor and patch, except where AWS documents patch compatibility). A member left behind ' +
    'after an upgrade blocks the very operation the DR plan relies on.',
  remediation: {
    text: 'Upgrade the lagging member clusters to the version of the others (for a major version, upgrade the global cluster).',
    cli: 'aws rds modify-db-cluster --db-cluster-identifier <cluster> --engine-version <version> --apply-immediately --region <region>',
    terraform:
      'resource "aws_rds_global_cluster" "app" {\n' +
      '  engine_version = "16.4" # every member follows the global cluster\n' +
      '}\n' +
      'resource "aws_rds_cluster" "secondary" {\n' +
      '  engine_version = aws_rds_global_cluster.app.engine_version\n' +
      '  lifecycle { ignore_changes = [engine_version] }\n' +
      '}',
  },
  thresholds: {},
  source:
    'Aurora User Guide, "Using switchover or failover in an Aurora global database" (version requirements)',
  requires: ['rds:DescribeGlobalClusters', 'rds:DescribeDBClusters'],
  evaluate: (inv) =>
    inv.globalClusters.flatMap((g) => {
      if (g.members.length === 0) return [];
      const found: Array<{ cluster: string; region: string; engineVersion: string }> = [];
      const missing: string[] = [];
      for (const m of g.members) {
        const hit = findDbCluster(inv, m.clusterArn);
        if (hit)
          found.push({ cluster: hit.cluster.id, region: m.region, engineVersion: hit.cluster.engineVersion });
        else missing.push(`${nameFromArn(m.clusterArn)} (${m.region})`);
      }
      const distinct = sortedUnique(found.map((f) => f.engineVersion));
      const evidence = {
        globalEngineVersion: g.engineVersion,
        members: found,
        distinctVersions: distinct,
        ...(missing.length ? { notInInventory: missing } : {}),
      };
      const resource = ref.globalCluster(g);
      const listing = found.map((f) => `${f.engineVersion} in ${f.region} (${f.cluster})`).join(', ');
      if (distinct.length > 1) {
        const gap = missing.length ? `; not compared: ${missing.join(', ')}` : '';
        return [
          fail(
            resource,
            `${g.id} member engine versions differ: ${listing}${gap}. Switchover and managed failover need identical versions`,
            evidence,
          ),
        ];
      }
      if (missing.length) {
        return [
          skipped(
            resource,
            `${g.id}: member clusters not in the inventory: ${missing.join(', ')} (is their Region audited?); cannot compare engine versions`,
            evidence,
          ),
        ];
      }
      return [
        pass(
          resource,
          `${g.id} members all run ${g.engine} ${distinct[0]}: ${found.map((f) => `${f.cluster} (${f.region})`).join(', ')}`,
          evidence,
        ),
      ];
    }),
});
