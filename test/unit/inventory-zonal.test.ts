import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  healthyTargets,
  healthyTargetsByAz,
  healthyTargetsPerAz,
  targetGroupsOf,
} from '../../src/inventory/zonal.js';
import type { TargetGroup } from '../../src/inventory/schema.js';
import { instance, inventory, loadBalancer, targetGroup } from '../support/builders.js';

const lb = loadBalancer({ name: 'web' }, 'us-east-1', ['us-east-1a', 'us-east-1b']);
const target = (id: string, o: Partial<TargetGroup['targets'][number]> = {}) => ({
  id,
  port: 80,
  state: 'healthy',
  ...o,
});
// One instance in two target groups; an IP target outside the VPC; one whose AZ comes from EC2;
// one nobody can place; one in an AZ the load balancer does not enable; one unhealthy; a lambda target.
const web = targetGroup({
  name: 'web',
  loadBalancerArns: [lb.arn],
  targets: [
    target('i-a', { az: 'us-east-1a' }),
    target('10.9.0.1', { az: 'all' }),
    target('i-ec2'),
    target('i-lost'),
    target('i-c', { az: 'us-east-1c' }),
    target('i-sick', { az: 'us-east-1b', state: 'unhealthy' }),
  ],
});
const admin = targetGroup({
  name: 'admin',
  loadBalancerArns: [lb.arn],
  targets: [target('i-a', { az: 'us-east-1a' })],
});
const fn = targetGroup({
  name: 'fn',
  targetType: 'lambda',
  loadBalancerArns: [lb.arn],
  targets: [target('arn:aws:lambda:us-east-1:1:function:f')],
});
const other = targetGroup({ name: 'other' }, 'us-east-1', { 'us-east-1a': 3 });
const r = inventory({
  'us-east-1': {
    loadBalancers: [lb],
    targetGroups: [web, admin, fn, other],
    instances: [instance({ id: 'i-ec2', az: 'us-east-1b' })],
  },
}).regions['us-east-1']!;

test("inventory zonal: healthyTargets gives each healthy target its own AZ, else its EC2 instance's", () => {
  assert.deepEqual(
    healthyTargets(r, [web]).map(({ target: t, az }) => [t.id, az]),
    [
      ['i-a', 'us-east-1a'],
      ['10.9.0.1', 'all'],
      ['i-ec2', 'us-east-1b'],
      ['i-lost', undefined],
      ['i-c', 'us-east-1c'],
    ],
  );
  assert.deepEqual(
    targetGroupsOf(r, lb).map((tg) => tg.name),
    ['web', 'admin', 'fn'],
  );
});

test('inventory zonal: healthyTargetsPerAz fills every enabled AZ, spreads "all", and counts each target group', () => {
  assert.deepEqual(healthyTargetsPerAz(r, targetGroupsOf(r, lb), ['us-east-1b', 'us-east-1a']), {
    perAz: { 'us-east-1a': 3, 'us-east-1b': 2 },
    allZones: 1,
    unresolved: ['i-lost'],
    outsideEnabledAzs: 1,
  });
});

test('inventory zonal: healthyTargetsByAz counts distinct targets of every type, "all" and "unknown" as they are (a lambda target is regional: "all")', () => {
  assert.deepEqual(healthyTargetsByAz(r, lb), {
    all: 2,
    unknown: 1,
    'us-east-1a': 1,
    'us-east-1b': 1,
    'us-east-1c': 1,
  });
  assert.deepEqual(healthyTargetsByAz(r, loadBalancer({ name: 'idle' })), {});
});
