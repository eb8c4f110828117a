import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dynamodb.pitr.js';
import { denied, dynamoDbTable, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('dynamodb.pitr: on passes, off fails, not collected is skipped', () => {
  const out = run(
    check,
    inventory({
      'us-east-1': {
        dynamoDbTables: [
          dynamoDbTable({ name: 'orders' }),
          dynamoDbTable({ name: 'carts', pointInTimeRecovery: 'DISABLED' }),
          dynamoDbTable({ name: 'old', pointInTimeRecovery: undefined }),
        ],
      },
    }),
  );
  assert.equal(only(out, 'orders').status, 'pass');
  assert.equal(only(out, 'carts').status, 'fail');
  assert.match(
    only(out, 'carts').message,
    /point-in-time recovery disabled: an overwrite or a bad delete cannot be rolled back/,
  );
  assert.equal(only(out, 'old').status, 'skipped');
});

test('dynamodb.pitr: skipped on denial; no tables, no findings', () => {
  const [f] = run(
    check,
    inventory(
      { 'us-east-1': {} },
      { collection: [denied('dynamodb', 'DescribeContinuousBackups', 'us-east-1')] },
    ),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
