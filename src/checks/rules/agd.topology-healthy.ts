import { defineCheck, fail, pass } from '../define.js';
import { nameFromArn, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'agd.topology-healthy',
  title: 'Aurora global database is healthy and ready to fail over',
  category: 'replication',
  severity: 'critical',
  rationale:
    'A switchover or managed failover needs a global cluster that is available, with exactly one writer, at least one ' +
    'secondary Region, and every secondary connected (not pending-resync). A failover state means an operation is ' +
    'already in flight: starting another one, or trusting the topology, is unsafe until it finishes.',
  remediation: {
    text:
      'Find out why: wait for an in-flight switchover/failover to finish (or cancel it), let a pending-resync secondary ' +
      'catch up, or add a secondary Region if there is none.',
    cli: 'aws rds describe-global-clusters --global-cluster-identifier <global-cluster> --query "GlobalClusters[0].[Status,FailoverState,GlobalClusterMembers]"',
    terraform:
      'resource "aws_rds_cluster" "secondary" {\n' +
      '  provider                  = aws.standby\n' +
      '  cluster_identifier        = "app-west"\n' +
      '  engine                    = aws_rds_global_cluster.app.engine\n' +
      '  engine_version            = aws_rds_global_cluster.app.engine_version\n' +
      '  global_cluster_identifier = aws_rds_global_cluster.app.id\n' +
      '}',
  },
  thresholds: {},
  source: 'Amazon RDS API reference (GlobalCluster.FailoverState, GlobalClusterMember.SynchronizationStatus)',
  requires: ['rds:DescribeGlobalClusters'],
  evaluate: (inv) =>
    inv.globalClusters.map((g) => {
      const name = (m: (typeof g.members)[number]): string => `${nameFromArn(m.clusterArn)} (${m.region})`;
      const writers = g.members.filter((m) => m.isWriter);
      const secondaries = g.members.filter((m) => !m.isWriter);
      const problems: string[] = [];
      if (g.status !== 'available') problems.push(`status is ${g.status}, not available`);
      if (writers.length === 0) problems.push('no member is the writer');
      if (writers.length > 1)
        problems.push(`${writers.length} members claim to be the writer: ${writers.map(name).join(', ')}`);
      if (secondaries.length === 0) problems.push('there is no secondary Region to fail over to');
      for (const s of secondaries) {
        if (s.synchronizationStatus === undefined) {
          problems.push(
            `secondary ${name(s)} reports no synchronization status, so it cannot be confirmed connected`,
          );
        } else if (s.synchronizationStatus !== 'connected') {
          problems.push(`secondary ${name(s)} is ${s.synchronizationStatus}, not connected`);
        }
      }
      if (g.failoverState) {
        const fs = g.failoverState;
        const from = fs.fromClusterArn ? nameFromArn(fs.fromClusterArn) : '?';
        const to = fs.toClusterArn ? nameFromArn(fs.toClusterArn) : '?';
        problems.push(`an operation is already in flight (failover state ${fs.status}, ${from} → ${to})`);
      }
      const evidence = {
        status: g.status,
        writers: writers.map((m) => ({ cluster: nameFromArn(m.clusterArn), region: m.region })),
        secondaries: secondaries.map((m) => ({
          cluster: nameFromArn(m.clusterArn),
          region: m.region,
          synchronizationStatus: m.synchronizationStatus ?? null,
        })),
        failoverState: g.failoverState ?? null,
        problems,
      };
      if (problems.length > 0) {
        return fail(
          ref.globalCluster(g),
          `${g.id} is not ready to fail over: ${problems.join('; ')}`,
          evidence,
        );
      }
      return pass(
        ref.globalCluster(g),
        `${g.id} is available with writer ${name(writers[0]!)} and ${secondaries.length} connected ` +
          `${secondaries.length === 1 ? 'secondary' : 'secondaries'}: ${secondaries.map(name).join(', ')}`,
        evidence,
      );
    }),
});
