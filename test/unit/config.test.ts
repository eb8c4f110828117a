import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../src/checks/index.js';
import tgDetectionTime from '../../src/checks/rules/tg.detection-time.js';
import type { Check } from '../../src/checks/define.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import type { ResilConfig } from '../../src/config/schema.js';
import { resolveThresholds, runAudit } from '../../src/engine/audit.js';
import { ResilError } from '../../src/util/errors.js';
import { inventory, targetGroup } from '../support/builders.js';

const parse = (yaml: string) => parseConfig(yaml, '.resil.yml', ALL_CHECKS);

/** Asserts that parsing fails with exit code 2 and a message matching every pattern. */
function rejects(yaml: string, ...patterns: RegExp[]): ResilError {
  let caught: unknown;
  try {
    parse(yaml);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ResilError, `expected a ResilError, got ${String(caught)}`);
  assert.equal(caught.exitCode, 2);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

test('config: a valid file with every top-level key parses', () => {
  const config = parse(`
rpoSeconds: 10
rtoSeconds: 600
peakFactor: 1.5
eventDate: "2026-11-27"
primaryRegion: us-east-1
standbyRegion: us-west-2
checks:
  tg.detection-time:
    maxDetectionSeconds: 20
suppressions:
  - check: tg.detection-time
    resource: legacy-*
    reason: retired in Q1
    expires: 2027-03-31
runbooks: {}
`);
  assert.equal(config.rpoSeconds, 10);
  assert.equal(config.eventDate, '2026-11-27');
  assert.deepEqual(config.checks, { 'tg.detection-time': { maxDetectionSeconds: 20 } });
  // An unquoted YAML date stays a string (YAML 1.2 core schema), so it validates as a date.
  assert.equal(config.suppressions?.[0]?.expires, '2027-03-31');
  assert.equal(resolveThresholds(tgDetectionTime as unknown as Check, config)['maxDetectionSeconds'], 20);
});

test('config: an empty file is an empty config', () => {
  assert.deepEqual(parse(''), {});
  assert.deepEqual(parse('# only a comment\n'), {});
});

test('config: an unknown top-level key is named, with a suggestion', () => {
  rejects(
    'rpo_seconds: 10\n',
    /^\.resil\.yml is not valid:/,
    /rpo_seconds: unknown key \(did you mean rpoSeconds\?\)/,
  );
  rejects(
    'suppressions:\n  - check: tg.detection-time\n    resource: x\n    reason: r\n    expiry: 2026-01-01\n',
    /suppressions\[0\]\.expiry: unknown key \(did you mean expires\?\)/,
  );
});

test('config: a threshold of the wrong type names its path and the expected type', () => {
  rejects(
    'checks:\n  tg.detection-time:\n    maxDetectionSeconds: thirty\n',
    /checks\.tg\.detection-time\.maxDetectionSeconds: expected number, got string/,
  );
  rejects('rpoSeconds: fast\n', /rpoSeconds: expected number, got string/);
  rejects(
    'checks:\n  tg.detection-time:\n    enabled: "no"\n',
    /checks\.tg\.detection-time\.enabled: expected boolean/,
  );
});

test('config: every problem is reported at once (unknown key and a bad threshold)', () => {
  rejects(
    'rpo: 5\nchecks:\n  tg.detection-time:\n    maxDetectionSeconds: x\n',
    /rpo: unknown key/,
    /checks\.tg\.detection-time\.maxDetectionSeconds: expected number, got string/,
  );
});

test('config: an unknown threshold lists the ones the check takes', () => {
  rejects(
    'checks:\n  tg.detection-time:\n    maxSeconds: 10\n',
    /checks\.tg\.detection-time\.maxSeconds: unknown threshold \(tg\.detection-time takes maxDetectionSeconds, and enabled, scope\)/,
  );
});

test('config: an unknown check id gets a "did you mean"', () => {
  const err = rejects(
    'checks:\n  tg.detecton-time:\n    maxDetectionSeconds: 10\n',
    /checks\.tg\.detecton-time: unknown check \(did you mean tg\.detection-time\?\)/,
  );
  assert.ok(err.suggestions.some((s) => /resil checks/.test(s)));
  rejects(
    'suppressions:\n  - check: tg.detecton-time\n    resource: "*"\n    reason: r\n',
    /suppressions\[0\]\.check: unknown check tg\.detecton-time \(did you mean tg\.detection-time\?\)/,
  );
});

test('config: a suppression without a reason (or with a blank one) is refused', () => {
  rejects(
    'suppressions:\n  - check: tg.detection-time\n    resource: web\n',
    /suppressions\[0\]\.reason: required \(expected string\)/,
  );
  rejects(
    'suppressions:\n  - check: tg.detection-time\n    resource: web\n    reason: "  "\n',
    /suppressions\[0\]\.reason: a suppression needs a reason/,
  );
});

test('config: bad dates are refused with their path', () => {
  rejects('eventDate: 27/11/2026\n', /eventDate: expected a date as YYYY-MM-DD/);
  rejects('eventDate: 2026-02-30\n', /eventDate: not a calendar date/);
  rejects(
    'suppressions:\n  - check: tg.detection-time\n    resource: web\n    reason: r\n    expires: 2026-13-01\n',
    /suppressions\[0\]\.expires: not a calendar date/,
  );
});

test('config: a YAML syntax error names the line', () => {
  rejects('checks:\n  tg.detection-time: {\n    maxDetectionSeconds: 10\n', /is not valid YAML: .*line \d+/);
  rejects('rpoSeconds: 1\nrpoSeconds: 2\n', /is not valid YAML/);
});

test('config: a list or a scalar at the top level is refused', () => {
  rejects('- a\n- b\n', /\(root\): expected object/);
});

test('config: loadConfig reads .resil.yml from the working directory, and a named file must exist', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-config-'));
  try {
    assert.deepEqual(await loadConfig(undefined, ALL_CHECKS, dir), { config: {} });
    writeFileSync(join(dir, '.resil.yml'), 'rpoSeconds: 5\n');
    const loaded = await loadConfig(undefined, ALL_CHECKS, dir);
    assert.equal(loaded.config.rpoSeconds, 5);
    assert.equal(loaded.path, join(dir, '.resil.yml'));
    await assert.rejects(
      loadConfig('missing.yml', ALL_CHECKS, dir),
      (e: unknown) =>
        e instanceof ResilError && e.exitCode === 2 && /Config file not found: missing\.yml/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- suppressions
const slow = (name: string) => {
  const tg = targetGroup({ name });
  tg.healthCheck.intervalSeconds = 30;
  return tg;
};
const inv = inventory({
  'us-east-1': { targetGroups: [slow('web'), slow('api'), targetGroup({ name: 'ok' })] },
});
const checks = [tgDetectionTime as unknown as Check];
const audit = (config: ResilConfig, now = new Date('2026-11-20T12:00:00Z')) =>
  runAudit(inv, checks, { config, failOn: 'medium', now });

test('suppressions: a glob on the name suppresses; suppressed findings stay visible and do not gate', () => {
  const r = audit({ suppressions: [{ check: 'tg.*', resource: 'w*', reason: 'accepted' }] });
  const web = r.findings.find((f) => f.resource.id === 'web')!;
  assert.equal(web.status, 'fail');
  assert.deepEqual(web.suppressed, { reason: 'accepted', resource: 'w*' });
  assert.equal(r.findings.find((f) => f.resource.id === 'api')!.suppressed, undefined);
  assert.equal(r.summary.suppressed, 1);
  assert.equal(r.summary.gating, 1);
  assert.equal(r.suppressions[0]!.status, 'active');
  assert.equal(r.suppressions[0]!.matched, 1);
});

test('suppressions: a glob on the ARN matches across slashes; pass findings are never suppressed', () => {
  const r = audit({
    suppressions: [
      {
        check: 'tg.detection-time',
        resource: 'arn:aws:elasticloadbalancing:us-east-1:*:targetgroup/*',
        reason: 'all of them',
      },
    ],
  });
  assert.deepEqual(
    r.findings.map((f) => [f.resource.id, f.status, !!f.suppressed]),
    [
      ['api', 'fail', true],
      ['web', 'fail', true],
      ['ok', 'pass', false],
    ],
  );
  assert.equal(r.summary.gating, 0);
  assert.equal(r.summary.exitCode, 0);
});

test('suppressions: a glob on the id matches', () => {
  const r = audit({ suppressions: [{ check: 'tg.detection-time', resource: 'api', reason: 'r' }] });
  assert.ok(r.findings.find((f) => f.resource.id === 'api')!.suppressed);
});

test('suppressions: an expired suppression no longer suppresses and is reported as expired', () => {
  const config: ResilConfig = {
    suppressions: [
      { check: 'tg.detection-time', resource: '*', reason: 'until the migration', expires: '2026-11-19' },
    ],
  };
  const r = audit(config);
  assert.ok(r.findings.every((f) => !f.suppressed));
  assert.equal(r.summary.gating, 2);
  assert.equal(r.summary.exitCode, 1);
  assert.deepEqual(r.suppressions, [
    {
      check: 'tg.detection-time',
      resource: '*',
      reason: 'until the migration',
      expires: '2026-11-19',
      status: 'expired',
      matched: 2,
    },
  ]);
  // The expiry day itself still counts (until 23:59:59 UTC).
  assert.equal(audit(config, new Date('2026-11-19T23:00:00Z')).suppressions[0]!.status, 'active');
});

test('suppressions: one that matches nothing is reported as unused', () => {
  const r = audit({ suppressions: [{ check: 'tg.detection-time', resource: 'nothing-*', reason: 'r' }] });
  assert.equal(r.suppressions[0]!.status, 'unused');
  assert.equal(r.suppressions[0]!.matched, 0);
});

test('config: enabled: false turns a check off', () => {
  const r = audit({ checks: { 'tg.detection-time': { enabled: false } } });
  assert.equal(r.checks.length, 0);
  assert.equal(r.findings.length, 0);
});

test('config: primaryRegion / standbyRegion must be region names, and differ', () => {
  rejects(
    'primaryRegion: us-eest-1\n',
    /primaryRegion: unknown AWS region us-eest-1 \(did you mean us-east-1\?\)/,
  );
  rejects('standbyRegion: uswest2\n', /standbyRegion: unknown AWS region uswest2/);
  rejects(
    'primaryRegion: us-east-1\nstandbyRegion: us-east-1\n',
    /standbyRegion: must differ from primaryRegion \(both are us-east-1\)/,
  );
  assert.deepEqual(parse('primaryRegion: us-east-1\nstandbyRegion: us-west-2\n'), {
    primaryRegion: 'us-east-1',
    standbyRegion: 'us-west-2',
  });
});

test('config: a suppression whose check glob matches no check is an error (it would suppress nothing, silently)', () => {
  rejects(
    'suppressions:\n  - check: "zz.*"\n    resource: "*"\n    reason: typo\n',
    /suppressions\[0\]\.check: zz\.\* matches no check/,
  );
  assert.equal(
    parse('suppressions:\n  - check: "tg.*"\n    resource: "*"\n    reason: ok\n').suppressions?.length,
    1,
  );
});

test('config: a missing reason says "required"; a tab-indented file says YAML indents with spaces', () => {
  rejects(
    'suppressions:\n  - check: tg.detection-time\n    resource: web\n',
    /suppressions\[0\]\.reason: required/,
  );
  const err = rejects(
    'checks:\n\ttg.detection-time:\n\t\tmaxDetectionSeconds: 20\n',
    /not valid YAML: Tabs are not allowed as indentation at line 2, column 1\.$/,
  );
  assert.match(err.suggestions.join(' '), /spaces only/);
});

test('loadConfig: an empty --config value and a directory are usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-config-'));
  try {
    await assert.rejects(
      loadConfig('', ALL_CHECKS, dir),
      (e: unknown) =>
        e instanceof ResilError && e.exitCode === 2 && /--config needs a file name/.test(e.message),
    );
    await assert.rejects(
      loadConfig('.', ALL_CHECKS, dir),
      (e: unknown) =>
        e instanceof ResilError && /Cannot read config file \.: it is a directory/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config: the capacity settings and scopes parse (tiers, tierTagKeys, safeUtilizationPercent, scope)', () => {
  const config = parse(`
safeUtilizationPercent: 75
tierTagKeys: [resil:tier, app]
tiers:
  api: { primary: shop-api, standby: shop-api-west, peak: 6 }
  batch: { primary: shop-worker, standby: null, peakFactor: 1.5 }
scope:
  excludeTags: ["env=dev"]
checks:
  rds.deletion-protection:
    scope: { includeTags: ["env=prod"] }
  lb.deletion-protection:
    onlyTagged: env=prod
  asg.static-stability:
    peakFactor: 2
`);
  assert.equal(config.safeUtilizationPercent, 75);
  assert.deepEqual(config.tiers?.['batch'], { primary: 'shop-worker', standby: null, peakFactor: 1.5 });
  assert.deepEqual(config.scope, { excludeTags: ['env=dev'] });
  const t = resolveThresholds(
    ALL_CHECKS.find((c) => c.id === 'asg.static-stability')!,
    config,
  );
  assert.equal(t['peakFactor'], 2);
  assert.equal(t['safeUtilizationPercent'], 75);
  assert.equal(
    'scope' in
      resolveThresholds(
        ALL_CHECKS.find((c) => c.id === 'rds.deletion-protection')!,
        config,
      ),
    false,
  );
});

test('config: bad capacity settings and scopes are named with their path (exit 2)', () => {
  rejects('safeUtilizationPercent: 120\n', /safeUtilizationPercent: .*100/);
  rejects(
    'tiers:\n  api: { primary: shop-api, peak: 6, peakFactor: 2 }\n',
    /tiers\.api: give peak or peakFactor, not both/,
  );
  rejects(
    'tiers:\n  api: { primry: shop-api }\n',
    /tiers\.api\.primry: unknown key \(did you mean primary\?\)/,
  );
  rejects('tiers:\n  api: { primary: shop-api, peak: 2.5 }\n', /tiers\.api\.peak/);
  rejects(
    'scope:\n  excludeTag: ["env=dev"]\n',
    /scope\.excludeTag: unknown key \(did you mean excludeTags\?\)/,
  );
  rejects('scope:\n  excludeTags: ["=dev"]\n', /scope\.excludeTags\[0\]: a tag filter needs a key/);
  rejects(
    'checks:\n  rds.deletion-protection:\n    scope: { includTags: ["env=prod"] }\n',
    /checks\.rds\.deletion-protection\.scope\.includTags: unknown key \(did you mean includeTags\?\)/,
  );
  rejects(
    'checks:\n  asg.static-stability:\n    peakFactor: -1\n',
    /checks\.asg\.static-stability\.peakFactor: /,
  );
  rejects(
    'checks:\n  asg.static-stability:\n    peakFactor: "2"\n',
    /checks\.asg\.static-stability\.peakFactor: /,
  );
  rejects(
    'checks:\n  tg.detection-time:\n    onlyTagged: env=prod\n',
    /checks\.tg\.detection-time\.onlyTagged: unknown threshold/,
  );
});

test('a YAML alias bomb is a usage error (alias expansion is capped), a few aliases are fine', () => {
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
  ].join('\n');
  assert.throws(
    () => parseConfig(bomb, 'bomb.yml', ALL_CHECKS),
    (e: unknown) =>
      e instanceof ResilError &&
      e.exitCode === 2 &&
      /bomb\.yml is not valid YAML: its aliases expand too far/.test(e.message),
  );
  const ok = parseConfig(
    'suppressions:\n  - &s { check: tg.draining, resource: "a", reason: shared }\n  - *s\n',
    'ok.yml',
    ALL_CHECKS,
  );
  assert.equal(ok.suppressions?.length, 2);
});
