/**
 * Issue 9: the built CLI through the fault-injecting proxy (test/emulator/fault-proxy.ts) in front of
 * the emulator. Throttling and 5xx in each protocol's shape must not change what the audit finds, an
 * exhausted retry budget must be reported as throttling (not as a permission problem), and a mutation
 * that AWS accepted and then answered 5xx must reach AWS exactly once.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import type { CollectionRecord } from '../../src/inventory/schema.js';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { MAX_BODY_BYTES, startFaultProxy, type FaultProxy } from '../emulator/fault-proxy.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { RB, recordsOf, seedRunbooks } from '../runbooks/emulator-seed.js';
import { PRIMARY, STANDBY, seedShop } from '../support/seed-shop.js';
import { emulatorCli } from '../support/emulator-cli.js';

const MUTATING = new Set([
  'SwitchoverGlobalCluster',
  'FailoverGlobalCluster',
  'RemoveFromGlobalCluster',
  'ChangeResourceRecordSets',
]);

let emu: Emulator;
let proxy: FaultProxy;
let dir: string;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return emulatorCli(args, {
    dir,
    env: {
      RESIL_HOME: join(dir, '.resil'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Retries back off from 5 ms instead of the SDK's 50 ms / 1 s: hundreds of retries stay fast.
      RESIL_RETRY_BASE_MS: '5',
      RESIL_POLL_BASE_MS: '50',
      RESIL_POLL_CAP_MS: '200',
      // A change batch whose answer was lost has no change id: the run waits this margin instead.
      RESIL_DNS_MARGIN_MS: '300',
      ...env,
    },
  });
}

type Report = { findings: Finding[]; collection: CollectionRecord[]; summary: { exitCode: number } };

async function audit(url: string, extra: string[] = []): Promise<RunResult & { report: Report }> {
  const res = await cli([
    'audit',
    '--endpoint-url',
    url,
    '--region',
    `${PRIMARY},${STANDBY}`,
    '--quiet',
    '--format',
    'json',
    '--fail-on',
    'never',
    ...extra,
  ]);
  assert.ok(res.stdout.trim().startsWith('{'), `audit printed JSON on stdout (stderr: ${res.stderr})`);
  return { ...res, report: JSON.parse(res.stdout) as Report };
}

/** The findings with every ISO-8601 time replaced (they name the capture time). */
function timeless(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>'));
}

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'commands', 'audit.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'resil-faults-'));
  emu = await startEmulator();
  proxy = await startFaultProxy(emu.url);
});

after(async () => {
  await proxy?.stop();
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the fault proxy', () => {
  test('refuses an upstream that is not 127.0.0.1', async () => {
    await assert.rejects(startFaultProxy('http://example.com:80'), /127\.0\.0\.1 only/);
  });

  test('is bounded: listens on 127.0.0.1 only, and refuses a body over its cap (413)', async () => {
    assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(proxy.url, { method: 'POST', body: Buffer.alloc(MAX_BODY_BYTES + 1) }).catch(
      (e: Error) => e,
    );
    // The proxy answers 413 and closes the connection; either is a refusal.
    if (!(res instanceof Error)) assert.equal(res.status, 413);
  });

  test("answers in each protocol's shape: the SDK of every service resil calls reads the error code", async () => {
    const cfg = (region = 'us-east-1') => ({
      region,
      endpoint: proxy.url,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    const calls: Array<[string, string, string, () => Promise<unknown>]> = [
      // [service, throttling code, 5xx code, call]
      [
        'ec2',
        'RequestLimitExceeded',
        'InternalError',
        () => new EC2Client(cfg()).send(new DescribeRegionsCommand({})),
      ],
      [
        'autoscaling',
        'Throttling',
        'InternalFailure',
        () => new AutoScalingClient(cfg()).send(new DescribeAutoScalingGroupsCommand({})),
      ],
      [
        'elasticloadbalancing',
        'Throttling',
        'InternalFailure',
        () => new ElasticLoadBalancingV2Client(cfg()).send(new DescribeLoadBalancersCommand({})),
      ],
      [
        'rds',
        'Throttling',
        'InternalFailure',
        () => new RDSClient(cfg()).send(new DescribeDBClustersCommand({})),
      ],
      [
        'elasticache',
        'Throttling',
        'InternalFailure',
        () => new ElastiCacheClient(cfg()).send(new DescribeReplicationGroupsCommand({})),
      ],
      [
        'sts',
        'Throttling',
        'InternalFailure',
        () => new STSClient(cfg()).send(new GetCallerIdentityCommand({})),
      ],
      [
        'cloudwatch',
        'Throttling',
        'InternalFailure',
        () => new CloudWatchClient(cfg()).send(new ListMetricsCommand({})),
      ],
      [
        'route53',
        'Throttling',
        'ServiceUnavailable',
        () => new Route53Client(cfg()).send(new ListHostedZonesCommand({})),
      ],
    ];
    for (const [kind, plan] of [
      ['throttle', { throttle: 1 }],
      ['server', { serverError: 1 }],
    ] as const) {
      proxy.setPlan(plan);
      for (const [service, throttleCode, serverCode, call] of calls) {
        const want = kind === 'throttle' ? throttleCode : serverCode;
        await assert.rejects(call(), (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(e.name, want, `${service} ${kind}`);
          assert.ok(
            (e.$metadata?.httpStatusCode ?? 0) >= (kind === 'throttle' ? 400 : 500),
            `${service} status`,
          );
          return true;
        });
      }
    }
    proxy.setPlan({});
  });
});

describe('audit through throttling and 5xx', () => {
  before(async () => {
    await emu.reset();
    await seedShop({ endpoint: emu.url });
  });

  test('30 % throttling (and 5 % 5xx) in every protocol: the same findings as a clean run', async () => {
    const clean = await audit(emu.url, ['--max-attempts', '1']);
    assert.equal(
      clean.report.collection.filter((c) => c.status === 'error').length,
      0,
      'the clean run collected everything',
    );
    proxy.log.length = 0;
    proxy.setPlan({ throttle: 0.3, serverError: 0.05, seed: 7 });
    const faulty = await audit(proxy.url, ['--max-attempts', '10']);
    proxy.setPlan({});
    const faults = proxy.log.filter((l) => l.outcome !== 'forwarded');
    const services = new Set(faults.map((l) => l.service));
    assert.ok(services.size >= 6, `faults in several protocols: ${[...services].join(', ')}`);
    assert.ok(faults.length > 20, `${faults.length} faults injected`);
    assert.deepEqual(
      faulty.report.collection.filter((c) => c.status === 'error'),
      [],
      'the retries absorbed every fault',
    );
    // Equal but for the capture time (lag windows end at "now").
    assert.deepEqual(timeless(faulty.report.findings), timeless(clean.report.findings));
    assert.equal(faulty.code, clean.code);
  });

  test('retries exhausted by throttling: exit 3, the line says throttled (retry later, lower --concurrency), not permissions', async () => {
    proxy.setPlan({ throttle: 1, only: ['elasticloadbalancing:DescribeTargetGroups'] });
    // Not --quiet: the advice is a stderr note.
    const loud = await cli([
      'audit',
      '--endpoint-url',
      proxy.url,
      '--region',
      PRIMARY,
      '--format',
      'json',
      '--max-attempts',
      '2',
      '--fail-on',
      'never',
    ]);
    proxy.setPlan({});
    assert.equal(loud.code, 3, loud.stderr);
    const failed = (JSON.parse(loud.stdout) as Report).collection.filter((c) => c.status === 'error');
    assert.ok(failed.length > 0);
    for (const c of failed) assert.equal(c.error?.code, 'Throttling');
    assert.match(loud.stderr, /Audit incomplete: .*elasticloadbalancing:DescribeTargetGroups \(Throttling\)/);
    assert.match(loud.stderr, /throttled the requests .*retry later, or lower --concurrency/);
    assert.doesNotMatch(loud.stderr, /Grant the missing permissions/);
  });
});

describe('runbook through throttling and "accepted, then 5xx"', () => {
  before(async () => {
    await emu.reset();
  });

  test('switchover + DNS cutover: each mutation reaches AWS exactly once, the run ends verified', async () => {
    const seed = await seedRunbooks(emu.url);
    await emu.clearRequests();
    proxy.log.length = 0;
    proxy.setPlan({
      throttle: 0.3,
      seed: 11,
      acceptThen5xx: { 'rds:SwitchoverGlobalCluster': 1, 'route53:ChangeResourceRecordSets': 1 },
    });
    const r = await cli([
      'failover',
      '--to',
      RB.standby.region,
      '--zone',
      'example.com',
      '--record',
      'api.example.com',
      '--endpoint-url',
      proxy.url,
      '--max-attempts',
      '10',
      '--yes',
    ]);
    proxy.setPlan({});
    const accepted = proxy.log.filter((l) => l.outcome === 'accepted-then-5xx').map((l) => l.operation);
    assert.deepEqual(accepted.sort(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
    assert.ok(
      proxy.log.some((l) => l.outcome === 'throttled'),
      'some calls were throttled',
    );
    const sent = (await emu.requests()).filter((q) => MUTATING.has(q.operation)).map((q) => q.operation);
    assert.deepEqual(
      sent.sort(),
      ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
      'each mutation once',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /it is not sent again/);
    assert.match(r.stderr, /completed and verified/);
    const weights = (await recordsOf(emu.url, seed.zoneId, RB.weighted)).map((x) => [
      x.SetIdentifier,
      x.Weight,
    ]);
    assert.deepEqual(weights, [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ]);
  });
});
