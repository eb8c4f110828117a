/**
 * A snapshot is validated with zod's JIT off (src/inventory/load.ts PARSE_OPTIONS): zod would compile
 * a parser per object shape with `new Function` the first time it meets the shape, which for one pass
 * over a snapshot costs more start-up than it saves (docs/performance.md). Its own file: zod caches a
 * compiled parser per schema for the life of the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keepProtoKeys, parseInventory, parseSnapshot } from '../../src/inventory/load.js';
import { SnapshotSchema } from '../../src/inventory/schema.js';

const example = JSON.parse(
  readFileSync(new URL('../../examples/shop.snapshot.json', import.meta.url), 'utf8'),
) as { inventory: Parameters<typeof parseInventory>[0] };

/** How many functions `run` compiles from source text (`new Function`, as zod's JIT does). */
function compiledBy<T>(run: () => T): { value: T; compiled: number } {
  const original = globalThis.Function;
  let compiled = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args, newTarget) {
      compiled++;
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  try {
    return { value: run(), compiled };
  } finally {
    globalThis.Function = original;
  }
}

test('parseSnapshot and parseInventory compile no parser (zod jitless), and give what the JIT gives', () => {
  const jitless = compiledBy(() => parseSnapshot(structuredClone(example), 'example'));
  assert.equal(jitless.compiled, 0);
  const inventory = compiledBy(() => parseInventory(structuredClone(example.inventory)));
  assert.equal(inventory.compiled, 0);

  // The probe sees zod's JIT when it is on, and the JIT's result is the same, keys in the same order.
  const jit = compiledBy(() => SnapshotSchema.parse(keepProtoKeys(structuredClone(example))));
  assert.ok(jit.compiled > 0, 'zod compiles parsers with its JIT on');
  assert.equal(JSON.stringify(jitless.value), JSON.stringify(jit.value));
  assert.deepEqual(jitless.value, jit.value);
  assert.equal(JSON.stringify(inventory.value), JSON.stringify(jit.value.inventory));
});
