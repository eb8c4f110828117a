import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Finding } from '../../src/checks/define.js';
import { renderJunit } from '../../src/render/junit.js';
import { CONTEXT, FIXTURE } from './fixture.js';
import { readGolden } from './support.js';

interface Case {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase?: Case[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true, // decode numeric character references (&#10;)
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function parse(xml: string): { testsuites: Record<string, string> & { testsuite: Suite[] } } {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `not well-formed XML: ${JSON.stringify(valid)}`);
  return parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } };
}

const doc = parse(readGolden('audit.xml'));
const suites = doc.testsuites.testsuite;
const cases = suites.flatMap((s) => s.testcase ?? []);
const find = (classname: string, name: string) =>
  cases.find((c) => c['@_classname'] === classname && c['@_name'] === name)!;

describe('junit renderer', () => {
  it('golden output is what the renderer produces now', () => {
    assert.equal(renderJunit(FIXTURE, CONTEXT), readGolden('audit.xml'));
  });

  it('has one suite per category and one test case per finding', () => {
    assert.deepEqual(
      suites.map((s) => s['@_name']),
      ['multi-az', 'health-check', 'scaling', 'replication', 'dns', 'dr', 'data-protection'],
    );
    assert.equal(cases.length, FIXTURE.findings.length);
    for (const f of FIXTURE.findings) {
      assert.ok(
        cases.some((c) => c['@_classname'] === f.checkId),
        `no test case for ${f.checkId}`,
      );
    }
  });

  it('count attributes match the elements, per suite and in total', () => {
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const s of suites) {
      const tc = s.testcase ?? [];
      assert.equal(Number(s['@_tests']), tc.length, `${s['@_name']} tests`);
      assert.equal(Number(s['@_failures']), tc.filter((c) => c.failure).length, `${s['@_name']} failures`);
      assert.equal(Number(s['@_skipped']), tc.filter((c) => c.skipped).length, `${s['@_name']} skipped`);
      assert.equal(s['@_errors'], '0');
      tests += tc.length;
      failures += tc.filter((c) => c.failure).length;
      skipped += tc.filter((c) => c.skipped).length;
    }
    assert.equal(Number(doc.testsuites['@_tests']), tests);
    assert.equal(Number(doc.testsuites['@_failures']), failures);
    assert.equal(Number(doc.testsuites['@_skipped']), skipped);
    assert.equal(failures, 4, 'four unsuppressed failures');
    assert.equal(skipped, 3, 'two skipped findings and one suppressed');
    assert.equal(doc.testsuites['@_time'], '1.234');
  });

  it('failures carry the message (escaping round-trips &, <, quotes and unicode) and the severity', () => {
    const lag = find('aurora.global-lag', 'shop-db-west (us-west-2)');
    assert.equal(lag.failure!['@_type'], 'critical');
    assert.equal(
      lag.failure!['@_message'],
      FIXTURE.findings.find((f) => f.resource.id === 'shop-db-west')!.message,
    );
    assert.match(lag.failure!['#text'], /writes < 42\.7 s old & "committed" would be lost/);
    assert.match(lag.failure!['#text'], /evidence: \{"p99Seconds":42\.7/);
    assert.equal(
      find('asg.multi-az', 'web-asg (us-east-1)').failure!['@_message'],
      'web-asg has 6 in-service instances in 1 AZ (us-east-1a); needs ≥ 2',
    );
    assert.match(find('tg.detection-time', 'api-tg (us-east-1)').failure!['@_message'], /30 s × 3/);
  });

  it('warn passes with a system-out note; skipped and suppressed are skipped', () => {
    const ttl = find('dns.failover-ttl', 'shop.example.com. A (primary) (global)');
    assert.equal(ttl.failure, undefined);
    assert.equal(ttl.skipped, undefined);
    assert.equal(
      ttl['system-out'],
      'WARN [medium]: Record `shop.example.com.` | TTL 120 s > 60 s: *failover* waits for [resolver] caches',
    );
    assert.match(
      find('rds.backup-retention', 'us-west-2').skipped!['@_message'],
      /AccessDenied on rds:DescribeDBInstances/,
    );
    const legacy = find('rds.multi-az', 'legacy-reports (us-east-1b)');
    assert.equal(legacy.failure, undefined);
    assert.equal(
      legacy.skipped!['@_message'],
      'suppressed: Reporting DB | rebuilt nightly, owner <data-team> (until 2025-03-31)',
    );
    const pass = find('asg.multi-az', 'api-asg (us-east-1)');
    assert.equal(pass.failure ?? pass.skipped ?? pass['system-out'], undefined);
  });

  it('stays well-formed with quotes, newlines and characters XML cannot carry', () => {
    const nasty: Finding = {
      checkId: 'x.check',
      category: 'dns',
      severity: 'high',
      status: 'fail',
      resource: { type: 'AWS::Route53::RecordSet', id: `a'b"c<d>&e`, region: 'global' },
      message: `line 1\nline 2 \u0007bell \u001b[31mred ]]> 'single' "double" ü 日本 😀`,
      evidence: { note: '<&>' },
    };
    const xml = renderJunit({ ...FIXTURE, findings: [nasty] }, CONTEXT);
    const c = parse(xml).testsuites.testsuite.flatMap((s) => s.testcase ?? [])[0]!;
    assert.equal(c['@_name'], `a'b"c<d>&e (global)`);
    assert.equal(
      c.failure!['@_message'],
      `line 1\nline 2 \uFFFDbell \uFFFD[31mred ]]> 'single' "double" ü 日本 😀`,
    );
    assert.ok(!/[\u0007\u001b]/.test(xml), 'no raw control characters'); // eslint-disable-line no-control-regex
  });
});
