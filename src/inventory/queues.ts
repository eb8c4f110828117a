/**
 * Which tiers scale on the depth of which SQS queue: an Auto Scaling group or an ECS service whose
 * target-tracking policy follows an AWS/SQS metric (or a metric math expression over one), or whose
 * step policy is triggered by an alarm on one. Pure, over one region's inventory.
 */
import type { AlarmMetric, RegionInventory } from './schema.js';

export interface QueueScaler {
  /** "Auto Scaling group worker-asg" or "ECS service shop/worker". */
  tier: string;
  policy: string;
}

function queueOf(m: AlarmMetric | undefined): string | undefined {
  return m && m.namespace === 'AWS/SQS' ? m.dimensions['QueueName'] : undefined;
}

/** Queue name → the tiers scaled on its depth, in a stable order. */
export function queueScalers(r: RegionInventory): Map<string, QueueScaler[]> {
  const out = new Map<string, QueueScaler[]>();
  const add = (queue: string | undefined, s: QueueScaler) => {
    if (!queue) return;
    const list = out.get(queue) ?? [];
    if (!list.some((x) => x.tier === s.tier && x.policy === s.policy)) list.push(s);
    out.set(queue, list);
  };
  const alarmQueues = (names: string[] | undefined) =>
    (names ?? []).flatMap((n) => (r.alarms.find((a) => a.name === n)?.metrics ?? []).map(queueOf));
  for (const g of r.autoScalingGroups) {
    for (const p of g.scalingPolicies) {
      if (!p.enabled) continue;
      const tier = `Auto Scaling group ${g.name}`;
      add(queueOf(p.targetTracking?.customMetric), { tier, policy: p.name });
      for (const q of alarmQueues(p.alarms)) add(q, { tier, policy: p.name });
    }
  }
  for (const t of r.scalableTargets) {
    if (t.namespace !== 'ecs') continue;
    const tier = `ECS service ${t.resourceId.replace(/^service\//, '')}`;
    for (const p of t.policies) {
      add(queueOf(p.targetTracking?.customMetric), { tier, policy: p.name });
      for (const q of alarmQueues(p.alarms)) add(q, { tier, policy: p.name });
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
