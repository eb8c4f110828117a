import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/ecs.auto-scaling.js';
import { azs, denied, ecsScalableTarget, ecsService, inventory, subnetsFor } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const Z = azs('us-east-1');
const three = { [Z[0]!]: 2, [Z[1]!]: 2, [Z[2]!]: 2 };
const inv = (
  services: ReturnType<typeof ecsService>[],
  scalableTargets: ReturnType<typeof ecsScalableTarget>[] = [],
) => inventory({ 'us-east-1': { subnets: subnetsFor(Z), ecsServices: services, scalableTargets } });

test('ecs.auto-scaling: passes when CPU target tracking can reach the statically stable size', () => {
  // 6 tasks × 0.5 vCPU = 3 vCPUs at 50 % CPU: 1.5 busy → 1.88 needed → 4 tasks; over 3 AZs: 6.
  const f = only(
    run(check, inv([ecsService({ name: 'api' }, three)], [ecsScalableTarget('api')])),
    'shop/api',
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['demandSource'], 'policy-target');
  assert.equal(f.evidence['staticallyStableTasks'], 6);
  assert.match(f.message, /scales on cpu50 \(TargetTrackingScaling\) up to 12 tasks ≥ 6/);
});

test('ecs.auto-scaling: fails without a scalable target, or with one that nothing scales', () => {
  const out = run(
    check,
    inv(
      [
        ecsService({ name: 'fixed' }, three),
        ecsService({ name: 'idle' }, three),
        ecsService({ name: 'frozen' }, three),
      ],
      [
        ecsScalableTarget('idle', {}, []),
        ecsScalableTarget('frozen', {
          suspended: { dynamicScalingIn: false, dynamicScalingOut: true, scheduledScaling: false },
        }),
      ],
    ),
  );
  assert.equal(only(out, 'shop/fixed').status, 'fail');
  assert.match(only(out, 'shop/fixed').message, /no service auto scaling .* stays at 6 tasks/);
  assert.match(only(out, 'shop/idle').message, /nothing scales it out: no scaling policy is attached/);
  assert.match(only(out, 'shop/frozen').message, /dynamic scale-out is suspended/);
});

test('ecs.auto-scaling: a max below the stable size fails on a declared peak, warns on an assumed one', () => {
  const declared = ecsService({ name: 'api', tags: { 'resil:peak': '6' } }, three);
  const f = only(run(check, inv([declared], [ecsScalableTarget('api', { maxCapacity: 6 })])), 'shop/api');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['demandSource'], 'declared');
  assert.match(f.message, /max 6 tasks < 9, the statically stable size/);
  assert.equal(f.evidence['missing'], 3);
  // A step policy triggered by an alarm reacts, but says nothing about the load: the demand is assumed.
  const step = { name: 'step', type: 'StepScaling', alarms: ['cpu-high'] };
  const g = only(
    run(
      check,
      inv([ecsService({ name: 'api' }, three)], [ecsScalableTarget('api', { maxCapacity: 6 }, [step])]),
    ),
    'shop/api',
  );
  assert.equal(g.status, 'warn');
  assert.equal(g.evidence['demandSource'], 'assumed');
  assert.match(g.message, /on an assumed demand, so not a failure/);
});

test('ecs.auto-scaling: skipped where DescribeScalableTargets was denied; no services, no findings', () => {
  const denial = inventory(
    { 'us-east-1': { subnets: subnetsFor(Z), ecsServices: [ecsService({ name: 'api' }, three)] } },
    { collection: [denied('application-autoscaling', 'DescribeScalableTargets', 'us-east-1')] },
  );
  const [f] = run(check, denial);
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /application-autoscaling:DescribeScalableTargets/);
  assert.deepEqual(run(check, inventory()), []);
});
