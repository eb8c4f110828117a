import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  parseShard,
  selectAccounts,
  shardOf,
  validateAccountIds,
  validateOuId,
  type OrgAccount,
} from '../../src/org/select.js';
import { missingShards } from '../../src/org/index-file.js';
import { ResilError } from '../../src/util/errors.js';

const acct = (id: string, name = `acct-${id.slice(-3)}`): OrgAccount => ({ id, name, partition: 'aws' });
const MGMT = '123456789012';
const ORG = [MGMT, '111111111111', '222222222222', '333333333333', '444444444444'].map((id) => acct(id));

function usage(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ResilError, String(err));
    assert.equal(err.exitCode, 2);
    assert.match(err.message, re);
    return true;
  });
}

describe('--shard K/N', () => {
  test('parses K/N and refuses what is not a shard', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    usage(() => parseShard('2'), /not of the form K\/N/);
    usage(() => parseShard('0/2'), /out of range/);
    usage(() => parseShard('3/2'), /out of range/);
    usage(() => parseShard('1/0'), /out of range/);
    usage(() => parseShard('1/257'), /out of range/);
  });

  test('every account is in exactly one shard, whatever N, and the split depends on the id alone', () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(100000000000 + i * 7919));
    for (const n of [1, 2, 3, 7]) {
      const seen = new Map<string, number>();
      for (let k = 1; k <= n; k++) {
        const { selected } = selectAccounts(
          ids.map((id) => acct(id)),
          { shard: { index: k, count: n } },
        );
        for (const a of selected) {
          assert.ok(!seen.has(a.id), `${a.id} in shards ${seen.get(a.id)} and ${k}`);
          seen.set(a.id, k);
          assert.equal(shardOf(a.id, n), k);
        }
      }
      assert.equal(seen.size, ids.length, `N=${n} covers every account`);
    }
    // The shard of an account does not change when other accounts come or go.
    const few = selectAccounts([acct('111111111111')], {
      shard: { index: shardOf('111111111111', 4), count: 4 },
    });
    assert.deepEqual(
      few.selected.map((a) => a.id),
      ['111111111111'],
    );
    // Roughly even on many accounts (a hash, not a round robin).
    const sizes = [1, 2, 3, 4].map((k) => ids.filter((id) => shardOf(id, 4) === k).length);
    assert.ok(Math.min(...sizes) >= 30, `shard sizes ${sizes}`);
  });

  test('the index files of N shards are complete only when each K is there', () => {
    assert.deepEqual(missingShards([{ shard: { index: 1, count: 3 } }, { shard: { index: 3, count: 3 } }]), [
      '2/3',
    ]);
    assert.deepEqual(
      missingShards([{ shard: { index: 1, count: 2 } }, { shard: { index: 2, count: 2 } }]),
      [],
    );
    assert.deepEqual(missingShards([{}]), []);
  });
});

describe('account selection', () => {
  test('the management account is left out unless asked for, with a note', () => {
    const r = selectAccounts(ORG, { managementAccountId: MGMT });
    assert.deepEqual(
      r.selected.map((a) => a.id),
      ['111111111111', '222222222222', '333333333333', '444444444444'],
    );
    assert.equal(r.inScope, 4);
    assert.match(r.notes.join('\n'), /Leaving out the management account 123456789012/);
    const all = selectAccounts(ORG, { managementAccountId: MGMT, includeManagementAccount: true });
    assert.equal(all.selected.length, 5);
    const named = selectAccounts(ORG, { managementAccountId: MGMT, accounts: [MGMT] });
    assert.deepEqual(
      named.selected.map((a) => a.id),
      [MGMT],
    );
  });

  test('--accounts keeps only those; an id not in the organisation is exit 2 with the nearest id', () => {
    const r = selectAccounts(ORG, { accounts: ['333333333333', '111111111111'] });
    assert.deepEqual(
      r.selected.map((a) => a.id),
      ['111111111111', '333333333333'],
    );
    usage(
      () => selectAccounts(ORG, { accounts: ['111111111112'] }),
      /111111111112 is not an active account of the organization \(5 active\)/,
    );
  });

  test('--exclude-accounts drops accounts; an unknown one is only noted', () => {
    const r = selectAccounts(ORG, { exclude: ['222222222222', '999999999999'], managementAccountId: MGMT });
    assert.deepEqual(
      r.selected.map((a) => a.id),
      ['111111111111', '333333333333', '444444444444'],
    );
    assert.match(r.notes.join('\n'), /999999999999 is not an active account of the organization; ignored/);
  });

  test('account and OU ids are validated before any AWS call', () => {
    assert.deepEqual(validateAccountIds([' 111111111111', '111111111111', ''], '--accounts'), [
      '111111111111',
    ]);
    usage(
      () => validateAccountIds(['12345'], '--accounts'),
      /--accounts: "12345" is not an AWS account id \(12 digits\)/,
    );
    assert.equal(validateOuId('ou-ab12-cd34ef56'), 'ou-ab12-cd34ef56');
    assert.equal(validateOuId('r-ab12'), 'r-ab12');
    usage(() => validateOuId('prod'), /--ou "prod" is not an organizational unit id/);
  });
});
