/**
 * Collection never hangs: an endpoint that accepts the connection and never answers (a region in
 * trouble, a black-holed VPC endpoint) fails the operation with a timeout, so the audit can record
 * it and go on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ClientFactory } from '../../src/aws/clients.js';

test('collector clients time out on an endpoint that never answers', { timeout: 20_000 }, async () => {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    s.unref();
    sockets.push(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const port = (server.address() as { port: number }).port;
  const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
  process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
  const factory = new ClientFactory({
    endpointUrl: `http://127.0.0.1:${port}`,
    maxAttempts: 1,
    concurrency: 2,
    requestTimeoutMs: 500,
  });
  try {
    const started = Date.now();
    await assert.rejects(factory.ec2('us-east-1').send(new DescribeRegionsCommand({})), /timeout|timed out/i);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  } finally {
    factory.destroy();
    for (const s of sockets) s.destroy();
    server.close();
    if (saved.id === undefined) delete process.env['AWS_ACCESS_KEY_ID'];
    if (saved.secret === undefined) delete process.env['AWS_SECRET_ACCESS_KEY'];
  }
});

test('collector default timeouts are bounded (connection 5 s, request 30 s)', () => {
  assert.deepEqual(ClientFactory.DEFAULT_TIMEOUTS, { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
});
