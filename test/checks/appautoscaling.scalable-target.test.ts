import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/appautoscaling.scalable-target.js';
import { denied, ecsScalableTarget, ecsService, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const id = (service: string) => `service/shop/${service}|ecs:service:DesiredCount`;
const inv = (
  targets: ReturnType<typeof ecsScalableTarget>[],
  services = [ecsService({ name: 'api', desiredCount: 4 })],
) => inventory({ 'us-east-1': { scalableTargets: targets, ecsServices: services } });

test('appautoscaling.scalable-target: passes with a CPU target-tracking policy and room to grow', () => {
  const f = only(run(check, inv([ecsScalableTarget('api')])), id('api'));
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'service/shop/api (ecs:service:DesiredCount) scales between 2 and 12 on cpu50 (TargetTrackingScaling); now at 4',
  );
  assert.equal(f.resource.type, 'AWS::ApplicationAutoScaling::ScalableTarget');
});

test('appautoscaling.scalable-target: fails when it cannot scale (suspended, max = min, no policy, step without alarm)', () => {
  const out = run(
    check,
    inv([
      ecsScalableTarget('a', {
        suspended: { dynamicScalingIn: false, dynamicScalingOut: true, scheduledScaling: false },
      }),
      ecsScalableTarget('b', { minCapacity: 3, maxCapacity: 3 }),
      ecsScalableTarget('c', {}, []),
      ecsScalableTarget('d', {}, [{ name: 'step-out', type: 'StepScaling', alarms: [] }]),
    ]),
  );
  assert.match(only(out, id('a')).message, /dynamic scale-out is suspended/);
  assert.match(only(out, id('b')).message, /its max 3 is not above its min 3: it cannot scale/);
  assert.match(only(out, id('c')).message, /no scaling policy is attached/);
  assert.match(only(out, id('d')).message, /step policy step-out has no alarm, so nothing ever triggers it/);
  assert.deepEqual(
    out.map((f) => f.status),
    ['fail', 'fail', 'fail', 'fail'],
  );
});

test('appautoscaling.scalable-target: warns on a memory-only policy and on a service already at its max', () => {
  const memory = {
    name: 'mem70',
    type: 'TargetTrackingScaling',
    targetTracking: { metric: 'ECSServiceAverageMemoryUtilization', targetValue: 70, disableScaleIn: false },
    alarms: [],
  };
  const f = only(run(check, inv([ecsScalableTarget('api', {}, [memory])])), id('api'));
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /tracks only ECSServiceAverageMemoryUtilization \(mem70\), which does not follow the load/,
  );
  const atMax = only(run(check, inv([ecsScalableTarget('api', { maxCapacity: 4 })])), id('api'));
  assert.equal(atMax.status, 'warn');
  assert.match(atMax.message, /already at its max \(4 of 4\)/);
});

test('appautoscaling.scalable-target: skipped on denial; no targets, no findings', () => {
  const [f] = run(
    check,
    inventory(
      { 'us-east-1': {} },
      { collection: [denied('application-autoscaling', 'DescribeScalingPolicies', 'us-east-1')] },
    ),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
