import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import { summarize, type AuditResult } from '../../src/engine/audit.js';
import { renderTable } from '../../src/render/table.js';
import { CONTEXT, FIXTURE } from './fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
const plain = renderTable(FIXTURE, CONTEXT);
const lines = plain.split('\n');

function withFindings(findings: Finding[], over: Partial<AuditResult> = {}): AuditResult {
  return {
    ...FIXTURE,
    findings,
    collection: [],
    suppressions: [],
    summary: summarize(FIXTURE.checks, findings, 'high'),
    ...over,
  };
}

describe('table renderer', () => {
  it('uses colour only when ctx.color is true', () => {
    assert.doesNotMatch(plain, ANSI);
    const coloured = renderTable(FIXTURE, { ...CONTEXT, color: true });
    assert.match(coloured, ANSI);
    assert.equal(strip(coloured), plain, 'colour changes nothing but the escape codes');
  });

  it('ignores NO_COLOR / FORCE_COLOR in the environment: ctx.color decides', () => {
    const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
    try {
      process.env['FORCE_COLOR'] = '3';
      assert.doesNotMatch(renderTable(FIXTURE, CONTEXT), ANSI);
      delete process.env['FORCE_COLOR'];
      process.env['NO_COLOR'] = '1';
      assert.match(renderTable(FIXTURE, { ...CONTEXT, color: true }), ANSI);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('fits 100 columns by default, and a narrower or wider width when asked', () => {
    for (const l of lines) assert.ok([...l].length <= 100, `too long (${[...l].length}): ${l}`);
    for (const l of renderTable(FIXTURE, { ...CONTEXT, width: 72 }).split('\n'))
      assert.ok([...l].length <= 72, `> 72: ${l}`);
    const wide = renderTable(FIXTURE, { ...CONTEXT, width: 200 });
    assert.match(
      wide,
      /FAIL {2}aurora\.global-lag +shop-db-west \(us-west-2\) +shop-db-west p99 replication lag/,
      'one line per finding when wide',
    );
  });

  it('starts with a header naming account, regions, capture time and checks run', () => {
    assert.equal(
      lines[0],
      'resil 0.1.0 · account 123456789012 · regions us-east-1, us-west-2 · 10 checks run',
    );
    assert.equal(lines[1], 'Captured 2024-11-20T08:00:00.000Z · started 2024-11-20T09:15:00.000Z (1.2 s)');
  });

  it('groups by severity, critical → low, and fail → warn → skipped within a group', () => {
    const headings = lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW)\b/.test(l)).map((l) => l.split(' ')[0]);
    assert.deepEqual(headings, ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    const medium = lines.slice(
      lines.findIndex((l) => l.startsWith('MEDIUM')),
      lines.findIndex((l) => l.startsWith('LOW')),
    );
    const statuses = medium.map((l) => /^ {2}(FAIL|WARN|SKIP) /.exec(l)?.[1]).filter(Boolean);
    assert.deepEqual(statuses, ['FAIL', 'WARN', 'SKIP']);
    assert.match(
      plain,
      /\n {2}FAIL {2}tg\.detection-time +api-tg \(us-east-1\)\n {8}api-tg needs 90 s \(30 s × 3\) to detect a failed target \(limit 30 s\)\n/,
    );
  });

  it('counts passing findings per category instead of listing them', () => {
    assert.doesNotMatch(plain, /api-asg spans 3 AZs/);
    assert.match(
      plain,
      /\nPassed\n {2}multi-az {9}2 findings across 1 check\n {2}health-check {5}1 finding across 1 check\n/,
    );
    assert.match(plain, /Nothing to judge \(no matching resources\): elasticache\.multi-az/);
  });

  it('lists suppressed findings apart, with reason and expiry, and the stale suppressions', () => {
    const suppressedAt = lines.indexOf('Suppressed (1)');
    assert.ok(suppressedAt > lines.findIndex((l) => l.startsWith('LOW')));
    const block = lines.slice(suppressedAt).join('\n');
    assert.match(block, /FAIL {2}rds\.multi-az {2}legacy-reports \(us-east-1b\)/);
    const flat = block.replace(/\s+/g, ' '); // the message column wraps
    assert.match(
      flat,
      /legacy-reports is a Single-AZ db\.t3\.medium instance suppressed until 2025-03-31: Reporting DB \| rebuilt nightly, owner <data-team>/,
    );
    assert.match(
      plain,
      /EXPIRED {2}asg\.multi-az {2}web-asg {2}expired 2024-10-01; no longer suppresses 1 finding/,
    );
    assert.match(plain, /UNUSED {3}tg\.\* {10}old-\* {4}matched no finding/);
    const coloured = renderTable(FIXTURE, { ...CONTEXT, color: true }).split('\n');
    const DIM = '\u001b[2m';
    assert.ok(
      coloured.find((l) => strip(l) === 'Suppressed (1)')!.startsWith(DIM),
      'suppressed section is dim',
    );
  });

  it('lists collection errors with service, region, operation, code and IAM action', () => {
    assert.match(
      plain,
      /SERVICE {2}REGION {5}OPERATION {12}ERROR {9}IAM ACTION\n {2}rds {6}us-west-2 {2}DescribeDBInstances {2}AccessDenied {2}rds:DescribeDBInstances/,
    );
  });

  it('ends with counts, the gating verdict against --fail-on and "audit incomplete"', () => {
    const tail = lines.slice(-4, -1);
    assert.deepEqual(tail, [
      '14 findings from 10 checks: 4 fail · 2 warn · 2 skipped · 5 pass · 1 suppressed',
      'FAILED: 2 failing findings at or above high (--fail-on high; exit 1)',
      'Audit incomplete: 1 collection error; the checks that need that data were skipped, not passed.',
    ]);
  });

  it('says OK and nothing about incompleteness for a clean, complete audit', () => {
    const passing = FIXTURE.findings.filter((f) => f.status === 'pass');
    const out = renderTable(withFindings(passing), CONTEXT);
    assert.match(out, /No failing, warning or skipped findings\./);
    assert.match(out, /\nOK: no failing finding at or above high \(--fail-on high; exit 0\)\n$/);
    assert.doesNotMatch(out, /incomplete|Suppress|Collection errors/);
  });

  it('reports --fail-on never', () => {
    const result = withFindings(FIXTURE.findings);
    result.summary = summarize(FIXTURE.checks, FIXTURE.findings, 'never');
    // The fixture's audit is incomplete (a collection error), so the verdict word matches exit 3.
    assert.match(
      renderTable(result, CONTEXT),
      /INCOMPLETE: --fail-on never: findings do not set the exit code \(exit 3\)/,
    );
    const complete = withFindings(FIXTURE.findings.filter((f) => f.status !== 'skipped'));
    complete.summary = summarize(FIXTURE.checks, complete.findings, 'never');
    assert.match(
      renderTable(complete, CONTEXT),
      /\nOK: --fail-on never: findings do not set the exit code \(exit 0\)\n/,
    );
  });

  it('neutralises terminal escape sequences in names and messages', () => {
    const evil: Finding = {
      ...FIXTURE.findings[0]!,
      resource: {
        type: 'AWS::EC2::Subnet',
        id: 'subnet-1',
        name: 'x\u001b]0;pwned\u0007',
        region: 'us-east-1',
      },
      message: 'bad \u001b[2J clear\tscreen',
    };
    const out = renderTable(withFindings([evil]), { ...CONTEXT, color: false });
    assert.doesNotMatch(out, /[\u0007\u001b]/); // eslint-disable-line no-control-regex
    assert.match(out, /bad \uFFFD\[2J clear screen/);
  });
});
