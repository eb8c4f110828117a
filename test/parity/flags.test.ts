/**
 * The flag surface (STYLE.md: "a flag-surface snapshot ... so a breaking change shows in review"):
 * every command's flags and arguments, as oclif.manifest.json records them (name, type, options,
 * default, multiple, exclusive, char, ...), must equal test/parity/golden/flags.json. A deliberate
 * change: run `npm run docs`, commit the golden file, and call the change out in the CHANGELOG.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAGS_GOLDEN, flagSurface, manifestFlagSurface, ROOT } from '../../scripts/gen-docs.js';

type Surface = Record<string, { args?: unknown[]; flags: Record<string, Record<string, unknown>> }>;

/** One line per difference: `audit --fail-on: default "high" → "medium"`, `audit --new: added`. */
function differences(golden: Surface, actual: Surface): string[] {
  const out: string[] = [];
  for (const id of new Set([...Object.keys(golden), ...Object.keys(actual)])) {
    const g = golden[id];
    const a = actual[id];
    if (!g || !a) {
      out.push(`${id}: command ${g ? 'removed' : 'added'}`);
      continue;
    }
    if (JSON.stringify(g.args ?? []) !== JSON.stringify(a.args ?? [])) out.push(`${id}: arguments changed`);
    for (const name of new Set([...Object.keys(g.flags), ...Object.keys(a.flags)])) {
      const gf = g.flags[name];
      const af = a.flags[name];
      if (!gf || !af) {
        out.push(`${id} --${name}: ${gf ? 'removed' : 'added'}`);
        continue;
      }
      for (const k of new Set([...Object.keys(gf), ...Object.keys(af)])) {
        if (JSON.stringify(gf[k]) !== JSON.stringify(af[k]))
          out.push(`${id} --${name}: ${k} ${JSON.stringify(gf[k])} → ${JSON.stringify(af[k])}`);
      }
    }
  }
  return out;
}

test('flag surface: oclif.manifest.json matches test/parity/golden/flags.json', () => {
  const goldenPath = join(ROOT, FLAGS_GOLDEN);
  assert.ok(existsSync(goldenPath), `${FLAGS_GOLDEN} is missing: run npm run docs`);
  const golden = JSON.parse(readFileSync(goldenPath, 'utf8')) as Surface;
  const actual = manifestFlagSurface() as Surface;
  const diff = differences(golden, actual);
  assert.ok(
    diff.length === 0,
    `the flag surface changed; if that is deliberate, run npm run docs (and note it in the CHANGELOG):\n  ${diff.join('\n  ')}`,
  );
  assert.equal(
    readFileSync(goldenPath, 'utf8'),
    `${JSON.stringify(actual, null, 2)}\n`,
    `${FLAGS_GOLDEN} is stale: run npm run docs`,
  );
});

test('flag surface: records the contract properties and ignores help text', () => {
  const surface = flagSurface({
    commands: {
      'checks:explain': {
        args: { id: { name: 'id', required: true } },
        flags: {
          json: { name: 'json', type: 'boolean', allowNo: false, summary: 'ignored' } as never,
          format: {
            name: 'format',
            char: 'f',
            type: 'option',
            options: ['a', 'b'],
            multiple: false,
            exclusive: ['z', 'y'],
            default: 'a',
          },
        },
      },
    },
  }) as Surface;
  assert.deepEqual(Object.keys(surface), ['checks explain']);
  assert.deepEqual(surface['checks explain']!.args, [{ name: 'id', required: true }]);
  assert.deepEqual(surface['checks explain']!.flags, {
    format: {
      char: 'f',
      type: 'option',
      options: ['a', 'b'],
      default: 'a',
      multiple: false,
      exclusive: ['y', 'z'],
    },
    json: { type: 'boolean', allowNo: false },
  });
  assert.deepEqual(
    differences({ x: { flags: { a: { default: 1 } } } }, { x: { flags: { a: { default: 2 }, b: {} } } }),
    ['x --a: default 1 → 2', 'x --b: added'],
  );
});

test('flag surface: the audit contract named in the README is there', () => {
  const audit = (manifestFlagSurface() as Surface)['audit']!.flags;
  assert.deepEqual(audit['format']!['options'], ['table', 'json', 'junit', 'sarif', 'markdown']);
  assert.deepEqual(audit['fail-on'], {
    type: 'option',
    options: ['critical', 'high', 'medium', 'low', 'never'],
    default: 'high',
    multiple: false,
  });
  assert.equal(audit['output']!['char'], 'o');
  assert.deepEqual(audit['snapshot']!['exclusive'], [
    'all-regions',
    'endpoint-url',
    'external-id',
    'region',
    'role-arn',
  ]);
});
