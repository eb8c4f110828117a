/**
 * The IAM roles of docs/organisations.md stay in step with the code:
 * - docs/org/member-role.yaml (the StackSet) grants exactly the read-only actions of the README's
 *   audit policy (the list `resil iam-policy audit` prints), all Describe/List/Get, to a role named as
 *   `resil snapshot --org` assumes it by default, trusting the management role, external id optional;
 * - docs/org/management-role.yaml grants exactly the Organizations calls src/aws/org.ts makes, and
 *   sts:AssumeRole on the member role only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/gen-docs.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_ROLE_NAME } from '../../src/org/snapshot.js';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
interface Template {
  Parameters: Record<string, { Default?: string; NoEcho?: boolean }>;
  Resources: Record<
    string,
    {
      Type: string;
      Properties: {
        RoleName: unknown;
        AssumeRolePolicyDocument: { Statement: Statement[] };
        Policies: Array<{ PolicyDocument: { Statement: Statement[] } }>;
      };
    }
  >;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const template = (file: string) => parse(read(file)) as Template;
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The actions of the README's read-only policy ("IAM permissions for a live audit"). */
function readmeAuditActions(): string[] {
  const block = /## IAM permissions for a live audit[\s\S]*?```json\n([\s\S]*?)```/.exec(
    read('README.md'),
  )?.[1];
  assert.ok(block, 'README has the audit policy as a json block');
  const doc = JSON.parse(block) as { Statement: Statement[] };
  return doc.Statement.flatMap(actions);
}

describe('docs/org templates', () => {
  test('member-role.yaml: the README audit policy exactly, read-only, for the default role name', () => {
    const t = template('docs/org/member-role.yaml');
    const role = Object.values(t.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
    const granted = role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).flatMap(actions);
    assert.deepEqual([...granted].sort(), [...readmeAuditActions()].sort());
    assert.deepEqual(granted, [...granted].sort(), 'kept sorted, so a change reads as a one-line diff');
    for (const a of granted) assert.match(a, /^[a-z0-9-]+:(Describe|List|Get)[A-Z]\w*$/, `${a} only reads`);
    assert.equal(t.Parameters['RoleName']?.Default, DEFAULT_ROLE_NAME);
    assert.equal(t.Parameters['ExternalId']?.NoEcho, true);
    const trust = role.Properties.AssumeRolePolicyDocument.Statement;
    assert.equal(trust.length, 1);
    assert.equal(trust[0]!.Action, 'sts:AssumeRole');
    assert.match(JSON.stringify(trust[0]!.Principal), /:role\/\$\{TrustedRoleName\}/);
    assert.match(JSON.stringify(trust[0]!.Condition), /sts:ExternalId/);
  });

  test('management-role.yaml: the Organizations calls src/aws/org.ts makes, and only the member role to assume', () => {
    const code = read('src/aws/org.ts');
    const calls = new Set(
      [...code.matchAll(/\b(?:paginate(\w+)|(\w+)Command)\b/g)].map((m) => `organizations:${m[1] ?? m[2]}`),
    );
    const t = template('docs/org/management-role.yaml');
    const role = Object.values(t.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
    const statements = role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    const org = statements.filter((s) => actions(s).every((a) => a.startsWith('organizations:')));
    assert.deepEqual(new Set(org.flatMap(actions)), calls);
    const assume = statements.find((s) => actions(s).includes('sts:AssumeRole'))!;
    assert.deepEqual(actions(assume), ['sts:AssumeRole']);
    assert.match(JSON.stringify(assume.Resource), /:role\/\$\{MemberRoleName\}/);
    assert.equal(t.Parameters['MemberRoleName']?.Default, DEFAULT_ROLE_NAME);
    assert.equal(
      t.Parameters['RoleName']?.Default,
      template('docs/org/member-role.yaml').Parameters['TrustedRoleName']?.Default,
      'the member role trusts the management role by the same name',
    );
    const trust = role.Properties.AssumeRolePolicyDocument.Statement[0]!;
    assert.equal(trust.Action, 'sts:AssumeRoleWithWebIdentity');
  });
});

test('docs/organisations.md: its .resil.yml example is valid', () => {
  const block = /## DR pairs across accounts[\s\S]*?```yaml\n([\s\S]*?)```/.exec(
    read('docs/organisations.md'),
  )?.[1];
  assert.ok(block, 'a yaml block under "DR pairs across accounts"');
  const config = parseConfig(block, 'docs/organisations.md', ALL_CHECKS);
  assert.equal(config.accounts?.drPairs?.[0]?.standby.account, '333344445555');
});
