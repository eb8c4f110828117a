/**
 * ECS services as tiers of the readiness report: counted in tasks, scaled by their Application Auto
 * Scaling target (MinCapacity/MaxCapacity and the desired count, not MinSize/MaxSize), spread by
 * subnets or placement, and reserved only where reservations apply (EC2 container instances, never
 * Fargate). Answers computed by hand; peak factor 1.5, safe utilisation 80 %.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { ReadinessReport } from '../../src/readiness/index.js';
import { renderReadinessHtml } from '../../src/render/readiness/html.js';
import { renderReadinessMarkdown } from '../../src/render/readiness/markdown.js';
import { azs, ecsScalableTarget, ecsService, instance, inventory, subnetsFor } from '../support/builders.js';
import { ROOT } from '../cli/run-cli.js';
import { az, readiness, region } from './support.js';

const EAST = azs('us-east-1');
const WEST = azs('us-west-2');
const [E1, E2, E3] = EAST as [string, string, string];

/** An EC2-launch-type service (bridge networking) whose tasks run on c6i.xlarge container instances, one per AZ. */
function ec2Service(
  name: string,
  region: string,
  zones: string[],
  o: { withInstances?: boolean; tags?: Record<string, string> } = {},
) {
  const s = ecsService(
    {
      name,
      launchType: 'EC2',
      networkMode: 'bridge',
      subnetIds: [],
      taskCpuUnits: 1024,
      tags: o.tags ?? {},
    },
    Object.fromEntries(zones.map((z) => [z, 1])),
    region,
  );
  s.tasks = s.tasks!.map((t, i) => ({ ...t, containerInstanceArn: `ci-${name}-${i}` }));
  const cluster = {
    name: 'shop',
    arn: s.clusterArn,
    containerInstances: zones.map((z, i) => ({
      arn: `ci-${name}-${i}`,
      ec2InstanceId: `i-${name}-${i}`,
      az: z,
      status: 'ACTIVE',
    })),
  };
  const instances =
    o.withInstances === false
      ? []
      : zones.map((z, i) => instance({ id: `i-${name}-${i}`, az: z, type: 'c6i.xlarge' }));
  return { service: s, cluster, instances };
}

/**
 * us-east-1 (primary): `checkout` (Fargate, 2 × 1-vCPU tasks per AZ, target tracking CPU 50 %, scalable
 * target 6..18), `solo` (Fargate, 2 tasks in us-east-1a, no scalable target), `legacy` (EC2 launch type,
 * one 1-vCPU task per AZ on c6i.xlarge container instances, resil:peak=3, no scalable target).
 * us-west-2 (standby): `checkout-west` (Fargate, 1 task per AZ, scalable target 3..18).
 */
function ecsShop(o: { legacyInstances?: boolean } = {}): Inventory {
  const checkout = ecsService({ name: 'checkout', taskCpuUnits: 1024 }, { [E1]: 2, [E2]: 2, [E3]: 2 });
  const solo = ecsService({ name: 'solo', availabilityZoneRebalancing: 'DISABLED' }, { [E1]: 2 });
  const legacy = ec2Service('legacy', 'us-east-1', EAST, {
    withInstances: o.legacyInstances ?? true,
    tags: { 'resil:peak': '3' },
  });
  const west = ecsService(
    { name: 'checkout-west', taskCpuUnits: 1024 },
    Object.fromEntries(WEST.map((z) => [z, 1])),
    'us-west-2',
  );
  return inventory({
    'us-east-1': {
      subnets: subnetsFor(EAST),
      ecsServices: [checkout, solo, legacy.service],
      ecsClusters: [legacy.cluster],
      instances: legacy.instances,
      scalableTargets: [ecsScalableTarget('checkout', { minCapacity: 6, maxCapacity: 18 })],
    },
    'us-west-2': {
      subnets: subnetsFor(WEST),
      ecsServices: [west],
      scalableTargets: [ecsScalableTarget('checkout-west', { minCapacity: 3, maxCapacity: 18 })],
    },
  });
}

const CONFIG = {
  primaryRegion: 'us-east-1',
  standbyRegion: 'us-west-2',
  tiers: { checkout: { primary: 'checkout', standby: 'checkout-west' } },
};

function report(inv = ecsShop()): ReadinessReport {
  return readiness(inv, { eventDate: '2026-11-27', config: CONFIG });
}

/** No Auto Scaling group or EC2-instance wording about an ECS tier. */
function assertNoAsgWords(texts: string[]): void {
  for (const t of texts) {
    assert.doesNotMatch(t, /MaxSize|MinSize|min = desired|Auto Scaling group|\binstances?\b|\binst\./, t);
  }
}

test('ECS, losing an AZ: counted in tasks, scaled by MaxCapacity, set by MinCapacity and desired count', () => {
  const r = report();
  const a = az(r, 'checkout');
  // 6 × 1-vCPU tasks; CPU target 50 % → 3 busy → 3 ÷ 0.8 = 3.75 needed; × 1.5 = 5.625 → 5.63.
  assert.equal(a.demand.source, 'policy-target');
  assert.equal(a.demand.forecastNeeded, 5.63);
  assert.equal(a.tier.countNoun, 'tasks');
  assert.equal(a.scaling.scaledBy, 'application-auto-scaling');
  // Losing an AZ leaves 4 vCPUs: 1.63 short, 2 tasks; ceil(5.625) = 6 tasks over 3 AZs → 9 (3 per AZ).
  assert.equal(a.worstAfter, 4);
  assert.equal(a.shortByInstances, 2);
  assert.deepEqual(a.target, { instances: 9, perAz: 3, addInstances: 3 });
  assert.equal(a.scaling.max, 18);
  assert.equal(a.status, 'at-risk');
  assert.deepEqual(a.reasons, [
    'losing us-east-1a leaves 4 vCPUs < 5.63 vCPUs needed at the forecast peak, 1.63 vCPUs (2 tasks) short ' +
      "(policy-target demand: target tracking cpu50 keeps the service's CPU at 50 % of the 6 vCPUs running: 3 busy)",
    "only scaling during the event closes the gap (the scalable target's MaxCapacity 18 ≥ 9 tasks): " +
      'reactive scaling lags a sudden peak, and an AZ event makes it scramble for capacity',
    "raise the scalable target's MinCapacity and the service's desired count to 9 (3 tasks per AZ at most), " +
      'so losing any AZ still leaves the forecast peak',
  ]);
  assertNoAsgWords(a.reasons);
});

test('ECS, losing an AZ: a service without a scalable target says so, and what to raise', () => {
  const a = az(report(), 'legacy');
  // resil:peak=3 tasks × 1 vCPU = 3; × 1.5 = 4.5. Losing an AZ leaves 2: 2.5 short (3 tasks).
  // ceil(4.5) = 5 tasks over 3 AZs → ceil(5 × 3 ÷ 2) = 8 (3 per AZ); desired 3 cannot reach it.
  assert.equal(a.demand.source, 'declared');
  assert.equal(a.demand.forecastNeeded, 4.5);
  assert.equal(a.scaling.scaledBy, 'none');
  assert.deepEqual(a.target, { instances: 8, perAz: 3, addInstances: 5 });
  assert.equal(a.scaling.maxReaches, false);
  assert.equal(a.status, 'not-ready');
  assert.ok(a.reasons[0]!.includes('2.5 vCPUs (3 tasks) short (declared demand:'), a.reasons[0]);
  assert.ok(
    a.reasons.includes(
      'no Application Auto Scaling scalable target: the service stays at its desired count 3, short of the 8 tasks needed',
    ),
    a.reasons.join('\n'),
  );
  assert.ok(
    a.reasons.includes(
      "raise the service's desired count to 8 (3 tasks per AZ at most) so losing any AZ still leaves the forecast peak; " +
        'it has no Application Auto Scaling scalable target, so nothing else changes it',
    ),
    a.reasons.join('\n'),
  );
  assertNoAsgWords(a.reasons);
  const act = r0Action(report(), 'az-loss:us-east-1:ecs-service/shop/legacy');
  assert.match(act.what, /^Raise legacy's desired count to 8 tasks \(≤ 3 per AZ\) before the event/);
  assert.equal(
    act.cli,
    'aws ecs update-service --region us-east-1 --cluster shop --service legacy --desired-count 8',
  );
});

function r0Action(r: ReadinessReport, from: string) {
  const a = r.actions.find((x) => x.from === from);
  if (!a) throw new Error(`no action from ${from}: ${r.actions.map((x) => x.from).join(', ')}`);
  return a;
}

test('ECS, actions: a scheduled MinCapacity raise before the event, not an Auto Scaling group action', () => {
  const act = r0Action(report(), 'az-loss:us-east-1:ecs-service/shop/checkout');
  assert.equal(
    act.what,
    "Raise checkout's scalable target MinCapacity and the service's desired count to 9 tasks (≤ 3 per AZ) before the event, " +
      'so losing any AZ leaves the forecast peak; scale back after.',
  );
  assert.equal(
    act.cli,
    'aws application-autoscaling put-scheduled-action --region us-east-1 --service-namespace ecs ' +
      '--scalable-dimension ecs:service:DesiredCount --resource-id service/shop/checkout ' +
      '--scheduled-action-name readiness-scale-up --schedule "at(2026-11-26T06:00:00)" --scalable-target-action MinCapacity=9',
  );
  assert.match(act.terraform ?? '', /aws_appautoscaling_target/);
});

test('ECS, one AZ: give the service subnets in more AZs and enable AZ rebalancing (not an Auto Scaling group)', () => {
  const r = report();
  const a = az(r, 'solo');
  assert.equal(a.status, 'not-ready');
  assert.equal(a.scaling.scaledBy, 'none');
  const act = r0Action(r, 'az-loss:us-east-1:ecs-service/shop/solo');
  assert.equal(
    act.what,
    'Give solo subnets in at least two AZs (its awsvpc network configuration; all its tasks are in us-east-1a), ' +
      'and enable availabilityZoneRebalancing so ECS moves tasks back after an AZ recovers.',
  );
  assert.match(act.cli ?? '', /^aws ecs update-service --region us-east-1 --cluster shop --service solo /);
  assert.match(act.cli ?? '', /--availability-zone-rebalancing ENABLED/);
  assert.match(act.cli ?? '', /awsvpcConfiguration=\{subnets=\[/);
  assert.doesNotMatch(act.what, /Auto Scaling group|instances/);
});

test('ECS, one AZ: judged once, by the AZ-loss section at the forecast peak, not again from the audit (tier.static-stability is recomputed)', () => {
  const r = report();
  const about = r.issues.filter((i) => i.subject.startsWith('solo '));
  assert.ok(about.some((i) => i.key === 'az-loss:us-east-1:ecs-service/shop/solo'));
  assert.deepEqual(
    about.filter((i) => i.key.startsWith('audit:tier.static-stability:')),
    [],
  );
});

test('ECS, one AZ on EC2 container instances: spread the placement over AZs', () => {
  const legacy = ec2Service('legacy', 'us-east-1', [E1]);
  const inv = inventory({
    'us-east-1': {
      subnets: subnetsFor(EAST),
      ecsServices: [legacy.service],
      ecsClusters: [legacy.cluster],
      instances: legacy.instances,
    },
  });
  const act = r0Action(readiness(inv), 'az-loss:us-east-1:ecs-service/shop/legacy');
  assert.match(
    act.what,
    /^Give legacy's cluster shop container instances in at least two AZs and spread the service's placement over AZs \(all its tasks are in us-east-1a\)/,
  );
  assert.match(act.cli ?? '', /--placement-strategy type=spread,field=attribute:ecs\.availability-zone/);
});

test('ECS, losing the region: the standby counts tasks and its MaxCapacity, and healthy tasks per AZ', () => {
  const r = report();
  const p = region(r, 'checkout');
  // The forecast 5.63 vCPUs; checkout-west runs 3 × 1 vCPU, MaxCapacity 18: it must add 2.63 (3 tasks).
  assert.equal(p.countNoun, 'tasks');
  assert.equal(p.verdict, 'must-scale');
  assert.equal(p.standbyNow, 3);
  assert.equal(p.standbyAtMax, 18);
  assert.equal(p.scaleOutInstances, 3);
  assert.equal(p.status, 'at-risk');
  assert.match(
    p.reasons[0]!,
    /it must add 2\.63 vCPUs \(3 tasks\) during the failover \(the scalable target's MaxCapacity 18 allows 18 vCPUs\)/,
  );
  assert.equal(p.reasons[1], 'healthy standby tasks per AZ: us-west-2a: 1, us-west-2b: 1, us-west-2c: 1');
  assertNoAsgWords(p.reasons);
  const act = r0Action(r, p.key);
  assert.match(
    act.what,
    /^Warm checkout-west to 6 tasks before the event \(raise its scalable target's MinCapacity/,
  );
  assert.equal(
    act.cli,
    'aws application-autoscaling register-scalable-target --region us-west-2 --service-namespace ecs ' +
      '--scalable-dimension ecs:service:DesiredCount --resource-id service/shop/checkout-west --max-capacity 18 --min-capacity 6',
  );
});

test('ECS, reservations: none asked for Fargate (said so); EC2 container instances by their type', () => {
  const r = report();
  const res = r.reservations;
  // Fargate services have no coverage row; EC2-backed legacy needs 8 tasks × 1 vCPU on 4-vCPU c6i.xlarge: 2.
  assert.deepEqual(
    res.coverage.map((c) => [c.region, c.instanceType, c.neededInstances]),
    [['us-east-1', 'c6i.xlarge', 2]],
  );
  assert.match(
    res.coverage[0]!.tiers[0]!,
    /^legacy \(for the peak, statically stable: 8 tasks × 1 vCPU on c6i\.xlarge container instances, by CPU alone\)$/,
  );
  assert.ok(
    res.notes.some((n) =>
      /^Fargate capacity cannot be reserved \(EC2 Capacity Reservations do not apply to Fargate tasks\): checkout \(9 tasks for the peak, statically stable\) in us-east-1/.test(
        n,
      ),
    ),
    res.notes.join('\n'),
  );
  // The standby must scale out on Fargate during a failover: said to be at risk, not reserved.
  assert.ok(
    res.notes.some((n) =>
      /^checkout-west \(us-west-2\) runs on Fargate: it must add 3 tasks during a failover \(6 tasks in all\).*at risk/.test(
        n,
      ),
    ),
    res.notes.join('\n'),
  );
  assert.ok(!res.coverage.some((c) => /task/.test(c.instanceType)));
});

test('ECS, reservations: container instances of unknown type make the reservation unknown, and say why', () => {
  const res = report(ecsShop({ legacyInstances: false })).reservations;
  assert.deepEqual(res.coverage, []);
  assert.ok(
    res.notes.includes(
      'legacy (us-east-1) runs on EC2 container instances; the capacity reservation its 8 tasks need is unknown: ' +
        'the EC2 instance behind container instance i-legacy-0 is not in the inventory.',
    ),
    res.notes.join('\n'),
  );
});

test('ECS, rendered: tasks and MaxCapacity in the Markdown and HTML tables, no instance count for a service', () => {
  const r = report();
  const mdText = renderReadinessMarkdown(r);
  const row = mdText
    .split('\n')
    .find((l) => l.startsWith('| checkout (us-east-1) | ⚠️ AT RISK | 3.75 vCPUs'));
  assert.ok(row, 'the AZ-loss row of checkout');
  assert.ok(row.includes('| 6 vCPUs (6 tasks) |'), row);
  assert.ok(row.includes('| 1.63 vCPUs (2 tasks) |'), row);
  assert.ok(row.includes('| 9 tasks (≤ 3/AZ) |'), row);
  assert.ok(row.includes('| MaxCapacity 18 · cpu50 (TargetTrackingScaling) |'), row);
  assert.ok(row.includes('| not read (Application Auto Scaling scheduled actions) |'), row);
  assert.doesNotMatch(row, /inst\.|MaxSize/);
  assert.match(mdText, /\| solo \(us-east-1\) .*\| desired 2, no scalable target · no reactive policy \|/);
  assert.match(mdText, /\| AZ \| Tasks running \| vCPUs now \|/);
  const standbyRow = mdText.split('\n').find((l) => l.startsWith('| checkout (us-east-1) | checkout-west'));
  assert.ok(
    standbyRow?.includes(
      '| 3 vCPUs (3 tasks) | 18 vCPUs (18 tasks) | us-west-2a: 1, us-west-2b: 1, us-west-2c: 1 (tasks) |',
    ),
    standbyRow,
  );
  const html = renderReadinessHtml(r);
  assert.match(html, /6 vCPUs<br><span class="note">6 tasks<\/span>/);
  assert.match(html, /MaxCapacity 18/);
  assert.doesNotMatch(html, /<span class="note">\d+ instances<\/span>/);
});

test('ECS, JSON: countNoun and scaledBy validate against schemas/readiness-report.schema.json', () => {
  const validate = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(`${ROOT}/schemas/readiness-report.schema.json`, 'utf8')) as object,
  );
  const doc = JSON.parse(JSON.stringify(report())) as unknown;
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
});
