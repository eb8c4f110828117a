/**
 * The findings fixture of an audit of several accounts: the one-account FIXTURE's findings split
 * between two captured accounts (prod, with the failures and the collection error; staging, with
 * the rest), plus one account whose role could not be assumed. Summaries come from the engine's own
 * `summarize`, so the fixture stays consistent with the one-account fixture.
 */
import { summarize, type AuditResult } from '../../src/engine/audit.js';
import { byWorstAccount, type AccountAudit } from '../../src/engine/org-audit.js';
import { ExitCode } from '../../src/util/errors.js';
import { FIXTURE } from './fixture.js';

export const PROD = '123456789012';
export const STAGING = '210987654321';
export const SANDBOX = '333333333333';

const findings = FIXTURE.findings.map((f) => ({
  ...f,
  account: f.status === 'fail' || f.status === 'skipped' || f.suppressed ? PROD : STAGING,
}));
const of = (id: string) => findings.filter((f) => f.account === id);
const summary = (id: string) => summarize(FIXTURE.checks, of(id), 'high');
const verdict = (id: string): AccountAudit['verdict'] => {
  const s = summary(id);
  return s.gating > 0 ? 'failed' : s.incomplete ? 'incomplete' : 'ok';
};

const accounts: AccountAudit[] = (
  [
    {
      id: PROD,
      name: 'shop-prod',
      verdict: verdict(PROD),
      capturedAt: FIXTURE.capturedAt,
      regions: ['us-east-1', 'us-west-2'],
      source: `snapshots/${PROD}.snapshot.json`,
      drPair: 'shop',
      summary: summary(PROD),
    },
    {
      id: STAGING,
      name: 'shop-staging',
      verdict: verdict(STAGING),
      capturedAt: FIXTURE.capturedAt,
      regions: ['us-east-1'],
      source: `snapshots/${STAGING}.snapshot.json`,
      summary: summary(STAGING),
    },
    {
      id: SANDBOX,
      name: 'sandbox',
      verdict: 'not-captured',
      regions: [],
      source: 'snapshots/index.json',
      error: {
        stage: 'assume-role',
        code: 'AccessDenied',
        message: `User: arn:aws:iam::${PROD}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SANDBOX}:role/ResilAuditRole`,
      },
      summary: { ...summarize(FIXTURE.checks, [], 'high'), incomplete: true, exitCode: ExitCode.INCOMPLETE },
    },
  ] satisfies AccountAudit[]
).sort(byWorstAccount);

const total = summarize(FIXTURE.checks, findings, 'high');
total.incomplete = true;
total.exitCode = total.gating > 0 ? ExitCode.FINDINGS : ExitCode.INCOMPLETE;

export const ACCOUNTS_FIXTURE: AuditResult = {
  ...FIXTURE,
  accountId: '*',
  findings,
  collection: FIXTURE.collection.map((c) => ({ ...c, account: PROD })),
  summary: total,
  accounts,
  organization: { id: 'o-abcdefghij', managementAccountId: '999999999999' },
};
