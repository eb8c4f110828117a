/**
 * An AWS organisation in the emulator, captured and audited through the BUILT CLI (`npm run build`
 * first): a management account (123456789012, the default credentials) with three members —
 * shop-prod (OU prod, a child of OU workloads) with a slow target group and a Single-AZ database in
 * us-east-1; shop-dr (OU workloads) with a standby ALB without targets in us-west-2; sandbox (the
 * root) whose audit role trusts another account, so AssumeRole is refused as AWS would refuse it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OrgIndex } from '../../src/org/index-file.js';
import type { Snapshot } from '../../src/inventory/schema.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { MANAGEMENT_ACCOUNT, ORG_EXTERNAL_ID, seedOrg, type SeededOrg } from '../support/seed-org.js';
import { emulatorCli } from '../support/emulator-cli.js';

const READ_ONLY = /^(Describe|List|Get)[A-Z]/;

let emu: Emulator;
let org: SeededOrg;
let dir: string;
let prod: string;
let dr: string;
let sandbox: string;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<RunResult> {
  return emulatorCli(args, { dir });
}

const capture = (out: string, extra: string[] = []) =>
  cli([
    'snapshot',
    '--org',
    '--endpoint-url',
    emu.url,
    '--region',
    'us-east-1,us-west-2',
    '--max-attempts',
    '1',
    '--output-dir',
    out,
    ...extra,
  ]);

function readIndex(file: string): OrgIndex {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as OrgIndex;
}
function readSnap(file: string): Snapshot {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Snapshot;
}

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'commands', 'snapshot.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'resil-org-itest-'));
  emu = await startEmulator();
  org = await seedOrg({
    endpoint: emu.url,
    members: [
      { name: 'shop-prod', ou: 'prod', workloads: { 'us-east-1': 'web' } },
      { name: 'shop-dr', ou: 'workloads', workloads: { 'us-west-2': 'standby' } },
      { name: 'sandbox', assumable: false, workloads: { 'us-east-1': 'web' } },
    ],
  });
  [prod, dr, sandbox] = org.members.map((m) => m.id) as [string, string, string];
});

after(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('snapshot --org: 2 snapshots + 1 recorded failure, exit 3, each account with its own resources, read-only, one request bound', async () => {
  await emu.clearRequests();
  const res = await capture('all', [
    '--external-id',
    ORG_EXTERNAL_ID,
    '--concurrency',
    '4',
    '--account-concurrency',
    '2',
  ]);
  assert.equal(res.code, 3, res.stderr);
  assert.equal(res.stdout, '', 'stdout stays clean');
  assert.match(res.stderr, /Leaving out the management account 123456789012/);
  assert.match(res.stderr, /2 of 3 accounts captured, 1 not captured/);

  const files = readdirSync(join(dir, 'all')).sort();
  assert.deepEqual(files, [`${dr}.snapshot.json`, `${prod}.snapshot.json`, 'index.json'].sort());
  const index = readIndex('all/index.json');
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'org-index.schema.json'), 'utf8')) as object,
  );
  assert.ok(
    validate(index),
    `the index is valid against schemas/org-index.schema.json: ${JSON.stringify(validate.errors)}`,
  );
  assert.equal(index.organization.id, org.organizationId);
  assert.equal(index.organization.managementAccountId, MANAGEMENT_ACCOUNT);
  assert.deepEqual(index.summary, { accounts: 3, ok: 2, incomplete: 0, failed: 1 });
  const failed = index.accounts.find((a) => a.id === sandbox)!;
  assert.equal(failed.status, 'error');
  assert.equal(failed.name, 'sandbox');
  assert.equal(failed.error?.stage, 'assume-role');
  assert.equal(failed.error?.code, 'AccessDenied');
  assert.match(
    failed.error!.message,
    new RegExp(`sts:AssumeRole on resource: arn:aws:iam::${sandbox}:role/ResilAuditRole`),
  );

  // Each snapshot holds its own account, and only its own resources.
  const p = readSnap(`all/${prod}.snapshot.json`).inventory;
  const d = readSnap(`all/${dr}.snapshot.json`).inventory;
  assert.equal(p.accountId, prod);
  assert.equal(d.accountId, dr);
  assert.deepEqual(
    p.regions['us-east-1']!.targetGroups.map((t) => t.name),
    ['web-tg'],
  );
  assert.deepEqual(
    p.regions['us-east-1']!.dbInstances.map((i) => i.id),
    ['orders-db'],
  );
  assert.deepEqual(p.regions['us-west-2']!.loadBalancers, []);
  assert.deepEqual(
    d.regions['us-west-2']!.loadBalancers.map((l) => l.name),
    ['standby-alb'],
  );
  assert.deepEqual(d.regions['us-east-1']!.targetGroups, []);
  assert.ok(p.regions['us-east-1']!.targetGroups[0]!.arn.includes(`:${prod}:`));

  // Read-only: the capture sent reads, the organisation listing and AssumeRole, nothing else.
  const sent = await emu.requests();
  const writes = sent.filter((r) => !READ_ONLY.test(r.operation) && r.operation !== 'AssumeRole');
  assert.deepEqual(writes, []);
  assert.ok(sent.some((r) => r.service === 'organizations' && r.operation === 'ListAccounts'));
  assert.equal(sent.filter((r) => r.operation === 'AssumeRole').length, 3, 'one AssumeRole per account');
  const peak = Number(/at most (\d+) in flight/.exec(res.stderr)?.[1]);
  assert.ok(peak >= 1 && peak <= 4, `peak in flight ${peak} within --concurrency 4`);
});

test('audit --snapshot DIR: findings per account, a DR pair across accounts, exit 1 on findings and 3 when only the missing account remains', async () => {
  writeFileSync(
    join(dir, 'pairs.yml'),
    `accounts:\n  drPairs:\n    - name: shop\n      primary: { account: "${prod}", region: us-east-1 }\n      standby: { account: "${dr}", region: us-west-2 }\n`,
  );
  const [json, never, md] = [
    await cli(['audit', '--snapshot', 'all', '--config', 'pairs.yml', '--format', 'json']),
    await cli([
      'audit',
      '--snapshot',
      'all',
      '--config',
      'pairs.yml',
      '--format',
      'json',
      '--fail-on',
      'never',
    ]),
    await cli(['audit', '--snapshot', 'all', '--config', 'pairs.yml', '--format', 'markdown', '--quiet']),
  ];
  assert.equal(json.code, 1, json.stderr);
  const report = JSON.parse(json.stdout) as {
    findings: Array<{ account: string; checkId: string; status: string; resource: { name?: string } }>;
    accounts: Array<{ id: string; verdict: string; drPair?: string }>;
  };
  const find = (checkId: string, name: string) =>
    report.findings.find((f) => f.checkId === checkId && f.resource.name === name);
  assert.equal(find('rds.instance-multi-az', 'orders-db')?.account, prod);
  assert.equal(find('rds.instance-multi-az', 'orders-db')?.status, 'fail');
  assert.equal(find('tg.detection-time', 'web-tg')?.account, prod);
  assert.equal(
    find('dr.standby-lb-healthy', 'standby-alb')?.account,
    dr,
    'the pair judged the standby in its own account',
  );
  assert.equal(find('dr.standby-lb-healthy', 'standby-alb')?.status, 'fail');
  assert.ok(report.findings.every((f) => f.account === prod || f.account === dr));
  assert.deepEqual(Object.fromEntries(report.accounts.map((a) => [a.id, a.verdict])), {
    [prod]: 'failed',
    [dr]: 'failed',
    [sandbox]: 'not-captured',
  });
  assert.equal(report.accounts.find((a) => a.id === prod)?.drPair, 'shop');
  assert.match(
    json.stderr,
    new RegExp(`Audit incomplete: 1 account not captured \\(${sandbox}: AccessDenied assuming the role\\)`),
  );

  assert.equal(never.code, 3, 'with nothing gating, the account not captured decides');
  assert.equal(md.code, 1);
  assert.match(md.stdout, /## resil audit of 3 accounts of organisation/);
  assert.match(
    md.stdout,
    new RegExp(`\\| \`${sandbox}\` sandbox \\| ⚠️ not captured: AccessDenied assuming the role`),
  );
  assert.equal(md.stderr, '');
});

test('--shard 1/2 and --shard 2/2 (run at once, as two CI jobs) cover exactly all accounts; their indexes merge', async () => {
  const extra = ['--external-id', ORG_EXTERNAL_ID];
  const [one, two] = await Promise.all([
    capture('sharded', [...extra, '--shard', '1/2']),
    capture('sharded', [...extra, '--shard', '2/2']),
  ]);
  for (const r of [one, two]) assert.ok(r.code === 0 || r.code === 3, r.stderr);
  const a = readIndex('sharded/index-shard-1-of-2.json');
  const b = readIndex('sharded/index-shard-2-of-2.json');
  assert.deepEqual(a.shard, { index: 1, count: 2 });
  assert.equal(a.accountsInScope, 3);
  const ids = [...a.accounts, ...b.accounts].map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'no account in both shards');
  assert.deepEqual(ids.sort(), [prod, dr, sandbox].sort(), 'together: every account');
  assert.equal(Math.max(one.code, two.code), 3, 'the shard holding sandbox is incomplete');

  const merged = await cli(['audit', '--snapshot', 'sharded', '--format', 'json', '--fail-on', 'never']);
  assert.equal(merged.code, 3, merged.stderr);
  const report = JSON.parse(merged.stdout) as { accounts: Array<{ id: string }> };
  assert.deepEqual(report.accounts.map((x) => x.id).sort(), [prod, dr, sandbox].sort());
});

test('--ou takes the accounts of an OU and its child OUs; without the external id the trust policy refuses the role', async () => {
  const [ou, noExternalId] = [
    await capture('ou', ['--ou', org.ous.workloads, '--external-id', ORG_EXTERNAL_ID]),
    await capture('noext', ['--accounts', prod]),
  ];
  assert.equal(ou.code, 0, ou.stderr);
  assert.deepEqual(
    readIndex('ou/index.json')
      .accounts.map((x) => x.id)
      .sort(),
    [prod, dr].sort(),
  );
  assert.equal(noExternalId.code, 3, noExternalId.stderr);
  assert.equal(readIndex('noext/index.json').accounts[0]!.error?.code, 'AccessDenied');
});
