import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.multi-az.js';
import { asg, azs, denied, inventory, subnet } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const spread3 = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };

test('asg.multi-az: passes with 3 AZs in a 3-AZ region', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, spread3)] } })),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web spans 3 AZs \(us-east-1a, us-east-1b, us-east-1c\)/);
  assert.equal(f.evidence['azCount'], 3);
  assert.equal(f.evidence['requiredForPass'], 3);
});

test('asg.multi-az: fails with 1 AZ and names it', () => {
  const f = only(
    run(
      check,
      inventory({ 'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, { 'us-east-1a': 6 })] } }),
    ),
    'web',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(f.message, 'web spans 1 AZ (us-east-1a); needs ≥ 2');
  assert.equal(f.evidence['azCount'], 1);
  assert.equal(f.evidence['minAzs'], 2);
});

test('asg.multi-az: warns with 2 AZs when the region has 3', () => {
  const f = only(
    run(
      check,
      inventory({
        'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, { 'us-east-1a': 2, 'us-east-1b': 2 })] },
      }),
    ),
    'web',
  );
  assert.equal(f.status, 'warn');
  assert.match(f.message, /web spans 2 AZs \(us-east-1a, us-east-1b\); us-east-1 has 3 AZs, aim for ≥ 3/);
  assert.equal(f.evidence['regionAzCount'], 3);
});

test('asg.multi-az: 2 AZs pass in a region that only has 2', () => {
  const inv = inventory({
    'us-west-1': {
      availabilityZones: azs('us-west-1', 2),
      autoScalingGroups: [asg({ name: 'web' }, { 'us-west-1a': 1, 'us-west-1b': 1 })],
    },
  });
  const f = only(run(check, inv), 'web');
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['requiredForPass'], 2);
});

test('asg.multi-az: counts the AZs of the group subnets too', () => {
  const g = asg({
    name: 'web',
    availabilityZones: ['us-east-1a'],
    subnetIds: ['subnet-b', 'subnet-c', 'subnet-gone'],
  });
  const inv = inventory({
    'us-east-1': {
      autoScalingGroups: [g],
      subnets: [subnet({ id: 'subnet-b', az: 'us-east-1b' }), subnet({ id: 'subnet-c', az: 'us-east-1c' })],
    },
  });
  const f = only(run(check, inv), 'web');
  assert.equal(f.status, 'pass');
  assert.deepEqual(f.evidence['configuredAzs'], ['us-east-1a', 'us-east-1b', 'us-east-1c']);
  assert.deepEqual(f.evidence['unresolvedSubnets'], ['subnet-gone']);
});

test('asg.multi-az: thresholds are configurable', () => {
  const inv = inventory({
    'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, { 'us-east-1a': 2, 'us-east-1b': 2 })] },
  });
  assert.equal(only(run(check, inv, { preferredAzs: 2 }), 'web').status, 'pass');
  assert.equal(only(run(check, inv, { minAzs: 3 }), 'web').status, 'fail');
});

test('asg.multi-az: skipped where the AZ list could not be read', () => {
  const inv = inventory(
    {
      'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, spread3)] },
      'us-west-2': { autoScalingGroups: [asg({ name: 'west' }, { 'us-west-2a': 1 })] },
    },
    { collection: [denied('ec2', 'DescribeAvailabilityZones', 'us-east-1')] },
  );
  const findings = run(check, inv);
  const s = only(findings, 'us-east-1');
  assert.equal(s.status, 'skipped');
  assert.match(s.message, /AccessDenied on ec2:DescribeAvailabilityZones in us-east-1/);
  assert.equal(only(findings, 'west').status, 'fail');
});

test('asg.multi-az: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
