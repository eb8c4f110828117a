/**
 * `resil readiness` as a subprocess, on snapshot files: formats, --output, --baseline, the exit codes,
 * and bad input (exit 2, one line saying what to do, before any work).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXAMPLE_PATH } from '../../scripts/gen-example.js';
import { inventory } from '../support/builders.js';
import { assertBuilt, cli, snapshotDoc, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
const files: Record<string, string> = {};
const EVENT = ['--event-date', '2026-11-27', '--event-end', '2026-11-30'];

before(() => {
  assertBuilt();
  // An older (1.1) snapshot of one empty region: nothing fails, but nothing can be judged either.
  files['empty'] = tmp.file('empty.json', JSON.stringify(snapshotDoc(inventory(), '1.1')));
  files['notjson'] = tmp.file('notjson.json', '{ nope');
  files['notreport'] = tmp.file('notreport.json', JSON.stringify({ kind: 'something-else', issues: 3 }));
});
after(() => tmp.cleanup());

const run = (args: string[]) => cli(['readiness', ...args], { cwd: tmp.dir });

test('the example: NOT READY exits 1; --format json on stdout is the report; stderr says the verdict', async () => {
  const res = await run(['--snapshot', EXAMPLE_PATH, ...EVENT, '--format', 'json']);
  assert.equal(res.code, 1, res.stderr);
  const report = JSON.parse(res.stdout) as { kind: string; verdict: { status: string; exitCode: number } };
  assert.equal(report.kind, 'resil-readiness-report');
  assert.deepEqual([report.verdict.status, report.verdict.exitCode], ['NOT READY', 1]);
  assert.match(
    res.stderr,
    /^NOT READY: 9 items would fail at the forecast peak \(× 1\.5\) of the event on 2026-11-27 to 2026-11-30/m,
  );
});

test('--output picks the format from the extension (markdown), writes atomically, stdout stays empty', async () => {
  const res = await run(['--snapshot', EXAMPLE_PATH, ...EVENT, '--output', 'report.md']);
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /Wrote the markdown readiness report to report\.md/);
  const md = readFileSync(join(tmp.dir, 'report.md'), 'utf8');
  assert.match(md, /^# Readiness report: ❌ NOT READY/);
  assert.ok(!readdirSync(tmp.dir).some((f) => f.endsWith('.tmp')), 'no temp file left behind');
});

test('--output report.html: one self-contained HTML file with the charts drawn in', async () => {
  const res = await run(['--snapshot', EXAMPLE_PATH, ...EVENT, '--output', 'report.html', '--quiet']);
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stderr, '');
  const html = readFileSync(join(tmp.dir, 'report.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  // The example shop since it gained ECS services (issue 10): 13 charts (the ECS tiers join the
  // AZ-loss and region-loss charts).
  assert.equal((html.match(/<figure class="chart"/g) ?? []).length, 13);
  assert.doesNotMatch(html, /<script|<link |<img |@import|url\(/i);
});

test('--baseline: a previous JSON report; the new report says what changed', async () => {
  const first = await run(['--snapshot', EXAMPLE_PATH, ...EVENT, '-o', 'last-week.json']);
  assert.equal(first.code, 1, first.stderr);
  const res = await run([
    '--snapshot',
    EXAMPLE_PATH,
    ...EVENT,
    '--peak-factor',
    '3',
    '--baseline',
    'last-week.json',
    '-f',
    'json',
  ]);
  assert.equal(res.code, 1, res.stderr);
  const changes = (
    JSON.parse(res.stdout) as {
      changes: { baselineVerdict: string; appeared: unknown[]; changed: unknown[] };
    }
  ).changes;
  assert.equal(changes.baselineVerdict, 'NOT READY');
  assert.ok(changes.appeared.length + changes.changed.length > 0);
});

test('unknown data: exit 3 (AT RISK, never READY); --strict makes AT RISK exit 1', async () => {
  const res = await run(['--snapshot', files['empty']!, '-f', 'json', '--quiet']);
  assert.equal(res.code, 3, res.stderr);
  assert.equal(res.stderr, '');
  const r = JSON.parse(res.stdout) as { verdict: { status: string; incomplete: boolean } };
  assert.deepEqual([r.verdict.status, r.verdict.incomplete], ['AT RISK', true]);
  const strict = await run(['--snapshot', files['empty']!, '-f', 'json', '--strict']);
  assert.equal(strict.code, 1, strict.stderr);
  assert.match(strict.stderr, /Some data could not be read: those items are unknown, not passed/);
});

test('bad input: exit 2 with one line and what to do, before any work, and nothing written', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--event-date', '2026-13-01'], /--event-date "2026-13-01" is not a date/],
    [
      ['--event-date', '2026-11-27', '--event-end', '2026-11-20'],
      /--event-end 2026-11-20 is before the event date 2026-11-27/,
    ],
    [['--event-end', '2026-11-30'], /--event-end needs an event start/],
    [['--peak-factor', 'abc'], /--peak-factor "abc" is not a positive number/],
    [['--peak-factor', '0'], /--peak-factor "0" is not a positive number/],
    [['--history', '100d'], /--history "100d" is not a window between 1h and 90d/],
    [['--history', 'two weeks'], /--history "two weeks" is not a window/],
    [['--baseline', 'missing.json'], /Cannot read the baseline missing\.json/],
    [['--baseline', files['notjson']!], /is not JSON/],
    [['--baseline', files['notreport']!], /is not a resil readiness report/],
    [['--format', 'pdf'], /Expected --format=pdf to be one of: html, markdown, json/],
    [
      ['--output', 'no/such/dir/r.html'],
      /Cannot write no\/such\/dir\/r\.html: the directory .* does not exist/,
    ],
    [['--output', 'html'], /--output html names a file, and html looks like a format/],
  ];
  for (const [args, message] of cases) {
    const res = await run(['--snapshot', EXAMPLE_PATH, ...args]);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(' '));
    assert.match(res.stderr, /→ /, `${args.join(' ')} says what to do`);
    assert.doesNotMatch(res.stderr, STACK);
    assert.equal(res.stdout, '');
  }
  assert.ok(!existsSync(join(tmp.dir, 'no')));
  const missing = await run(['--snapshot', 'nope.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json/);
});
