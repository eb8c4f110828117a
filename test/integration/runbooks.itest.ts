/**
 * The BUILT CLI (`node bin/run.js`; `npm test` builds first) running the DR runbooks against the AWS
 * emulator: moto + test/emulator/ext_runbooks.py (switchover/failover state machine, Route 53 PENDING).
 * Mutating calls are counted from the emulator's request log. Interactive prompts are driven through
 * a pseudo-terminal (`script`), not skipped.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { CreateGlobalClusterCommand, DescribeGlobalClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { seedRole } from '../support/seed-role.js';
import {
  RB,
  recordsOf,
  seedRunbooks,
  seedWeightedPair,
  type RunbookSeed,
} from '../runbooks/emulator-seed.js';

const fmt = ajvFormats as unknown as { default?: (a: unknown) => void } & ((a: unknown) => void);
const addFormats = (typeof fmt.default === 'function' ? fmt.default : fmt) as (a: unknown) => void;
function schemaValidator(name: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(REPO, 'schemas', name), 'utf8')) as object);
}

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const BIN = join(REPO, 'bin', 'run.js');
const PKG_VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string })
  .version;
const MUTATING = new Set([
  'SwitchoverGlobalCluster',
  'FailoverGlobalCluster',
  'RemoveFromGlobalCluster',
  'ChangeResourceRecordSets',
]);

let emu: Emulator;
let seed: RunbookSeed;
let home: string;

process.env['RESIL_EMULATOR_FAILOVER_POLLS'] ??= '3';
process.env['RESIL_EMULATOR_CHANGE_POLLS'] ??= '2';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    RESIL_HOME: join(home, '.resil'),
    RESIL_POLL_BASE_MS: '50',
    RESIL_POLL_CAP_MS: '200',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

function spawnCli(args: string[], extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: home,
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): Promise<RunResult> {
  return new Promise((res, rej) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code: code ?? (signal ? -1 : -2), stdout, stderr }));
  });
}

const cli = (args: string[], extra: Record<string, string> = {}) => collect(spawnCli(args, extra));
const conn = () => ['--endpoint-url', emu.url, '--max-attempts', '1'];
const switchoverArgs = () => [
  'failover',
  '--to',
  RB.standby.region,
  '--zone',
  'example.com',
  '--record',
  'api.example.com',
  ...conn(),
];

async function mutations(): Promise<string[]> {
  return (await emu.requests())
    .filter((r) => MUTATING.has(r.operation))
    .map((r) => r.operation)
    .sort();
}

async function writerRegion(): Promise<string | undefined> {
  const rds = new RDSClient({
    region: RB.standby.region,
    endpoint: emu.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  const res = await rds.send(new DescribeGlobalClustersCommand({}));
  rds.destroy();
  const g = res.GlobalClusters?.find((x) => x.GlobalClusterIdentifier === RB.globalCluster);
  if (g?.FailoverState) return `in flight (${g.FailoverState.Status})`;
  return g?.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn?.split(':')[3];
}

async function weights(): Promise<Array<[string | undefined, number | undefined]>> {
  return (await recordsOf(emu.url, seed.zoneId, RB.weighted)).map((r) => [r.SetIdentifier, r.Weight]);
}

function runIdFrom(text: string): string {
  const m =
    /run (\d{8}T\d{6}Z-[a-z-]+-[0-9a-f]{4})/.exec(text) ??
    /runs\/(\d{8}T\d{6}Z-[a-z-]+-[0-9a-f]{4})\.jsonl/.exec(text);
  assert.ok(m, `no run id in:\n${text}`);
  return m[1]!;
}

describe('runbooks against the emulator (built CLI)', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });
  // Every operation the runbooks sent in this file (the seeding is cleared before each test).
  const sentByAll = new Set<string>();
  afterEach(async () => {
    for (const r of await emu.requests()) sentByAll.add(`${r.service}:${r.operation}`);
    if (home) rmSync(home, { recursive: true, force: true });
  });
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'resil-rb-it-'));
    await emu.reset();
    seed = await seedRunbooks(emu.url);
    await emu.clearRequests();
  });

  test('dry run: plan + preflight, exit 0, zero mutating calls in the request log', async () => {
    const r = await cli([...switchoverArgs(), '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Plan: switchover of shop-global to us-west-2/);
    assert.match(r.stderr, /rds SwitchoverGlobalCluster \(us-west-2\)/);
    assert.match(r.stderr, /✓ agd\.replication-lag: lag 0\.8 s \(limit 15 s\)/);
    assert.deepEqual(await mutations(), []);
    assert.equal(await writerRegion(), 'us-east-1');
  });

  test('switchover happy path with DNS cutover: exit 0, each mutating call once, writer and weights moved', async () => {
    const r = await cli([...switchoverArgs(), '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /completed and verified/);
    assert.match(r.stderr, /FailoverState switching-over/);
    assert.match(
      r.stderr,
      /Post-check: us-east-1 is back in shop-global as a connected secondary; topology healthy: shop-east \(us-east-1\) connected; audit check agd\.topology-healthy passes/,
    );
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
    assert.equal(await writerRegion(), 'us-west-2');
    assert.deepEqual(await weights(), [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ]);
    const id = runIdFrom(r.stderr);
    const list = await cli(['runs']);
    assert.match(list.stdout, new RegExp(`${id}\\s+failover\\s+shop-global\\s+us-west-2\\s+completed\\s+0`));
    const show = await cli(['runs', 'show', id]);
    assert.match(show.stdout, /rds SwitchoverGlobalCluster us-west-2 ok request [0-9a-f-]{36}/);
    const text = readFileSync(join(home, '.resil', 'runs', `${id}.jsonl`), 'utf8');
    assert.doesNotMatch(text, /testing/, 'no credentials in the journal');
    // Who ran it (issue 13): the emulator's account and caller ARN, read once before the first change.
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const operator = lines.find((l) => l['type'] === 'run')?.['operator'] as Record<string, unknown>;
    assert.equal(operator['account'], '123456789012');
    assert.equal(operator['callerArn'], 'arn:aws:sts::123456789012:user/moto');
    assert.equal(operator['host'], hostname());
    assert.equal(typeof operator['osUser'], 'string');
    assert.equal(operator['resilVersion'], PKG_VERSION);
    const sts = lines.filter((l) => l['type'] === 'call' && l['operation'] === 'GetCallerIdentity');
    assert.equal(sts.length, 1, 'GetCallerIdentity once');
    assert.ok(
      lines.indexOf(sts[0]!) < lines.findIndex((l) => l['type'] === 'mutation-start'),
      'before the first change',
    );
    assert.match(show.stdout, /^Run by: arn:aws:sts::123456789012:user\/moto \(account 123456789012\), as /m);
    assert.match(list.stdout, new RegExp(`${id}\\s.*\\suser/moto$`, 'm'));
  });

  test('refuses without a TTY and without --yes: exit 2, zero mutating calls', async () => {
    const r = await cli(switchoverArgs());
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pass --yes/);
    assert.deepEqual(await mutations(), []);
  });

  test('refuses on excessive replication lag before any change: exit 4', async () => {
    await emu.reset();
    seed = await seedRunbooks(emu.url, { lagMs: 60_000 });
    await emu.clearRequests();
    const r = await cli([...switchoverArgs(), '--yes', '--max-lag', '10']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /agd\.replication-lag: lag 60\.0 s \(limit 10 s\)/);
    assert.deepEqual(await mutations(), []);
  });

  test('failover mode with --yes --allow-data-loss: no call to the primary region', async () => {
    const r = await cli([
      'failover',
      '--to',
      RB.standby.region,
      '--mode',
      'failover',
      '--yes',
      '--allow-data-loss',
      ...conn(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /RPO estimate \(lag at the cut\): 0\.8 s/);
    assert.match(
      r.stderr,
      /Next:\n\s+Until shop-east \(us-east-1\) replicates again[^\n]*pending-resync → connected/,
    );
    assert.match(r.stderr, /fail back without data loss: resil failover --to us-east-1/);
    assert.deepEqual(await mutations(), ['FailoverGlobalCluster']);
    const primaryCalls = (await emu.requests()).filter(
      (q) => q.region === RB.primary.region && q.service !== 'route53',
    );
    assert.deepEqual(primaryCalls, []);
    assert.equal(await writerRegion(), 'us-west-2');
  });

  test('failover mode without --allow-data-loss is a usage error', async () => {
    const r = await cli(['failover', '--to', RB.standby.region, '--mode', 'failover', '--yes', ...conn()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /requires --allow-data-loss/);
    assert.deepEqual(await mutations(), []);
  });

  test('cutover --rollback restores the journaled records', async () => {
    const before = await recordsOf(emu.url, seed.zoneId, RB.failover);
    const r = await cli([
      'cutover',
      '--zone',
      'example.com',
      '--record',
      'db.example.com',
      '--to',
      'us-west-2',
      '--yes',
      ...conn(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const swapped = await recordsOf(emu.url, seed.zoneId, RB.failover);
    assert.deepEqual(swapped.map((x) => [x.SetIdentifier, x.Failover]).sort(), [
      ['east', 'SECONDARY'],
      ['west', 'PRIMARY'],
    ]);
    const rb = await cli(['cutover', '--rollback', runIdFrom(r.stderr), '--yes', ...conn()]);
    assert.equal(rb.code, 0, rb.stderr);
    const restored = await recordsOf(emu.url, seed.zoneId, RB.failover);
    assert.deepEqual(
      restored.map((x) => [x.SetIdentifier, x.Failover, x.ResourceRecords]).sort(),
      before.map((x) => [x.SetIdentifier, x.Failover, x.ResourceRecords]).sort(),
    );
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'ChangeResourceRecordSets']);
  });

  test('two runbooks.dns records of one zone (.resil.yml): one ChangeResourceRecordSets moves both; --rollback restores both in one more', async () => {
    const www = 'www.example.com.';
    await seedWeightedPair(emu.url, seed.zoneId, www);
    await emu.clearRequests();
    const weightsOf = async (name: string) =>
      (await recordsOf(emu.url, seed.zoneId, name)).map((r) => [
        r.SetIdentifier,
        r.Weight,
        r.ResourceRecords?.[0]?.Value,
      ]);
    const orig = { api: await weightsOf(RB.weighted), www: await weightsOf(www) };
    assert.deepEqual(orig.api, [
      ['us-east-1', 100, 'east-alb.us-east-1.elb.amazonaws.com'],
      ['us-west-2', 0, 'west-alb.us-west-2.elb.amazonaws.com'],
    ]);
    assert.deepEqual(orig.www, [
      ['us-east-1', 100, 'www-alb.us-east-1.elb.amazonaws.com'],
      ['us-west-2', 0, 'www-alb.us-west-2.elb.amazonaws.com'],
    ]);
    writeFileSync(
      join(home, '.resil.yml'),
      [
        'runbooks:',
        `  globalCluster: ${RB.globalCluster}`,
        '  dns:',
        '    - zone: example.com',
        '      record: api.example.com',
        '    - zone: example.com',
        '      record: www.example.com',
        '',
      ].join('\n'),
    );

    const r = await cli(['failover', '--to', RB.standby.region, '--yes', ...conn()], {
      RESIL_DNS_MARGIN_MS: '300',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /completed and verified/);
    assert.match(r.stderr, /Route 53: the 2 records above change in ONE batch/);
    assert.match(
      r.stderr,
      /Route 53: point api\.example\.com\., www\.example\.com\. at us-west-2 \(one change batch\)/,
    );
    assert.deepEqual(
      await mutations(),
      ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
      'both records in ONE change batch',
    );
    assert.equal(await writerRegion(), 'us-west-2');
    assert.deepEqual(await weightsOf(RB.weighted), [
      ['us-east-1', 0, 'east-alb.us-east-1.elb.amazonaws.com'],
      ['us-west-2', 100, 'west-alb.us-west-2.elb.amazonaws.com'],
    ]);
    assert.deepEqual(await weightsOf(www), [
      ['us-east-1', 0, 'www-alb.us-east-1.elb.amazonaws.com'],
      ['us-west-2', 100, 'www-alb.us-west-2.elb.amazonaws.com'],
    ]);

    const rb = await cli(['cutover', '--rollback', runIdFrom(r.stderr), '--yes', ...conn()], {
      RESIL_DNS_MARGIN_MS: '300',
    });
    assert.equal(rb.code, 0, rb.stderr);
    assert.deepEqual(
      await mutations(),
      ['ChangeResourceRecordSets', 'ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
      'rollback: one more batch for both records',
    );
    assert.deepEqual(await weightsOf(RB.weighted), orig.api);
    assert.deepEqual(await weightsOf(www), orig.www);
  });

  test('Ctrl-C (SIGINT) while waiting for the switchover: exit 5, resume command, nothing undone; resume completes', async () => {
    const journal = join(home, 'int.jsonl');
    const child = spawnCli([...switchoverArgs(), '--yes', '--journal', journal], {
      RESIL_POLL_BASE_MS: '200',
      RESIL_POLL_CAP_MS: '300',
    });
    const done = collect(child);
    const deadline = Date.now() + 60_000;
    let sent = false;
    while (!sent && Date.now() < deadline && child.exitCode === null) {
      if (existsSync(journal) && readFileSync(journal, 'utf8').includes('"type":"observed"')) {
        child.kill('SIGINT');
        sent = true;
      } else await new Promise((r) => setTimeout(r, 10));
    }
    const r = await done;
    assert.ok(sent);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /Interrupted while waiting for "Switch over shop-global.*Nothing was undone/);
    assert.match(r.stderr, /Resume with: resil failover --resume \S+/);
    assert.deepEqual(await mutations(), ['SwitchoverGlobalCluster']);
    const again = await cli(['failover', '--resume', journal, '--yes', ...conn()]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} is handled as Ctrl-C: exit 5, an interrupted journal line, the lock released, the printed resume command works`, async () => {
      const journal = join(home, `${signal}.jsonl`);
      const child = spawnCli([...switchoverArgs(), '--yes', '--journal', journal], {
        RESIL_POLL_BASE_MS: '200',
        RESIL_POLL_CAP_MS: '300',
      });
      const done = collect(child);
      const deadline = Date.now() + 60_000;
      let sent = false;
      while (!sent && Date.now() < deadline && child.exitCode === null) {
        if (existsSync(journal) && readFileSync(journal, 'utf8').includes('"type":"observed"')) {
          child.kill(signal);
          sent = true;
        } else await new Promise((r) => setTimeout(r, 10));
      }
      const r = await done;
      assert.ok(sent);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, new RegExp(`${signal}: stopping at the next safe point`));
      assert.match(r.stderr, /Interrupted while waiting for "Switch over shop-global.*Nothing was undone/);
      assert.match(readFileSync(journal, 'utf8'), /"type":"interrupted"/);
      assert.deepEqual(readdirSync(join(home, '.resil', 'locks')), [], 'the lock is released');
      const printed = /Resume with: resil (failover --resume \S+)/.exec(r.stderr);
      assert.ok(printed, r.stderr);
      const again = await cli([...printed[1]!.split(' '), '--yes', ...conn()]);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
    });
  }

  test('--json --dry-run streams JSON events on stdout (plan, preflight, result)', async () => {
    const r = await cli([...switchoverArgs(), '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; outcome?: { status: string } });
    assert.deepEqual(
      events.map((e) => e.type),
      ['plan', 'preflight', 'result'],
    );
    assert.equal(events[2]!.outcome!.status, 'dry-run');
    assert.deepEqual(await mutations(), []);
  });

  test('--json run: every event validates against schemas/runbook-events.schema.json, every journal line against schemas/journal.schema.json', async () => {
    const journal = join(home, 'json.jsonl');
    const r = await cli([...switchoverArgs(), '--yes', '--json', '--journal', journal]);
    assert.equal(r.code, 0, r.stderr);
    const ve = schemaValidator('runbook-events.schema.json');
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; v: number; outcome?: { exitCode: number } });
    for (const e of events)
      assert.ok(ve(e), `${JSON.stringify(ve.errors?.slice(0, 3))}\n${JSON.stringify(e)}`);
    assert.ok(events.every((e) => e.v === 1));
    assert.equal(events.at(-1)!.type, 'result');
    assert.equal(events.at(-1)!.outcome!.exitCode, 0);
    assert.ok(events.some((e) => e.type === 'step-wait'));
    const vj = schemaValidator('journal.schema.json');
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines)
      assert.ok(vj(l), `${JSON.stringify(vj.errors?.slice(0, 3))}\n${JSON.stringify(l)}`);
    assert.ok(lines.some((l) => l['type'] === 'call' && l['operation'] === 'SwitchoverGlobalCluster'));
  });

  // ---------------------------------------------------------------- kill -9, then --resume
  const killPoints: Array<{ name: string; when: (rec: Record<string, unknown>) => boolean }> = [
    { name: 'after the plan is journaled', when: (r) => r['type'] === 'preflight' },
    {
      name: 'right before the switchover call',
      when: (r) => r['type'] === 'mutation-start' && r['step'] === 'agd-switchover',
    },
    {
      name: 'right after the switchover call',
      when: (r) => r['type'] === 'step-executed' && r['step'] === 'agd-switchover',
    },
    {
      name: 'while waiting for the switchover',
      when: (r) => r['type'] === 'observed' && r['step'] === 'agd-switchover',
    },
    {
      name: 'after the switchover is verified',
      when: (r) => r['type'] === 'step-end' && r['step'] === 'agd-switchover',
    },
    {
      name: 'right before the DNS change',
      when: (r) => r['type'] === 'mutation-start' && r['step'] === 'dns-change',
    },
    {
      name: 'right after the DNS change',
      when: (r) => r['type'] === 'step-executed' && r['step'] === 'dns-change',
    },
    { name: 'while waiting for INSYNC', when: (r) => r['type'] === 'observed' && r['step'] === 'dns-insync' },
    { name: 'while waiting out the TTL', when: (r) => r['type'] === 'observed' && r['step'] === 'dns-ttl' },
  ];
  for (const k of killPoints) {
    test(`kill -9 ${k.name}, then --resume: correct final state, each mutating call exactly once`, async () => {
      const journal = join(home, 'run.jsonl');
      const child = spawnCli([...switchoverArgs(), '--yes', '--journal', journal], {
        RESIL_POLL_BASE_MS: '150',
        RESIL_POLL_CAP_MS: '300',
      });
      const done = collect(child);
      let killed = false;
      const deadline = Date.now() + 60_000;
      while (!killed && Date.now() < deadline && child.exitCode === null) {
        if (existsSync(journal)) {
          // Only complete lines: the CLI may be half-way through appending the last one.
          const lines = readFileSync(journal, 'utf8')
            .split('\n')
            .slice(0, -1)
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          if (lines.some(k.when)) {
            child.kill('SIGKILL');
            killed = true;
          }
        }
        if (!killed) await new Promise((r) => setTimeout(r, 5));
      }
      const first = await done;
      assert.ok(killed, `never reached the kill point; exit ${first.code}\n${first.stderr}`);
      const r = await cli(['failover', '--resume', journal, '--yes', ...conn()], {
        RESIL_DNS_MARGIN_MS: '300',
      });
      assert.equal(r.code, 0, `${r.stderr}`);
      assert.match(r.stderr, /Resuming: switchover of shop-global/);
      assert.equal(await writerRegion(), 'us-west-2');
      assert.deepEqual(await weights(), [
        ['us-east-1', 0],
        ['us-west-2', 100],
      ]);
      assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
    });
  }

  test('kill -9 after Route 53 accepted the batch but before its answer was journaled: resume does not re-send it, says the change id was lost, waits, verifies', async () => {
    const journal = join(home, 'lost.jsonl');
    const child = spawnCli([...switchoverArgs(), '--yes', '--journal', journal], {
      RESIL_POLL_BASE_MS: '150',
      RESIL_POLL_CAP_MS: '300',
    });
    const done = collect(child);
    let killed = false;
    const deadline = Date.now() + 60_000;
    while (!killed && Date.now() < deadline && child.exitCode === null) {
      if (
        existsSync(journal) &&
        /"type":"call"[^\n]*"operation":"ChangeResourceRecordSets"/.test(readFileSync(journal, 'utf8'))
      ) {
        child.kill('SIGKILL');
        killed = true;
      }
      if (!killed) await new Promise((r) => setTimeout(r, 2));
    }
    await done;
    assert.ok(killed, 'never reached the kill point');
    // The process died after AWS applied the batch; cut the journal where such a kill leaves it: right after mutation-start.
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    const cut = lines.findIndex(
      (l) => l.includes('"type":"mutation-start"') && l.includes('"step":"dns-change"'),
    );
    assert.ok(cut >= 0);
    writeFileSync(journal, `${lines.slice(0, cut + 1).join('\n')}\n`);
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);

    const r = await cli(['failover', '--resume', journal, '--yes', ...conn()], {
      RESIL_DNS_MARGIN_MS: '300',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /stopped before journaling its change id\. The records are as planned, so the batch is NOT sent again\. With no change id, INSYNC cannot be confirmed/,
    );
    assert.match(r.stderr, /✓ done/);
    assert.deepEqual(
      await mutations(),
      ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
      'each mutating call exactly once',
    );
    assert.deepEqual(await weights(), [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ]);
    const j = readFileSync(journal, 'utf8');
    assert.match(j, /"type":"warning","step":"dns-insync"|"type":"warning"[^\n]*"step":"dns-insync"/);
    assert.match(j, /change id lost: INSYNC not confirmed; waited 0 s for propagation instead/);
  });

  // ---------------------------------------------------------------- a real terminal
  /** Runs the CLI in a pseudo-terminal (util-linux `script`), answering each prompt when it appears. */
  function inPty(args: string[], answers: Array<{ when: RegExp; send: string }>): Promise<RunResult> {
    const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      cwd: home,
      env: { ...env(), TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    const pending = [...answers];
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const next = pending[0];
      if (next && next.when.test(seen)) {
        pending.shift();
        seen = '';
        setTimeout(() => child.stdin!.write(next.send), 100);
      }
    });
    return collect(child);
  }

  test('interactive (pty): y to the switchover, N to DNS → exit 5 with the resume command; resume finishes', async () => {
    const r = await inPty(switchoverArgs(), [
      { when: /Proceed\?/, send: 'y\r' },
      { when: /Proceed\?/, send: 'n\r' },
    ]);
    assert.equal(r.code, 5, r.stdout);
    assert.match(r.stdout, /STOPPED AFTER A CHANGE \(exit 5\)/);
    const resumeCmd = /Resume with: (resil failover --resume \S+)/.exec(r.stdout);
    assert.ok(resumeCmd, r.stdout);
    assert.deepEqual(await mutations(), ['SwitchoverGlobalCluster']);
    const again = await cli([...resumeCmd[1]!.split(' ').slice(1), '--yes', ...conn()]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
  });

  test('interactive (pty): failover with data loss needs the typed global cluster id; a typo asks again', async () => {
    // A wrong answer no longer ends the run (issue 13): the prompt asks again; Enter declines.
    const wrong = await inPty(
      ['failover', '--to', RB.standby.region, '--mode', 'failover', '--allow-data-loss', ...conn()],
      [
        { when: /Type shop-global to proceed/, send: 'yes\r' },
        {
          when: /That is not shop-global\. Type shop-global exactly/,
          send: '\r',
        },
      ],
    );
    assert.equal(wrong.code, 4, wrong.stdout);
    assert.deepEqual(await mutations(), []);
    const right = await inPty(
      ['failover', '--to', RB.standby.region, '--mode', 'failover', '--allow-data-loss', ...conn()],
      [
        { when: /Type shop-global to proceed/, send: 'shop-globl\r' },
        { when: /That is not shop-global/, send: 'shop-global\r' },
      ],
    );
    assert.equal(right.code, 0, right.stdout);
    assert.deepEqual(await mutations(), ['FailoverGlobalCluster']);
    assert.equal(await writerRegion(), 'us-west-2');
  });

  test('several global databases: on a terminal resil asks which one; without one, exit 2 listing them', async () => {
    const rds = new RDSClient({
      region: RB.standby.region,
      endpoint: emu.url,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await rds.send(
      new CreateGlobalClusterCommand({
        GlobalClusterIdentifier: 'aaa-other-global',
        Engine: 'aurora-postgresql',
      }),
    );
    rds.destroy();
    await emu.clearRequests();
    const args = ['failover', '--to', RB.standby.region, '--dry-run', ...conn()];
    const noTty = await cli(args);
    assert.equal(noTty.code, 2, noTty.stderr);
    assert.match(noTty.stderr, /There are 2 Aurora global databases: .*aaa-other-global/);
    assert.match(noTty.stderr, /Pass --global-cluster ID/);
    // The choices are sorted: aaa-other-global, then shop-global (one arrow down).
    const tty = await inPty(args, [{ when: /Which one fails over\?/, send: '\u001b[B\r' }]);
    assert.equal(tty.code, 0, tty.stdout);
    assert.match(tty.stdout, /Plan: switchover of shop-global to us-west-2/);
    assert.deepEqual(await mutations(), []);
  });

  test('--role-arn with --external-id: a dry run signs every call with the assumed role; a wrong external id stops before any change (exit 4)', async () => {
    const roleArn = await seedRole(emu.url, 'ResilRunbooks', 'rb-external-id');
    await emu.clearRequests();
    const ok = await cli([
      ...switchoverArgs(),
      '--dry-run',
      '--role-arn',
      roleArn,
      '--external-id',
      'rb-external-id',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /Plan: switchover of shop-global to us-west-2/);
    const sent = await emu.requests();
    // One AssumeRole, from the base credentials, shared by every client of the run ...
    const assumed = sent.filter((r) => r.operation === 'AssumeRole');
    assert.deepEqual(
      assumed.map((r) => r.accessKey),
      ['testing'],
    );
    // ... and every read of the plan and the preflight signed with the role's credentials.
    const reads = sent.filter((r) => r.service !== 'sts');
    assert.ok(reads.some((r) => r.operation === 'DescribeGlobalClusters'));
    assert.deepEqual(
      reads.filter((r) => r.accessKey === 'testing' || !r.accessKey).map((r) => r.operation),
      [],
    );
    assert.deepEqual(await mutations(), []);
    // The journal records the role (a resume assumes it again), and that an external id was used, not its value.
    const runs = join(home, '.resil', 'runs');
    const [file] = readdirSync(runs).filter((f) => f.endsWith('.jsonl'));
    const journal = readFileSync(join(runs, file!), 'utf8');
    const run = JSON.parse(journal.split('\n')[0]!) as { connection?: Record<string, unknown> };
    assert.equal(run.connection?.['roleArn'], roleArn);
    assert.equal(run.connection?.['externalId'], true);
    assert.doesNotMatch(journal, /rb-external-id/);

    await emu.clearRequests();
    const wrong = await cli([
      ...switchoverArgs(),
      '--dry-run',
      '--role-arn',
      roleArn,
      '--external-id',
      'not-the-id',
    ]);
    assert.equal(wrong.code, 4, wrong.stderr);
    assert.match(
      wrong.stderr,
      /^Error: Stopped before any change: could not assume --role-arn: AssumeRole in us-west-2 failed: AccessDenied: User: arn:aws:iam::123456789012:\S+ is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/ResilRunbooks/m,
    );
    assert.match(wrong.stderr, /pass --external-id/);
    // Nothing but the refused AssumeRole was sent.
    assert.deepEqual(
      (await emu.requests()).map((r) => r.operation),
      ['AssumeRole'],
    );
    // sts:AssumeRole is the caller's permission, not one of the runbooks' policy (the last test checks those).
    await emu.clearRequests();
  });

  test('resil iam-policy runbooks covers every operation the runbooks above sent', async () => {
    const r = await cli(['iam-policy', 'runbooks']);
    assert.equal(r.code, 0, r.stderr);
    const policy = JSON.parse(r.stdout) as { Statement: Array<{ Action: string[] }> };
    const granted = new Set(policy.Statement.flatMap((st) => st.Action));
    assert.ok(sentByAll.has('rds:SwitchoverGlobalCluster') && sentByAll.has('route53:GetChange'));
    assert.deepEqual(
      [...sentByAll].filter((a) => !granted.has(a)),
      [],
    );
  });
});
