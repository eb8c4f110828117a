/**
 * `resil audit` as a subprocess: each exit code, malformed snapshot and config, output options.
 * Every run selects tg.detection-time (medium) so that the fixtures mean the same whatever other
 * checks are registered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventory, targetGroup } from '../support/builders.js';
import { assertBuilt, cli, deniedInventory, snapshotDoc, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const ONE = ['--checks', 'tg.detection-time'];
const files: Record<string, string> = {};
const ESC = String.fromCharCode(27) + '[';

before(() => {
  assertBuilt();
  const slow = targetGroup({ name: 'api' });
  slow.healthCheck.intervalSeconds = 30;
  files['good'] = tmp.file(
    'good.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }))),
  );
  files['slow'] = tmp.file(
    'slow.json',
    JSON.stringify(
      snapshotDoc(inventory({ 'us-east-1': { targetGroups: [slow, targetGroup({ name: 'web' })] } })),
    ),
  );
  files['denied'] = tmp.file('denied.json', JSON.stringify(snapshotDoc(deniedInventory())));
  const malformed = snapshotDoc(
    inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }),
  ) as {
    inventory: { regions: Record<string, { targetGroups: Array<{ healthCheck: Record<string, unknown> }> }> };
  };
  malformed.inventory.regions['us-east-1']!.targetGroups[0]!.healthCheck['intervalSeconds'] = 'ten';
  files['malformed'] = tmp.file('malformed.json', JSON.stringify(malformed));
  files['future'] = tmp.file('future.json', JSON.stringify(snapshotDoc(inventory(), '2.0')));
  files['notjson'] = tmp.file('notjson.json', '{"schemaVersion": "1.0",');
  files['badconfig'] = tmp.file(
    'bad.yml',
    'checks:\n  tg.detection-time:\n    maxDetectionSeconds: thirty\nrpo: 5\n',
  );
  files['config60'] = tmp.file('lenient.yml', 'checks:\n  tg.detection-time:\n    maxDetectionSeconds: 60\n');
});
after(() => tmp.cleanup());

const audit = (args: string[], env?: Record<string, string>) =>
  cli(['audit', ...args], { cwd: tmp.dir, ...(env ? { env } : {}) });

/** An expected failure: exit 2, one clear message, no stack trace, nothing on stdout. */
function usageFailure(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('resil audit (subprocess)', { concurrency: 3 }, () => {
  test('exit 0: nothing fails; --format json parses and carries the contract fields', async () => {
    const r = await audit(['--snapshot', files['good']!, '--format', 'json', ...ONE]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.account, '123456789012');
    assert.deepEqual(report.regions, ['us-east-1']);
    assert.deepEqual(
      report.checks.map((c: { id: string }) => c.id),
      ['tg.detection-time'],
    );
    assert.equal(report.findings[0].status, 'pass');
    assert.equal(report.summary.exitCode, 0);
    assert.equal(report.summary.failOn, 'high');
  });

  test('exit 1: a failing finding at --fail-on; json is the default off a terminal', async () => {
    const r = await audit(['--snapshot', files['slow']!, '--fail-on', 'medium', ...ONE]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const api = report.findings.find((f: { resource: { id: string } }) => f.resource.id === 'api');
    assert.equal(api.status, 'fail');
    assert.match(api.message, /api needs 60 s/);
    assert.equal(report.summary.gating, 1);
    assert.equal(report.summary.exitCode, 1);
  });

  test('exit 0 below --fail-on (default high), and with --fail-on never', async () => {
    const [dflt, never] = await Promise.all([
      audit(['--snapshot', files['slow']!, ...ONE]),
      audit(['--snapshot', files['slow']!, '--fail-on', 'never', ...ONE]),
    ]);
    assert.equal(dflt.code, 0, dflt.stderr);
    assert.equal(never.code, 0, never.stderr);
    assert.equal(JSON.parse(never.stdout).summary.fail, 1);
  });

  test('exit 3: data could not be collected, nothing gating; still 3 with --fail-on never', async () => {
    const [r, never] = await Promise.all([
      audit(['--snapshot', files['denied']!, ...ONE]),
      audit(['--snapshot', files['denied']!, '--fail-on', 'never', '--quiet', ...ONE]),
    ]);
    assert.equal(r.code, 3, r.stderr);
    const report = JSON.parse(r.stdout);
    const skipped = report.findings.find((f: { status: string }) => f.status === 'skipped');
    assert.match(skipped.message, /AccessDenied on elasticloadbalancing:DescribeTargetGroups in us-east-1/);
    assert.equal(report.summary.incomplete, true);
    assert.match(r.stderr, /Audit incomplete/);
    assert.equal(never.code, 3);
    assert.equal(never.stderr, '', '--quiet prints nothing but errors');
  });

  test('--config: a threshold from the config changes the verdict', async () => {
    const r = await audit([
      '--snapshot',
      files['slow']!,
      '--fail-on',
      'medium',
      '--config',
      files['config60']!,
      ...ONE,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.fail, 0);
  });

  test('--output writes the report atomically; stdout stays empty', async () => {
    const out = join(tmp.dir, 'report.json');
    const r = await audit(['--snapshot', files['slow']!, '--fail-on', 'medium', '--output', out, ...ONE]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).summary.fail, 1);
    assert.deepEqual(
      readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left behind',
    );
  });

  test('exit 2: a malformed snapshot names the JSON path', async () => {
    usageFailure(
      await audit(['--snapshot', files['malformed']!]),
      /regions\.us-east-1\.targetGroups\[0\]\.healthCheck\.intervalSeconds: expected number/,
    );
  });

  test('exit 2: an unknown major schemaVersion is refused', async () => {
    usageFailure(
      await audit(['--snapshot', files['future']!]),
      /schemaVersion 2\.0; this resil reads schema 1\.x/,
      /Upgrade resil/,
    );
  });

  test('exit 2: a missing snapshot file, and one that is not JSON', async () => {
    const [missing, notJson] = await Promise.all([
      audit(['--snapshot', 'nope.json']),
      audit(['--snapshot', files['notjson']!]),
    ]);
    usageFailure(missing, /Snapshot file not found: nope\.json/);
    usageFailure(
      notJson,
      /notjson\.json is not valid JSON: line 1, column 25: expected a property name in double quotes, found the end of the file\./,
    );
  });

  test('exit 2: a JSON syntax error in a snapshot, or a syntax error in a config, names line and column', async () => {
    const snap = tmp.file('comma.json', '{\n  "schemaVersion": "1.0",\n  "capture": {},\n}\n');
    const yml = tmp.file(
      'syntax.yml',
      'rpoSeconds: 15\nchecks:\n  tg.detection-time: {maxDetectionSeconds: 20\n',
    );
    const json = tmp.file('syntax.json.yml', '{"rpoSeconds": 15,,\n "rtoSeconds": 900}\n');
    const [s, y, j] = await Promise.all([
      audit(['--snapshot', snap]),
      audit(['--snapshot', files['good']!, '--config', yml]),
      audit(['--snapshot', files['good']!, '--config', json]),
    ]);
    usageFailure(s, /comma\.json is not valid JSON: line 4, column 1: a trailing comma before \}/);
    usageFailure(y, /syntax\.yml is not valid YAML: .*line 4, column 1/);
    usageFailure(j, /syntax\.json\.yml is not valid YAML: .*line 1, column 19/);
  });

  test('exit 2: an invalid config names the bad keys', async () => {
    usageFailure(
      await audit(['--snapshot', files['good']!, '--config', files['badconfig']!]),
      /checks\.tg\.detection-time\.maxDetectionSeconds: expected number, got string/,
      /rpo: unknown key/,
    );
  });

  test('exit 2: a bad flag value, and an unknown check id with a suggestion', async () => {
    const [badFlag, unknown] = await Promise.all([
      audit(['--snapshot', files['good']!, '--fail-on', 'sometimes']),
      audit(['--snapshot', files['good']!, '--checks', 'tg.detecton-time']),
    ]);
    usageFailure(badFlag, /--fail-on/, /critical, high, medium, low, never/);
    usageFailure(unknown, /unknown check tg\.detecton-time \(did you mean tg\.detection-time\?\)/);
  });

  test('NO_COLOR wins over FORCE_COLOR', async () => {
    const args = ['--snapshot', files['good']!, '--checks', 'nope.nope'];
    const [forced, plain] = await Promise.all([
      audit(args, { FORCE_COLOR: '1' }),
      audit(args, { FORCE_COLOR: '1', NO_COLOR: '1' }),
    ]);
    assert.equal(forced.code, 2);
    assert.ok(forced.stderr.includes(ESC), 'FORCE_COLOR colours the error');
    assert.equal(plain.code, 2);
    assert.ok(!(plain.stderr + plain.stdout).includes(ESC), 'NO_COLOR: no escape sequences');
  });
});
