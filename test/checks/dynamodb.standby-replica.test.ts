import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dynamodb.standby-replica.js';
import { denied, dynamoDbTable, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const regions = { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' };
const inv = (tables: ReturnType<typeof dynamoDbTable>[], collection = [] as ReturnType<typeof denied>[]) =>
  inventory({ 'us-east-1': { dynamoDbTables: tables }, 'us-west-2': {} }, { collection });

test('dynamodb.standby-replica: a global table with an active standby replica passes; a single-region table fails', () => {
  const out = run(
    check,
    inv([
      dynamoDbTable({
        name: 'orders',
        replicas: [{ region: 'us-west-2', status: 'ACTIVE' }],
        globalTableVersion: '2019.11.21',
      }),
      dynamoDbTable({ name: 'carts' }),
      dynamoDbTable({ name: 'audit', replicas: [{ region: 'eu-west-1', status: 'ACTIVE' }] }),
    ]),
    regions,
  );
  assert.equal(only(out, 'orders').status, 'pass');
  assert.equal(only(out, 'orders').message, 'orders has an active replica in us-west-2 (global table)');
  assert.equal(only(out, 'carts').status, 'fail');
  assert.match(
    only(out, 'carts').message,
    /carts has no replica in the standby region us-west-2 \(a single-region table\)/,
  );
  assert.match(only(out, 'audit').message, /\(replicas: eu-west-1\)/);
});

test('dynamodb.standby-replica: a replica still being created warns; regionalTables passes by design', () => {
  const out = run(
    check,
    inv([
      dynamoDbTable({ name: 'orders', replicas: [{ region: 'us-west-2', status: 'CREATING' }] }),
      dynamoDbTable({ name: 'cache-eu' }),
    ]),
    { ...regions, regionalTables: ['cache-*'] },
  );
  assert.equal(only(out, 'orders').status, 'warn');
  assert.match(only(out, 'orders').message, /it is CREATING/);
  assert.equal(only(out, 'cache-eu').status, 'pass');
  assert.equal(only(out, 'cache-eu').evidence['regionalByConfig'], true);
});

test('dynamodb.standby-replica: regions unknown → one skipped finding; denied → skipped whole; no tables → nothing', () => {
  const unknown = run(
    check,
    inventory({ 'us-east-1': { dynamoDbTables: [dynamoDbTable({ name: 'orders' })] } }),
  );
  assert.deepEqual(
    unknown.map((f) => f.status),
    ['skipped'],
  );
  assert.match(unknown[0]!.message, /Primary and standby regions unknown/);
  const [d] = run(
    check,
    inv([dynamoDbTable({ name: 'orders' })], [denied('dynamodb', 'DescribeTable', 'us-west-2')]),
    regions,
  );
  assert.equal(d!.status, 'skipped');
  assert.match(d!.message, /dynamodb:DescribeTable/);
  assert.deepEqual(run(check, inventory()), []);
});
