import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plural } from '../../src/util/text.js';

test('text.plural: singular for exactly one, regular or given plural otherwise', () => {
  assert.equal(plural(1, 'AZ'), '1 AZ');
  assert.equal(plural(0, 'AZ'), '0 AZs');
  assert.equal(plural(3, 'target group'), '3 target groups');
  assert.equal(plural(2, 'policy', 'policies'), '2 policies');
});
