/**
 * --role-arn and --external-id on the collection commands, through the BUILT CLI against the emulator
 * (whose STS, test/emulator/ext_sts.py, enforces the role's trust policy and its external id): the role
 * is assumed once from the base credentials with session name resil-<command>, every read is signed
 * with it, the snapshot records the assumed-role ARN as its caller; a refused role is exit 2 with
 * STS's message, before any other call.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Snapshot } from '../../src/inventory/schema.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { seedRole } from '../support/seed-role.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const BIN = join(REPO_ROOT, 'bin', 'run.js');
let emu: Emulator;
let dir: string;
let roleArn: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args, '--endpoint-url', emu.url, '--max-attempts', '1'],
      {
        cwd: dir,
        timeout: 90_000,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_CONFIG_FILE: join(dir, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          CI: '1',
          NO_COLOR: '1',
        },
      },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

before(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'resil-role-it-'));
  roleArn = await seedRole(emu.url, 'ResilAudit', 'audit-external-id');
});
after(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('snapshot --role-arn --external-id: one AssumeRole from the base credentials, every read signed by the role, the assumed-role ARN recorded', async () => {
  await emu.clearRequests();
  const r = await cli([
    'snapshot',
    '--region',
    'us-east-1',
    '--role-arn',
    roleArn,
    '--external-id',
    'audit-external-id',
    '--output',
    'snap.json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as Snapshot;
  assert.equal(snap.capture.callerArn, 'arn:aws:sts::123456789012:assumed-role/ResilAudit/resil-snapshot');
  const sent = await emu.requests();
  assert.deepEqual(
    sent.filter((q) => q.operation === 'AssumeRole').map((q) => q.accessKey),
    ['testing'],
  );
  const reads = sent.filter((q) => q.operation !== 'AssumeRole');
  assert.ok(reads.length > 10, `${reads.length} reads`);
  assert.deepEqual(
    reads.filter((q) => !q.accessKey || q.accessKey === 'testing').map((q) => q.operation),
    [],
  );
  // Without a role, the caller is the base credentials' identity.
  const plain = await cli(['snapshot', '--region', 'us-east-1', '--output', 'plain.json']);
  assert.equal(plain.code, 0, plain.stderr);
  const p = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')) as Snapshot;
  assert.match(p.capture.callerArn ?? '', /^arn:aws:(iam|sts)::123456789012:/);
  assert.doesNotMatch(p.capture.callerArn ?? '', /assumed-role/);
});

test('audit with a wrong or missing external id: exit 2 with the STS message, nothing else sent', async () => {
  for (const extra of [['--external-id', 'wrong-id'], []]) {
    await emu.clearRequests();
    const r = await cli(['audit', '--region', 'us-east-1', '--role-arn', roleArn, ...extra]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^Error: Could not assume --role-arn arn:aws:iam::123456789012:role\/ResilAudit \(AccessDenied\): User: \S+ is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/ResilAudit$/m,
    );
    assert.match(r.stderr, /pass --external-id/);
    assert.deepEqual(
      (await emu.requests()).map((q) => q.operation),
      ['AssumeRole'],
    );
  }
});
