/**
 * A small fault-injecting HTTP proxy for tests, in front of the emulator: it answers a share of AWS
 * requests with throttling or a 5xx in the shape each protocol uses, and can let a mutation through
 * to the emulator (which applies it) and then answer 5xx instead of the emulator's reply — the
 * "accepted, then 5xx" case a client must not resend.
 *
 * Safety and bounds: it listens on 127.0.0.1 only and forwards only to a 127.0.0.1 upstream; request
 * bodies are capped (MAX_BODY_BYTES), as are concurrent connections (MAX_CONNECTIONS) and the time one
 * upstream exchange may take (UPSTREAM_TIMEOUT_MS). Faults are drawn from a seeded generator, so a run
 * is reproducible.
 *
 * Protocols (what resil's clients speak, and the shim's DynamoDB and S3 for the shared lock):
 * - query (form-encoded Action=...): ELBv2, Auto Scaling, RDS, ElastiCache, STS answer
 *   `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`; EC2 answers
 *   `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>` (throttling
 *   code RequestLimitExceeded, HTTP 503);
 * - JSON (X-Amz-Target): `{"__type": ..., "message": ...}`; CloudWatch (AWS JSON 1.0, query-compatible)
 *   adds `x-amzn-query-error: Code;Sender|Receiver`; DynamoDB uses its namespaced __type;
 * - REST-XML: Route 53 answers an `<ErrorResponse xmlns=...>`; S3 an `<Error>` (SlowDown, HTTP 503).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_CONNECTIONS = 64;
export const UPSTREAM_TIMEOUT_MS = 30_000;

export interface FaultPlan {
  /** Share of requests (0..1) answered with a throttling error, never forwarded. */
  throttle?: number;
  /** Share of requests (0..1) answered with a 5xx, never forwarded. */
  serverError?: number;
  /** Only these `service:Operation` get the random faults above (default: every request). */
  only?: string[];
  /** Never these `service:Operation` (checked after `only`). */
  except?: string[];
  /**
   * `service:Operation` → how many times to forward the request to the emulator (which applies it)
   * and then answer 5xx instead of its reply.
   */
  acceptThen5xx?: Record<string, number>;
  /** Seed of the fault generator (default 1). */
  seed?: number;
}

export interface ProxiedRequest {
  service: string;
  operation: string;
  /** What the proxy did: forwarded (the emulator answered), throttled, 5xx, or accepted-then-5xx. */
  outcome: 'forwarded' | 'throttled' | 'server-error' | 'accepted-then-5xx';
}

export interface FaultProxy {
  url: string;
  log: ProxiedRequest[];
  setPlan(plan: FaultPlan): void;
  stop(): Promise<void>;
}

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Protocol = 'query' | 'ec2' | 'json' | 'rest-xml' | 'rest-json' | 's3';

export interface Described {
  service: string;
  operation: string;
  /** The signing region of the credential scope (us-east-1 for Route 53). */
  region: string;
  protocol: Protocol;
  /** AWS JSON target prefix (DynamoDB_20120810, GraniteServiceVersion20100801...). */
  jsonTarget?: string;
}

/** Route 53 REST paths → operation names (the ones resil uses). */
function route53Operation(method: string, path: string): string {
  const p = path.split('?')[0]!.replace(/^\/20\d\d-\d\d-\d\d/, '');
  if (/^\/hostedzone\/?$/.test(p)) return method === 'POST' ? 'CreateHostedZone' : 'ListHostedZones';
  if (/^\/hostedzone\/[^/]+\/rrset\/?$/.test(p))
    return method === 'POST' ? 'ChangeResourceRecordSets' : 'ListResourceRecordSets';
  if (/^\/hostedzone\/[^/]+\/?$/.test(p)) return 'GetHostedZone';
  if (/^\/healthcheck\/?$/.test(p)) return method === 'POST' ? 'CreateHealthCheck' : 'ListHealthChecks';
  if (/^\/healthcheck\/[^/]+\/status\/?$/.test(p)) return 'GetHealthCheckStatus';
  if (/^\/healthcheck\/[^/]+\/?$/.test(p)) return 'GetHealthCheck';
  if (/^\/change\//.test(p)) return 'GetChange';
  if (/^\/testdnsanswer/.test(p)) return 'TestDNSAnswer';
  if (/^\/tags\//.test(p)) return 'ListTagsForResources';
  return `${method} ${p}`;
}

/** EFS REST paths → the read operations resil sends (as the emulator shim names them); others by method and path. */
function efsOperation(method: string, path: string): string {
  const p = path
    .split('?')[0]!
    .split('/')
    .filter(Boolean)
    .filter((part, i) => i > 0 || !part.startsWith('20'))
    .join('/');
  if (method === 'GET' && p === 'file-systems') return 'DescribeFileSystems';
  if (method === 'GET' && p === 'mount-targets') return 'DescribeMountTargets';
  if (method === 'GET' && p === 'file-systems/replication-configurations')
    return 'DescribeReplicationConfigurations';
  return `${method} ${path}`;
}

function s3Operation(method: string, path: string, headers: IncomingMessage['headers']): string {
  const key = path.split('?')[0]!.split('/').filter(Boolean).length > 1;
  if (!key) return method === 'PUT' ? 'CreateBucket' : method === 'GET' ? 'ListObjectsV2' : `${method}Bucket`;
  if (method === 'PUT') return headers['if-none-match'] ? 'PutObject(If-None-Match)' : 'PutObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'DELETE') return 'DeleteObject';
  return `${method}Object`;
}

export function describeRequest(req: IncomingMessage, body: string): Described | undefined {
  const auth = String(req.headers['authorization'] ?? '');
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
  if (!scope) return undefined;
  const region = scope[1]!;
  const signing = scope[2]!.toLowerCase();
  const service = signing === 'monitoring' ? 'cloudwatch' : signing;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix, op] = target.split('.');
    return { service, region, operation: op ?? target, protocol: 'json', jsonTarget: prefix ?? '' };
  }
  const action =
    /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z0-9]+)/.exec(path)?.[1];
  if (action) return { service, region, operation: action, protocol: service === 'ec2' ? 'ec2' : 'query' };
  if (service === 'route53')
    return { service, region, operation: route53Operation(method, path), protocol: 'rest-xml' };
  if (service === 's3')
    return { service, region, operation: s3Operation(method, path, req.headers), protocol: 's3' };
  // EFS is REST-JSON (the operation is named from method and path, as the emulator shim does).
  if (service === 'elasticfilesystem')
    return { service, region, operation: efsOperation(method, path), protocol: 'rest-json' };
  return { service, region, operation: `${method} ${path}`, protocol: 'rest-xml' };
}

const XML = { 'content-type': 'text/xml' };

/** An error answer in the protocol's own shape. */
export function faultResponse(
  d: Described,
  kind: 'throttle' | 'server',
): { status: number; headers: Record<string, string>; body: string } {
  const rid = randomUUID();
  const type = kind === 'throttle' ? 'Sender' : 'Receiver';
  const message =
    kind === 'throttle'
      ? 'Rate exceeded (injected by the resil fault proxy)'
      : 'We encountered an internal error. Please try again. (injected by the resil fault proxy)';
  const common = { 'x-amzn-requestid': rid, 'x-amz-request-id': rid };
  switch (d.protocol) {
    case 'ec2': {
      const code = kind === 'throttle' ? 'RequestLimitExceeded' : 'InternalError';
      return {
        status: kind === 'throttle' ? 503 : 500,
        headers: { ...XML, ...common },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${rid}</RequestID></Response>`,
      };
    }
    case 'query': {
      const code = kind === 'throttle' ? 'Throttling' : 'InternalFailure';
      return {
        status: kind === 'throttle' ? 400 : 500,
        headers: { ...XML, ...common },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${rid}</RequestId></ErrorResponse>`,
      };
    }
    case 'json': {
      if (d.service === 'dynamodb') {
        const code = kind === 'throttle' ? 'ThrottlingException' : 'InternalServerError';
        return {
          status: kind === 'throttle' ? 400 : 500,
          headers: { 'content-type': 'application/x-amz-json-1.0', ...common },
          body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }),
        };
      }
      const code = kind === 'throttle' ? 'Throttling' : 'InternalFailure';
      return {
        status: kind === 'throttle' ? 400 : 500,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          // Query-compatible JSON services (CloudWatch) carry the query error code in this header.
          'x-amzn-query-error': `${code};${type}`,
          ...common,
        },
        body: JSON.stringify({ __type: code, message }),
      };
    }
    case 'rest-json': {
      // REST-JSON (EFS): the error code in x-amzn-ErrorType and the body, 429 for throttling.
      const code = kind === 'throttle' ? 'ThrottlingException' : 'InternalServerError';
      return {
        status: kind === 'throttle' ? 429 : 500,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, ...common },
        body: JSON.stringify({ ErrorCode: code, Message: message }),
      };
    }
    case 's3': {
      const code = kind === 'throttle' ? 'SlowDown' : 'InternalError';
      return {
        status: kind === 'throttle' ? 503 : 500,
        headers: { 'content-type': 'application/xml', ...common },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${rid}</RequestId></Error>`,
      };
    }
    case 'rest-xml': {
      const code = kind === 'throttle' ? 'Throttling' : 'ServiceUnavailable';
      return {
        status: kind === 'throttle' ? 400 : 503,
        headers: { ...XML, ...common },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${rid}</RequestId></ErrorResponse>`,
      };
    }
  }
}

export async function startFaultProxy(upstream: string, plan: FaultPlan = {}): Promise<FaultProxy> {
  const up = new URL(upstream);
  if (up.hostname !== '127.0.0.1')
    throw new Error(`the fault proxy forwards to 127.0.0.1 only, not ${upstream}`);
  let current: FaultPlan = plan;
  let random = rng(plan.seed ?? 1);
  const accepted = new Map<string, number>();
  const log: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string | Buffer,
  ) => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { ...headers, 'content-length': String(data.length) });
    res.end(data);
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: up.host };
      const out = httpRequest(
        {
          host: '127.0.0.1',
          port: up.port,
          method: req.method,
          path: req.url,
          headers,
          timeout: UPSTREAM_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) res.destroy(new Error('upstream answer too large'));
            else chunks.push(c);
          });
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (
                v !== undefined &&
                k !== 'content-length' &&
                k !== 'transfer-encoding' &&
                k !== 'connection'
              )
                h[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      out.on('timeout', () => out.destroy(new Error('upstream timed out')));
      out.on('error', reject);
      out.end(body);
    });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        send(res, 413, { 'content-type': 'text/plain' }, 'request body too large for the fault proxy');
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const d = describeRequest(req, body.toString('utf8'));
        const key = d ? `${d.service}:${d.operation}` : '';
        const eligible =
          d !== undefined &&
          (!current.only || current.only.includes(key)) &&
          !(current.except ?? []).includes(key);
        try {
          if (d && eligible) {
            const r = random();
            if (r < (current.throttle ?? 0)) {
              log.push({ service: d.service, operation: d.operation, outcome: 'throttled' });
              const f = faultResponse(d, 'throttle');
              return send(res, f.status, f.headers, f.body);
            }
            if (r < (current.throttle ?? 0) + (current.serverError ?? 0)) {
              log.push({ service: d.service, operation: d.operation, outcome: 'server-error' });
              const f = faultResponse(d, 'server');
              return send(res, f.status, f.headers, f.body);
            }
          }
          const left = d ? (current.acceptThen5xx?.[key] ?? 0) - (accepted.get(key) ?? 0) : 0;
          const answer = await forward(req, body);
          if (d && left > 0 && answer.status < 300) {
            accepted.set(key, (accepted.get(key) ?? 0) + 1);
            log.push({ service: d.service, operation: d.operation, outcome: 'accepted-then-5xx' });
            const f = faultResponse(d, 'server');
            return send(res, f.status, f.headers, f.body);
          }
          if (d) log.push({ service: d.service, operation: d.operation, outcome: 'forwarded' });
          send(res, answer.status, answer.headers, answer.body);
        } catch (err) {
          send(res, 502, { 'content-type': 'text/plain' }, `fault proxy: ${(err as Error).message}`);
        }
      })();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = UPSTREAM_TIMEOUT_MS;
  server.requestTimeout = UPSTREAM_TIMEOUT_MS;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setPlan(p: FaultPlan) {
      current = p;
      random = rng(p.seed ?? 1);
      accepted.clear();
    },
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
