import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dynamodb.deletion-protection.js';
import { denied, dynamoDbTable, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('dynamodb.deletion-protection: on passes, off fails', () => {
  const out = run(
    check,
    inventory({
      'us-east-1': {
        dynamoDbTables: [
          dynamoDbTable({ name: 'orders' }),
          dynamoDbTable({ name: 'carts', deletionProtection: false }),
        ],
      },
    }),
  );
  assert.equal(only(out, 'orders').status, 'pass');
  assert.equal(only(out, 'carts').status, 'fail');
  assert.equal(
    only(out, 'carts').message,
    'carts has no deletion protection: one DeleteTable call removes it',
  );
  assert.equal(only(out, 'carts').resource.type, 'AWS::DynamoDB::Table');
});

test('dynamodb.deletion-protection: skipped on denial; no tables, no findings', () => {
  const [f] = run(
    check,
    inventory({ 'us-east-1': {} }, { collection: [denied('dynamodb', 'ListTables', 'us-east-1')] }),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
