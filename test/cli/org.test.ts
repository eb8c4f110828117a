/**
 * `resil audit --snapshot DIR|INDEX|FILE...` (several accounts) and `resil snapshot --org` flag
 * validation, as subprocesses, without AWS: index files and snapshots written by hand.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ORG_INDEX_KIND, ORG_INDEX_SCHEMA_VERSION, type OrgIndex } from '../../src/org/index-file.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { REPORT_SCHEMA_VERSION_ACCOUNTS } from '../../src/render/json.js';
import { inventory, targetGroup } from '../support/builders.js';
import { assertBuilt, cli, snapshotDoc, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const ONE = ['--checks', 'tg.detection-time'];
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

function inv(account: string, slow: boolean): Inventory {
  const tg = targetGroup({ name: `web-${account.slice(0, 3)}` });
  if (slow) tg.healthCheck.intervalSeconds = 30;
  return { ...inventory({ 'us-east-1': { targetGroups: [tg] } }), accountId: account };
}

function index(accounts: OrgIndex['accounts'], shard?: { index: number; count: number }): OrgIndex {
  return {
    schemaVersion: ORG_INDEX_SCHEMA_VERSION,
    kind: ORG_INDEX_KIND,
    tool: { name: 'resil', version: 'test' },
    organization: { id: 'o-test123456', managementAccountId: '999999999999' },
    startedAt: '2026-11-20T12:00:00.000Z',
    finishedAt: '2026-11-20T12:01:00.000Z',
    selection: {
      roleName: 'ResilAuditRole',
      externalId: false,
      includeManagementAccount: false,
      regions: ['us-east-1'],
    },
    ...(shard ? { shard } : {}),
    accountsInScope: 3,
    accounts,
    summary: { accounts: accounts.length, ok: 0, incomplete: 0, failed: 0 },
  };
}

const ok = (id: string, name: string) => ({
  id,
  name,
  status: 'ok' as const,
  snapshot: `${id}.snapshot.json`,
});
const denied = (id: string) => ({
  id,
  name: 'sandbox',
  status: 'error' as const,
  error: {
    stage: 'assume-role' as const,
    code: 'AccessDenied',
    message: 'not authorized to perform: sts:AssumeRole',
  },
});

function writeDir(name: string, files: Record<string, unknown>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, doc] of Object.entries(files)) writeFileSync(join(dir, f), JSON.stringify(doc));
  return dir;
}

before(() => {
  assertBuilt();
  // A whole capture: A slow (tg.detection-time fails), B fine, C not captured.
  writeDir('org', {
    'index.json': index([ok(A, 'prod'), ok(B, 'staging'), denied(C)]),
    [`${A}.snapshot.json`]: snapshotDoc(inv(A, true)),
    [`${B}.snapshot.json`]: snapshotDoc(inv(B, false)),
  });
  // Two shards of a capture copied into one directory; and the same with shard 2/3 missing.
  const shard1 = index([ok(A, 'prod')], { index: 1, count: 2 });
  const shard2 = index([ok(B, 'staging')], { index: 2, count: 2 });
  writeDir('shards', {
    'index-shard-1-of-2.json': shard1,
    'index-shard-2-of-2.json': shard2,
    [`${A}.snapshot.json`]: snapshotDoc(inv(A, false)),
    [`${B}.snapshot.json`]: snapshotDoc(inv(B, false)),
  });
  writeDir('partial', {
    'index-shard-1-of-3.json': index([ok(A, 'prod')], { index: 1, count: 3 }),
    'index-shard-3-of-3.json': index([ok(B, 'staging')], { index: 3, count: 3 }),
    [`${A}.snapshot.json`]: snapshotDoc(inv(A, false)),
    [`${B}.snapshot.json`]: snapshotDoc(inv(B, false)),
  });
  writeDir('loose', {
    'a.json': snapshotDoc(inv(A, false)),
    'b.json': snapshotDoc(inv(B, false)),
  });
  writeDir('missing', { 'index.json': index([ok(A, 'prod')]) });
  writeDir('mismatch', {
    'index.json': index([ok(A, 'prod')]),
    [`${A}.snapshot.json`]: snapshotDoc(inv(B, false)),
  });
  writeDir('badindex', {
    'index.json': { ...index([ok(A, 'prod')]), accounts: [{ id: '12', status: 'ok' }] },
  });
  writeDir('dup', {
    'index.json': index([ok(A, 'prod')]),
    [`${A}.snapshot.json`]: snapshotDoc(inv(A, false)),
  });
  writeDir('empty', {});
});
after(() => tmp.cleanup());

// Never the ambient AWS identity (nor a slow probe of instance metadata): these runs must not reach AWS.
const run = (args: string[]) =>
  cli(args, { cwd: tmp.dir, env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } });

/** Runs one after the other (a loaded CI machine runs each CLI start slowly; 30 s each at most). */
async function each(runs: string[][]): Promise<CliResult[]> {
  const out: CliResult[] = [];
  for (const args of runs) out.push(await run(args));
  return out;
}

function usageFailure(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

interface Report {
  schemaVersion: string;
  findings: Array<{ account?: string; checkId: string; status: string }>;
  accounts: Array<{ id: string; name?: string; verdict: string }>;
  summary: { exitCode: number };
}

describe('audit of several accounts (subprocess)', { concurrency: 2 }, () => {
  test('a directory with an index: every account, findings named per account, the account not captured makes exit 3', async () => {
    const [gate, never] = await each([
      ['audit', '--snapshot', 'org', '--format', 'json', '--fail-on', 'medium', ...ONE],
      ['audit', '--snapshot', 'org', '--format', 'json', '--fail-on', 'never', ...ONE],
    ]);
    assert.equal(gate.code, 1, gate.stderr);
    const report = JSON.parse(gate.stdout) as Report;
    assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION_ACCOUNTS);
    assert.deepEqual(
      report.accounts.map((a) => [a.id, a.name, a.verdict]),
      [
        [A, 'prod', 'failed'],
        [C, 'sandbox', 'not-captured'],
        [B, 'staging', 'ok'],
      ],
    );
    assert.deepEqual(
      report.findings.map((f) => [f.account, f.status]),
      [
        [A, 'fail'],
        [B, 'pass'],
      ],
    );
    assert.equal(never.code, 3, 'the worst account is incomplete when nothing gates');
    assert.match(
      never.stderr,
      /Audit incomplete: 1 account not captured \(333333333333: AccessDenied assuming the role\)/,
    );
  });

  test('the index files of two shards merge; a missing shard is named and makes the audit incomplete', async () => {
    const [both, partial] = await each([
      ['audit', '--snapshot', 'shards', '--format', 'json', ...ONE],
      ['audit', '--snapshot', 'partial', '--format', 'json', ...ONE],
    ]);
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual((JSON.parse(both.stdout) as Report).accounts.map((a) => a.id).sort(), [A, B]);
    assert.equal(partial.code, 3, partial.stderr);
    assert.match(partial.stderr, /shard 2\/3 of the capture is missing/);
  });

  test('several --snapshot files, an index file, and a directory of plain snapshots all audit several accounts', async () => {
    const [files, idx, loose, table] = await each([
      [
        'audit',
        '--snapshot',
        `org/${A}.snapshot.json`,
        '--snapshot',
        `org/${B}.snapshot.json`,
        '--format',
        'json',
        ...ONE,
      ],
      ['audit', '--snapshot', 'shards/index-shard-1-of-2.json', '--format', 'json', ...ONE],
      ['audit', '--snapshot', 'loose', '--format', 'json', ...ONE],
      ['audit', '--snapshot', 'org', '--format', 'table', ...ONE],
    ]);
    for (const r of [files, loose]) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as Report).accounts.map((a) => a.id).sort(), [A, B]);
    }
    assert.equal(idx.code, 3, 'shard 2/2 of that index is missing');
    assert.match(table.stdout, /Accounts, worst first/);
    assert.match(table.stdout, /333333333333 \(sandbox\)\s+NOT CAPTURED/);
  });

  test('bad input is exit 2 naming the problem: a missing or mismatched snapshot, a bad index, an account twice, an empty directory', async () => {
    const [missing, mismatch, bad, dup, empty] = await each([
      ['audit', '--snapshot', 'missing', ...ONE],
      ['audit', '--snapshot', 'mismatch', ...ONE],
      ['audit', '--snapshot', 'badindex', ...ONE],
      ['audit', '--snapshot', 'dup', '--snapshot', 'org', ...ONE],
      ['audit', '--snapshot', 'empty', ...ONE],
    ]);
    usageFailure(
      missing,
      /index\.json lists .*111111111111\.snapshot\.json for account 111111111111, but there is no such file/,
    );
    usageFailure(mismatch, /holds account 222222222222, but .*index\.json lists it as account 111111111111/);
    usageFailure(
      bad,
      /index\.json is not a valid resil index:\n {2}accounts\[0\]\.id: expected a 12-digit account id/,
    );
    usageFailure(dup, /Account 111111111111 appears twice/);
    usageFailure(empty, /it is a directory without an index/);
  });
});

describe('snapshot --org flag checks (subprocess, before any AWS call)', { concurrency: 2 }, () => {
  test('org flags without --org, --org without --output-dir, --output with --org, bad --shard, --accounts, --ou, --role-name', async () => {
    writeFileSync(join(tmp.dir, 'afile'), 'x');
    const base = ['snapshot', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'];
    const [noOrg, noDir, withOutput, shard, accounts, ou, role, notDir, both] = await each([
      [...base, '--role-name', 'X', '--shard', '1/2', '-o', 'x.json'],
      [...base, '--org'],
      [...base, '--org', '--output', 'x.json'],
      [...base, '--org', '--output-dir', 'out', '--shard', '3/2'],
      [...base, '--org', '--output-dir', 'out', '--accounts', '1234'],
      [...base, '--org', '--output-dir', 'out', '--ou', 'prod'],
      [...base, '--org', '--output-dir', 'out', '--role-name', 'arn:aws:iam::1:role/x'],
      [...base, '--org', '--output-dir', 'afile'],
      [...base, '--org', '--output-dir', 'out', '--accounts', A, '--ou', 'ou-ab12-cd34ef56'],
    ]);
    usageFailure(noOrg, /--role-name, --shard need --org/);
    usageFailure(noDir, /it needs --output-dir DIR/);
    usageFailure(withOutput, /--output names one file; --org writes one snapshot per account/);
    usageFailure(shard, /--shard 3\/2 is out of range/);
    usageFailure(accounts, /--accounts: "1234" is not an AWS account id/);
    usageFailure(ou, /--ou "prod" is not an organizational unit id/);
    usageFailure(role, /is not an IAM role name/);
    usageFailure(notDir, /Cannot write into afile: it is not a directory/);
    usageFailure(both, /--ou|--accounts/);
  });

  test('resil snapshot with neither --output nor --org says what to give', async () => {
    usageFailure(
      await run(['snapshot', '--region', 'us-east-1']),
      /needs --output FILE/,
      /--org --output-dir DIR/,
    );
  });
});
