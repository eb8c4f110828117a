/**
 * AWS_RETRY_MODE (issue 13): `standard` or `adaptive` (the default) reaches every SDK client resil
 * builds — the collection's, the runbook gateway's (whose mutating clients stay at one attempt) and
 * the shared lock's; `legacy` is read as standard with a note; anything else is a usage error.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import { ClientFactory } from '../../src/aws/clients.js';
import { SdkGateway } from '../../src/aws/gateway/sdk.js';
import { DynamoLockStore } from '../../src/aws/lock/dynamodb.js';
import { S3LockStore } from '../../src/aws/lock/s3.js';
import { retryConfig } from '../../src/aws/retry.js';
import { retryModeSetting } from '../../src/aws/retry-mode.js';
import { ResilError } from '../../src/util/errors.js';

interface Configured {
  config: { retryStrategy: () => Promise<{ mode: string }>; maxAttempts: () => Promise<number> };
}
const strategyOf = async (c: unknown) => {
  // A client, or the promise of one (the runbook gateway imports a service's package on first use).
  const cfg = ((await c) as Configured).config;
  return { mode: (await cfg.retryStrategy()).mode, maxAttempts: await cfg.maxAttempts() };
};

const saved = process.env['AWS_RETRY_MODE'];
afterEach(() => {
  if (saved === undefined) delete process.env['AWS_RETRY_MODE'];
  else process.env['AWS_RETRY_MODE'] = saved;
});

describe('AWS_RETRY_MODE', () => {
  test('parsing: unset or empty is adaptive; standard and adaptive in any case; legacy is standard with a note', () => {
    assert.deepEqual(retryModeSetting({}), { mode: 'adaptive' });
    assert.deepEqual(retryModeSetting({ AWS_RETRY_MODE: '' }), { mode: 'adaptive' });
    assert.deepEqual(retryModeSetting({ AWS_RETRY_MODE: 'standard' }), { mode: 'standard' });
    assert.deepEqual(retryModeSetting({ AWS_RETRY_MODE: ' Adaptive ' }), { mode: 'adaptive' });
    const legacy = retryModeSetting({ AWS_RETRY_MODE: 'legacy' });
    assert.equal(legacy.mode, 'standard');
    assert.match(legacy.note ?? '', /AWS_RETRY_MODE=legacy is read as standard/);
  });

  test('an unknown value is a usage error (exit 2) naming the value and the valid ones', () => {
    assert.throws(
      () => retryModeSetting({ AWS_RETRY_MODE: 'adaptiv' }),
      (e: unknown) =>
        e instanceof ResilError &&
        e.exitCode === 2 &&
        /AWS_RETRY_MODE=adaptiv is not a retry mode: use standard or adaptive/.test(e.message),
    );
  });

  test('collection clients: the mode of AWS_RETRY_MODE, adaptive by default, with --max-attempts', async () => {
    for (const [env, want] of [
      [undefined, 'adaptive'],
      ['standard', 'standard'],
      ['adaptive', 'adaptive'],
      ['legacy', 'standard'],
    ] as const) {
      if (env === undefined) delete process.env['AWS_RETRY_MODE'];
      else process.env['AWS_RETRY_MODE'] = env;
      const f = new ClientFactory({ maxAttempts: 7, concurrency: 1 });
      try {
        assert.deepEqual(await strategyOf(f.ec2('us-east-1')), { mode: want, maxAttempts: 7 }, `env ${env}`);
        assert.deepEqual(await strategyOf(f.route53()), { mode: want, maxAttempts: 7 });
      } finally {
        f.destroy();
      }
    }
  });

  test('runbook gateway: reads in the mode of AWS_RETRY_MODE; mutations stay at one attempt', async () => {
    process.env['AWS_RETRY_MODE'] = 'standard';
    const gw = new SdkGateway({ maxAttempts: 6 }) as unknown as {
      client(service: string, region: string, mutating: boolean): unknown;
    };
    assert.deepEqual(await strategyOf(gw.client('rds', 'us-west-2', false)), {
      mode: 'standard',
      maxAttempts: 6,
    });
    assert.deepEqual(await strategyOf(gw.client('rds', 'us-west-2', true)), {
      mode: 'standard',
      maxAttempts: 1,
    });
    process.env['AWS_RETRY_MODE'] = 'adaptive';
    const gw2 = new SdkGateway({ maxAttempts: 6 }) as unknown as typeof gw;
    assert.deepEqual(await strategyOf(gw2.client('route53', 'us-east-1', true)), {
      mode: 'adaptive',
      maxAttempts: 1,
    });
  });

  test('shared lock stores (DynamoDB, S3): the mode of AWS_RETRY_MODE', async () => {
    process.env['AWS_RETRY_MODE'] = 'standard';
    const d = new DynamoLockStore({ table: 't', region: 'us-east-1', maxAttempts: 3 } as never);
    const s = new S3LockStore({ bucket: 'b', region: 'us-east-1', prefix: 'p/', maxAttempts: 3 } as never);
    try {
      for (const store of [d, s])
        assert.deepEqual(await strategyOf((store as unknown as { client: unknown }).client), {
          mode: 'standard',
          maxAttempts: 3,
        });
    } finally {
      d.destroy();
      s.destroy();
    }
  });

  test('with a test backoff base (RESIL_RETRY_BASE_MS): the strategy of the mode, with that base', () => {
    const std = retryConfig(4, { mode: 'standard', baseMs: 1 });
    assert.ok(std.retryStrategy instanceof StandardRetryStrategy);
    assert.equal(std.retryStrategy.mode, 'standard');
    const ada = retryConfig(4, { mode: 'adaptive', baseMs: 1 });
    assert.ok(ada.retryStrategy instanceof AdaptiveRetryStrategy);
    assert.deepEqual(retryConfig(4, { mode: 'standard', baseMs: undefined }), {
      maxAttempts: 4,
      retryMode: 'standard',
    });
  });
});
