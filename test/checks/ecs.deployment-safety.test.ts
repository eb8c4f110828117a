import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/ecs.deployment-safety.js';
import { denied, ecsService, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (...services: ReturnType<typeof ecsService>[]) =>
  inventory({ 'us-east-1': { ecsServices: services } });
const lb = [{ targetGroupArn: 'arn:tg/api', containerName: 'api', containerPort: 8080 }];

test('ecs.deployment-safety: passes with circuit breaker + rollback, 100 % healthy and a grace period', () => {
  const f = only(
    run(check, inv(ecsService({ name: 'api', loadBalancers: lb, healthCheckGracePeriodSeconds: 60 }))),
    'shop/api',
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /rolls back a failing deployment .* keeps ≥ 100 % .* gives new tasks 60 s/);
});

test('ecs.deployment-safety: fails without a circuit breaker, or when a deployment may stop every task', () => {
  const none = ecsService({
    name: 'a',
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
  });
  const zero = ecsService({
    name: 'b',
    deploymentConfiguration: {
      minimumHealthyPercent: 0,
      maximumPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
    },
  });
  const out = run(check, inv(none, zero));
  assert.equal(only(out, 'shop/a').status, 'fail');
  assert.match(only(out, 'shop/a').message, /no deployment circuit breaker/);
  assert.equal(only(out, 'shop/b').status, 'fail');
  assert.match(
    only(out, 'shop/b').message,
    /minimumHealthyPercent 0 % lets a deployment stop every running task/,
  );
  assert.equal(only(out, 'shop/b').evidence['minimumHealthyPercent'], 0);
});

test('ecs.deployment-safety: warns on a circuit breaker without rollback and on a load-balanced service without grace', () => {
  const noRollback = ecsService({
    name: 'a',
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: false },
    },
  });
  const noGrace = ecsService({ name: 'b', loadBalancers: lb });
  const out = run(check, inv(noRollback, noGrace));
  assert.equal(only(out, 'shop/a').status, 'warn');
  assert.match(only(out, 'shop/a').message, /does not roll it back/);
  assert.equal(only(out, 'shop/b').status, 'warn');
  assert.match(only(out, 'shop/b').message, /no health-check grace period/);
});

test('ecs.deployment-safety: skipped when ecs:DescribeServices was denied; nothing to judge without services', () => {
  const [f] = run(
    check,
    inventory({ 'us-east-1': {} }, { collection: [denied('ecs', 'DescribeServices', 'us-east-1')] }),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
