/**
 * A metric series' points are checked by a loop, not by zod, when they are the usual plain
 * `{ t, v }` objects (src/inventory/schema.ts pointsOf): ≈ 80 % of a snapshot's validation. Whatever
 * the input, the result must be exactly zod's: success, output (key order included), and every issue
 * with its code, path, message and params.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { isoTime, pointsOf, PROTO_KEY_PLACEHOLDER } from '../../src/inventory/schema.js';

const exact = () => z.array(z.object({ t: isoTime, v: z.number() }));
const fast = pointsOf(exact());
const T = '2026-11-20T13:00:00.000Z';

/** The parts of a result that anyone reads: success, the output as JSON, the issues without `input`. */
function outcome(r: z.ZodSafeParseResult<unknown>) {
  return r.success
    ? { success: true, json: JSON.stringify(r.data) }
    : {
        success: false,
        issues: r.error.issues.map((i) => ({
          code: i.code,
          path: i.path,
          message: i.message,
          params: (i as { params?: unknown }).params,
        })),
      };
}

const protoFree = Object.assign(Object.create(null) as Record<string, unknown>, { t: T, v: 1 });
const CASES: Array<[string, unknown]> = [
  [
    'plain points',
    [
      { t: T, v: 1 },
      { t: '2026-11-20T14:00:00Z', v: 0.5 },
    ],
  ],
  ['no points', []],
  ['v before t', [{ v: 1, t: T }]],
  ['an extra key (zod strips it)', [{ t: T, v: 1, unit: 'Seconds' }]],
  ['a missing v', [{ t: T }]],
  ['v a string', [{ t: T, v: '1' }]],
  ['v infinite', [{ t: T, v: Infinity }]],
  ['v NaN', [{ t: T, v: NaN }]],
  ['t not a time', [{ t: 'yesterday', v: 1 }]],
  ['t a number', [{ t: 1, v: 1 }]],
  ['a null point', [null]],
  ['an array point', [[T, 1]]],
  ['a prototype-free point', [protoFree]],
  ['a renamed __proto__ key', [{ t: T, v: 1, [PROTO_KEY_PLACEHOLDER]: {} }]],
  ['not an array', { t: T, v: 1 }],
  ['several problems', [{ t: T, v: 1 }, { t: 'x', v: 'y' }, null, { t: T, v: 2 }]],
];

for (const jitless of [true, false]) {
  for (const [name, input] of CASES) {
    test(`${name} (jitless: ${jitless}): the same outcome as zod's own parse`, () => {
      assert.deepEqual(
        outcome(fast.safeParse(input, { jitless })),
        outcome(exact().safeParse(input, { jitless })),
      );
    });
  }
}

test('plain points are passed on as they are (no copy); anything else is zod’s copy', () => {
  const plain = [{ t: T, v: 1 }];
  const r = fast.parse(plain);
  assert.equal(r, plain);
  const reordered = [{ v: 1, t: T }];
  const s = fast.parse(reordered);
  assert.notEqual(s, reordered);
  assert.deepEqual(Object.keys(s[0]!), ['t', 'v']);
});

test('the JSON schema of the points is zod’s', () => {
  assert.deepEqual(z.toJSONSchema(fast, { io: 'input' }), z.toJSONSchema(exact(), { io: 'input' }));
});
