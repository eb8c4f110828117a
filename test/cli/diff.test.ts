/**
 * `resil diff OLD NEW` as a subprocess: snapshots and reports, exit 0/1/2, JSON valid against
 * schemas/diff.schema.json, the table, --output.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventory, targetGroup } from '../support/builders.js';
import { assertValid, schemaValidator } from '../render/support.js';
import { assertBuilt, cli, snapshotDoc, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const files: Record<string, string> = {};

/** A target group whose only failing check, when slow, is tg.detection-time (medium). */
function tg(name: string, intervalSeconds: number) {
  const t = targetGroup({ name });
  t.healthCheck.intervalSeconds = intervalSeconds;
  t.healthCheck.healthyThreshold = 2;
  return t;
}

before(async () => {
  assertBuilt();
  // OLD: api is slow (fails tg.detection-time, medium); NEW: api fixed, web became slow.
  files['old'] = tmp.file(
    'old.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [tg('api', 30), tg('web', 10)] } }))),
  );
  files['new'] = tmp.file(
    'new.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [tg('api', 10), tg('web', 30)] } }))),
  );
  // The same NEW as a JSON report, from the built CLI.
  const r = await cli(['audit', '--snapshot', files['new'], '--format', 'json', '--fail-on', 'never'], {
    cwd: tmp.dir,
  });
  assert.equal(r.code, 0, r.stderr);
  files['newReport'] = tmp.file('new-report.json', r.stdout);
  files['notjson'] = tmp.file('broken.json', '{\n  "findings": [\n    {"checkId": "x",}\n  ]\n}\n');
  files['other'] = tmp.file('other.json', '{"hello": "world"}');
});
after(() => tmp.cleanup());

const diff = (args: string[], env?: Record<string, string>) =>
  cli(['diff', ...args], { cwd: tmp.dir, ...(env ? { env } : {}) });

function usageFailure(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('resil diff (subprocess)', { concurrency: 3 }, () => {
  test('exit 1: a finding newly fails at --fail-on; JSON (the default off a terminal) is valid', async () => {
    const r = await diff([files['old']!, files['new']!, '--fail-on', 'medium']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      new: Array<{ resource: { id: string }; regression: boolean }>;
      fixed: Array<{ resource: { id: string } }>;
      summary: { exitCode: number; regressions: number };
      inputs: { old: { kind: string } };
    };
    assertValid(schemaValidator('diff.schema.json'), doc, 'resil diff --format json');
    assert.deepEqual(
      doc.new.map((e) => [e.resource.id, e.regression]),
      [['web', true]],
    );
    assert.deepEqual(
      doc.fixed.map((e) => e.resource.id),
      ['api'],
    );
    assert.equal(doc.summary.exitCode, 1);
    assert.equal(doc.inputs.old.kind, 'snapshot');
  });

  test('exit 0: the same change below --fail-on (default high), or with --fail-on never', async () => {
    const [dflt, never] = await Promise.all([
      diff([files['old']!, files['new']!, '--json']),
      diff([files['old']!, files['new']!, '--fail-on', 'never', '--json']),
    ]);
    assert.equal(dflt.code, 0, dflt.stderr);
    assert.equal(JSON.parse(dflt.stdout).summary.new, 1);
    assert.equal(never.code, 0, never.stderr);
  });

  test('a snapshot against the JSON report of the same account state: nothing changed', async () => {
    const r = await diff([files['new']!, files['newReport']!, '--fail-on', 'low', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.summary.new, doc.summary.fixed, doc.summary.changed], [0, 0, 0]);
    assert.equal(doc.inputs.new.kind, 'report');
  });

  test('--format table: the sections and the verdict; --output writes the file', async () => {
    const out = join(tmp.dir, 'diff.txt');
    const [table, file] = await Promise.all([
      diff([files['old']!, files['new']!, '--format', 'table', '--fail-on', 'medium']),
      diff([files['old']!, files['new']!, '--format', 'table', '--output', out, '--quiet']),
    ]);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /^New \(1\)\n✗ FAIL medium {2}tg\.detection-time {2}web \(us-east-1\)/m);
    assert.match(table.stdout, /^Fixed \(1\)$/m);
    assert.match(table.stdout, /1 new, 1 fixed, 0 changed, \d+ unchanged: 1 regression at or above medium\./);
    assert.equal(file.code, 0, file.stderr);
    assert.equal(file.stdout, '');
    assert.equal(file.stderr, '');
    assert.match(readFileSync(out, 'utf8'), /^resil diff: /);
  });

  test('exit 2: a missing file, a JSON syntax error (line and column), neither snapshot nor report, conflicting --json', async () => {
    const [missing, syntax, other, conflict, one] = await Promise.all([
      diff([files['old']!, 'nope.json']),
      diff([files['notjson']!, files['new']!]),
      diff([files['old']!, files['other']!]),
      diff([files['old']!, files['new']!, '--json', '--format', 'table']),
      diff([files['old']!]),
    ]);
    usageFailure(missing, /Cannot read nope\.json: no such file or directory/);
    usageFailure(syntax, /broken\.json is not valid JSON: line 3, column 21: a trailing comma before \}/);
    usageFailure(other, /other\.json is not a resil snapshot .* neither "inventory" nor "findings"/);
    usageFailure(conflict, /--json asks for the json format, --format for table/);
    usageFailure(one, /new/i);
  });
});
