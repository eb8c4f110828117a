import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Log, Result } from 'sarif';
import { FINGERPRINT_KEY, levelOf, renderSarif, toSarif } from '../../src/render/sarif.js';
import { CATALOG, CONTEXT, FIXTURE } from './fixture.js';
import { assertValid, readGolden, sarifValidator } from './support.js';

const validate = sarifValidator();
const log = toSarif(FIXTURE, CONTEXT, CATALOG);
const run = log.runs[0]!;
const results = run.results!;

describe('sarif renderer', () => {
  it('golden output is valid against the official SARIF 2.1.0 schema', () => {
    assertValid(validate, JSON.parse(readGolden('audit.sarif.json')), 'golden audit.sarif.json');
  });

  it('output with the live check catalogue is valid too', () => {
    assertValid(validate, JSON.parse(renderSarif(FIXTURE, CONTEXT)), 'renderSarif output');
  });

  it('the validator does reject an invalid log', () => {
    const bad = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    bad.runs[0]!.results[0]!.level = 'critical';
    assert.equal(validate(bad), false);
  });

  it('declares one rule per check that ran, and results point at them', () => {
    const rules = run.tool.driver.rules!;
    assert.deepEqual(
      rules.map((r) => r.id),
      FIXTURE.checks.map((c) => c.id),
    );
    for (const r of results) assert.equal(rules[r.ruleIndex!]!.id, r.ruleId);
    const tg = rules.find((r) => r.id === 'tg.detection-time')!;
    assert.equal(tg.name, 'TgDetectionTime');
    assert.equal(tg.shortDescription!.text, 'Target group notices a dead target fast enough');
    assert.equal(tg.defaultConfiguration!.level, 'warning');
    assert.deepEqual(tg.properties, {
      category: 'health-check',
      severity: 'medium',
      tags: ['resilience', 'health-check'],
    });
    assert.match(tg.help!.markdown!, /```sh\naws example fix-tg.detection-time --resource <id>\n```/);
    assert.match(tg.help!.markdown!, /```hcl\nresource "aws_example"/);
  });

  it('tolerates a check missing from the catalogue', () => {
    const rule = run.tool.driver.rules!.find((r) => r.id === 'elasticache.multi-az')!;
    assert.equal(
      rule.fullDescription!.text,
      FIXTURE.checks.find((c) => c.id === 'elasticache.multi-az')!.title,
    );
    assert.match(rule.help!.text, /resil checks explain elasticache\.multi-az/);
  });

  it('uses rationale and remediation from the real check index', () => {
    const live = JSON.parse(renderSarif(FIXTURE, CONTEXT)) as Log;
    const tg = live.runs[0]!.tool.driver.rules!.find((r) => r.id === 'tg.detection-time')!;
    assert.match(tg.fullDescription!.text, /interval × unhealthy-threshold/);
    assert.match(tg.help!.markdown!, /aws elbv2 modify-target-group/);
    assert.match(tg.help!.markdown!, /maxDetectionSeconds = 30/);
  });

  it('reports fail and warn findings only (suppressed included), with the severity model levels', () => {
    const expected = FIXTURE.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    assert.equal(results.length, expected.length);
    assert.equal(results.length, 7);
    const level = (checkId: string) => results.find((r) => r.ruleId === checkId)!.level;
    assert.equal(level('aurora.global-lag'), 'error'); // fail critical
    assert.equal(level('asg.multi-az'), 'error'); // fail high
    assert.equal(level('tg.detection-time'), 'warning'); // fail medium
    assert.equal(level('lb.deletion-protection'), 'note'); // fail low
    assert.equal(level('dns.failover-ttl'), 'note'); // warn medium: one level lower
    assert.equal(level('asg.scaling-policy'), 'note'); // warn low stays note
    assert.equal(levelOf({ severity: 'high', status: 'warn' }), 'warning');
    assert.equal(levelOf({ severity: 'critical', status: 'warn' }), 'warning');
  });

  it('marks suppressed findings with an external, accepted suppression', () => {
    const suppressed = results.filter((r) => r.suppressions);
    assert.equal(suppressed.length, 1);
    assert.deepEqual(suppressed[0]!.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Reporting DB | rebuilt nightly, owner <data-team> (until 2025-03-31)',
      },
    ]);
  });

  it('gives every result a repository file location and the resource as a logical location', () => {
    for (const r of results) {
      const loc = r.locations![0]!;
      assert.equal(loc.physicalLocation!.artifactLocation!.uri, '.resil.yml');
      assert.equal(loc.physicalLocation!.region!.startLine, 1);
      assert.equal(loc.logicalLocations![0]!.kind, 'resource');
    }
    const lag = results.find((r) => r.ruleId === 'aurora.global-lag')!;
    assert.equal(
      lag.locations![0]!.logicalLocations![0]!.fullyQualifiedName,
      'arn:aws:rds:us-west-2:123456789012:cluster:shop-db-west',
    );
    const dns = results.find((r) => r.ruleId === 'dns.failover-ttl')!;
    assert.equal(
      dns.locations![0]!.logicalLocations![0]!.fullyQualifiedName,
      'global/AWS::Route53::RecordSet/Z0123456789ABC/shop.example.com./A/primary',
    );
    const anchored = toSarif(FIXTURE, { ...CONTEXT, artifactUri: 'infra/resil.yml' }, CATALOG);
    assert.equal(
      anchored.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri,
      'infra/resil.yml',
    );
  });

  it('fingerprints are stable per check + resource and unique', () => {
    const fp = (rs: Result[]) => rs.map((r) => r.partialFingerprints![FINGERPRINT_KEY]);
    const again = toSarif(
      { ...FIXTURE, findings: [...FIXTURE.findings].reverse() },
      { ...CONTEXT, startedAt: '2025-01-01T00:00:00.000Z' },
      CATALOG,
    );
    assert.deepEqual(new Set(fp(again.runs[0]!.results!)), new Set(fp(results)));
    assert.equal(new Set(fp(results)).size, results.length);
    for (const f of fp(results)) assert.match(f!, /^[0-9a-f]{64}$/);
  });

  it('reports collection errors as tool notifications, with timing and a category per account', () => {
    const inv = run.invocations![0]!;
    assert.equal(inv.executionSuccessful, true);
    assert.equal(inv.startTimeUtc, '2024-11-20T09:15:00.000Z');
    assert.equal(inv.endTimeUtc, '2024-11-20T09:15:01.234Z');
    assert.equal(inv.toolExecutionNotifications!.length, 1);
    assert.match(
      inv.toolExecutionNotifications![0]!.message.text!,
      /AccessDenied on rds:DescribeDBInstances in us-west-2/,
    );
    assert.equal(run.automationDetails!.id, 'resil/audit/123456789012/');
    assert.equal(run.tool.driver.informationUri, undefined);
    const withUri = toSarif(
      FIXTURE,
      { ...CONTEXT, tool: { ...CONTEXT.tool, informationUri: 'https://example.com/resil' } },
      CATALOG,
    );
    assert.equal(withUri.runs[0]!.tool.driver.informationUri, 'https://example.com/resil');
  });
});
