import { declaredPeak, peakNeed } from '../../inventory/capacity.js';
import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { instanceSizeRank } from '../../inventory/instance-class.js';
import { findDbCluster, memberInstance, ref } from '../../inventory/query.js';
import type { DbCluster, Inventory, RegionInventory } from '../../inventory/schema.js';
import { plural } from '../../util/text.js';

/** Instance classes of a cluster's members: from the member, else from the region's DB instances. */
function memberClasses(
  r: RegionInventory,
  c: DbCluster,
): Array<{ id: string; isWriter: boolean; instanceClass?: string }> {
  return c.members.map((m) => {
    const cls = m.instanceClass ?? memberInstance(r, m)?.instanceClass;
    return { id: m.instanceId, isWriter: m.isWriter, ...(cls ? { instanceClass: cls } : {}) };
  });
}

function largestClass(classes: string[]): string | undefined {
  // Unsized classes (db.serverless) rank below every sized one.
  const rank = (c: string): number => instanceSizeRank(c) ?? -Infinity;
  return [...classes].sort((a, b) => (rank(b) === rank(a) ? 0 : rank(b) > rank(a) ? 1 : -1))[0];
}

function asgVerdict(
  inv: Inventory,
  primary: string,
  standby: string,
  peakFactor: number,
  base: Record<string, unknown>,
): Verdict[] {
  const pAsgs = inv.regions[primary]!.autoScalingGroups;
  const sAsgs = inv.regions[standby]!.autoScalingGroups;
  if (pAsgs.length === 0) return [];
  const primaryPeak = pAsgs.reduce((n, g) => n + peakNeed(g, peakFactor), 0);
  const primaryDesired = pAsgs.reduce((n, g) => n + g.desiredCapacity, 0);
  const standbyMax = sAsgs.reduce((n, g) => n + g.maxSize, 0);
  const standbyDesired = sAsgs.reduce((n, g) => n + g.desiredCapacity, 0);
  const evidence = {
    ...base,
    peakFactor,
    primaryDesired,
    primaryPeak,
    standbyDesired,
    standbyMax,
    primaryAsgs: pAsgs.map(
      (g) => `${g.name} (desired ${g.desiredCapacity}, peak ${peakNeed(g, peakFactor)})`,
    ),
    standbyAsgs: sAsgs.map((g) => `${g.name} (desired ${g.desiredCapacity}, max ${g.maxSize})`),
  };
  const declared = pAsgs.some((g) => declaredPeak(g) !== undefined);
  const basis = declared
    ? `resil:peak tags or ${peakFactor} × desired; desired ${primaryDesired}`
    : `${peakFactor} × desired ${primaryDesired}`;
  const peak = `the primary ${primary} peak of ${primaryPeak} instances (${basis}, ${plural(pAsgs.length, 'ASG')})`;
  const resource = ref.region(standby);
  if (standbyMax < primaryPeak) {
    const what =
      sAsgs.length === 0
        ? `${standby} has no Auto Scaling group`
        : `${standby} can scale to ${standbyMax} instances (sum of MaxSize)`;
    return [
      fail(resource, `${what}, below ${peak}: ${primaryPeak - standbyMax} short`, {
        ...evidence,
        shortBy: primaryPeak - standbyMax,
      }),
    ];
  }
  if (standbyDesired < primaryPeak) {
    return [
      warn(
        resource,
        `${standby} runs ${standbyDesired} instances (desired) against ${peak}: its MaxSize ${standbyMax} covers it, but it must scale out by ${primaryPeak - standbyDesired} during the failover (slower RTO)`,
        { ...evidence, scaleOutBy: primaryPeak - standbyDesired },
      ),
    ];
  }
  return [
    pass(
      resource,
      `${standby} already runs ${standbyDesired} instances (max ${standbyMax}), covering ${peak}`,
      evidence,
    ),
  ];
}

function auroraVerdicts(
  inv: Inventory,
  primary: string,
  standby: string,
  base: Record<string, unknown>,
): Verdict[] {
  const out: Verdict[] = [];
  const globals = [...inv.globalClusters].sort((a, b) => a.id.localeCompare(b.id));
  for (const gc of globals) {
    const pm =
      gc.members.find((m) => m.region === primary && m.isWriter) ??
      gc.members.find((m) => m.region === primary);
    if (!pm) continue;
    const sm = gc.members.find((m) => m.region === standby);
    if (!sm) {
      out.push(
        fail(
          ref.globalCluster(gc),
          `Global cluster ${gc.id} has no member cluster in the standby region ${standby}: the database cannot fail over there`,
          { ...base, globalClusterId: gc.id, memberRegions: gc.members.map((m) => m.region) },
        ),
      );
      continue;
    }
    const p = findDbCluster(inv, pm.clusterArn);
    const s = findDbCluster(inv, sm.clusterArn);
    if (!p || !s) {
      out.push(
        skipped(
          ref.globalCluster(gc),
          `Global cluster ${gc.id}: member cluster ${!p ? pm.clusterArn : sm.clusterArn} is not in the inventory`,
          { ...base, globalClusterId: gc.id },
        ),
      );
      continue;
    }
    const pMembers = memberClasses(inv.regions[p.region]!, p.cluster);
    const sMembers = memberClasses(inv.regions[s.region]!, s.cluster);
    const writerClass = pMembers.find((m) => m.isWriter)?.instanceClass;
    const sClasses = sMembers.map((m) => m.instanceClass).filter((c): c is string => c !== undefined);
    const sLargest = largestClass(sClasses);
    const evidence = {
      ...base,
      globalClusterId: gc.id,
      primaryCluster: p.cluster.id,
      primaryInstances: pMembers.length,
      primaryWriterClass: writerClass ?? null,
      standbyCluster: s.cluster.id,
      standbyInstances: sMembers.length,
      standbyClasses: sClasses,
      standbyLargestClass: sLargest ?? null,
    };
    const resource = ref.dbCluster(s.region, s.cluster);
    const name = `${s.cluster.id} (standby of ${gc.id} in ${standby})`;
    if (sMembers.length === 0) {
      out.push(
        fail(
          resource,
          `${name} is headless: 0 instances, so promoting it gives a cluster that cannot serve until an instance is created (minutes); the primary ${p.cluster.id} has ${pMembers.length}`,
          evidence,
        ),
      );
      continue;
    }
    const gaps: string[] = [];
    if (sMembers.length < pMembers.length)
      gaps.push(`${plural(sMembers.length, 'instance')} < ${pMembers.length} in the primary ${p.cluster.id}`);
    const wRank = writerClass ? instanceSizeRank(writerClass) : undefined;
    const sRank = sLargest ? instanceSizeRank(sLargest) : undefined;
    let classNote = '';
    if (wRank === undefined || sRank === undefined) {
      classNote = ` (instance classes ${sLargest ?? '?'} vs ${writerClass ?? '?'} not compared)`;
    } else if (sRank < wRank) {
      gaps.push(`largest class ${sLargest} is smaller than the primary writer's ${writerClass}`);
    }
    if (gaps.length > 0) {
      out.push(
        warn(
          resource,
          `${name} is smaller than its primary: ${gaps.join('; ')}. After promotion it must carry the whole write and read load${classNote}`,
          evidence,
        ),
      );
    } else {
      out.push(
        pass(
          resource,
          `${name} has ${plural(sMembers.length, 'instance')} (largest ${sLargest ?? '?'}), matching the primary ${p.cluster.id}: ${pMembers.length}, writer ${writerClass ?? '?'}${classNote}`,
          evidence,
        ),
      );
    }
  }
  return out;
}

export default defineCheck({
  id: 'dr.standby-capacity',
  title: "The standby region can carry the primary region's peak",
  category: 'dr',
  severity: 'high',
  rationale:
    "A region switch moves the whole load to the standby. If the standby's Auto Scaling groups cannot reach the primary's peak " +
    '(MaxSize too low), users are turned away; if they run well below it, they must scale out during the event, while everyone else ' +
    'in the region may be doing the same — AWS does not guarantee capacity for a region switch. A promoted Aurora secondary does not ' +
    "inherit the primary's instances: a headless secondary (0 instances) cannot serve at all, and a smaller class or fewer readers " +
    'must carry the full load.',
  remediation: {
    text: "Raise the standby ASGs' MaxSize (and desired, for a warm standby) to the primary's peak; give the standby Aurora cluster as many instances of the same class as the primary.",
    cli:
      'aws autoscaling update-auto-scaling-group --region <standby-region> --auto-scaling-group-name <standby-asg> --max-size <peak> --desired-capacity <n>\n' +
      'aws rds create-db-instance --region <standby-region> --db-cluster-identifier <standby-cluster> --db-instance-identifier <name> --db-instance-class <writer-class> --engine aurora-postgresql',
    terraform:
      'resource "aws_autoscaling_group" "standby" {\n  max_size         = 12 # ≥ primary peak\n  desired_capacity = 6\n}\n\n' +
      'resource "aws_rds_cluster_instance" "standby" {\n  count              = 2 # as many as the primary\n  cluster_identifier = aws_rds_cluster.standby.id\n' +
      '  instance_class     = "db.r6g.large" # ≥ the primary writer\'s\n  engine             = aws_rds_cluster.standby.engine\n}',
  },
  thresholds: { peakFactor: 1, primaryRegion: null as string | null, standbyRegion: null as string | null },
  thresholdDocs: {
    peakFactor:
      "Peak load as a multiple of the primary ASGs' desired capacity (global setting); a group tagged resil:peak=<N> declares its peak directly.",
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source:
    'ARC Region switch docs ("does not guarantee … capacity"); REFERENCE DR-001 and AGD-004 (headless secondary, smaller class or count)',
  requires: [
    'autoscaling:DescribeAutoScalingGroups',
    'rds:DescribeGlobalClusters',
    'rds:DescribeDBClusters',
    'rds:DescribeDBInstances',
  ],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) return drRegionsUnknown(inv, regions, t);
    const base = drEvidence(regions);
    return [
      ...asgVerdict(inv, regions.primary, regions.standby, t.peakFactor, base),
      ...auroraVerdicts(inv, regions.primary, regions.standby, base),
    ];
  },
});
