import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDbClassSize, instanceSizeRank, parseDbClass } from '../../src/inventory/instance-class.js';

test('instance-class: parseDbClass / compareDbClassSize: order sizes, tolerate other families, refuse serverless', () => {
  assert.deepEqual(parseDbClass('db.r6g.2xlarge'), { family: 'r6g', size: '2xlarge', rank: 2 });
  assert.equal(parseDbClass('db.serverless'), undefined);
  const order = [
    'db.t4g.medium',
    'db.r6g.large',
    'db.r6g.xlarge',
    'db.r6g.2xlarge',
    'db.r6g.12xlarge',
    'db.r6g.16xlarge',
    'db.x2g.48xlarge',
  ];
  for (let i = 1; i < order.length; i++)
    assert.equal(compareDbClassSize(order[i]!, order[i - 1]!).cmp, 1, `${order[i]} > ${order[i - 1]}`);
  assert.deepEqual(compareDbClassSize('db.r7g.large', 'db.r6g.large'), { cmp: 0, sameFamily: false });
  assert.equal(compareDbClassSize('db.serverless', 'db.r6g.large').cmp, undefined);
  assert.deepEqual(compareDbClassSize('db.serverless', 'db.serverless'), { cmp: 0, sameFamily: true });
});

test('instance-class: instanceSizeRank orders sizes of any class, metal last, and refuses unsized classes', () => {
  const order = [
    'db.t4g.nano',
    'db.t4g.micro',
    'db.t4g.small',
    'db.t4g.medium',
    'db.r6g.large',
    'db.r6g.xlarge',
    'db.r6g.2xlarge',
    'db.r6g.4xlarge',
    'db.r6g.8xlarge',
    'db.r6g.12xlarge',
    'db.r6g.16xlarge',
    'db.x2g.32xlarge',
    'db.x2g.48xlarge',
    'm5.metal',
  ];
  for (let i = 1; i < order.length; i++) {
    assert.ok(
      instanceSizeRank(order[i]!)! > instanceSizeRank(order[i - 1]!)!,
      `${order[i]} > ${order[i - 1]}`,
    );
  }
  assert.equal(instanceSizeRank('m6i.large'), instanceSizeRank('db.r6g.large'));
  assert.equal(instanceSizeRank('db.r6g.2xlarge'), parseDbClass('db.r6g.2xlarge')!.rank);
  assert.equal(instanceSizeRank('db.serverless'), undefined);
  assert.equal(instanceSizeRank(''), undefined);
});
