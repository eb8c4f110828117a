import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/ecs.multi-az.js';
import { azs, denied, ecsService, inventory, subnetsFor } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const Z = azs('us-east-1');
const region = (services: ReturnType<typeof ecsService>[]) =>
  inventory({ 'us-east-1': { subnets: subnetsFor(Z), ecsServices: services } });

test('ecs.multi-az: passes with tasks over 3 AZs and rebalancing on', () => {
  const f = only(
    run(check, region([ecsService({ name: 'api' }, { [Z[0]!]: 2, [Z[1]!]: 2, [Z[2]!]: 2 })])),
    'shop/api',
  );
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'shop/api runs 6 tasks over 3 AZs (us-east-1a, us-east-1b, us-east-1c) (us-east-1a: 2, us-east-1b: 2, us-east-1c: 2), with AZ rebalancing on',
  );
  assert.equal(f.evidence['azsFrom'], 'subnets');
  assert.equal(f.resource.type, 'AWS::ECS::Service');
});

test('ecs.multi-az: fails a service that can only place tasks in one AZ', () => {
  const f = only(run(check, region([ecsService({ name: 'cart' }, { [Z[0]!]: 2 })])), 'shop/cart');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /shop\/cart can place tasks in 1 AZ \(us-east-1a\) only \(from its subnets\); needs ≥ 2/,
  );
});

test('ecs.multi-az: fails when every running task sits in one of the AZs it could use', () => {
  const s = ecsService({ name: 'cart', subnetIds: Z.map((az) => `subnet-${az}`) }, { [Z[1]!]: 3 });
  const f = only(run(check, region([s])), 'shop/cart');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /runs all 3 tasks in us-east-1b although it can use 3 AZs/);
  const single = ecsService({ name: 'one', subnetIds: Z.map((az) => `subnet-${az}`) }, { [Z[0]!]: 1 });
  assert.match(
    only(run(check, region([single])), 'shop/one').message,
    /1 task cannot be spread; run at least 2/,
  );
});

test('ecs.multi-az: warns on imbalance and on AZ rebalancing off (unset on an old service)', () => {
  const lopsided = ecsService({ name: 'api' }, { [Z[0]!]: 5, [Z[1]!]: 1, [Z[2]!]: 1 });
  const f = only(run(check, region([lopsided])), 'shop/api');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /imbalanced \(us-east-1a: 5, us-east-1b: 1, us-east-1c: 1: max − min = 4, 80 % of max, limit 20 %\)/,
  );
  const old = ecsService({ name: 'old', availabilityZoneRebalancing: undefined }, { [Z[0]!]: 1, [Z[1]!]: 1 });
  const g = only(run(check, region([old])), 'shop/old');
  assert.equal(g.status, 'warn');
  assert.match(g.message, /AZ rebalancing is not set \(off for services created before it existed\)/);
  assert.equal(g.evidence['availabilityZoneRebalancing'], null);
});

test('ecs.multi-az: EC2 launch type without awsvpc takes the AZs of its container instances', () => {
  const s = ecsService(
    { name: 'legacy', launchType: 'EC2', networkMode: 'bridge', subnetIds: [] },
    { [Z[0]!]: 2 },
  );
  const inv = inventory({
    'us-east-1': {
      ecsServices: [s],
      ecsClusters: [
        {
          name: 'shop',
          arn: s.clusterArn,
          containerInstances: [
            { arn: 'ci-1', ec2InstanceId: 'i-1', az: Z[0]!, status: 'ACTIVE' },
            { arn: 'ci-2', ec2InstanceId: 'i-2', az: Z[1]!, status: 'ACTIVE' },
          ],
        },
      ],
    },
  });
  const f = only(run(check, inv), 'shop/legacy');
  assert.equal(f.evidence['azsFrom'], 'container-instances');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /runs all 2 tasks in us-east-1a although it can use 2 AZs/);
});

test('ecs.multi-az: skipped in a region where ecs:DescribeTasks was denied; no services, no findings', () => {
  const inv = inventory(
    { 'us-east-1': { subnets: subnetsFor(Z), ecsServices: [ecsService({ name: 'api' }, { [Z[0]!]: 1 })] } },
    { collection: [denied('ecs', 'DescribeTasks', 'us-east-1')] },
  );
  const [f] = run(check, inv);
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /ecs:DescribeTasks/);
  assert.deepEqual(run(check, inventory()), []);
});
