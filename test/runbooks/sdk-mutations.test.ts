/**
 * Issue 9 item 2: a mutating call is sent once. When AWS accepted it but answered 5xx (or the answer
 * was lost), the SDK must not send it again: the engine re-reads the live state and decides. Reads
 * keep the SDK's retries. A throttled mutation was rejected before AWS processed it: it may be sent
 * again (the endpoint then has still received it for processing exactly once).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SdkGateway } from '../../src/aws/gateway/sdk.js';
import { GatewayError } from '../../src/aws/gateway/types.js';

type Answer = { status: number; body: string; type?: string };
const received: string[] = [];
let script: Record<string, Answer[]> = {};
let server: Server;
let url = '';
const saved = {
  id: process.env['AWS_ACCESS_KEY_ID'],
  secret: process.env['AWS_SECRET_ACCESS_KEY'],
  base: process.env['RESIL_RETRY_BASE_MS'],
};

function operationOf(req: IncomingMessage, body: string): string {
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return action;
  if (req.method === 'POST' && /\/rrset\/?$/.test(req.url ?? '')) return 'ChangeResourceRecordSets';
  return `${req.method} ${req.url}`;
}

const rdsError = (code: string) =>
  `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>${code} (test)</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
const r53Error = (code: string) =>
  `<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Receiver</Type><Code>${code}</Code><Message>${code} (test)</Message></Error><RequestId>r-2</RequestId></ErrorResponse>`;
const switchoverOk =
  '<SwitchoverGlobalClusterResponse><SwitchoverGlobalClusterResult><GlobalCluster><GlobalClusterIdentifier>g</GlobalClusterIdentifier></GlobalCluster></SwitchoverGlobalClusterResult><ResponseMetadata><RequestId>r-ok</RequestId></ResponseMetadata></SwitchoverGlobalClusterResponse>';
const describeOk =
  '<DescribeGlobalClustersResponse><DescribeGlobalClustersResult><GlobalClusters></GlobalClusters></DescribeGlobalClustersResult><ResponseMetadata><RequestId>r-d</RequestId></ResponseMetadata></DescribeGlobalClustersResponse>';

before(async () => {
  process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
  process.env['RESIL_RETRY_BASE_MS'] = '5';
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const op = operationOf(req, body);
      received.push(op);
      const a = script[op]?.shift() ?? { status: 500, body: rdsError('NotScripted') };
      res.writeHead(a.status, { 'content-type': a.type ?? 'text/xml', 'x-amzn-requestid': 'r' });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.close();
  if (saved.id === undefined) delete process.env['AWS_ACCESS_KEY_ID'];
  if (saved.secret === undefined) delete process.env['AWS_SECRET_ACCESS_KEY'];
  if (saved.base === undefined) delete process.env['RESIL_RETRY_BASE_MS'];
  else process.env['RESIL_RETRY_BASE_MS'] = saved.base;
});

const count = (op: string) => received.filter((x) => x === op).length;

test('SwitchoverGlobalCluster accepted then answered 500: sent once, the error reaches the engine', async () => {
  received.length = 0;
  script = { SwitchoverGlobalCluster: [{ status: 500, body: rdsError('InternalFailure') }] };
  const gw = new SdkGateway({ endpointUrl: url, maxAttempts: 5 });
  await assert.rejects(
    gw.switchoverGlobalCluster('us-west-2', 'g', 'arn:aws:rds:us-west-2:1:cluster:w'),
    (e: unknown) => e instanceof GatewayError && e.code === 'InternalFailure',
  );
  assert.equal(count('SwitchoverGlobalCluster'), 1);
});

test('a Route 53 change batch answered 503: sent once', async () => {
  received.length = 0;
  script = { ChangeResourceRecordSets: [{ status: 503, body: r53Error('ServiceUnavailable') }] };
  const gw = new SdkGateway({ endpointUrl: url, maxAttempts: 5 });
  await assert.rejects(
    gw.changeRecordSets(
      'Z1',
      [{ action: 'UPSERT', record: { name: 'a.example.com.', type: 'A', ttl: 60, values: ['1.2.3.4'] } }],
      'test',
    ),
    (e: unknown) => e instanceof GatewayError,
  );
  assert.equal(count('ChangeResourceRecordSets'), 1);
});

test('a mutation that was throttled (rejected, not processed) is sent again, and then succeeds', async () => {
  received.length = 0;
  script = {
    SwitchoverGlobalCluster: [
      { status: 400, body: rdsError('Throttling') },
      { status: 200, body: switchoverOk },
    ],
  };
  const gw = new SdkGateway({ endpointUrl: url, maxAttempts: 5 });
  await gw.switchoverGlobalCluster('us-west-2', 'g', 'arn:aws:rds:us-west-2:1:cluster:w');
  assert.equal(count('SwitchoverGlobalCluster'), 2);
});

test('reads keep the SDK retries: a 500 then an answer succeeds', async () => {
  received.length = 0;
  script = {
    DescribeGlobalClusters: [
      { status: 500, body: rdsError('InternalFailure') },
      { status: 200, body: describeOk },
    ],
  };
  const gw = new SdkGateway({ endpointUrl: url, maxAttempts: 5 });
  assert.deepEqual(await gw.describeGlobalClusters('us-west-2'), []);
  assert.equal(count('DescribeGlobalClusters'), 2);
});
