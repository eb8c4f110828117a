/**
 * The SDK gateway never hangs: an endpoint that accepts the connection and never answers (a region
 * in an outage, a black-holed VPC endpoint) fails the call with a timeout, which the engine then
 * handles like any AWS error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { SdkGateway } from '../../src/aws/gateway/sdk.js';
import { GatewayError } from '../../src/aws/gateway/types.js';

test(
  'an endpoint that never answers: the call fails with a timeout instead of hanging',
  { timeout: 20_000 },
  async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      s.unref();
      sockets.push(s);
    }); // accepts, reads nothing, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    server.unref(); // a hang must fail this test, not the test runner
    const port = (server.address() as { port: number }).port;
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
    try {
      const gw = new SdkGateway({
        endpointUrl: `http://127.0.0.1:${port}`,
        maxAttempts: 1,
        requestTimeoutMs: 500,
      });
      const started = Date.now();
      await assert.rejects(
        gw.describeGlobalClusters('us-west-2'),
        (e: unknown) => e instanceof GatewayError && e.operation === 'DescribeGlobalClusters',
      );
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
      if (saved.id === undefined) delete process.env['AWS_ACCESS_KEY_ID'];
      if (saved.secret === undefined) delete process.env['AWS_SECRET_ACCESS_KEY'];
    }
  },
);

test('the default timeouts are bounded (connection 5 s, request 30 s)', () => {
  assert.deepEqual(SdkGateway.DEFAULT_TIMEOUTS, { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
});
