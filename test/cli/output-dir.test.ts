/**
 * Several reports from one audit (issue 13): `--format json,sarif,junit,markdown --output-dir DIR`,
 * one file per format under its documented name, the same findings in each; `--output` stays one
 * format; a format name given to --output (`--output table`) is caught.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { REPORT_FILE } from '../../src/cli/report-files.js';
import { assertBuilt, cli, ROOT, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const EXAMPLE = join(ROOT, 'examples', 'shop.snapshot.json');
before(() => assertBuilt());
after(() => tmp.cleanup());

const audit = (args: string[]) => cli(['audit', '--snapshot', EXAMPLE, ...args], { cwd: tmp.dir });

function usage(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('audit --output-dir (subprocess)', { concurrency: 3 }, () => {
  test('one file per format, documented names, the same verdict in each; the directory is created', async () => {
    const dir = join(tmp.dir, 'reports', 'nested');
    const r = await audit([
      '--format',
      'json,sarif,junit,markdown,table',
      '--output-dir',
      dir,
      '--fail-on',
      'high',
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout');
    assert.deepEqual(readdirSync(dir).sort(), [
      'resil.json',
      'resil.md',
      'resil.sarif',
      'resil.txt',
      'resil.xml',
    ]);
    assert.deepEqual(REPORT_FILE, {
      table: 'resil.txt',
      json: 'resil.json',
      junit: 'resil.xml',
      sarif: 'resil.sarif',
      markdown: 'resil.md',
    });
    const json = JSON.parse(readFileSync(join(dir, 'resil.json'), 'utf8'));
    assert.equal(json.summary.exitCode, 1);
    const checkIds = new Set(json.findings.map((f: { checkId: string }) => f.checkId));
    const sarif = JSON.parse(readFileSync(join(dir, 'resil.sarif'), 'utf8'));
    const rules = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId);
    assert.ok(rules.length > 0);
    assert.deepEqual(
      rules.filter((id: string) => !checkIds.has(id)),
      [],
      'SARIF reports the findings of the same audit',
    );
    assert.ok(new XMLParser().parse(readFileSync(join(dir, 'resil.xml'), 'utf8')).testsuites);
    assert.match(readFileSync(join(dir, 'resil.md'), 'utf8'), /^#/);
    assert.ok(!readFileSync(join(dir, 'resil.txt'), 'utf8').includes('\u001b['), 'no colour in a file');
    for (const f of ['json', 'sarif', 'junit', 'markdown', 'table'])
      assert.match(
        r.stderr,
        new RegExp(
          `Wrote ${f} report to .*${REPORT_FILE[f as keyof typeof REPORT_FILE].replace('.', '\\.')}`,
        ),
      );
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temp file left');
  });

  test('--output-dir alone writes json; --output stays one format', async () => {
    const dir = join(tmp.dir, 'only');
    const file = join(tmp.dir, 'one.sarif');
    const [d, o] = await Promise.all([
      audit(['--output-dir', dir, '--fail-on', 'never', '--quiet']),
      audit(['--format', 'sarif', '--output', file, '--fail-on', 'never', '--quiet']),
    ]);
    assert.equal(d.code, 0, d.stderr);
    assert.deepEqual(readdirSync(dir), ['resil.json']);
    assert.equal(o.code, 0, o.stderr);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).version, '2.1.0');
  });

  test('usage errors: several formats without --output-dir, --output with --output-dir, a file in the way, --json with another format', async () => {
    writeFileSync(join(tmp.dir, 'afile'), 'x');
    const [many, both, inWay, json] = await Promise.all([
      audit(['--format', 'json,sarif']),
      audit(['--format', 'json', '--output', 'x.json', '--output-dir', 'd']),
      audit(['--format', 'json,sarif', '--output-dir', join(tmp.dir, 'afile')]),
      audit(['--json', '--format', 'json,sarif', '--output-dir', 'd2']),
    ]);
    usage(
      many,
      /--format json,sarif asks for 2 reports; stdout and --output take one/,
      /Add --output-dir DIR .*resil\.json, resil\.sarif/,
    );
    usage(both, /--output-dir.*--output|--output.*--output-dir/);
    usage(inWay, /Cannot use .*afile as --output-dir: it is not a directory/);
    usage(json, /--json asks for the json format, --format for sarif/);
    assert.ok(!existsSync(join(tmp.dir, 'd2')), 'nothing created on a usage error');
  });

  test('--output table (a format where a file belongs) is caught; ./table writes the file', async () => {
    const [slip, upper, real] = await Promise.all([
      audit(['--output', 'table']),
      audit(['-o', 'SARIF']),
      audit(['--output', './table', '--fail-on', 'never', '--quiet']),
    ]);
    usage(
      slip,
      /^Error: --output table names a file, and table looks like a format\./,
      /Use --format table/,
      /--output \.\/table/,
    );
    usage(upper, /Use --format sarif/);
    assert.ok(!existsSync(join(tmp.dir, 'SARIF')));
    assert.equal(real.code, 0, real.stderr);
    assert.ok(existsSync(join(tmp.dir, 'table')));
  });
});
