/**
 * Reports of an audit of several accounts: one golden file per format, the JSON valid against the
 * report schema (1.2), SARIF valid against the official schema, JUnit well-formed with one suite per
 * account, table and Markdown rolled up per account (worst first) then per check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RENDERERS } from '../../src/render/index.js';
import { REPORT_SCHEMA_VERSION, REPORT_SCHEMA_VERSION_ACCOUNTS } from '../../src/render/json.js';
import { FINGERPRINT_KEY, toSarif } from '../../src/render/sarif.js';
import { FORMATS, type Format } from '../../src/render/types.js';
import { ACCOUNTS_FIXTURE, PROD, SANDBOX, STAGING } from './accounts-fixture.js';
import { CATALOG, CONTEXT, FIXTURE } from './fixture.js';
import { assertGolden, assertValid, reportValidator, sarifValidator } from './support.js';

const EXT: Record<Format, string> = {
  table: 'txt',
  json: 'json',
  junit: 'xml',
  sarif: 'sarif.json',
  markdown: 'md',
};

function render(format: Format): string {
  if (format === 'sarif') return `${JSON.stringify(toSarif(ACCOUNTS_FIXTURE, CONTEXT, CATALOG), null, 2)}\n`;
  return RENDERERS[format](ACCOUNTS_FIXTURE, CONTEXT);
}

describe('reports of several accounts', () => {
  for (const format of FORMATS) {
    it(`${format} matches golden/accounts.${EXT[format]}`, () => {
      assertGolden(`accounts.${EXT[format]}`, render(format));
    });
  }

  it('json: valid against the report schema, version 1.2, every finding and record with its account', () => {
    const report = JSON.parse(render('json')) as {
      schemaVersion: string;
      account: string;
      findings: Array<{ account?: string }>;
      collection: Array<{ account?: string }>;
      accounts: Array<{ id: string; verdict: string; error?: { code: string } }>;
      organization: { id: string };
    };
    assertValid(reportValidator(), report, 'accounts report');
    assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION_ACCOUNTS);
    assert.equal(report.account, '*');
    assert.ok(report.findings.every((f) => f.account === PROD || f.account === STAGING));
    assert.ok(report.collection.every((c) => c.account === PROD));
    assert.deepEqual(
      report.accounts.map((a) => [a.id, a.verdict]),
      [
        [PROD, 'failed'],
        [SANDBOX, 'not-captured'],
        [STAGING, 'ok'],
      ],
    );
    assert.equal(report.accounts[1]!.error?.code, 'AccessDenied');
    assert.equal(report.organization.id, 'o-abcdefghij');
    // The one-account report still states the version before and has no account fields.
    const single = JSON.parse(RENDERERS.json(FIXTURE, CONTEXT)) as Record<string, unknown>;
    assert.equal(single['schemaVersion'], REPORT_SCHEMA_VERSION);
    assert.ok(!('accounts' in single) && !JSON.stringify(single['findings']).includes('"account"'));
  });

  it('sarif: valid; results name their account; one category per organisation; a missing account is an error notification', () => {
    const log = toSarif(ACCOUNTS_FIXTURE, CONTEXT, CATALOG);
    assertValid(sarifValidator(), log, 'accounts SARIF');
    const run = log.runs[0]!;
    assert.equal(run.automationDetails?.id, 'resil/audit/o-abcdefghij/');
    assert.ok(run.results!.every((r) => /^Account \d{12}: /.test(r.message.text!)));
    assert.ok(
      run.results!.every(
        (r) =>
          (r.properties as { account?: string }).account === PROD ||
          (r.properties as { account?: string }).account === STAGING,
      ),
    );
    const notes = run.invocations![0]!.toolExecutionNotifications!;
    assert.ok(
      notes.some(
        (n) => n.level === 'error' && n.message.text!.includes(`Account ${SANDBOX} was not captured`),
      ),
    );
    // The same resource in two accounts gets two fingerprints.
    const f = ACCOUNTS_FIXTURE.findings.find((x) => x.status === 'fail')!;
    const twin = { ...ACCOUNTS_FIXTURE, findings: [f, { ...f, account: STAGING }] };
    const prints = toSarif(twin, CONTEXT, CATALOG).runs[0]!.results!.map(
      (r) => r.partialFingerprints![FINGERPRINT_KEY],
    );
    assert.notEqual(prints[0], prints[1]);
  });

  it('junit: one suite per account, worst first; the account not captured is a skipped case', () => {
    const xml = render('junit');
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(xml) as {
      testsuites: {
        '@_tests': string;
        '@_skipped': string;
        testsuite: Array<{ '@_name': string; testcase?: Array<{ skipped?: { '@_message': string } }> }>;
      };
    };
    const suites = doc.testsuites.testsuite;
    assert.deepEqual(
      suites.map((s) => s['@_name']),
      [`${PROD} (shop-prod)`, `${SANDBOX} (sandbox)`, `${STAGING} (shop-staging)`],
    );
    assert.match(
      suites[1]!.testcase![0]!.skipped!['@_message'],
      /^not captured: AccessDenied assuming the role/,
    );
    assert.equal(Number(doc.testsuites['@_tests']), ACCOUNTS_FIXTURE.findings.length + 1);
  });

  it('table and markdown: accounts worst first, then checks across accounts, then each account that needs attention', () => {
    for (const format of ['table', 'markdown'] as const) {
      const out = render(format);
      // Section headings of the two accounts that need attention: "<id> (" in the table, "### `<id>`" in Markdown.
      const heading = (id: string) => (format === 'table' ? `\n${id} (` : `### \`${id}\``);
      const order = [
        'Accounts, worst first',
        'Checks that fail or warn, across accounts',
        heading(PROD),
        heading(SANDBOX),
      ].map((s) => out.indexOf(s));
      assert.ok(
        order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)),
        `${format}: sections in order ${order}`,
      );
      assert.ok(out.includes('shop-staging'), `${format}: the passing account is listed`);
    }
  });
});
