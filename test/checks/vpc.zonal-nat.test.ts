import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/vpc.zonal-nat.js';
import { denied, inventory, natGateway, subnet } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const nats = [natGateway({ id: 'nat-a', az: 'us-east-1a' }), natGateway({ id: 'nat-b', az: 'us-east-1b' })];
const toNat = (id: string) => ({ kind: 'nat-gateway' as const, targetId: id });

test('vpc.zonal-nat: passes a private subnet that uses the NAT gateway of its own AZ', () => {
  const s = subnet({
    id: 'subnet-1',
    az: 'us-east-1b',
    defaultRoute: toNat('nat-b'),
    tags: { Name: 'private-b' },
  });
  const f = only(run(check, inventory({ 'us-east-1': { subnets: [s], natGateways: nats } })), 'subnet-1');
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'private-b (subnet-1) in us-east-1b uses nat-b in the same AZ');
});

test('vpc.zonal-nat: fails a subnet that routes to a NAT gateway in another AZ, naming both AZs', () => {
  const s = subnet({ id: 'subnet-1', az: 'us-east-1c', defaultRoute: toNat('nat-a') });
  const f = only(run(check, inventory({ 'us-east-1': { subnets: [s], natGateways: nats } })), 'subnet-1');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(
    f.message,
    'subnet-1 in us-east-1c sends its default route to nat-a in us-east-1a: losing us-east-1a cuts egress for us-east-1c too',
  );
  assert.equal(f.evidence['natGatewayAz'], 'us-east-1a');
  assert.equal(f.evidence['subnetAz'], 'us-east-1c');
});

test('vpc.zonal-nat: warns when the NAT gateway is not in the inventory, or is not available', () => {
  const gone = subnet({ id: 'subnet-1', az: 'us-east-1a', defaultRoute: toNat('nat-gone') });
  const failed = subnet({ id: 'subnet-2', az: 'us-east-1a', defaultRoute: toNat('nat-x') });
  const inv = inventory({
    'us-east-1': {
      subnets: [gone, failed],
      natGateways: [natGateway({ id: 'nat-x', az: 'us-east-1a', state: 'failed' })],
    },
  });
  const findings = run(check, inv);
  const a = only(findings, 'subnet-1');
  assert.equal(a.status, 'warn');
  assert.match(
    a.message,
    /routes 0.0.0.0\/0 to nat-gone, which is not among the us-east-1 NAT gateways collected/,
  );
  const b = only(findings, 'subnet-2');
  assert.equal(b.status, 'warn');
  assert.match(b.message, /routes to nat-x in its own AZ, but that NAT gateway is failed/);
});

test('vpc.zonal-nat: public subnets and subnets without a NAT default route give no finding', () => {
  const inv = inventory({
    'us-east-1': {
      natGateways: nats,
      subnets: [
        subnet({
          id: 'pub',
          az: 'us-east-1a',
          public: true,
          defaultRoute: { kind: 'internet-gateway', targetId: 'igw-1' },
        }),
        subnet({ id: 'isolated', az: 'us-east-1b' }),
        subnet({ id: 'tgw', az: 'us-east-1b', defaultRoute: { kind: 'transit-gateway', targetId: 'tgw-1' } }),
      ],
    },
  });
  assert.deepEqual(run(check, inv), []);
});

test('vpc.zonal-nat: skipped where route tables could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('ec2', 'DescribeRouteTables', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /AccessDenied on ec2:DescribeRouteTables in us-east-1/);
});

test('vpc.zonal-nat: no subnets, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
