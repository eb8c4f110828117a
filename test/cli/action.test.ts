/**
 * scripts/action-audit.sh, the step of action.yml that runs the audit, with the built CLI on the
 * PATH as `resil` and the files GitHub provides (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY): one report per
 * format, the outputs, the exit code of resil audit, and exit 2 for an unknown format.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { assertBuilt, ROOT, tempDir } from './run-cli.js';

const tmp = tempDir();
const EXAMPLE = join(ROOT, 'examples', 'shop.snapshot.json');

before(() => {
  assertBuilt();
  // `resil` on the PATH, as the install step leaves it.
  const shim = join(tmp.dir, 'bin', 'resil');
  mkdirSync(join(tmp.dir, 'bin'));
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'run.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
});
after(() => tmp.cleanup());

function step(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number; out: Record<string, string>; dir: string; stdout: string; stderr: string }> {
  const dir = join(tmp.dir, name);
  const output = join(tmp.dir, `${name}.output`);
  const summary = join(tmp.dir, `${name}.summary`);
  writeFileSync(output, '');
  return new Promise((done) => {
    execFile(
      'bash',
      [join(ROOT, 'scripts', 'action-audit.sh')],
      {
        cwd: tmp.dir,
        env: {
          PATH: `${join(tmp.dir, 'bin')}:${process.env['PATH'] ?? ''}`,
          HOME: tmp.dir,
          NO_COLOR: '1',
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          INPUT_OUTPUT_DIR: dir,
          ...env,
        },
        timeout: 120_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const out = Object.fromEntries(
          readFileSync(output, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        done({ code, out, dir, stdout, stderr });
      },
    );
  });
}

test('action step: every format from one snapshot, the outputs, the job summary, and the audit exit code', async () => {
  const r = await step('all', { INPUT_SNAPSHOT: EXAMPLE, INPUT_FAIL_ON: 'high' });
  assert.equal(r.code, 1, `the example fails at high; stderr: ${r.stderr}`);
  assert.deepEqual(r.out, {
    snapshot: EXAMPLE,
    json: join(r.dir, 'resil.json'),
    sarif: join(r.dir, 'resil.sarif'),
    junit: join(r.dir, 'resil.xml'),
    markdown: join(r.dir, 'resil.md'),
    'exit-code': '1',
  });
  assert.equal(JSON.parse(readFileSync(r.out['json']!, 'utf8')).summary.exitCode, 1);
  assert.equal(JSON.parse(readFileSync(r.out['sarif']!, 'utf8')).version, '2.1.0');
  assert.ok(new XMLParser().parse(readFileSync(r.out['junit']!, 'utf8')).testsuites);
  const md = readFileSync(r.out['markdown']!, 'utf8');
  assert.equal(
    readFileSync(join(tmp.dir, 'all.summary'), 'utf8'),
    md,
    'the summary goes to the job summary page',
  );
});

test('action step: fail-on never passes; a subset of formats writes only those', async () => {
  const r = await step('some', {
    INPUT_SNAPSHOT: EXAMPLE,
    INPUT_FAIL_ON: 'never',
    INPUT_FORMATS: 'sarif, markdown',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(Object.keys(r.out).sort(), ['exit-code', 'markdown', 'sarif', 'snapshot']);
  assert.equal(r.out['exit-code'], '0');
  assert.ok(!existsSync(join(r.dir, 'resil.json')));
});

test('action step: an unknown format or a bad snapshot is exit 2 with the exit-code output', async () => {
  const [format, snap] = await Promise.all([
    step('badformat', { INPUT_SNAPSHOT: EXAMPLE, INPUT_FORMATS: 'json,html' }),
    step('badsnap', { INPUT_SNAPSHOT: join(tmp.dir, 'nope.json') }),
  ]);
  assert.equal(format.code, 2);
  assert.match(format.stdout, /::error title=resil::unknown format "html" in formats/);
  assert.equal(format.out['exit-code'], '2');
  assert.equal(snap.code, 2);
  assert.equal(snap.out['exit-code'], '2');
  assert.match(snap.stderr, /Snapshot file not found/);
});
