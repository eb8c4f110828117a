import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTargetImbalanced, spread } from '../../src/checks/zonal.js';

test('zonal.spread: max, min, difference and percentage of max', () => {
  assert.deepEqual(spread({ a: 4, b: 1, c: 4 }), { max: 4, min: 1, difference: 3, imbalancePercent: 75 });
  assert.deepEqual(spread({ a: 3, b: 2 }), { max: 3, min: 2, difference: 1, imbalancePercent: 33.3 });
  assert.deepEqual(spread({}), { max: 0, min: 0, difference: 0, imbalancePercent: 0 });
  assert.deepEqual(spread({ a: 0, b: 0 }), { max: 0, min: 0, difference: 0, imbalancePercent: 0 });
});

test('zonal.isTargetImbalanced: needs both a difference above 1 and above 20% of max', () => {
  assert.equal(isTargetImbalanced(spread({ a: 2, b: 1 }), 1, 20), false); // 50% but difference 1
  assert.equal(isTargetImbalanced(spread({ a: 20, b: 18 }), 1, 20), false); // difference 2 but 10%
  assert.equal(isTargetImbalanced(spread({ a: 4, b: 2 }), 1, 20), true);
});
