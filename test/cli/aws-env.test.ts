/**
 * AWS conventions and first-run edges, without AWS (issue 13): AWS_MAX_ATTEMPTS feeds --max-attempts;
 * `--all-regions` with no region configured says what to set (not "pass --all-regions"); a runbook
 * without credentials is the same clear usage error as an audit (exit 2), not a raw SDK error with
 * exit 4. AWS_RETRY_MODE: an unknown value is exit 2 before any AWS call; `legacy` runs as standard
 * with a note.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertBuilt, cli, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** No credentials, no config, no region, no instance metadata: a fresh machine. */
function bare(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: tmp.dir,
    AWS_CONFIG_FILE: join(tmp.dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp.dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_PROFILE: '',
    RESIL_HOME: join(tmp.dir, '.resil'),
    ...extra,
  };
}

const run = (args: string[], env: Record<string, string>) => cli(args, { cwd: tmp.dir, env });

function usage(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('AWS environment (subprocess)', { concurrency: 3 }, () => {
  test('AWS_MAX_ATTEMPTS is --max-attempts (audit, snapshot, failover, cutover); the flag wins', async () => {
    assertBuilt();
    const env = bare({ AWS_MAX_ATTEMPTS: '0' });
    const results = await Promise.all([
      run(['audit', '--region', 'us-east-1'], env),
      run(['snapshot', '--region', 'us-east-1', '-o', 'x.json'], env),
      run(['failover', '--to', 'us-west-2', '--dry-run'], env),
      run(['cutover', '--zone', 'example.com', '--record', 'a.example.com', '--to', 'us-west-2'], env),
    ]);
    for (const r of results) usage(r, /--max-attempts/, /greater than or equal to 1 but received: 0/);
    // An explicit flag wins over the environment.
    const flag = await run(['audit', '--region', 'us-east-1', '--max-attempts', '2'], env);
    assert.doesNotMatch(flag.stderr, /--max-attempts/);
  });

  test('--all-regions without a configured region names what to set', async () => {
    const r = await run(['audit', '--all-regions'], bare());
    usage(
      r,
      /--all-regions lists the regions enabled for the account through one region, and no AWS region is configured/,
      /Set AWS_REGION/,
    );
    assert.doesNotMatch(r.stderr, /pass --all-regions|, --all-regions,/i);
  });

  test('failover and cutover without credentials: exit 2 with the audit message, not exit 4 with the SDK error', async () => {
    const env = bare({ AWS_REGION: 'us-east-1' });
    const [failover, cutover, audit] = await Promise.all([
      run(['failover', '--to', 'us-west-2', '--dry-run'], env),
      run(
        ['cutover', '--zone', 'example.com', '--record', 'a.example.com', '--to', 'us-west-2', '--dry-run'],
        env,
      ),
      run(['audit', '--region', 'us-east-1'], env),
    ]);
    for (const r of [failover, cutover, audit]) {
      usage(r, /^Error: No AWS credentials found\.$/m, /Set AWS_PROFILE or pass --profile/);
      assert.doesNotMatch(r.stderr, /CredentialsProviderError|Stopped before any change/);
    }
  });

  test('AWS_RETRY_MODE: an unknown value is exit 2 on every AWS command, before any AWS call', async () => {
    const env = bare({ AWS_RETRY_MODE: 'fast', AWS_REGION: 'us-east-1' });
    const results = await Promise.all([
      run(['audit', '--region', 'us-east-1'], env),
      run(['failover', '--to', 'us-west-2', '--dry-run'], env),
      run(['cutover', '--zone', 'example.com', '--record', 'a.example.com', '--to', 'us-west-2'], env),
    ]);
    for (const r of results) {
      usage(r, /^Error: AWS_RETRY_MODE=fast is not a retry mode: use standard or adaptive\.$/m);
      // Refused before the credentials were looked for.
      assert.doesNotMatch(r.stderr, /credentials/i);
    }
    // legacy (the AWS CLI v1 default) runs, as standard, with a note; the run then stops on the
    // missing credentials as it would without the variable.
    const legacy = await run(['audit', '--region', 'us-east-1'], bare({ AWS_RETRY_MODE: 'legacy' }));
    assert.equal(legacy.code, 2, legacy.stderr);
    assert.match(
      legacy.stderr,
      /^Note: AWS_RETRY_MODE=legacy is read as standard.*\nError: No AWS credentials found\.$/m,
    );
  });

  test('--role-arn and --external-id are checked before any AWS call, on every AWS command', async () => {
    const env = bare({ AWS_REGION: 'us-east-1' });
    const role = 'arn:aws:iam::123456789012:role/ResilAudit';
    const [badArn, alone, badId, aloneRunbook, withSnapshot] = await Promise.all([
      run(['audit', '--region', 'us-east-1', '--role-arn', 'ResilAudit'], env),
      run(['snapshot', '--region', 'us-east-1', '-o', 'x.json', '--external-id', 'abc'], env),
      run(['failover', '--to', 'us-west-2', '--dry-run', '--role-arn', role, '--external-id', 'a b'], env),
      run(
        [
          'cutover',
          '--zone',
          'example.com',
          '--record',
          'a.example.com',
          '--to',
          'us-west-2',
          '--dry-run',
          '--external-id',
          'abc',
        ],
        env,
      ),
      run(['audit', '--snapshot', 'x.json', '--external-id', 'abc'], env),
    ]);
    usage(
      badArn,
      /^Error: --role-arn "ResilAudit" is not an IAM role ARN\.$/m,
      /arn:aws:iam::123456789012:role\/ResilAudit/,
    );
    for (const r of [alone, aloneRunbook])
      usage(r, /^Error: --external-id is sent with the role resil assumes: it needs --role-arn\.$/m);
    usage(badId, /^Error: --external-id must be 2 to 1224 characters/m);
    usage(withSnapshot, /--external-id/, /--snapshot/);
    for (const r of [badArn, alone, badId, aloneRunbook]) assert.doesNotMatch(r.stderr, /credentials/i);
  });
});
