import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';
import { memberInstance, ref, regionsOf } from '../../inventory/query.js';
import { sortedUnique } from '../../util/collections.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'aurora.instances-multi-az',
  title: 'Aurora cluster has instances in several AZs',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'Aurora stores data in three AZs, but compute lives only where the cluster has DB instances. With one instance, or ' +
    'all instances in one AZ, losing that AZ leaves no instance to fail over to and Aurora must create a new one ' +
    '(typically ten minutes or more). Readers all in one AZ leave no reader when that AZ fails. A global-database ' +
    'secondary that is headless or in one AZ is warned about rather than failed: the primary keeps serving, but the ' +
    'standby is not ready for a double failure.',
  remediation: {
    text: 'Add a reader instance in another AZ (same class as the writer, promotion tier 0 or 1).',
    cli: 'aws rds create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <cluster>-b --engine <aurora-postgresql|aurora-mysql> --db-instance-class <writer-class> --availability-zone <other-az> --promotion-tier 1',
    terraform:
      'resource "aws_rds_cluster_instance" "reader" {\n  cluster_identifier = aws_rds_cluster.db.id\n  instance_class     = aws_rds_cluster_instance.writer.instance_class\n  engine             = aws_rds_cluster.db.engine\n  availability_zone  = "<other-az>"\n  promotion_tier     = 1\n}',
  },
  thresholds: {},
  source:
    'Trusted Advisor (DB cluster with one instance / all instances in one AZ / all readers in one AZ); prowler rds_cluster_multi_az',
  requires: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const c of r.dbClusters) {
        if (!c.engine.startsWith('aurora')) continue;
        const resource = ref.dbCluster(region, c);
        const members = c.members.map((m) => ({ ...m, az: m.az ?? memberInstance(r, m)?.az }));
        if (members.length === 0) {
          const evidence = {
            instances: 0,
            ...(c.globalClusterId ? { globalClusterId: c.globalClusterId } : {}),
          };
          out.push(
            c.globalClusterId
              ? warn(
                  resource,
                  `${c.id} is a headless secondary of global cluster ${c.globalClusterId} (0 instances): it cannot serve until instances are added`,
                  evidence,
                )
              : fail(resource, `${c.id} has 0 DB instances: it cannot serve at all`, evidence),
          );
          continue;
        }
        const unknown = members.filter((m) => m.az === undefined).map((m) => m.instanceId);
        const perAz: Record<string, string[]> = {};
        for (const m of members) if (m.az) (perAz[m.az] ??= []).push(m.instanceId);
        const azs = sortedUnique(Object.keys(perAz));
        const writer = members.find((m) => m.isWriter);
        const readers = members.filter((m) => !m.isWriter);
        const readerAzs = sortedUnique(readers.flatMap((m) => (m.az ? [m.az] : [])));
        const evidence = {
          instances: members.length,
          azs,
          instancesPerAz: perAz,
          writer: writer ? `${writer.instanceId} (${writer.az ?? 'unknown AZ'})` : 'none',
          readers: readers.length,
          readerAzs,
          ...(unknown.length ? { unknownAz: unknown } : {}),
        };
        // A global secondary has no writer until promoted. One AZ there leaves the standby headless if that AZ fails, which
        // is no worse than the headless secondary warned above: warn alike (the primary keeps serving meanwhile).
        if (c.globalClusterId && !writer && azs.length === 1 && unknown.length === 0) {
          out.push(
            warn(
              resource,
              `${c.id} is a secondary of global cluster ${c.globalClusterId} with ${plural(members.length, 'DB instance')}, in 1 AZ (${azs[0]}): ` +
                `losing ${azs[0]} leaves it headless, and once promoted it has no instance in another AZ to fail over to`,
              { ...evidence, globalClusterId: c.globalClusterId },
            ),
          );
        } else if (members.length === 1) {
          const only = members[0]!;
          out.push(
            fail(
              resource,
              `${c.id} has 1 DB instance (${only.instanceId}${only.az ? ` in ${only.az}` : ''}): no reader to fail over to`,
              evidence,
            ),
          );
        } else if (unknown.length > 0 && azs.length < 2) {
          out.push(
            skipped(
              resource,
              `${c.id}: the AZ of ${unknown.join(', ')} is not reported, so the spread cannot be judged`,
              { ...evidence, reason: 'az-unknown' },
            ),
          );
        } else if (azs.length === 1) {
          out.push(
            fail(
              resource,
              `${c.id} has all ${plural(members.length, 'DB instance')} in 1 AZ (${azs[0]}): losing it leaves no instance`,
              evidence,
            ),
          );
        } else if (readers.length >= 2 && readerAzs.length === 1 && unknown.length === 0) {
          out.push(
            warn(
              resource,
              `${c.id} has all ${readers.length} readers in 1 AZ (${readerAzs[0]}); the writer is in ${writer?.az ?? 'an unreported AZ'}: losing ${readerAzs[0]} leaves no reader`,
              evidence,
            ),
          );
        } else {
          out.push(
            pass(
              resource,
              `${c.id} has ${plural(members.length, 'DB instance')} across ${plural(azs.length, 'AZ')} (${azs.join(', ')})`,
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
