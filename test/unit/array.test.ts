import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAll } from '../../src/util/array.js';

test('appendAll appends arrays too large for push(...spread)', () => {
  const big = Array.from({ length: 300_000 }, (_, i) => i);
  assert.throws(() => [].push(...(big as never[])), RangeError);
  const out = appendAll([-1], big);
  assert.equal(out.length, 300_001);
  assert.equal(out[0], -1);
  assert.equal(out[300_000], 299_999);
});
