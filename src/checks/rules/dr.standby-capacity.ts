import {
  demandEvidence,
  nMinusOneRegion,
  round2,
  type CapacityModel,
  type Tier,
} from '../../capacity/index.js';
import { describeRoute } from '../../inventory/traffic.js';
import { DECLARE_HINT, amount, capacityModelFor, demandNote, unitsByAz } from '../capacity.js';
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

/** "shop-alb-west listener 80 rule 10 (path /api/*)" for each route into the standby tier. */
function routesOf(t: Tier): string[] {
  return t.routes.map(describeRoute);
}

function tierName(t: Tier): string {
  return `${t.kind === 'asg' ? '' : t.kind === 'ecs-service' ? 'ECS service ' : 'target group '}${t.name}`;
}

/** One finding per primary tier: its standby counterpart against its demand (N−1 region). */
function tierVerdicts(model: CapacityModel, base: Record<string, unknown>): Verdict[] {
  const out: Verdict[] = [];
  const { regions } = model;
  if (!regions.known) return out;
  for (const pair of model.pairs) {
    const p = pair.primary;
    const d = p.demand;
    const primaryEvidence = {
      ...base,
      ...demandEvidence(d),
      primaryTier: p.name,
      primaryKind: p.kind,
      primaryInstances: p.capacity.instances,
      primaryCapacity: p.capacity.units,
      primaryInstanceTypes: p.capacity.instanceTypes,
    };
    if (!pair.standby) {
      const byDesign = pair.unpairedWhy?.endsWith('standby is none') ?? false;
      // Unpaired standby tiers may be its counterpart under another name: say so (warn) rather than
      // claim there is none (fail), which is only certain when no standby tier is left unpaired.
      const candidates = model.unpairedStandby.map(tierName);
      const evidence = {
        ...primaryEvidence,
        standbyTier: null,
        unpairedWhy: pair.unpairedWhy ?? null,
        unpairedStandbyTiers: candidates,
      };
      out.push(
        byDesign
          ? pass(
              p.resource,
              `${tierName(p)} (${p.region}) has no standby by design (${pair.unpairedWhy}): a region failover does not restore it`,
              evidence,
            )
          : candidates.length > 0
            ? warn(
                p.resource,
                `${tierName(p)} (${p.region}): no standby counterpart identified in ${regions.standby} (${pair.unpairedWhy}); ` +
                  `unpaired there: ${candidates.join(', ')}. Pair it in tiers: of .resil.yml or with a tier tag (${model.settings.tierTagKeys[0] ?? 'tier'}=<name>) so its standby can be judged`,
                evidence,
              )
            : fail(
                p.resource,
                `${tierName(p)} (${p.region}) has no standby counterpart in ${regions.standby}: after a region failover nothing serves ` +
                  `its traffic, whatever the demand (${pair.unpairedWhy}; every ${regions.standby} tier is another's standby)`,
                evidence,
              ),
      );
      continue;
    }
    const s = pair.standby;
    const loss = nMinusOneRegion(p, s);
    const u = loss.unit;
    const evidence = {
      ...primaryEvidence,
      standbyTier: s.name,
      standbyKind: s.kind,
      pairedBy: pair.pairedBy ?? null,
      standbyInstanceTypes: s.capacity.instanceTypes,
      standbyCapacityByAz: unitsByAz(s),
      standbyCanReact: s.scaling.canReact,
      standbyRoutes: routesOf(s),
      ...loss,
      neededInStandby: loss.needed,
    };
    const who = `${tierName(s)} (${s.region}, standby of ${p.name}; paired by ${pair.pairedBy})`;
    const maxNote =
      s.kind === 'asg'
        ? `MaxSize ${loss.standbyMaxInstances} allows ${amount(loss.standbyMaxUnits, u)}`
        : s.kind === 'ecs-service'
          ? s.scalableTarget
            ? `its scalable target's max ${loss.standbyMaxInstances} tasks allows ${amount(loss.standbyMaxUnits, u)}`
            : `no service auto scaling: it stays at ${plural(loss.standbyMaxInstances, 'task')} unless someone raises its desired count`
          : 'standalone instances do not scale';
    const need = `the primary's peak needs ${amount(loss.needed, u)} ${demandNote(d)}`;
    if (loss.verdict === 'empty') {
      const where = s.routes.length ? ` behind ${routesOf(s).join(', ')}` : '';
      out.push(
        fail(
          s.resource,
          `${who} has ${plural(s.capacity.instances, s.kind === 'ecs-service' ? 'running task' : 'instance')} in service and ${plural(s.capacity.healthyTargets, 'healthy target')}${where}: ` +
            `a region failover sends its traffic to errors (HTTP 503 from the load balancer), whatever the demand; ${maxNote}, ${need}`,
          evidence,
        ),
      );
    } else if (loss.verdict === 'too-small') {
      const text = `${who} can reach only ${amount(loss.standbyMaxUnits, u)} (${maxNote}); ${need}: short by ${round2(loss.needed - loss.standbyMaxUnits)}`;
      out.push(
        d.source === 'assumed'
          ? warn(s.resource, `${text} — on an assumed demand, so not a failure: ${DECLARE_HINT}`, evidence)
          : fail(s.resource, text, evidence),
      );
    } else if (loss.verdict === 'must-scale') {
      out.push(
        warn(
          s.resource,
          `${who} runs ${amount(loss.standbyUnits, u)} now; ${need}. ${maxNote}, but it must scale out by ${plural(loss.scaleOutInstances, s.kind === 'ecs-service' ? 'task' : 'instance')} ` +
            'during the failover (slower RTO, and capacity is not guaranteed in a region event)' +
            (s.scaling.canReact
              ? ''
              : '; no scaling policy of its own reacts to load, so someone (or the runbook) must raise its desired capacity'),
          evidence,
        ),
      );
    } else {
      out.push(
        pass(
          s.resource,
          `${who} already runs ${amount(loss.standbyUnits, u)} (${plural(loss.standbyHealthyTargets, 'healthy target')}); ${need}`,
          evidence,
        ),
      );
    }
  }
  return out;
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
  title: "Each tier's standby can carry its primary's peak",
  category: 'dr',
  severity: 'high',
  rationale:
    'A region switch moves every tier to its standby counterpart. Tier by tier (an Auto Scaling group, an ECS service, or the standalone ' +
    'instances behind a target group), resil pairs each primary tier with its standby — by tiers: in .resil.yml, a shared ' +
    "tag, or by following the traffic from Route 53 through the load balancers' listener rules — and compares the " +
    "standby's vCPUs now and at MaxSize (an ECS service: running tasks × task vCPUs, and its scalable target's max) with the primary's peak demand (declared, measured, its scaling target, or " +
    'assumed; see docs/capacity.md). A primary tier without a standby, or a standby with no instance or no healthy target ' +
    'behind its listener rules, fails whatever the demand: its traffic gets errors. A standby that must scale out warns: ' +
    "AWS does not guarantee capacity for a region switch. A promoted Aurora secondary does not inherit the primary's " +
    'instances: a headless secondary (0 instances) cannot serve at all, and a smaller class or fewer readers must carry ' +
    'the full load.',
  remediation: {
    text: "Give every primary tier a standby tier (pair it in tiers: if resil cannot tell), raise the standby groups' MaxSize (and desired, for a warm standby) to the primary's peak, keep healthy targets behind every standby listener rule, and give the standby Aurora cluster as many instances of the same class as the primary.",
    cli:
      'aws autoscaling update-auto-scaling-group --region <standby-region> --auto-scaling-group-name <standby-asg> --max-size <peak> --desired-capacity <n>\n' +
      'aws rds create-db-instance --region <standby-region> --db-cluster-identifier <standby-cluster> --db-instance-identifier <name> --db-instance-class <writer-class> --engine aurora-postgresql',
    terraform:
      'resource "aws_autoscaling_group" "standby" {\n  max_size         = 12 # ≥ primary peak\n  desired_capacity = 6\n}\n\n' +
      'resource "aws_rds_cluster_instance" "standby" {\n  count              = 2 # as many as the primary\n  cluster_identifier = aws_rds_cluster.standby.id\n' +
      '  instance_class     = "db.r6g.large" # ≥ the primary writer\'s\n  engine             = aws_rds_cluster.standby.engine\n}',
  },
  thresholds: {
    peakFactor: null as number | null,
    safeUtilizationPercent: 80,
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    peakFactor:
      "A declared peak for every primary tier: peakFactor × desired instances (global setting). Unset (default): the capacity model's demand.",
    safeUtilizationPercent: 'Highest utilisation the standby vCPUs may run at, in percent (global setting).',
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source:
    'ARC Region switch docs ("does not guarantee … capacity"); REFERENCE DR-001 and AGD-004 (headless secondary, smaller class or count)',
  requires: [
    'autoscaling:DescribeAutoScalingGroups',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'rds:DescribeGlobalClusters',
    'rds:DescribeDBClusters',
    'rds:DescribeDBInstances',
  ],
  evaluate: (inv, t, ctx) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) return drRegionsUnknown(inv, regions, t);
    const base = drEvidence(regions);
    const model = capacityModelFor(inv, t, ctx);
    const problems = model.problems.map((p) =>
      skipped(ref.account(inv), `Capacity model: ${p} (fix tiers: in .resil.yml)`, {
        ...base,
        reason: 'tiers-config',
      }),
    );
    return [
      ...problems,
      ...tierVerdicts(model, base),
      ...auroraVerdicts(inv, regions.primary, regions.standby, base),
    ];
  },
});
