import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortedUnique } from '../../src/util/collections.js';

test('collections.sortedUnique: distinct values in default string order', () => {
  assert.deepEqual(sortedUnique(['us-east-1b', 'us-east-1a', 'us-east-1b']), ['us-east-1a', 'us-east-1b']);
  assert.deepEqual(sortedUnique(new Set(['15.4', '15.10'])), ['15.10', '15.4']);
  assert.deepEqual(sortedUnique([]), []);
});
