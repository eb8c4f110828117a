import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/tier.static-stability.js';
import {
  asg,
  azs,
  denied,
  ecsScalableTarget,
  ecsService,
  forwardRule,
  instance,
  inventory,
  listener,
  loadBalancer,
  subnetsFor,
  targetGroup,
} from '../support/builders.js';
import type { RegionInventoryInput } from '../../src/inventory/schema.js';
import { only, run } from '../support/harness.js';

const Z = azs('us-east-1');
const inv = (o: RegionInventoryInput) => inventory({ 'us-east-1': { subnets: subnetsFor(Z), ...o } });

test('tier.static-stability: an ECS service kept at 50 % CPU over 3 AZs passes (75 % after losing one)', () => {
  const f = only(
    run(
      check,
      inv({
        ecsServices: [ecsService({ name: 'api' }, { [Z[0]!]: 2, [Z[1]!]: 2, [Z[2]!]: 2 })],
        scalableTargets: [ecsScalableTarget('api')],
      }),
    ),
    'shop/api',
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['unit'], 'vCPUs');
  assert.equal(f.evidence['demandSource'], 'policy-target');
  assert.match(
    f.message,
    /ECS service shop\/api keeps 2 vCPUs of 3 with us-east-1a \(1\) lost; the peak needs 1\.88 vCPUs .* survivors would run at 75 %/,
  );
});

test('tier.static-stability: an ECS service in one AZ fails whatever the demand; a declared peak short by tasks fails', () => {
  const one = only(
    run(check, inv({ ecsServices: [ecsService({ name: 'cart' }, { [Z[0]!]: 3 })] })),
    'shop/cart',
  );
  assert.equal(one.status, 'fail');
  assert.match(
    one.message,
    /runs 3 tasks in 1 AZ \(us-east-1a\): losing it loses all 1\.5 vCPUs, whatever the demand/,
  );
  assert.equal(one.rootCause?.checkId, 'ecs.multi-az');
  const declared = ecsService(
    { name: 'api', tags: { 'resil:peak': '6' } },
    { [Z[0]!]: 2, [Z[1]!]: 2, [Z[2]!]: 2 },
  );
  const f = only(run(check, inv({ ecsServices: [declared] })), 'shop/api');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /would keep 2 vCPUs of 3 .* needs 3 vCPUs .*short by 1\. Statically stable size over 3 AZs: 9 tasks/,
  );
});

test('tier.static-stability: a task definition without a CPU size counts tasks, and says so; assumed demand warns', () => {
  const s = ecsService({ name: 'api', taskCpuUnits: undefined }, { [Z[0]!]: 2, [Z[1]!]: 2, [Z[2]!]: 2 });
  const f = only(run(check, inv({ ecsServices: [s] })), 'shop/api');
  assert.equal(f.status, 'warn');
  assert.equal(f.evidence['unit'], 'tasks');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.match(
    String((f.evidence['capacityNotes'] as string[])[0]),
    /counted in tasks: the task definition .* sets no CPU size/,
  );
  assert.match(f.message, /demand unknown .* not judged as a failure on an assumption/);
});

test('tier.static-stability: standalone instances are judged only on a declared peak (no noise on an assumed one)', () => {
  const tg = targetGroup({ name: 'ledger-tg' }, 'us-east-1', {});
  tg.targets = [
    { id: 'i-1', az: Z[0]!, state: 'healthy', port: 80 },
    { id: 'i-2', az: Z[1]!, state: 'healthy', port: 80 },
  ];
  const lb = loadBalancer({ name: 'lb', listeners: [listener(80, [forwardRule('default', [tg])])] });
  tg.loadBalancerArns = [lb.arn];
  const region = {
    instances: [instance({ id: 'i-1', az: Z[0]! }), instance({ id: 'i-2', az: Z[1]! })],
    loadBalancers: [lb],
    targetGroups: [tg],
    autoScalingGroups: [asg({ name: 'web' }, { [Z[0]!]: 1, [Z[1]!]: 1 })],
  };
  assert.deepEqual(
    run(check, inv(region)),
    [],
    "assumed demand: no finding; groups are asg.static-stability's",
  );
  const f = only(
    run(check, inv(region), {}, { tiers: { ledger: { primary: 'ledger-tg', peak: 2 } } }),
    'ledger-tg',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['demandSource'], 'declared');
  assert.match(
    f.message,
    /the standalone instances of target group ledger-tg would keep 2 vCPUs of 4 .* needs 4 vCPUs/,
  );
});

test('tier.static-stability: skipped where ecs:DescribeTasks was denied; nothing to judge in an empty account', () => {
  const [f] = run(
    check,
    inventory({ 'us-east-1': {} }, { collection: [denied('ecs', 'DescribeTasks', 'us-east-1')] }),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
