/**
 * Generated files must match the code: docs/checks.md and the JSON schemas. When this fails, run
 * `npm run docs` and commit the result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  configSchema,
  generatedBlocks,
  generatedFiles,
  readBlock,
  ROOT,
  snapshotSchema,
  spliceBlock,
} from '../../scripts/gen-docs.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/load.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/inventory/schema.js';
import { inventory, targetGroup } from '../support/builders.js';

for (const [path, expected] of Object.entries(generatedFiles())) {
  test(`generated: ${path} is up to date`, () => {
    const abs = join(ROOT, path);
    assert.ok(existsSync(abs), `${path} is missing: run npm run docs`);
    const actual = readFileSync(abs, 'utf8');
    assert.ok(actual === expected, `${path} is stale: run npm run docs (and commit the result)`);
  });
}

for (const block of generatedBlocks()) {
  test(`generated: ${block.file} (${block.name}) is up to date`, () => {
    const actual = readBlock(readFileSync(join(ROOT, block.file), 'utf8'), block.name);
    assert.ok(actual !== undefined, `${block.file} lacks the markers of the generated block ${block.name}`);
    assert.ok(actual === block.content, `${block.file} (${block.name}) is stale: run npm run docs`);
  });
}

test('generated blocks: splice replaces only what is between the markers', () => {
  const block = { file: 'x.md', name: 'n', content: 'new\n' };
  const text = 'a\n<!-- BEGIN GENERATED: n -->\nold\n<!-- END GENERATED -->\nb\n';
  assert.equal(spliceBlock(text, block), 'a\n<!-- BEGIN GENERATED: n -->\nnew\n<!-- END GENERATED -->\nb\n');
  assert.equal(readBlock(spliceBlock(text, block), 'n'), 'new\n');
  assert.throws(() => spliceBlock('no markers', block), /no "<!-- BEGIN GENERATED: n -->"/);
});

test('generated: the snapshot schema accepts a snapshot the builders make, and rejects a wrong type', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(snapshotSchema());
  const doc = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    capture: { tool: { name: 'resil', version: '0.0.0' }, source: 'synthetic' },
    inventory: inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }),
  };
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  const bad = structuredClone(doc) as {
    inventory: { regions: Record<string, { targetGroups: Array<{ healthCheck: Record<string, unknown> }> }> };
  };
  bad.inventory.regions['us-east-1']!.targetGroups[0]!.healthCheck['intervalSeconds'] = 'ten';
  assert.equal(validate(bad), false);
  assert.ok(
    validate.errors?.some(
      (e) => e.instancePath === '/inventory/regions/us-east-1/targetGroups/0/healthCheck/intervalSeconds',
    ),
  );
});

test('generated: the config schema knows every check and its thresholds', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(configSchema());
  const ok = {
    rpoSeconds: 15,
    eventDate: '2026-11-27',
    checks: { 'tg.detection-time': { maxDetectionSeconds: 20, enabled: true } },
    suppressions: [{ check: 'tg.*', resource: 'legacy-*', reason: 'retired in Q1', expires: '2027-03-31' }],
  };
  assert.ok(validate(ok), JSON.stringify(validate.errors));
  assert.equal(validate({ checks: { 'tg.detection-time': { maxDetectionSeconds: 'thirty' } } }), false);
  assert.equal(validate({ checks: { 'no.such-check': {} } }), false);
  assert.equal(validate({ suppressions: [{ check: 'x', resource: 'y' }] }), false);
  assert.equal(validate({ rpo: 1 }), false);
});

test('README: the example .resil.yml is valid', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has a yaml block under "## Configuration"');
  const config = parseConfig(block, 'README.md', ALL_CHECKS);
  assert.equal(config.rpoSeconds, 15);
  assert.equal(config.suppressions?.[0]?.expires, '2027-03-31');
});
