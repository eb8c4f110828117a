/** Auto Scaling: groups with their instances, policies, scheduled actions and instance types. */
import {
  paginateDescribeAutoScalingGroups,
  paginateDescribePolicies,
  paginateDescribeScheduledActions,
  type AutoScalingGroup as AwsAsg,
  type ScalingPolicy as AwsPolicy,
  type ScheduledUpdateGroupAction,
} from '@aws-sdk/client-auto-scaling';
import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import type { AutoScalingGroup, ScalingPolicy, ScheduledAction } from '../../inventory/schema.js';
import { customMetricOf } from './appautoscaling.js';
import { allPages, attempt, attemptEach, clampPage, iso, tagsOf, type CollectContext } from './context.js';

interface TemplateRef {
  id?: string;
  name?: string;
  version: string;
}

function templateOf(g: AwsAsg): TemplateRef | undefined {
  const lt = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (!lt || (!lt.LaunchTemplateId && !lt.LaunchTemplateName)) return undefined;
  return {
    ...(lt.LaunchTemplateId ? { id: lt.LaunchTemplateId } : {}),
    ...(lt.LaunchTemplateName ? { name: lt.LaunchTemplateName } : {}),
    version: lt.Version ?? '$Default',
  };
}

const refKey = (r: TemplateRef) => `${r.id ?? r.name}@${r.version}`;

export function mapPolicy(p: AwsPolicy): ScalingPolicy {
  const tt = p.TargetTrackingConfiguration;
  const custom = customMetricOf(tt?.CustomizedMetricSpecification);
  const alarms = (p.Alarms ?? []).map((a) => a.AlarmName).filter((n): n is string => !!n);
  return {
    name: p.PolicyName ?? 'unnamed',
    type: p.PolicyType ?? 'SimpleScaling',
    enabled: p.Enabled ?? true,
    ...(tt
      ? {
          targetTracking: {
            metric: tt.PredefinedMetricSpecification?.PredefinedMetricType ?? 'custom',
            targetValue: tt.TargetValue ?? 0,
            disableScaleIn: tt.DisableScaleIn ?? false,
            ...(custom ? { customMetric: custom } : {}),
          },
        }
      : {}),
    ...(alarms.length ? { alarms } : {}),
  };
}

function mapScheduled(a: ScheduledUpdateGroupAction): ScheduledAction {
  const start = iso(a.StartTime);
  const end = iso(a.EndTime);
  return {
    name: a.ScheduledActionName ?? 'unnamed',
    ...(start ? { startTime: start } : {}),
    ...(end ? { endTime: end } : {}),
    ...(a.Recurrence ? { recurrence: a.Recurrence } : {}),
    ...(a.MinSize !== undefined ? { minSize: a.MinSize } : {}),
    ...(a.MaxSize !== undefined ? { maxSize: a.MaxSize } : {}),
    ...(a.DesiredCapacity !== undefined ? { desiredCapacity: a.DesiredCapacity } : {}),
  };
}

/** The region's Auto Scaling reads: the group names as soon as the groups are listed, and the groups. */
export interface AutoScalingReads {
  /**
   * The names of the groups DescribeAutoScalingGroups listed ([] when it failed), before the
   * policies, scheduled actions and launch templates are read. A failure that stops the collection
   * rejects `groups` too (and is reported there).
   */
  names: Promise<string[]>;
  groups: Promise<AutoScalingGroup[]>;
}

export async function collectAutoScaling(ctx: CollectContext, region: string): Promise<AutoScalingGroup[]> {
  return readAutoScaling(ctx, region).groups;
}

/** The instance type of each launch template version the groups use (one call per template). */
async function launchTemplateTypes(
  ctx: CollectContext,
  region: string,
  groups: AwsAsg[],
): Promise<Map<string, string>> {
  const refs = new Map<string, TemplateRef>();
  for (const g of groups) {
    const r = templateOf(g);
    if (r && !g.MixedInstancesPolicy?.LaunchTemplate?.Overrides?.length) refs.set(refKey(r), r);
  }
  const ec2 = ctx.clients.ec2(region);
  const refList = [...refs.values()];
  const typesByRef = new Map<string, string>();
  const versions = await attemptEach(ctx, 'ec2', region, 'DescribeLaunchTemplateVersions', refList, (r) =>
    ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(r.id ? { LaunchTemplateId: r.id } : { LaunchTemplateName: r.name }),
        Versions: [r.version],
      }),
    ),
  );
  refList.forEach((r, i) => {
    const t = versions[i]?.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.InstanceType;
    if (t) typesByRef.set(refKey(r), t);
  });
  return typesByRef;
}

/**
 * The groups, their policies and scheduled actions (three listings at once); each launch template's
 * instance type as soon as the groups are listed (it needs nothing else).
 */
export function readAutoScaling(ctx: CollectContext, region: string): AutoScalingReads {
  const asg = ctx.clients.autoscaling(region);
  const cfg = { client: asg, pageSize: clampPage(ctx.pageSize, 1, 100) };
  const listed = attempt(ctx, 'autoscaling', region, 'DescribeAutoScalingGroups', () =>
    allPages(paginateDescribeAutoScalingGroups(cfg, {}), (p) => p.AutoScalingGroups),
  );
  const policiesRead = attempt(ctx, 'autoscaling', region, 'DescribePolicies', () =>
    allPages(paginateDescribePolicies(cfg, {}), (p) => p.ScalingPolicies),
  );
  const scheduledRead = attempt(ctx, 'autoscaling', region, 'DescribeScheduledActions', () =>
    allPages(paginateDescribeScheduledActions(cfg, {}), (p) => p.ScheduledUpdateGroupActions),
  );
  const typesRead = listed.then((groups) =>
    groups ? launchTemplateTypes(ctx, region, groups) : new Map<string, string>(),
  );
  const names = listed.then((groups) => (groups ?? []).map((g) => g.AutoScalingGroupName ?? 'unnamed'));
  // Its failure is the listing's, which `groups` reports: no unhandled rejection when only `groups` is awaited.
  names.catch(() => {});
  const groups = Promise.all([listed, policiesRead, scheduledRead, typesRead]).then(
    ([groups, policies, scheduled, typesByRef]) =>
      groups ? mapGroups(groups, policies, scheduled, typesByRef) : [],
  );
  return { names, groups };
}

function mapGroups(
  groups: AwsAsg[],
  policies: AwsPolicy[] | undefined,
  scheduled: ScheduledUpdateGroupAction[] | undefined,
  typesByRef: Map<string, string>,
): AutoScalingGroup[] {
  return groups.map((g): AutoScalingGroup => {
    const name = g.AutoScalingGroupName ?? 'unnamed';
    const overrides = g.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
    const types = new Set<string>();
    for (const o of overrides) if (o.InstanceType) types.add(o.InstanceType);
    const ref = templateOf(g);
    if (types.size === 0 && ref && typesByRef.has(refKey(ref))) types.add(typesByRef.get(refKey(ref))!);
    if (types.size === 0) for (const i of g.Instances ?? []) if (i.InstanceType) types.add(i.InstanceType);
    return {
      name,
      arn: g.AutoScalingGroupARN ?? name,
      availabilityZones: g.AvailabilityZones ?? [],
      subnetIds: (g.VPCZoneIdentifier ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      minSize: g.MinSize ?? 0,
      maxSize: g.MaxSize ?? 0,
      desiredCapacity: g.DesiredCapacity ?? 0,
      healthCheckType: g.HealthCheckType ?? 'EC2',
      healthCheckGracePeriodSeconds: g.HealthCheckGracePeriod ?? 0,
      targetGroupArns: g.TargetGroupARNs ?? [],
      loadBalancerNames: g.LoadBalancerNames ?? [],
      instances: (g.Instances ?? []).map((i) => ({
        id: i.InstanceId ?? 'unknown',
        az: i.AvailabilityZone ?? 'unknown',
        lifecycleState: i.LifecycleState ?? 'unknown',
        healthStatus: i.HealthStatus ?? 'unknown',
        ...(i.InstanceType ? { instanceType: i.InstanceType } : {}),
        ...(i.WeightedCapacity !== undefined &&
        i.WeightedCapacity !== '' &&
        !Number.isNaN(Number(i.WeightedCapacity))
          ? { weightedCapacity: Number(i.WeightedCapacity) }
          : {}),
      })),
      instanceTypes: [...types].sort(),
      mixedInstancesPolicy: !!g.MixedInstancesPolicy,
      capacityRebalance: g.CapacityRebalance ?? false,
      scalingPolicies: (policies ?? []).filter((p) => p.AutoScalingGroupName === name).map(mapPolicy),
      scheduledActions: (scheduled ?? []).filter((a) => a.AutoScalingGroupName === name).map(mapScheduled),
      tags: tagsOf(g.Tags),
    };
  });
}
