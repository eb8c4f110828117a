/**
 * A record-and-replay proxy in front of the emulator, for counting round trips (bench/collect.ts).
 *
 * Recording forwards every request to the emulator and keeps its answer, keyed by what the request
 * asks (signing service and region, operation, method, path, body: not the signature or the date). Replaying
 * answers each request from the recording after exactly `latencyMs`, so every request costs the
 * same fixed latency and the emulator's own time (it answers one request at a time) drops out:
 * a request sent after another's answer is then a round trip in series, not a slow emulator.
 * A request the recording lacks is forwarded (and counted in `misses`).
 *
 * It listens on 127.0.0.1 only and forwards only to a 127.0.0.1 upstream.
 */
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeRequest } from '../test/emulator/fault-proxy.js';
import type { LoggedRequest } from './round-trips.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ReplayProxy {
  url: string;
  /** Every request since the last clear, with when it arrived and when its answer left. */
  log: LoggedRequest[];
  /** Requests answered by the emulator while replaying (the recording lacked them). */
  misses: number;
  /** record: forward and keep the answers; replay: answer from them after latencyMs. */
  setMode(mode: { record: true } | { record: false; latencyMs: number }): void;
  stop(): Promise<void>;
}

export async function startReplayProxy(upstream: string): Promise<ReplayProxy> {
  const up = new URL(upstream);
  if (up.hostname !== '127.0.0.1')
    throw new Error(`the replay proxy forwards to 127.0.0.1 only, not ${upstream}`);
  const recorded = new Map<string, Answer>();
  let mode: { record: true } | { record: false; latencyMs: number } = { record: true };
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: '127.0.0.1',
          port: up.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: up.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined && !['content-length', 'transfer-encoding', 'connection'].includes(k))
                headers[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const proxy: ReplayProxy = {
    url: '',
    log: [],
    misses: 0,
    setMode(m) {
      mode = m;
    },
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const receivedAt = performance.now();
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        const d = describeRequest(req, text);
        // The operation too: a JSON protocol names it in a header (ECS ListServices and
        // ListContainerInstances send the same body).
        const key = `${d?.service}|${d?.operation}|${d?.region}|${req.method} ${req.url}|${text}`;
        let answer: Answer;
        try {
          const hit = mode.record ? undefined : recorded.get(key);
          if (hit) {
            await new Promise((r) => setTimeout(r, (mode as { latencyMs: number }).latencyMs));
            answer = hit;
          } else {
            if (!mode.record) proxy.misses++;
            answer = await forward(req, body);
            if (mode.record) recorded.set(key, answer);
          }
        } catch (err) {
          answer = { status: 502, headers: {}, body: Buffer.from(`replay proxy: ${(err as Error).message}`) };
        }
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
        proxy.log.push({
          service: d?.service ?? 'unknown',
          operation: d?.operation ?? `${req.method} ${req.url}`,
          region: d?.region ?? 'unknown',
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          body: text,
          receivedAt,
          answeredAt: performance.now(),
        });
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
