import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allBy, earliest, firstBy, listOf } from '../../src/inventory/indexes.js';

const items = [
  { id: 'a', tags: ['x', 'y'] },
  { id: 'b', tags: ['y'] },
  { id: 'a', tags: ['y', 'y'] },
];

test('firstBy answers like find: the first item with the key', () => {
  const m = firstBy(items, 'id', (i) => i.id);
  assert.equal(m.get('a'), items[0]);
  assert.equal(m.get('b'), items[1]);
  assert.equal(m.get('c'), undefined);
  // Several keys per item, undefined keys skipped.
  const t = firstBy(items, 'tags', (i) => [...i.tags, undefined]);
  assert.equal(t.get('y'), items[0]);
});

test('allBy answers like filter: every item with the key, in list order, each once', () => {
  const m = allBy(items, 'tags', (i) => i.tags);
  assert.deepEqual(listOf(m, 'y'), [items[0], items[1], items[2]]);
  assert.deepEqual(listOf(m, 'x'), [items[0]]);
  assert.deepEqual(listOf(m, 'z'), []);
});

test('an index is built once per list and rebuilt when the list grows', () => {
  const list = [{ id: 'a' }];
  let calls = 0;
  const key = (i: { id: string }) => {
    calls++;
    return i.id;
  };
  firstBy(list, 'id', key);
  firstBy(list, 'id', key);
  assert.equal(calls, 1);
  list.push({ id: 'b' });
  assert.equal(firstBy(list, 'id', key).get('b'), list[1]);
  assert.equal(calls, 3);
});

test('earliest picks the candidate first in the list', () => {
  assert.equal(earliest(items, items[2], items[1]), items[1]);
  assert.equal(earliest(items, undefined, items[2]), items[2]);
  assert.equal(earliest(items), undefined);
});
