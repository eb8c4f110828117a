import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { sortedUnique } from '../../util/collections.js';

export default defineCheck({
  id: 'elasticache.multi-az-failover',
  title: 'ElastiCache replication group is Multi-AZ with automatic failover',
  category: 'multi-az',
  severity: 'high',
  rationale:
    "Without automatic failover, losing the primary node's AZ leaves the replication group without a writable " +
    'primary until someone promotes a replica by hand. Multi-AZ with automatic failover promotes a replica in another ' +
    'AZ on its own, usually within a minute.',
  remediation: {
    text: 'Add at least one replica in another AZ, then enable automatic failover and Multi-AZ.',
    cli: 'aws elasticache modify-replication-group --replication-group-id <id> --automatic-failover-enabled --multi-az-enabled --apply-immediately',
    terraform:
      'resource "aws_elasticache_replication_group" "cache" {\n  num_cache_clusters         = 2\n  automatic_failover_enabled = true\n  multi_az_enabled           = true\n}',
  },
  thresholds: {},
  source:
    'prowler elasticache_redis_cluster_multi_az_enabled and elasticache_redis_cluster_automatic_failover_enabled',
  requires: ['elasticache:DescribeReplicationGroups'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const g of r.replicationGroups) {
        const resource = ref.replicationGroup(region, g);
        const nodeAzs = g.nodeGroups.flatMap((n) => [...(n.primaryAz ? [n.primaryAz] : []), ...n.replicaAzs]);
        const azs = sortedUnique(nodeAzs);
        const evidence = {
          multiAz: g.multiAz,
          automaticFailover: g.automaticFailover,
          ...(nodeAzs.length ? { nodes: nodeAzs.length, nodeAzs: azs } : {}),
        };
        const missing = [
          ...(g.multiAz ? [] : ['Multi-AZ is disabled']),
          ...(g.automaticFailover === 'enabled' ? [] : [`automatic failover is ${g.automaticFailover}`]),
        ];
        if (missing.length > 0) {
          out.push(
            fail(
              resource,
              `${g.id}: ${missing.join(' and ')}; ` +
                (g.automaticFailover === 'enabled'
                  ? 'ElastiCache does not spread and fail over the nodes across AZs'
                  : "losing the primary's AZ leaves no writable primary until a manual promotion"),
              evidence,
            ),
          );
        } else if (nodeAzs.length >= 2 && azs.length === 1) {
          out.push(
            warn(
              resource,
              `${g.id} has Multi-AZ and automatic failover, but all ${nodeAzs.length} nodes are in 1 AZ (${azs[0]})`,
              evidence,
            ),
          );
        } else {
          const where = azs.length ? ` (nodes in ${azs.join(', ')})` : '';
          out.push(pass(resource, `${g.id} has Multi-AZ and automatic failover enabled${where}`, evidence));
        }
      }
    }
    return out;
  },
});
