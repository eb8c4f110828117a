import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.instance-diversity.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const spread = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };
const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });

test('asg.instance-diversity: passes with a mixed-instances policy of 3 types', () => {
  const g = asg(
    { name: 'web', mixedInstancesPolicy: true, instanceTypes: ['m6i.large', 'm7i.large', 'm6a.large'] },
    spread,
  );
  const f = only(run(check, inv(g)), 'web');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web can launch 3 instance types \(m6a.large, m6i.large, m7i.large\) through a mixed-instances policy/,
  );
  assert.equal(f.evidence['count'], 3);
});

test('asg.instance-diversity: warns with a single type and no mixed-instances policy', () => {
  const f = only(run(check, inv(asg({ name: 'api' }, spread))), 'api');
  assert.equal(f.status, 'warn');
  // low advisory (was medium on every single-type group: issue 8, defect 7).
  assert.equal(f.severity, 'low');
  assert.match(f.message, /api can launch only 1 instance type \(m6i.large\); needs ≥ 2/);
  assert.match(f.message, /no mixed-instances policy/);
  assert.equal(f.evidence['mixedInstancesPolicy'], false);
  assert.equal(f.evidence['minInstanceTypes'], 2);
});

test('asg.instance-diversity: duplicates do not count twice, and the minimum is configurable', () => {
  const g = asg(
    { name: 'dup', mixedInstancesPolicy: true, instanceTypes: ['m6i.large', 'm6i.large', 'c6i.large'] },
    spread,
  );
  assert.equal(only(run(check, inv(g)), 'dup').status, 'pass');
  const f = only(run(check, inv(g), { minInstanceTypes: 3 }), 'dup');
  assert.equal(f.status, 'warn');
  assert.match(f.message, /only 2 instance types .*needs ≥ 3.*add overrides to its mixed-instances policy/);
});

test('asg.instance-diversity: unknown instance types are skipped, not passed', () => {
  const f = only(run(check, inv(asg({ name: 'lc', instanceTypes: [] }, spread))), 'lc');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /instance types it can launch are unknown/);
});

test('asg.instance-diversity: skipped in a region where groups could not be read', () => {
  const i = inventory(
    { 'us-east-1': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const f = only(run(check, i), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups/);
});

test('asg.instance-diversity: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
