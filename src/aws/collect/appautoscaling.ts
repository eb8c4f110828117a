/**
 * Application Auto Scaling: the scalable targets of ECS services and DynamoDB tables, with their
 * scaling policies (what metric each follows, and the alarms that trigger a step policy).
 */
import {
  paginateDescribeScalableTargets,
  paginateDescribeScalingPolicies,
  type ScalableTarget as AwsTarget,
  type ScalingPolicy as AwsPolicy,
  type ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import type { ScalableTarget, ScalableTargetPolicy } from '../../inventory/schema.js';
import { allPages, attempt, clampPage, type CollectContext } from './context.js';

/** The namespaces resil judges: ECS service desired counts and DynamoDB table capacity. */
export const SCALING_NAMESPACES: readonly ServiceNamespace[] = ['ecs', 'dynamodb'];

interface MetricLike {
  Namespace?: string | undefined;
  MetricName?: string | undefined;
  Dimensions?: Array<{ Name?: string | undefined; Value?: string | undefined }> | undefined;
  Metrics?:
    | Array<{
        MetricStat?:
          | {
              Metric?:
                | {
                    Namespace?: string | undefined;
                    MetricName?: string | undefined;
                    Dimensions?: Array<{ Name?: string | undefined; Value?: string | undefined }> | undefined;
                  }
                | undefined;
            }
          | undefined;
      }>
    | undefined;
}

/**
 * What a customized target-tracking metric measures: its own metric, or the first metric a
 * metric-math specification reads. Shared with the Auto Scaling collector.
 */
export function customMetricOf(
  m: MetricLike | undefined,
): { namespace: string; metricName: string; dimensions: Record<string, string> } | undefined {
  if (!m) return undefined;
  const base = m.MetricName
    ? m
    : m.Metrics?.map((q) => q.MetricStat?.Metric).find((x) => x?.MetricName !== undefined);
  if (!base?.MetricName) return undefined;
  const dimensions: Record<string, string> = {};
  for (const d of base.Dimensions ?? []) if (d.Name) dimensions[d.Name] = d.Value ?? '';
  return { namespace: base.Namespace ?? 'unknown', metricName: base.MetricName, dimensions };
}

export function mapScalingPolicy(p: AwsPolicy): ScalableTargetPolicy {
  const tt = p.TargetTrackingScalingPolicyConfiguration;
  const custom = customMetricOf(tt?.CustomizedMetricSpecification);
  return {
    name: p.PolicyName ?? 'unnamed',
    type: p.PolicyType ?? 'StepScaling',
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
    alarms: (p.Alarms ?? []).map((a) => a.AlarmName).filter((n): n is string => !!n),
  };
}

export function mapScalableTarget(t: AwsTarget, policies: AwsPolicy[]): ScalableTarget {
  const s = t.SuspendedState;
  return {
    namespace: t.ServiceNamespace ?? 'unknown',
    resourceId: t.ResourceId ?? 'unknown',
    scalableDimension: t.ScalableDimension ?? 'unknown',
    minCapacity: t.MinCapacity ?? 0,
    maxCapacity: t.MaxCapacity ?? 0,
    suspended: {
      dynamicScalingIn: s?.DynamicScalingInSuspended ?? false,
      dynamicScalingOut: s?.DynamicScalingOutSuspended ?? false,
      scheduledScaling: s?.ScheduledScalingSuspended ?? false,
    },
    policies: policies
      .filter((p) => p.ResourceId === t.ResourceId && p.ScalableDimension === t.ScalableDimension)
      .map(mapScalingPolicy),
  };
}

export async function collectScalableTargets(ctx: CollectContext, region: string): Promise<ScalableTarget[]> {
  const aas = ctx.clients.applicationAutoScaling(region);
  const cfg = { client: aas, pageSize: clampPage(ctx.pageSize, 1, 50) };
  const [targets, policies] = await Promise.all([
    attempt(ctx, 'application-autoscaling', region, 'DescribeScalableTargets', async () =>
      (
        await Promise.all(
          SCALING_NAMESPACES.map((ServiceNamespace) =>
            allPages(paginateDescribeScalableTargets(cfg, { ServiceNamespace }), (p) => p.ScalableTargets),
          ),
        )
      ).flat(),
    ),
    attempt(ctx, 'application-autoscaling', region, 'DescribeScalingPolicies', async () =>
      (
        await Promise.all(
          SCALING_NAMESPACES.map((ServiceNamespace) =>
            allPages(paginateDescribeScalingPolicies(cfg, { ServiceNamespace }), (p) => p.ScalingPolicies),
          ),
        )
      ).flat(),
    ),
  ]);
  return (targets ?? [])
    .map((t) => mapScalableTarget(t, policies ?? []))
    .sort(
      (a, b) =>
        a.resourceId.localeCompare(b.resourceId) || a.scalableDimension.localeCompare(b.scalableDimension),
    );
}
