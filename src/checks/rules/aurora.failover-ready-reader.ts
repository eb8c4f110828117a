import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';
import { memberInstance, ref, regionsOf } from '../../inventory/query.js';
import type { DbClusterMember } from '../../inventory/schema.js';
import { compareDbClassSize } from '../../inventory/instance-class.js';

/** Aurora's default promotion tier when none is reported. */
const DEFAULT_TIER = 1;

interface Member extends DbClusterMember {
  tier: number;
}

function describe(m: Member): string {
  return `${m.instanceId} (${m.az ?? 'AZ not reported'}, ${m.instanceClass ?? 'class not reported'}, tier ${m.tier})`;
}

export default defineCheck({
  id: 'aurora.failover-ready-reader',
  title: 'Aurora cluster has a failover-ready reader in another AZ',
  category: 'multi-az',
  severity: 'medium',
  rationale:
    'On failover Aurora promotes the reader with the best (lowest) promotion tier, then the largest. If that reader ' +
    "sits in the writer's AZ, an AZ failure takes it down too; if it is smaller than the writer, the promoted writer " +
    'cannot carry the load it must take over.',
  remediation: {
    text:
      "Give a reader in another AZ the writer's instance class and the lowest promotion tier among the readers (0 or 1), " +
      'or add one.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <reader> --db-instance-class <writer-class> --promotion-tier 0 --apply-immediately',
    terraform:
      'resource "aws_rds_cluster_instance" "reader_b" {\n  cluster_identifier = aws_rds_cluster.db.id\n  instance_class     = aws_rds_cluster_instance.writer.instance_class\n  availability_zone  = "<other-az>"\n  promotion_tier     = 0\n}',
  },
  thresholds: {},
  source: 'heuristic (ARC readiness-style parity); Aurora failover priority docs',
  requires: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const c of r.dbClusters) {
        // Headless clusters (0 instances) are judged by aurora.instances-multi-az.
        if (!c.engine.startsWith('aurora') || c.members.length === 0) continue;
        const resource = ref.dbCluster(region, c);
        const members: Member[] = c.members.map((m) => {
          const inst = memberInstance(r, m);
          return {
            ...m,
            az: m.az ?? inst?.az,
            instanceClass: m.instanceClass ?? inst?.instanceClass,
            tier: m.promotionTier ?? inst?.promotionTier ?? DEFAULT_TIER,
          };
        });
        const writer = members.find((m) => m.isWriter);
        if (!writer) {
          out.push(
            c.globalClusterId
              ? // A global secondary has only readers until it is promoted; dr.standby-capacity judges it against its primary.
                skipped(
                  resource,
                  `${c.id} is a secondary of global cluster ${c.globalClusterId}: it has no writer until promoted (dr.standby-capacity judges its size)`,
                  { reason: 'global-secondary', globalClusterId: c.globalClusterId },
                )
              : skipped(
                  resource,
                  `${c.id} reports no writer among its ${members.length} instances (failover in progress?)`,
                  { reason: 'no-writer' },
                ),
          );
          continue;
        }
        const readers = members.filter((m) => !m.isWriter);
        if (readers.length === 0) {
          out.push(
            fail(
              resource,
              `${c.id} has no reader: a failover must create a new instance for writer ${describe(writer)}`,
              {
                writer: writer.instanceId,
                readers: 0,
              },
            ),
          );
          continue;
        }
        const bestTier = Math.min(...readers.map((m) => m.tier));
        const judged = readers.map((m) => {
          const otherAz = m.az !== undefined && writer.az !== undefined && m.az !== writer.az;
          const size =
            m.instanceClass && writer.instanceClass
              ? compareDbClassSize(m.instanceClass, writer.instanceClass)
              : undefined;
          // A class that cannot be ordered (e.g. db.serverless against a provisioned class) is not held against the reader.
          const classOk = size?.cmp === undefined ? true : size.cmp >= 0;
          const bestTierOk = m.tier === bestTier;
          const problems = [
            ...(otherAz
              ? []
              : [
                  m.az === undefined || writer.az === undefined
                    ? 'its AZ is not reported'
                    : `same AZ as the writer (${writer.az})`,
                ]),
            ...(classOk ? [] : [`smaller than the writer's ${writer.instanceClass}`]),
            ...(bestTierOk ? [] : [`tier ${m.tier} is behind tier ${bestTier}`]),
          ];
          const note =
            size && !size.sameFamily
              ? `different family from the writer's ${writer.instanceClass}, compared by size only`
              : undefined;
          return { m, problems, note, classComparable: size?.cmp !== undefined };
        });
        // Candidates in order: fewest shortcomings, then best tier, then name (stable output).
        const order = (a: (typeof judged)[number], b: (typeof judged)[number]) =>
          a.problems.length - b.problems.length ||
          a.m.tier - b.m.tier ||
          a.m.instanceId.localeCompare(b.m.instanceId);
        const ready = judged.filter((j) => j.problems.length === 0).sort(order);
        const evidence = {
          writer: {
            instanceId: writer.instanceId,
            az: writer.az ?? 'unknown',
            instanceClass: writer.instanceClass ?? 'unknown',
            tier: writer.tier,
          },
          readers: judged.map((j) => ({
            instanceId: j.m.instanceId,
            az: j.m.az ?? 'unknown',
            instanceClass: j.m.instanceClass ?? 'unknown',
            tier: j.m.tier,
            ready: j.problems.length === 0,
            ...(j.problems.length ? { problems: j.problems } : {}),
          })),
          bestReaderTier: bestTier,
        };
        const first = ready[0];
        if (first) {
          out.push(
            pass(
              resource,
              `${c.id} can fail over to ${describe(first.m)}: another AZ than writer ${writer.instanceId} (${writer.az}), class ≥ ${writer.instanceClass ?? "the writer's"}, best reader tier` +
                (first.note ? ` (${first.note})` : '') +
                (first.classComparable ? '' : " (class not comparable with the writer's)"),
              { ...evidence, candidate: first.m.instanceId },
            ),
          );
          continue;
        }
        const nearest = [...judged].sort(order)[0]!;
        out.push(
          warn(
            resource,
            `${c.id} has no failover-ready reader; nearest candidate ${describe(nearest.m)}: ${nearest.problems.join('; ')}` +
              (nearest.note ? ` (${nearest.note})` : ''),
            { ...evidence, candidate: nearest.m.instanceId },
          ),
        );
      }
    }
    return out;
  },
});
