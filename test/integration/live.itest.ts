/**
 * The BUILT CLI (`node bin/run.js`, so run `npm run build` first; `npm test` does) against the moto
 * server seeded with the two-region shop. One emulator for the whole file, seeded once.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { CollectionRecord, Snapshot } from '../../src/inventory/schema.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { DEMAND_HOURS, PRIMARY, SHOP, STANDBY, seedShop, type SeededShop } from '../support/seed-shop.js';
import { SERVICES_SHOP, seedServices, type SeededServices } from '../support/seed-services.js';
import { emulatorCli } from '../support/emulator-cli.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { Ledger, type CollectContext } from '../../src/aws/collect/context.js';
import { listAllRecords } from '../../src/aws/collect/route53.js';

const READ_ONLY = /^(Describe|List|Get)[A-Z]/;

let emu: Emulator;
let shop: SeededShop;
let services: SeededServices;
let dir: string;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return emulatorCli(args, { dir, env });
}

const regionArgs = ['--region', `${PRIMARY},${STANDBY}`];
const live = () => ['--endpoint-url', emu.url, ...regionArgs, '--max-attempts', '1'];

function readSnapshot(file: string): Snapshot {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Snapshot;
}

/** Runs the live audit (collect + evaluate + render) against the emulator, JSON on stdout. */
async function audit(extra: string[] = []): Promise<
  RunResult & {
    report: { findings: Finding[]; collection: CollectionRecord[]; summary: { exitCode: number } };
  }
> {
  const res = await cli(['audit', ...live(), '--quiet', '--format', 'json', ...extra]);
  assert.ok(res.stdout.trim().startsWith('{'), `audit printed JSON on stdout (stderr: ${res.stderr})`);
  return { ...res, report: JSON.parse(res.stdout) };
}

/** The offline audit of a snapshot file, JSON on stdout. */
async function auditSnapshot(
  file: string,
  extra: string[] = [],
): Promise<RunResult & { report: { findings: Finding[] } }> {
  const res = await cli(['audit', '--snapshot', file, '--format', 'json', ...extra]);
  assert.ok(res.stdout.trim().startsWith('{'), `audit printed JSON on stdout (stderr: ${res.stderr})`);
  return { ...res, report: JSON.parse(res.stdout) };
}

before(async () => {
  assert.ok(
    existsSync(join(REPO_ROOT, 'dist', 'commands', 'snapshot.js')),
    'run `npm run build` before the integration tests',
  );
  dir = mkdtempSync(join(tmpdir(), 'resil-itest-'));
  emu = await startEmulator();
  shop = await seedShop({ endpoint: emu.url });
  services = await seedServices(emu.url, shop);
  await emu.clearRequests();
});

after(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('snapshot: collects the seeded shop by region, read-only, across several pages', async () => {
  await emu.clearRequests();
  const res = await cli(['snapshot', ...live(), '--output', 'shop.json'], { RESIL_PAGE_SIZE: '5' });
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout, '', 'stdout stays clean');
  assert.match(res.stderr, /Wrote shop\.json: account 123456789012/);
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temp file left behind');

  const snap = readSnapshot('shop.json');
  assert.equal(snap.capture.source, 'live');
  assert.equal(snap.capture.endpointUrl, emu.url);
  const inv = snap.inventory;
  assert.equal(inv.accountId, '123456789012');
  assert.deepEqual(Object.keys(inv.regions).sort(), [PRIMARY, STANDBY]);
  assert.deepEqual(
    inv.collection.filter((c) => c.status === 'error'),
    [],
  );

  const east = inv.regions[PRIMARY]!;
  const west = inv.regions[STANDBY]!;
  // EC2 / VPC: every seeded instance across pages; subnet default routes and NAT AZs.
  for (const id of shop.instanceIds[PRIMARY]!)
    assert.ok(
      east.instances.some((i) => i.id === id),
      `instance ${id}`,
    );
  assert.ok(east.instances.length > 5, 'more instances than one page of 5');
  const cross = east.subnets.find((s) => s.id === shop.crossAzNatSubnet)!;
  assert.equal(cross.az, `${PRIMARY}c`);
  assert.equal(cross.public, false);
  assert.equal(cross.defaultRoute?.kind, 'nat-gateway');
  assert.equal(east.natGateways.find((n) => n.id === cross.defaultRoute?.targetId)?.az, `${PRIMARY}a`);
  assert.equal(east.subnets.filter((s) => s.vpcId === shop.vpcs[PRIMARY] && s.public).length, 3);
  assert.equal(west.natGateways.length, 3);
  // Auto Scaling: policies, scheduled actions, instance types from the template and the overrides.
  const web = east.autoScalingGroups.find((g) => g.name === 'web-asg')!;
  assert.equal(web.healthCheckType, 'ELB');
  assert.equal(web.instances.length, 3);
  assert.deepEqual(web.instanceTypes, ['t3.micro']);
  assert.deepEqual(
    web.scalingPolicies.map((p) => [p.name, p.targetTracking?.metric]),
    [['cpu50', 'ASGAverageCPUUtilization']],
  );
  assert.equal(web.scheduledActions[0]?.name, 'black-friday');
  const worker = east.autoScalingGroups.find((g) => g.name === 'worker-asg')!;
  assert.equal(worker.mixedInstancesPolicy, true);
  assert.deepEqual(worker.instanceTypes, ['t3.micro', 't3a.micro']);
  assert.deepEqual(
    west.autoScalingGroups.map((g) => g.name),
    SHOP.asgs[STANDBY],
  );
  // ELBv2: attributes, tags, targets with the AZ of their instance.
  assert.deepEqual(east.loadBalancers.map((l) => l.name).sort(), SHOP.loadBalancers[PRIMARY]);
  const alb = east.loadBalancers.find((l) => l.name === 'shop-alb')!;
  assert.equal(alb.attributes.deletionProtection, true);
  assert.equal(alb.tags['env'], 'prod');
  const webTg = east.targetGroups.find((t) => t.name === 'web-tg')!;
  assert.equal(webTg.healthCheck.intervalSeconds, 30);
  assert.equal(webTg.loadBalancerArns[0], alb.arn);
  assert.ok(webTg.attributes['deregistration_delay.timeout_seconds'] !== undefined);
  // Listeners and their rules: the default action and the /api/* rule, in both regions.
  const rules = (lb: (typeof east.loadBalancers)[number]) =>
    (lb.listeners ?? []).flatMap((l) =>
      l.rules.map((r) => [
        l.port,
        r.priority,
        r.pathPatterns.join(','),
        r.forwardTo.map(
          (f) => [...east.targetGroups, ...west.targetGroups].find((t) => t.arn === f.targetGroupArn)?.name,
        ),
      ]),
    );
  assert.deepEqual(rules(alb), [
    [80, '10', '/api/*', ['app-api-tg']],
    [80, 'default', '', ['web-tg']],
  ]);
  assert.deepEqual(rules(west.loadBalancers.find((l) => l.name === 'shop-alb-west')!), [
    [80, '10', '/api/*', [SHOP.emptyStandbyTargetGroup]],
    [80, 'default', '', ['web-tg-west']],
  ]);
  assert.deepEqual(west.targetGroups.find((t) => t.name === SHOP.emptyStandbyTargetGroup)?.targets, []);
  // Demand history: web-asg's hourly CPU and in-service instances, in its own region.
  const demand = east.demandMetrics.filter((m) => m.dimensions['AutoScalingGroupName'] === 'web-asg');
  assert.deepEqual(
    demand.map((m) => [m.namespace, m.metric, m.periodSeconds, m.stat, m.points.length]).sort(),
    [
      ['AWS/AutoScaling', 'GroupInServiceInstances', 3600, 'Average', DEMAND_HOURS],
      ['AWS/EC2', 'CPUUtilization', 3600, 'Average', DEMAND_HOURS],
    ],
  );
  const standalone = webTg.targets.filter((t) => shop.instanceIds[PRIMARY]!.includes(t.id));
  assert.deepEqual(standalone.map((t) => t.az).sort(), [`${PRIMARY}a`, `${PRIMARY}b`, `${PRIMARY}c`]);
  assert.ok(webTg.targets.every((t) => t.state === 'healthy'));
  // RDS / Aurora: the global cluster once, members' regions from their ARNs.
  assert.equal(inv.globalClusters.length, 1);
  const g = inv.globalClusters[0]!;
  assert.equal(g.id, SHOP.globalCluster);
  assert.deepEqual(g.members.map((m) => [m.region, m.isWriter]).sort(), [
    [PRIMARY, true],
    [STANDBY, false],
  ]);
  const primaryCluster = east.dbClusters.find((c) => c.id === SHOP.primaryCluster)!;
  assert.equal(primaryCluster.globalClusterId, SHOP.globalCluster);
  assert.equal(primaryCluster.members.length, 2);
  assert.equal(
    west.dbClusters.find((c) => c.id === SHOP.secondaryCluster)?.globalClusterId,
    SHOP.globalCluster,
  );
  assert.equal(east.dbInstances.find((i) => i.id === SHOP.readReplica)?.readReplicaSourceId, SHOP.dbInstance);
  assert.equal(east.dbInstances.find((i) => i.id === 'shop-east-1')?.clusterId, SHOP.primaryCluster);
  // Lag series: in the secondary's own region, and ReplicaLag where the replica lives.
  const lag = west.metrics.filter((m) => m.dimensions['DBClusterIdentifier'] === SHOP.secondaryCluster);
  assert.deepEqual(lag.map((m) => m.metric).sort(), ['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag']);
  assert.ok(
    lag.every(
      (m) =>
        m.points.length === 30 && m.unit === 'Milliseconds' && m.periodSeconds === 60 && m.stat === 'Maximum',
    ),
  );
  assert.equal(east.metrics.find((m) => m.metric === 'ReplicaLag')?.points.length, 30);
  assert.deepEqual(
    east.metrics.filter((m) => m.metric !== 'ReplicaLag'),
    [],
  );
  // ElastiCache, Route 53.
  assert.deepEqual(
    east.replicationGroups.map((r) => [r.id, r.multiAz, r.automaticFailover]),
    [[SHOP.replicationGroup, true, 'enabled']],
  );
  const zone = inv.route53.hostedZones.find((z) => z.name === SHOP.zone)!;
  assert.equal(zone.records.length, shop.recordCount, 'every record, each once, across pages');
  const failover = zone.records.filter((r) => r.name === SHOP.appRecord);
  assert.deepEqual(failover.map((r) => [r.routingPolicy, r.failover]).sort(), [
    ['failover', 'PRIMARY'],
    ['failover', 'SECONDARY'],
  ]);
  assert.deepEqual(inv.route53.healthChecks.map((h) => h.id).sort(), [...shop.healthCheckIds].sort());
  assert.ok(inv.route53.healthChecks.every((h) => h.status === 'healthy'));

  // Only read operations were sent, and more than one page was fetched where the data needs it.
  const sent = await emu.requests();
  assert.ok(sent.length > 0);
  const writes = sent.filter((r) => !READ_ONLY.test(r.operation));
  assert.deepEqual(writes, [], 'collection sends only Describe/List/Get operations');
  assert.equal(snap.capture.apiCalls, sent.length, 'the CLI counted every request the emulator saw');
  const count = (op: string, region?: string) =>
    sent.filter((r) => r.operation === op && (!region || r.region === region)).length;
  assert.ok(count('ListResourceRecordSets') > 1, 'records came in several pages');
  assert.ok(count('DescribeInstances', PRIMARY) > 1, 'instances came in several pages');
  // One batched GetMetricData for both lag metrics, one for the groups' demand history (its own
  // window), and one for the lag over the history window (what resil readiness judges).
  assert.equal(
    count('GetMetricData', STANDBY),
    3,
    'lag, demand history and lag history: one batched call each',
  );
  // The snapshot holds what resil readiness reads, too (snapshot 1.2).
  for (const r of [east, west]) {
    assert.ok(
      r.serviceQuotas?.some((q) => q.quotaCode === 'L-53DA6B97'),
      'the load balancer quota',
    );
    assert.deepEqual(r.capacityReservations, []);
    assert.equal(r.loadBalancerCapacityReservations?.length, r.loadBalancers.length);
    // Both regions run Fargate services (checkout, checkout-west): the Fargate On-Demand vCPU quota
    // is read where it is needed, here AWS's default (no applied value).
    const fargate = r.serviceQuotas?.find((q) => q.quotaCode === 'L-3032A538');
    assert.deepEqual(
      [fargate?.serviceCode, fargate?.value, fargate?.source],
      ['fargate', 6, 'default'],
      'the Fargate On-Demand vCPU quota',
    );
  }
  assert.ok(
    sent.some((x) => x.operation === 'GetServiceQuota' && x.region === PRIMARY),
    'the Fargate quota is asked for by code',
  );
  assert.ok(west.lagHistory?.some((m) => m.metric === 'AuroraGlobalDBRPOLag' && m.points.length > 0));
  assert.ok(count('DescribeRules') >= 2, 'the rules of each HTTP listener');
  assert.equal(count('ListHostedZones'), 1, 'Route 53 is collected once');
});

test('Route 53 records one a page: the emulator pages by set identifier as AWS does, and every record is read once', async () => {
  // With one record a page, a page ends between the PRIMARY and SECONDARY of each failover pair:
  // the next page must start at the SECONDARY (StartRecordIdentifier, test/emulator/ext_route53.py).
  const ctx: CollectContext = {
    clients: new ClientFactory({
      endpointUrl: emu.url,
      credentials: () => Promise.resolve({ accessKeyId: 'testing', secretAccessKey: 'testing' }),
      maxAttempts: 1,
      concurrency: 4,
    }),
    ledger: new Ledger(),
    progress: () => {},
    pageSize: 1,
  };
  await emu.clearRequests();
  const records = await listAllRecords(ctx, shop.zoneId);
  const keys = records.map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`);
  assert.equal(new Set(keys).size, keys.length, 'each record once');
  assert.equal(records.length, shop.recordCount, 'every record');
  assert.ok(records.filter((r) => r.Failover).length >= 4, 'the failover pairs are there, both sides');
  const sent = (await emu.requests()).filter((r) => r.operation === 'ListResourceRecordSets');
  assert.equal(sent.length, shop.recordCount, 'one request a record');
});

test('live audit of the seeded shop: findings by category and resource, and a snapshot audited offline agrees', async () => {
  const { report, code } = await audit(['--fail-on', 'never']);
  assert.equal(code, 0);
  assert.equal(report.summary.exitCode, 0);
  const find = (checkId: string, name: string) =>
    report.findings.find(
      (f) => f.checkId === checkId && (f.resource.name === name || f.resource.id === name),
    );
  // health-check
  const tg = (name: string) => find('tg.detection-time', name);
  assert.equal(tg('web-tg')?.status, 'fail');
  assert.equal(tg('web-tg')?.category, 'health-check');
  assert.equal(tg('web-tg')?.resource.region, PRIMARY);
  assert.match(tg('web-tg')!.message, /60 s/);
  assert.equal(tg('api-tg')?.status, 'pass');
  assert.equal(tg('web-tg-west')?.status, 'pass');
  assert.equal(tg('web-tg-west')?.resource.region, STANDBY);
  // multi-az: the private subnet routed to another AZ's NAT gateway; the Single-AZ RDS instance.
  const nat = report.findings.filter((f) => f.checkId === 'vpc.zonal-nat' && f.status === 'fail');
  assert.deepEqual(
    nat.map((f) => f.resource.id),
    [shop.crossAzNatSubnet],
  );
  assert.equal(find('rds.instance-multi-az', SHOP.dbInstance)?.status, 'fail');
  assert.equal(find('rds.instance-multi-az', SHOP.dbInstance)?.category, 'multi-az');
  // scaling: the worker group has no policy; the web group has one.
  assert.equal(find('asg.scaling-policy', 'worker-asg')?.status, 'fail');
  assert.equal(find('asg.scaling-policy', 'web-asg')?.status, 'pass');
  // replication: the global database's versions match across regions.
  assert.equal(find('agd.version-parity', SHOP.globalCluster)?.status, 'pass');
  assert.equal(find('agd.version-parity', SHOP.globalCluster)?.category, 'replication');
  // dns: the failover pair is complete.
  assert.ok(report.findings.some((f) => f.checkId === 'r53.failover-pairs' && f.status === 'pass'));
  // Issue 8 through the built CLI: the standby /api/* rule forwards to an empty target group.
  const secondary = report.findings.find(
    (f) => f.checkId === 'r53.secondary-ready' && f.resource.name === `${SHOP.apiRecord} A (api-west)`,
  );
  assert.equal(secondary?.status, 'fail', 'the SECONDARY whose /api/* target group is empty is not ready');
  assert.match(
    secondary!.message,
    /shop-alb-west listener 80 rule 10 \(path \/api\/\*\) forwards to target group api-tg-west, which has no registered target/,
  );
  assert.deepEqual(secondary!.relatedTo, {
    checkId: 'dr.standby-capacity',
    resource: {
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      id: SHOP.emptyStandbyTargetGroup,
      region: STANDBY,
    },
  });
  const emptyTier = find('dr.standby-capacity', SHOP.emptyStandbyTargetGroup);
  assert.equal(emptyTier?.status, 'fail');
  assert.match(
    emptyTier!.message,
    /standby of app-api-tg; paired by traffic api\.shop\.example\.com\. A → path \/api\/\*\) has 0 instances/,
  );
  const imbalance = find('lb.target-imbalance', SHOP.emptyStandbyTargetGroup);
  assert.equal(imbalance?.status, 'warn', 'an empty target group is said to be empty, not "skipped"');
  assert.equal(imbalance?.relatedTo?.checkId, 'dr.standby-capacity');
  // The 50/50 weighted pair across regions with no health evaluation.
  const weighted = report.findings.find((f) => f.checkId === 'r53.cross-region-health');
  assert.equal(weighted?.status, 'fail');
  assert.equal(weighted?.resource.name, `${SHOP.weightedRecord} CNAME`);
  assert.equal((weighted?.evidence as { unevaluatedTrafficPercent?: number }).unevaluatedTrafficPercent, 100);
  // web-asg's demand is measured from its history: 70 % × 3 in service × 2 vCPUs (t3.micro) = 4.2 busy.
  const web = find('asg.static-stability', 'web-asg')!;
  assert.equal(web.evidence['demandSource'], 'measured');
  assert.equal(web.evidence['busyAtPeak'], 4.2);
  assert.equal(web.evidence['needed'], 5.25);
  // Web tiers are paired by their shared tag; the worker has no standby at all.
  assert.equal(find('dr.standby-capacity', 'web-asg-west')?.evidence['pairedBy'], 'tag tier=web');
  assert.equal(find('dr.standby-capacity', 'worker-asg')?.status, 'fail');
  // Nothing is skipped when every operation was collected.
  assert.deepEqual(
    report.findings.filter(
      (f) => f.status === 'skipped' && (f.evidence as { reason?: string }).reason === 'collection-error',
    ),
    [],
  );

  // A snapshot taken live and audited offline gives the same findings as the live audit.
  const snap = await cli(['snapshot', ...live(), '--quiet', '--output', 'audit.json']);
  assert.equal(snap.code, 0, snap.stderr);
  assert.equal(snap.stderr, '', '--quiet prints nothing');
  const offline = await auditSnapshot(join(dir, 'audit.json'), ['--fail-on', 'never']);
  assert.equal(offline.code, 0);
  const key = (f: Finding) => `${f.checkId} ${f.resource.type} ${f.resource.id} ${f.status} ${f.message}`;
  assert.deepEqual(offline.report.findings.map(key), report.findings.map(key));
});

test('access denied on one operation: recorded with its IAM action, checks skipped, exit 3, the rest intact', async () => {
  await emu.setFaults(['elasticloadbalancing:DescribeTargetGroups@us-east-1']);
  try {
    const res = await cli(['snapshot', ...live(), '--output', 'denied.json']);
    assert.equal(res.code, 3, res.stderr);
    assert.match(res.stderr, /elasticloadbalancing:DescribeTargetGroups in us-east-1 \(AccessDenied\)/);
    const inv = readSnapshot('denied.json').inventory;
    const errors = inv.collection.filter((c) => c.status === 'error');
    assert.deepEqual(
      errors.map((c) => [c.service, c.region, c.operation, c.error?.code, c.error?.action]),
      [
        [
          'elasticloadbalancing',
          PRIMARY,
          'DescribeTargetGroups',
          'AccessDenied',
          'elasticloadbalancing:DescribeTargetGroups',
        ],
      ],
    );
    assert.deepEqual(inv.regions[PRIMARY]!.targetGroups, []);
    // Everything else is intact.
    assert.equal(inv.regions[STANDBY]!.targetGroups.length, SHOP.targetGroups[STANDBY]!.length);
    assert.deepEqual(
      inv.regions[PRIMARY]!.loadBalancers.map((l) => l.name).sort(),
      SHOP.loadBalancers[PRIMARY],
    );
    assert.equal(inv.regions[PRIMARY]!.autoScalingGroups.length, 2);
    assert.equal(inv.globalClusters.length, 1);

    const { report, code } = await audit(['--fail-on', 'never']);
    assert.equal(code, 3, 'incomplete audit exits 3');
    const skipped = report.findings.filter(
      (f) => f.checkId === 'tg.detection-time' && f.status === 'skipped',
    );
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.resource.region, PRIMARY);
    assert.match(skipped[0]!.message, /elasticloadbalancing:DescribeTargetGroups/);
    const west = report.findings.find(
      (f) => f.checkId === 'tg.detection-time' && f.resource.name === 'web-tg-west',
    );
    assert.equal(west?.status, 'pass', 'the other region is still judged');
  } finally {
    await emu.setFaults([]);
  }
});

test('unknown region and unreachable endpoint: exit 2, one clear line, no stack trace', async () => {
  const bad = await cli(['snapshot', '--endpoint-url', emu.url, '--region', 'us-esat-1', '-o', 'x.json']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown AWS region "us-esat-1"/);
  assert.match(bad.stderr, /Did you mean --region us-east-1\?/);
  const down = await cli([
    'snapshot',
    '--endpoint-url',
    'http://127.0.0.1:9',
    '--region',
    PRIMARY,
    '--max-attempts',
    '1',
    '-o',
    'x.json',
  ]);
  assert.equal(down.code, 2);
  assert.match(down.stderr, /Cannot reach the AWS endpoint http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  assert.doesNotMatch(down.stderr + bad.stderr, /\n\s+at /, 'no stack trace');
  const nocreds = await cli(['snapshot', '--endpoint-url', emu.url, '--region', PRIMARY, '-o', 'x.json'], {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
  });
  assert.equal(nocreds.code, 2);
  assert.match(nocreds.stderr, /No AWS credentials found/);
  assert.ok(!existsSync(join(dir, 'x.json')));
});

test('a password in --endpoint-url is never recorded: the snapshot, the messages and stdout carry the URL without it (issue 9 item 12)', async () => {
  const withPassword = emu.url.replace('http://', 'http://ops:S3CR3T-PASS@');
  const res = await cli([
    'snapshot',
    '--endpoint-url',
    withPassword,
    ...regionArgs,
    '--max-attempts',
    '1',
    '-o',
    'pw.json',
  ]);
  assert.equal(res.code, 0, res.stderr);
  const text = readFileSync(join(dir, 'pw.json'), 'utf8');
  assert.doesNotMatch(text + res.stderr + res.stdout, /S3CR3T-PASS/);
  assert.equal(readSnapshot('pw.json').capture.endpointUrl, emu.url);
  const down = await cli([
    'snapshot',
    '--endpoint-url',
    'http://ops:S3CR3T-PASS@127.0.0.1:9',
    '--region',
    PRIMARY,
    '--max-attempts',
    '1',
    '-o',
    'pw2.json',
  ]);
  assert.equal(down.code, 2);
  assert.match(down.stderr, /Cannot reach the AWS endpoint http:\/\/127\.0\.0\.1:9 /);
  assert.doesNotMatch(down.stderr, /S3CR3T-PASS/);
});

test('resil iam-policy audit covers every operation the live audit sends, and grants no write', async () => {
  const res = await cli(['iam-policy', 'audit']);
  assert.equal(res.code, 0, res.stderr);
  const policy = JSON.parse(res.stdout) as { Statement: Array<{ Effect: string; Action: string[] }> };
  const granted = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));
  assert.deepEqual(
    [...granted].filter((a) => !/^[a-z0-9-]+:(Describe|List|Get)[A-Z]/.test(a)),
    [],
    'only Describe/List/Get actions',
  );

  await emu.clearRequests();
  const { code } = await audit(['--fail-on', 'never']);
  assert.equal(code, 0);
  const sent = new Set((await emu.requests()).map((r) => `${r.service}:${r.operation}`));
  assert.ok(sent.size >= 20, `the audit sent ${sent.size} distinct operations`);
  assert.deepEqual(
    [...sent].filter((a) => !granted.has(a)),
    [],
    'every operation the audit sent is granted',
  );
  // Least privilege: nothing is granted that this audit did not need, but the region list
  // (--all-regions), the container instances of an EC2-launch-type ECS cluster (the emulator shop
  // runs Fargate only, so there are none to describe; ecs.multi-az needs them where there are), and
  // the readiness reads, which resil snapshot and resil readiness send (the same policy serves them).
  const readinessReads = [
    'ec2:DescribeCapacityReservations',
    'elasticloadbalancing:DescribeCapacityReservation',
    'servicequotas:GetAWSDefaultServiceQuota',
    'servicequotas:GetServiceQuota',
    'servicequotas:ListServiceQuotas',
  ];
  assert.deepEqual(
    [...granted].filter((a) => !sent.has(a)).sort(),
    ['ec2:DescribeRegions', 'ecs:DescribeContainerInstances', ...readinessReads].sort(),
  );
  await emu.clearRequests();
  const snap = await cli(['snapshot', ...live(), '--quiet', '-o', join(dir, 'policy-check.json')]);
  assert.equal(snap.code, 0, snap.stderr);
  const snapSent = new Set((await emu.requests()).map((r) => `${r.service}:${r.operation}`));
  assert.deepEqual(
    [...snapSent].filter((a) => !granted.has(a)),
    [],
    'every operation resil snapshot sent is granted',
  );
  for (const a of readinessReads) assert.ok(snapSent.has(a), `resil snapshot sends ${a}`);
});

test('resil init against the live account: a .resil.yml the config loader accepts, regions and tiers guessed', async () => {
  const sub = join(dir, 'init');
  mkdirSync(sub);
  const res = await cli(['init', ...live(), '--quiet', '--config', join(sub, '.resil.yml')]);
  assert.equal(res.code, 0, res.stderr);
  const text = readFileSync(join(sub, '.resil.yml'), 'utf8');
  const config = parseConfig(text, '.resil.yml', ALL_CHECKS);
  assert.equal(config.primaryRegion, PRIMARY);
  assert.equal(config.standbyRegion, STANDBY);
  assert.equal((config.runbooks as { globalCluster?: string }).globalCluster, SHOP.globalCluster);
  assert.match(
    text,
    /^# {3}web-asg: {4}# paired by tag tier=web\n# {5}primary: web-asg\n# {5}standby: web-asg-west$/m,
  );
  assert.match(text, /^# {5}primary: worker-asg\n# {5}standby: null {4}# no counterpart found in us-west-2/m);
  assert.match(text, new RegExp(`^# Audit them with: resil audit --region ${PRIMARY},${STANDBY}$`, 'm'));
  const again = await cli(['init', ...live(), '--config', join(sub, '.resil.yml')]);
  assert.equal(again.code, 2);
  assert.equal(readFileSync(join(sub, '.resil.yml'), 'utf8'), text, 'left as it was');
});

test('AWS_ENDPOINT_URL (the SDK convention) works like --endpoint-url', async () => {
  const res = await cli(
    ['audit', ...regionArgs, '--max-attempts', '1', '--quiet', '--format', 'json', '--fail-on', 'never'],
    {
      AWS_ENDPOINT_URL: emu.url,
    },
  );
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout) as { account: string; findings: Finding[] };
  assert.ok(report.findings.some((f) => f.checkId === 'tg.detection-time' && f.resource.name === 'web-tg'));
});

test('issue 10 through the built CLI: ECS services, scaling, tables, queues, file systems, alarms and AZ IDs', async () => {
  await emu.clearRequests();
  const { report, code } = await audit(['--fail-on', 'never']);
  assert.equal(code, 0);
  const find = (checkId: string, id: string) =>
    report.findings.find((f) => f.checkId === checkId && (f.resource.id === id || f.resource.name === id));
  const svc = (name: string) => `${SERVICES_SHOP.cluster}/${name}`;
  // A service in one AZ without auto scaling: named with its numbers, in every check that concerns it.
  const oneAz = find('ecs.multi-az', svc(SERVICES_SHOP.oneAzService))!;
  assert.equal(oneAz.status, 'fail');
  assert.equal(oneAz.category, 'multi-az');
  assert.match(oneAz.message, /can place tasks in 1 AZ \(us-east-1a\) only \(from its subnets\)/);
  assert.deepEqual(oneAz.evidence['runningTasksPerAz'], { [`${PRIMARY}a`]: 2 });
  assert.equal(find('ecs.auto-scaling', svc(SERVICES_SHOP.oneAzService))?.status, 'fail');
  assert.match(
    find('tier.static-stability', svc(SERVICES_SHOP.oneAzService))!.message,
    /runs 2 tasks in 1 AZ \(us-east-1a\): losing it loses all 1 vCPU, whatever the demand/,
  );
  assert.match(
    find('ecs.deployment-safety', svc(SERVICES_SHOP.oneAzService))!.message,
    /no deployment circuit breaker/,
  );
  // The healthy one: 3 tasks over 3 AZs (placed by the emulator as ECS does), CPU target tracking.
  const good = find('ecs.multi-az', svc(SERVICES_SHOP.goodService))!;
  assert.equal(good.status, 'pass');
  assert.deepEqual(good.evidence['runningTasksPerAz'], {
    [`${PRIMARY}a`]: 1,
    [`${PRIMARY}b`]: 1,
    [`${PRIMARY}c`]: 1,
  });
  assert.equal(find('ecs.deployment-safety', svc(SERVICES_SHOP.goodService))?.status, 'pass');
  const scaling = find('ecs.auto-scaling', svc(SERVICES_SHOP.goodService))!;
  assert.equal(scaling.status, 'pass');
  assert.equal(scaling.evidence['demandSource'], 'policy-target');
  const stable = find('tier.static-stability', svc(SERVICES_SHOP.goodService))!;
  assert.equal(stable.status, 'pass');
  assert.equal(stable.evidence['needed'], 0.94, '50 % of 3 tasks × 0.5 vCPU = 0.75 busy, at ≤ 80 %');
  assert.equal(
    find(
      'appautoscaling.scalable-target',
      `service/${svc(SERVICES_SHOP.goodService)}|ecs:service:DesiredCount`,
    )?.status,
    'pass',
  );
  // ECS tiers in the N-1 region judgement: the standby service is paired by its tier tag and must scale.
  const standby = find('dr.standby-capacity', svc(SERVICES_SHOP.standbyService))!;
  assert.equal(standby.status, 'warn');
  assert.equal(standby.evidence['pairedBy'], 'tag tier=checkout');
  assert.equal(standby.evidence['verdict'], 'must-scale');
  assert.equal(find('dr.standby-capacity', svc(SERVICES_SHOP.oneAzService))?.status, 'fail');
  // Tables: a single-region table next to a global one.
  assert.equal(find('dynamodb.standby-replica', SERVICES_SHOP.globalTable)?.status, 'pass');
  const single = find('dynamodb.standby-replica', SERVICES_SHOP.singleRegionTable)!;
  assert.equal(single.status, 'fail');
  assert.equal(single.category, 'dr');
  assert.match(
    single.message,
    /carts has no replica in the standby region us-west-2 \(a single-region table\)/,
  );
  assert.equal(
    report.findings.find(
      (f) => f.checkId === 'dynamodb.pitr' && f.resource.id === SERVICES_SHOP.singleRegionTable,
    )?.status,
    'fail',
  );
  // Queues: one without a DLQ.
  assert.equal(find('sqs.dead-letter-queue', SERVICES_SHOP.queueWithoutDlq)?.status, 'fail');
  assert.equal(find('sqs.dead-letter-queue', SERVICES_SHOP.queueWithDlq)?.status, 'pass');
  // File systems: One Zone fails and carries its AZ and AZ ID; the replicated regional one passes.
  const oneZone = find('efs.multi-az', services.fileSystems.scratch)!;
  assert.equal(oneZone.status, 'fail');
  assert.equal(oneZone.resource.az, `${PRIMARY}a`);
  assert.match(oneZone.resource.azId ?? '', /^use1-az\d$/);
  assert.equal(find('efs.multi-az', services.fileSystems.media)?.status, 'pass');
  assert.equal(find('efs.standby-replication', services.fileSystems.media)?.status, 'pass');
  // The alarm on the PRIMARY health check has no action: it pages no one.
  const alarm = find('alarms.failover-signals', shop.healthCheckIds[0]!)!;
  assert.equal(alarm.status, 'fail');
  assert.match(alarm.message, new RegExp(`${SERVICES_SHOP.alarmWithoutActions} \\(no alarm actions\\)`));
  // Every finding with an AZ carries its AZ ID.
  const zonal = report.findings.filter((f) => f.resource.az);
  assert.ok(zonal.length > 0);
  assert.deepEqual(
    zonal.filter((f) => !f.resource.azId).map((f) => `${f.checkId} ${f.resource.id}`),
    [],
  );
  // Read-only, and every new operation was collected without error.
  const sent = await emu.requests();
  assert.deepEqual(
    sent.filter((r) => !READ_ONLY.test(r.operation)).map((r) => r.operation),
    [],
  );
  for (const op of [
    'ListClusters',
    'DescribeServices',
    'DescribeTasks',
    'DescribeScalableTargets',
    'DescribeTable',
    'GetQueueAttributes',
    'DescribeFileSystems',
    'DescribeReplicationConfigurations',
    'DescribeAlarms',
  ])
    assert.ok(
      sent.some((r) => r.operation === op),
      `${op} was sent`,
    );
  assert.deepEqual(
    report.collection.filter((c) => c.status === 'error'),
    [],
  );
});

test('issue 10: access denied on ecs:DescribeTasks in one region skips the ECS checks there, the rest intact', async () => {
  await emu.setFaults([`ecs:DescribeTasks@${PRIMARY}`]);
  try {
    const { report, code } = await audit(['--fail-on', 'never']);
    assert.equal(code, 3, 'incomplete audit exits 3');
    const errors = report.collection.filter((c) => c.status === 'error');
    assert.deepEqual(
      errors.map((c) => [c.service, c.region, c.operation, c.error?.action]),
      [['ecs', PRIMARY, 'DescribeTasks', 'ecs:DescribeTasks']],
    );
    const multi = report.findings.filter((f) => f.checkId === 'ecs.multi-az');
    assert.deepEqual(
      multi.filter((f) => f.status === 'skipped').map((f) => f.resource.id),
      [PRIMARY],
    );
    assert.ok(multi.some((f) => f.resource.region === STANDBY && f.status !== 'skipped'));
    assert.equal(
      report.findings.find(
        (f) => f.checkId === 'sqs.dead-letter-queue' && f.resource.id === SERVICES_SHOP.queueWithoutDlq,
      )?.status,
      'fail',
      'checks that do not need the denied operation still run',
    );
  } finally {
    await emu.setFaults([]);
  }
});
