/**
 * The audit of several accounts (src/engine/org-audit.ts), on small inventories with the real
 * checks: findings carry their account, accounts come worst first, an account that was not captured
 * makes the audit incomplete, DR pairs across accounts are judged on the joined view.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { ResilConfig } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/load.js';
import { pairInventory, runOrgAudit, type AccountSource } from '../../src/engine/org-audit.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { ResilError } from '../../src/util/errors.js';
import { denied, inventory, loadBalancer, targetGroup } from '../support/builders.js';

const PROD = '111111111111';
const DR = '222222222222';
const SANDBOX = '333333333333';
const NOW = new Date('2026-11-21T00:00:00Z');

function withAccount(inv: Inventory, id: string): Inventory {
  // The builders put every ARN in 123456789012: rewrite them, as a real capture of `id` would have them.
  return JSON.parse(
    JSON.stringify({ ...inv, accountId: id }).replaceAll(':123456789012:', `:${id}:`),
  ) as Inventory;
}

/** prod: a slow target group in us-east-1 (tg.detection-time fails, medium). */
const prodInv = withAccount(
  inventory({
    'us-east-1': {
      targetGroups: [
        targetGroup({
          name: 'web-tg',
          healthCheck: {
            enabled: true,
            protocol: 'HTTP',
            path: '/',
            port: 'traffic-port',
            intervalSeconds: 30,
            timeoutSeconds: 5,
            healthyThreshold: 3,
            unhealthyThreshold: 5,
          },
        }),
      ],
    },
    'us-west-2': {},
  }),
  PROD,
);
/** dr: a standby load balancer in us-west-2 with no healthy target. */
const drInv = withAccount(
  inventory({
    'us-east-1': {},
    'us-west-2': {
      loadBalancers: [loadBalancer({ name: 'standby-alb' }, 'us-west-2')],
      targetGroups: [
        targetGroup(
          {
            name: 'standby-tg',
            loadBalancerArns: [loadBalancer({ name: 'standby-alb' }, 'us-west-2').arn],
          },
          'us-west-2',
        ),
      ],
    },
  }),
  DR,
);

function sources(over: Partial<Record<string, Partial<AccountSource>>> = {}): AccountSource[] {
  return [
    { id: PROD, name: 'prod', load: async () => prodInv, ...over[PROD] },
    { id: DR, name: 'dr', load: async () => drInv, ...over[DR] },
    {
      id: SANDBOX,
      name: 'sandbox',
      error: {
        stage: 'assume-role',
        code: 'AccessDenied',
        message: 'not authorized to perform: sts:AssumeRole',
      },
      ...over[SANDBOX],
    },
  ];
}

const PAIRS = `
accounts:
  drPairs:
    - name: shop
      primary: { account: "${PROD}", region: us-east-1 }
      standby: { account: "${DR}", region: us-west-2 }
`;

async function audit(
  config: ResilConfig = {},
  failOn: 'high' | 'never' | 'medium' = 'high',
  src = sources(),
) {
  return runOrgAudit(src, ALL_CHECKS, { config, failOn, now: NOW });
}

describe('audit of several accounts', () => {
  test('findings carry their account; each account has its own summary; the result names every account', async () => {
    const { result } = await audit({}, 'medium');
    assert.equal(result.accountId, '*');
    assert.deepEqual(result.regions, ['us-east-1', 'us-west-2']);
    assert.ok(result.findings.every((f) => f.account === PROD || f.account === DR));
    const tg = result.findings.find((f) => f.checkId === 'tg.detection-time' && f.resource.name === 'web-tg');
    assert.equal(tg?.account, PROD);
    assert.equal(tg?.status, 'fail');
    const lb = result.findings.find((f) => f.checkId === 'lb.az-has-healthy-targets');
    assert.equal(lb?.account, DR);
    // Worst first: failing accounts (most gating findings first), then the one not captured.
    assert.deepEqual(
      result.accounts!.map((a) => a.verdict),
      ['failed', 'failed', 'not-captured'],
    );
    const [first, second] = result.accounts!;
    assert.ok(first!.summary.gating >= second!.summary.gating);
    assert.deepEqual(new Set([first!.id, second!.id]), new Set([PROD, DR]));
    const sandbox = result.accounts!.find((a) => a.id === SANDBOX)!;
    assert.equal(sandbox.summary.exitCode, 3);
    assert.equal(sandbox.error?.code, 'AccessDenied');
    assert.ok(result.collection.every((c) => c.account === PROD || c.account === DR));
    assert.equal(result.summary.exitCode, 1, 'a gating finding outranks incompleteness');
    assert.equal(result.summary.incomplete, true, 'an account was not captured');
  });

  test('the exit code follows the worst account: 3 when an account is missing and nothing gates, 0 when all is well', async () => {
    const { result } = await audit({}, 'never');
    assert.equal(result.summary.exitCode, 3);
    const complete = await audit({}, 'never', sources().slice(0, 2));
    assert.equal(complete.result.summary.exitCode, 0);
    const gated = await audit({}, 'high', sources().slice(0, 1));
    assert.equal(gated.result.summary.exitCode, 0, 'prod alone has only a medium failure');
    assert.equal(gated.result.accounts![0]!.verdict, 'ok');
  });

  test('an account with a collection error is incomplete (exit 3) and ranks after failing accounts', async () => {
    const partial = withAccount(
      inventory(
        { 'us-east-1': {} },
        { collection: [denied('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1')] },
      ),
      PROD,
    );
    const { result } = await audit({}, 'high', sources({ [PROD]: { load: async () => partial } }));
    const prod = result.accounts!.find((a) => a.id === PROD)!;
    assert.equal(prod.verdict, 'incomplete');
    assert.equal(prod.summary.exitCode, 3);
    assert.deepEqual(
      result.accounts!.map((a) => a.verdict),
      ['failed', 'not-captured', 'incomplete'],
    );
  });

  test('a DR pair across accounts: dr checks judged on the joined view, owned by the account of the resource', async () => {
    const config = parseConfig(PAIRS, 'test', ALL_CHECKS);
    const { result, notes } = await audit(config);
    assert.deepEqual(notes, []);
    const dr = result.findings.filter((f) => f.category === 'dr');
    const standby = dr.find((f) => f.checkId === 'dr.standby-lb-healthy')!;
    assert.equal(standby.status, 'fail');
    assert.equal(standby.account, DR, 'the standby load balancer lives in the DR account');
    assert.match(standby.message, /standby-alb in us-west-2 has no healthy target/);
    assert.deepEqual((standby.evidence as { drPair: unknown }).drPair, {
      name: 'shop',
      primary: { account: PROD, region: 'us-east-1' },
      standby: { account: DR, region: 'us-west-2' },
    });
    assert.ok(
      !dr.some((f) => (f.evidence as { reason?: string }).reason === 'dr-regions-unknown'),
      'no account is judged alone on its dr checks',
    );
    assert.equal(result.accounts!.find((a) => a.id === PROD)!.drPair, 'shop');
    // Without the pair each account, alone, cannot say which regions are primary and standby.
    const alone = await audit();
    assert.ok(
      alone.result.findings.some(
        (f) =>
          f.checkId === 'dr.standby-lb-healthy' &&
          (f.evidence as { reason?: string }).reason === 'dr-regions-unknown',
      ),
    );
  });

  test('a DR pair with a side not captured, or not in the audit: its dr checks are skipped (incomplete), and said', async () => {
    const pairSandbox = parseConfig(
      `accounts:\n  drPairs:\n    - primary: { account: "${PROD}", region: us-east-1 }\n      standby: { account: "${SANDBOX}", region: us-west-2 }\n`,
      'test',
      ALL_CHECKS,
    );
    const { result } = await audit(
      pairSandbox,
      'never',
      sources().filter((s) => s.id !== DR),
    );
    const skipped = result.findings.filter((f) => f.category === 'dr');
    assert.ok(skipped.length > 0);
    assert.ok(skipped.every((f) => f.status === 'skipped' && f.account === PROD));
    assert.match(
      skipped[0]!.message,
      new RegExp(`account ${SANDBOX} \\(standby\\) was not captured \\(AccessDenied\\)`),
    );
    assert.equal(result.accounts!.find((a) => a.id === PROD)!.verdict, 'incomplete');

    const missing = await audit(parseConfig(PAIRS, 'test', ALL_CHECKS), 'never', sources().slice(0, 1));
    assert.match(
      missing.notes.join('\n'),
      new RegExp(`DR pair shop: account ${DR} \\(standby\\) is not in this audit`),
    );
  });

  test('suppressions apply in every account and report how many findings they matched in all', async () => {
    const config = parseConfig(
      'suppressions:\n  - check: tg.detection-time\n    resource: web-tg\n    reason: accepted\n  - check: rds.instance-multi-az\n    resource: nothing-*\n    reason: none such\n',
      'test',
      ALL_CHECKS,
    );
    const { result } = await audit(config, 'never');
    assert.equal(result.suppressions[0]!.status, 'active');
    assert.equal(result.suppressions[0]!.matched, 1);
    assert.equal(result.suppressions[1]!.status, 'unused');
    assert.ok(
      result.findings.find((f) => f.checkId === 'tg.detection-time' && f.resource.name === 'web-tg')
        ?.suppressed,
    );
  });

  test('--min-severity drops findings below it in every account', async () => {
    const { result } = await runOrgAudit(sources(), ALL_CHECKS, {
      config: {},
      failOn: 'never',
      now: NOW,
      minSeverity: 'high',
    });
    assert.ok(result.findings.length > 0);
    assert.ok(result.findings.every((f) => f.severity === 'high' || f.severity === 'critical'));
  });

  test("the joined view of a pair: the two regions, both accounts' global data, the records of those regions", () => {
    const p = withAccount(
      inventory(
        { 'us-east-1': {}, 'us-west-2': {} },
        { collection: [denied('rds', 'DescribeDBClusters', 'us-west-2')] },
      ),
      PROD,
    );
    const s = withAccount(
      inventory(
        { 'us-east-1': {}, 'us-west-2': {} },
        { collection: [denied('rds', 'DescribeDBClusters', 'us-east-1')] },
      ),
      DR,
    );
    const pair = {
      primary: { account: PROD, region: 'us-east-1' },
      standby: { account: DR, region: 'us-west-2' },
    };
    const joined = pairInventory(pair, p, s);
    assert.deepEqual(Object.keys(joined.regions).sort(), ['us-east-1', 'us-west-2']);
    assert.equal(joined.regions['us-west-2'], s.regions['us-west-2']);
    assert.deepEqual(joined.collection, [], "errors outside the pair's regions do not skip its checks");
  });
});

describe('accounts: in .resil.yml', () => {
  const problem = (yaml: string, re: RegExp) =>
    assert.throws(
      () => parseConfig(yaml, '.resil.yml', ALL_CHECKS),
      (err: unknown) => err instanceof ResilError && err.exitCode === 2 && re.test(err.message),
    );

  test('a pair needs quoted 12-digit ids, known regions, two regions, and one pair per account', () => {
    problem(
      'accounts:\n  drPairs:\n    - primary: { account: 111111111111, region: us-east-1 }\n      standby: { account: "222222222222", region: us-west-2 }\n',
      /accounts\.drPairs\[0\]\.primary\.account: expected a 12-digit account id in quotes/,
    );
    problem(
      'accounts:\n  drPairs:\n    - primary: { account: "111111111111", region: us-east-1 }\n      standby: { account: "222222222222", region: us-west-9 }\n',
      /accounts\.drPairs\[0\]\.standby\.region: unknown AWS region us-west-9 \(did you mean us-west-[12]\?\)/,
    );
    problem(
      'accounts:\n  drPairs:\n    - primary: { account: "111111111111", region: us-east-1 }\n      standby: { account: "222222222222", region: us-east-1 }\n',
      /must differ from the primary's \(both are us-east-1\)/,
    );
    problem(
      'accounts:\n  drPairs:\n    - primary: { account: "111111111111", region: us-east-1 }\n      standby: { account: "222222222222", region: us-west-2 }\n' +
        '    - primary: { account: "111111111111", region: eu-west-1 }\n      standby: { account: "333333333333", region: eu-central-1 }\n',
      /accounts\.drPairs\[1\]: account 111111111111 is already in accounts\.drPairs\[0\]/,
    );
    problem(
      'accounts:\n  drPairs:\n    - primray: { account: "111111111111", region: us-east-1 }\n',
      /accounts\.drPairs\[0\]\.primray: unknown key \(did you mean primary\?\)/,
    );
  });
});
