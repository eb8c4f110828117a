/**
 * `resil audit`, `snapshot` and `checks explain` as a subprocess, fed what real users feed them by
 * mistake: empty or broken files, a directory, empty flag values from unset shell variables, bad
 * output paths, and oclif parse errors. Each is exit 2 with one `Error:` line and a next step, and
 * nothing slow (no collection) happens first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inventory, targetGroup } from '../support/builders.js';
import { assertBuilt, cli, deniedInventory, snapshotDoc, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const ONE = ['--checks', 'tg.detection-time'];
const files: Record<string, string> = {};

before(() => {
  assertBuilt();
  const good = inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } });
  files['good'] = tmp.file('good.json', JSON.stringify(snapshotDoc(good)));
  files['empty'] = tmp.file('empty.json', '');
  files['badTime'] = tmp.file(
    'bad-time.json',
    JSON.stringify(snapshotDoc({ ...good, capturedAt: 'yesterday' })),
  );
  files['denied'] = tmp.file('denied.json', JSON.stringify(snapshotDoc(deniedInventory())));
  files['tabs'] = tmp.file('tabs.yml', 'checks:\n\ttg.detection-time:\n\t\tmaxDetectionSeconds: 20\n');
  files['globNothing'] = tmp.file(
    'glob.yml',
    'suppressions:\n  - check: "zz.*"\n    resource: "*"\n    reason: typo\n',
  );
  files['region'] = tmp.file('region.yml', 'primaryRegion: us-eest-1\n');
  mkdirSync(join(tmp.dir, 'adir'));
  mkdirSync(join(tmp.dir, 'ci'));
  files['ciConfig'] = tmp.file('ci/resil.yml', 'rpoSeconds: 15\n');
  const slowTg = targetGroup({ name: 'slow' });
  slowTg.healthCheck.intervalSeconds = 30;
  files['slow'] = tmp.file(
    'slow.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [slowTg] } }))),
  );
});
after(() => tmp.cleanup());

const run = (args: string[]) => cli(args, { cwd: tmp.dir });

function usageFailure(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  assert.match(r.stderr, /\n→ /, 'a next step');
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('hostile input (subprocess)', { concurrency: 4 }, () => {
  test('a snapshot with a capturedAt that is not a time is exit 2 naming the field (was a crash, exit 70)', async () => {
    usageFailure(
      await run(['audit', '--snapshot', files['badTime']!, ...ONE]),
      /capturedAt: expected an ISO-8601 date-time.*got "yesterday"/,
    );
  });

  test('an empty snapshot file and a directory are named as such', async () => {
    const [empty, dir] = await Promise.all([
      run(['audit', '--snapshot', files['empty']!]),
      run(['audit', '--snapshot', 'adir']),
    ]);
    usageFailure(empty, /empty\.json is empty, not a resil snapshot/);
    usageFailure(dir, /Cannot read snapshot file adir: it is a directory/);
  });

  test('empty --snapshot, --config and --output values (unset shell variables) are errors, never a live audit or stdout', async () => {
    const [snap, config, output] = await Promise.all([
      run(['audit', '--snapshot', '', '--format', 'json']),
      run(['audit', '--snapshot', files['good']!, '--config', '', ...ONE]),
      run(['audit', '--snapshot', files['good']!, '--output', '', ...ONE]),
    ]);
    usageFailure(snap, /--snapshot needs a file name/);
    usageFailure(config, /--config needs a file name/);
    usageFailure(output, /--output needs a file name/);
  });

  test('--output into a missing directory or onto a directory fails before any work, and leaves nothing behind', async () => {
    const [missing, dir] = await Promise.all([
      run(['audit', '--snapshot', files['good']!, '--output', 'nodir/report.json', ...ONE]),
      run(['audit', '--snapshot', files['good']!, '--output', 'adir', ...ONE]),
    ]);
    usageFailure(missing, /Cannot write nodir\/report\.json: the directory .*nodir does not exist/);
    usageFailure(dir, /Cannot write adir: it is a directory/);
    assert.deepEqual(readdirSync(join(tmp.dir, 'adir')), []);
  });

  test('snapshot --output into a missing directory fails before collecting (no endpoint is contacted)', async () => {
    // The endpoint is unreachable: had collection started first, the error would be about it.
    const r = await run([
      'snapshot',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
      '--output',
      'nodir/s.json',
    ]);
    usageFailure(r, /Cannot write nodir\/s\.json: the directory .*nodir does not exist/);
    assert.doesNotMatch(r.stderr, /endpoint|collected/i);
  });

  test('YAML with tabs, a suppression glob that matches no check, an unknown primaryRegion', async () => {
    const [tabs, glob, region] = await Promise.all([
      run(['audit', '--snapshot', files['good']!, '--config', files['tabs']!, ...ONE]),
      run(['audit', '--snapshot', files['good']!, '--config', files['globNothing']!, ...ONE]),
      run(['audit', '--snapshot', files['good']!, '--config', files['region']!, ...ONE]),
    ]);
    usageFailure(
      tabs,
      /not valid YAML: Tabs are not allowed as indentation at line 2, column 1\.\n/,
      /spaces only/,
    );
    usageFailure(glob, /suppressions\[0\]\.check: zz\.\* matches no check/);
    usageFailure(region, /primaryRegion: unknown AWS region us-eest-1 \(did you mean us-east-1\?\)/);
  });

  test('oclif parse errors: one message, no "See more help" duplicate, the command named with spaces', async () => {
    const [exclusive, badOption, missingArg] = await Promise.all([
      run(['audit', '--snapshot', files['good']!, '--region', 'us-east-1']),
      run(['audit', '--snapshot', files['good']!, '--category', 'dnss']),
      run(['checks', 'explain']),
    ]);
    usageFailure(
      exclusive,
      /^Error: --region=us-east-1 cannot also be provided when using --snapshot\n→ See `resil audit --help`\.\n$/,
    );
    usageFailure(badOption, /--category=dnss to be one of: multi-az/);
    usageFailure(missingArg, /Missing 1 required arg/, /→ See `resil checks explain --help`\./);
    for (const r of [exclusive, badOption, missingArg]) {
      assert.doesNotMatch(r.stderr, /See more help with --help|The following error occurred/);
    }
  });

  test('checks explain: one prefix match is suggested as such', async () => {
    usageFailure(
      await run(['checks', 'explain', 'tg.detection']),
      /Unknown check tg\.detection\. Did you mean tg\.detection-time\?/,
    );
  });

  test('an incomplete audit names the denied IAM actions and regions on stderr, and counts checks (not findings)', async () => {
    const r = await run(['audit', '--snapshot', files['denied']!, ...ONE]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stderr,
      /Audit incomplete: 1 check\(s\) skipped, in part or whole, because data could not be collected: elasticloadbalancing:DescribeTargetGroups \(AccessDenied\) in us-east-1\./,
    );
  });

  test('an unknown command is exit 2 with a suggestion, never a prompt', async () => {
    usageFailure(await run(['audti']), /audti is not a resil command/, /Did you mean `resil audit`\?/);
    usageFailure(await run(['zzzzzz']), /zzzzzz is not a resil command/, /Run `resil --help`/);
  });

  test('SARIF results point at the config file that was used (a repository path, forward slashes)', async () => {
    const r = await run([
      'audit',
      '--snapshot',
      files['slow']!,
      '--config',
      'ci/resil.yml',
      '--format',
      'sarif',
      '--checks',
      'tg.detection-time',
      '--fail-on',
      'never',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uris = sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.length > 0, 'the fixture has a failing finding');
    assert.deepEqual([...new Set(uris)], ['ci/resil.yml']);
  });
});
