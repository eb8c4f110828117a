/**
 * The generated IAM policies (`resil iam-policy audit|runbooks`): what they grant, that the audit's
 * is read-only, that they follow the code (every operation the collectors and the SDK gateway send,
 * read from their source), and the command's flags. test/integration/*.itest.ts prove the same
 * against the emulator's request log.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTION_OPERATIONS } from '../../src/aws/collect/operations.js';
import { GATEWAY_ACTIONS } from '../../src/aws/gateway/actions.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import {
  auditActions,
  auditPolicy,
  READ_ONLY_ACTION,
  renderPolicy,
  runbookActions,
  runbookPolicy,
} from '../../src/engine/iam-policy.js';
import { selectChecks } from '../../src/engine/select.js';
import { assertBuilt, cli, ROOT, tempDir } from '../cli/run-cli.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const src = (path: string) => readFileSync(join(ROOT, 'src', path), 'utf8');

test('audit policy: every check requirement plus the collector own operations, sorted, once each', () => {
  const actions = auditActions(ALL_CHECKS);
  for (const c of ALL_CHECKS)
    for (const r of c.requires) assert.ok(actions.includes(r), `${c.id} requires ${r}`);
  for (const op of Object.keys(COLLECTION_OPERATIONS)) assert.ok(actions.includes(op), op);
  assert.deepEqual(
    actions,
    [...new Set(actions)].sort((a, b) => a.localeCompare(b)),
  );
  assert.ok(actions.includes('sts:GetCallerIdentity'));
  assert.ok(actions.includes('route53:GetHealthCheckStatus'));
  const doc = auditPolicy(ALL_CHECKS);
  assert.equal(doc.Version, '2012-10-17');
  assert.deepEqual(doc.Statement, [
    { Sid: 'ResilAuditReadOnly', Effect: 'Allow', Action: actions, Resource: '*' },
  ]);
});

test('audit policy: grants no write — every action is a Describe, List or Get', () => {
  const writes = auditActions(ALL_CHECKS).filter((a) => !READ_ONLY_ACTION.test(a));
  assert.deepEqual(writes, []);
  assert.equal(READ_ONLY_ACTION.test('rds:SwitchoverGlobalCluster'), false);
  assert.equal(READ_ONLY_ACTION.test('route53:ChangeResourceRecordSets'), false);
  assert.equal(READ_ONLY_ACTION.test('ec2:Getaway'), false, 'the verb is a whole word');
  assert.equal(READ_ONLY_ACTION.test('ec2:DescribeInstances'), true);
});

test('audit policy: a selection narrows it to what those checks need', () => {
  const dns = selectChecks(ALL_CHECKS, { categories: ['dns'] });
  const actions = auditActions(dns);
  assert.ok(actions.includes('route53:ListResourceRecordSets'));
  assert.ok(!actions.includes('autoscaling:DescribeAutoScalingGroups'));
  assert.ok(actions.length < auditActions(ALL_CHECKS).length);
});

test('audit policy: every operation a collector sends (read from src/aws/collect) is granted', () => {
  const granted = new Set(auditActions(ALL_CHECKS));
  const sent = new Set<string>();
  const dir = join(ROOT, 'src', 'aws', 'collect');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    // attempt(ctx, 'svc', region, 'Op', ...), attemptEach(...), ledger.ok('svc', home, 'Op', ...)
    const re =
      /(?:attempt(?:Each)?\(\s*ctx,|ledger\.(?:ok|error)\()\s*'([a-z0-9-]+)',\s*[\w.]+,\s*'([A-Za-z]+)'/g;
    for (const m of text.matchAll(re)) sent.add(`${m[1]}:${m[2]}`);
  }
  assert.ok(sent.size >= 20, `found ${sent.size} operations in the collectors`);
  assert.deepEqual(
    [...sent].filter((a) => !granted.has(a)),
    [],
  );
  // ... and nothing is granted that no collector sends.
  assert.deepEqual(
    [...granted].filter((a) => !sent.has(a)),
    [],
  );
});

test('runbook policy: GATEWAY_ACTIONS matches the commands each SdkGateway method sends (src/aws/gateway/sdk.ts)', () => {
  const text = src('aws/gateway/sdk.ts');
  const methods = [...text.matchAll(/^ {2}async (\w+)\(/gm)];
  const found: Record<string, string[]> = {};
  methods.forEach((m, i) => {
    const body = text.slice(m.index, methods[i + 1]?.index ?? text.length);
    // `new XCommand(` or, with the package imported on first use, `new sdk.<service>.XCommand(`.
    found[m[1]!] = [...body.matchAll(/new (?:sdk\.\w+\.)?(\w+)Command\(/g)].map((c) => c[1]!);
  });
  for (const [method, actions] of Object.entries(GATEWAY_ACTIONS)) {
    assert.ok(found[method], `SdkGateway has ${method}`);
    assert.deepEqual(
      [...new Set(found[method])].sort(),
      actions.map((a) => a.split(':')[1]!).sort(),
      `${method} sends exactly ${actions.join(', ')}`,
    );
  }
});

test('runbook policy: reads and changes, narrowed by runbook and mode', () => {
  const all = runbookActions();
  assert.deepEqual(all.changes, [
    'rds:FailoverGlobalCluster',
    'rds:RemoveFromGlobalCluster',
    'rds:SwitchoverGlobalCluster',
    'route53:ChangeResourceRecordSets',
  ]);
  assert.ok(all.reads.includes('route53:GetHealthCheck'), 'the health check of a failover record');
  assert.ok(all.reads.includes('route53:TestDNSAnswer'));
  // Reads only read (TestDNSAnswer asks Route 53 what it answers; it changes nothing).
  assert.deepEqual(
    all.reads.filter((a) => !READ_ONLY_ACTION.test(a)),
    ['route53:TestDNSAnswer'],
  );
  assert.deepEqual(runbookActions({ runbooks: ['cutover'] }).changes, ['route53:ChangeResourceRecordSets']);
  assert.deepEqual(runbookActions({ modes: ['detach'] }).changes, [
    'rds:RemoveFromGlobalCluster',
    'route53:ChangeResourceRecordSets',
  ]);
  const doc = runbookPolicy();
  assert.deepEqual(
    doc.Statement.map((s) => s.Sid),
    ['ResilRunbookRead', 'ResilRunbookChange'],
  );
  assert.match(renderPolicy(doc), /^\{\n {2}"Version": "2012-10-17",/);
});

test('resil iam-policy (subprocess): audit and runbooks print the documents; --output; bad input is exit 2', async () => {
  assertBuilt();
  const out = join(tmp.dir, 'policy.json');
  const [audit, dns, runbooks, cut, toFile, conflict, badMode] = await Promise.all([
    cli(['iam-policy', 'audit'], { cwd: tmp.dir }),
    cli(['iam-policy', 'audit', '--category', 'dns'], { cwd: tmp.dir }),
    cli(['iam-policy', 'runbooks'], { cwd: tmp.dir }),
    cli(['iam-policy', 'runbooks', '--runbook', 'cutover'], { cwd: tmp.dir }),
    cli(['iam-policy', 'audit', '--output', out], { cwd: tmp.dir }),
    cli(['iam-policy', 'runbooks', '--runbook', 'cutover', '--mode', 'failover'], { cwd: tmp.dir }),
    cli(['iam-policy', 'runbooks', '--mode', 'yolo'], { cwd: tmp.dir }),
  ]);
  assert.equal(audit.code, 0, audit.stderr);
  assert.equal(audit.stdout, renderPolicy(auditPolicy(ALL_CHECKS)));
  assert.equal(dns.stdout, renderPolicy(auditPolicy(selectChecks(ALL_CHECKS, { categories: ['dns'] }))));
  assert.equal(runbooks.stdout, renderPolicy(runbookPolicy()));
  assert.equal(cut.stdout, renderPolicy(runbookPolicy({ runbooks: ['cutover'] })));
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.equal(toFile.stdout, '');
  assert.equal(readFileSync(out, 'utf8'), audit.stdout);
  assert.match(toFile.stderr, /Wrote the audit policy \(\d+ check\(s\)\) to /);
  assert.equal(conflict.code, 2);
  assert.match(conflict.stderr, /--runbook leaves the failover runbook out/);
  assert.equal(badMode.code, 2);
  assert.match(badMode.stderr, /switchover, failover, detach/);
});
