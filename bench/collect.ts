/**
 * `npm run bench:collect [-- RUNS] [--latency MS] [--services] [--readiness] [--baseline DIR]`: seeds the shop into
 * the emulator and times RUNS live collections of it (in-process, the same code the CLI runs),
 * reporting API calls and wall time. Then the round trips: each collection is recorded once through
 * a proxy (bench/replay-proxy.ts) and replayed RUNS times with every answer sent MS milliseconds
 * (default 50) after its request arrived, at the concurrency of RESIL_BENCH_CONCURRENCY (default 16,
 * the CLI's) and at 128 (its maximum: no request waits for a slot). From the proxy's request log:
 * the round trips made in series against the dependency depth (bench/round-trips.ts); and the wall
 * time of a replay divided by MS.
 *
 * --services also seeds ECS, DynamoDB, SQS, EFS and alarms (test/support/seed-services.ts);
 * --readiness also makes the reads of `resil readiness` / `resil snapshot`. --baseline DIR times
 * another checkout's collector too (DIR/src/aws/collect/index.ts, with its own node_modules, e.g.
 * the commit before), interleaved run by run with this one, against the same emulator.
 */
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { collectInventory } from '../src/aws/collect/index.js';
import { startEmulator } from '../test/emulator/index.js';
import { seedServices } from '../test/support/seed-services.js';
import { PRIMARY, STANDBY, seedShop } from '../test/support/seed-shop.js';
import { startReplayProxy } from './replay-proxy.js';
import { dependencyDepth, roundTripsInSeries } from './round-trips.js';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    latency: { type: 'string', default: '50' },
    services: { type: 'boolean', default: false },
    readiness: { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const runs = Number(positionals[0] ?? 5);
const latency = Number(opts.latency);
const concurrency = Number(process.env['RESIL_BENCH_CONCURRENCY'] ?? 16);
if (!Number.isInteger(runs) || runs < 1 || !Number.isFinite(latency) || latency <= 0) {
  console.error('usage: bench/collect.ts [RUNS] [--latency MS] [--services] [--readiness] [--baseline DIR]');
  process.exit(2);
}
process.env['AWS_ACCESS_KEY_ID'] = 'testing';
process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';

type Collect = typeof collectInventory;
const subjects: Array<{ name: string; collect: Collect }> = [
  { name: 'this checkout', collect: collectInventory },
];
if (opts.baseline) {
  const entry = pathToFileURL(join(resolve(opts.baseline), 'src', 'aws', 'collect', 'index.ts')).href;
  const mod = (await import(entry)) as { collectInventory: Collect };
  subjects.push({ name: `baseline ${opts.baseline}`, collect: mod.collectInventory });
}

/** The --concurrency the CLI defaults to, and its maximum (more than this collection ever has in flight). */
const WIDE = 128;

interface Figures {
  direct: number[];
  calls: number;
  peak: number;
  /** Per concurrency: wall times at +latency, round trips in series, one longest chain. */
  delayed: Map<number, { wall: number[]; trips: number[]; chain: string[] }>;
  depth: number;
  depthChain: string[];
  unmodelled: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;
const widths = [...new Set([concurrency, WIDE])];

const emu = await startEmulator();
const proxy = await startReplayProxy(emu.url);
try {
  const shop = await seedShop({ endpoint: emu.url });
  if (opts.services) await seedServices(emu.url, shop);
  const figures = new Map<string, Figures>(
    subjects.map((s) => [
      s.name,
      {
        direct: [],
        calls: 0,
        peak: 0,
        delayed: new Map(widths.map((c) => [c, { wall: [], trips: [], chain: [] }])),
        depth: 0,
        depthChain: [],
        unmodelled: [],
      },
    ]),
  );
  // One capture time for every collection: the metric reads ask for the same window, so replay finds them.
  const now = new Date();
  const once = async (collect: Collect, endpointUrl: string, width: number) => {
    const t = performance.now();
    const { stats, inventory } = await collect({
      now,
      regions: [PRIMARY, STANDBY],
      allRegions: false,
      endpointUrl,
      concurrency: width,
      maxAttempts: 3,
      lagWindowSeconds: 3600,
      readiness: opts.readiness,
    });
    if (inventory.collection.some((c) => c.status === 'error'))
      console.error('warning: some operations failed');
    return { ms: performance.now() - t, stats };
  };
  for (const s of subjects) {
    proxy.setMode({ record: true });
    for (const width of widths) await once(s.collect, proxy.url, width);
  }
  proxy.setMode({ record: false, latencyMs: latency });
  for (let i = 0; i < runs; i++) {
    for (const s of subjects) {
      const f = figures.get(s.name)!;
      await emu.clearRequests();
      const direct = await once(s.collect, emu.url, concurrency);
      f.direct.push(direct.ms);
      f.calls = direct.stats.apiCalls;
      f.peak = direct.stats.peakConcurrency ?? 0;
      const seen = (await emu.requests()).length;
      if (seen !== f.calls)
        console.error(`warning: the emulator saw ${seen} requests, the collector counted ${f.calls}`);

      for (const width of widths) {
        proxy.log.length = 0;
        const d = f.delayed.get(width)!;
        d.wall.push((await once(s.collect, proxy.url, width)).ms);
        const trips = roundTripsInSeries(proxy.log);
        d.trips.push(trips.length);
        d.chain = trips.chain.map((r) => `${r.service}:${r.operation}`);
        const depth = dependencyDepth(proxy.log, PRIMARY);
        f.depth = depth.length;
        f.depthChain = depth.chain;
        f.unmodelled = depth.unmodelled;
      }
    }
  }

  if (proxy.misses) console.error(`warning: ${proxy.misses} requests were not in the recording`);
  console.log(
    `live collection of the seeded shop${opts.services ? ' with its services (ECS, DynamoDB, SQS, EFS, alarms)' : ''} ` +
      `(${PRIMARY} + ${STANDBY} + Route 53${opts.readiness ? ', with the readiness reads' : ''}), ${runs} runs; ` +
      `round trips replayed with every answer ${latency} ms after its request`,
  );
  const header = ['collector', 'API calls', `wall, concurrency ${concurrency}`];
  for (const w of widths)
    header.push(`wall at ${latency} ms, c ${w}`, `÷ ${latency} ms`, `round trips in series, c ${w}`);
  header.push('dependency depth');
  const rows = subjects.map((s) => {
    const f = figures.get(s.name)!;
    const row = [s.name, String(f.calls), ms(median(f.direct))];
    for (const w of widths) {
      const d = f.delayed.get(w)!;
      row.push(
        ms(median(d.wall)),
        (median(d.wall) / latency).toFixed(1),
        `${median(d.trips)} (${d.trips.join(', ')})`,
      );
    }
    row.push(String(f.depth));
    return row;
  });
  const cols = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(cols[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${cols.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  for (const s of subjects) {
    const f = figures.get(s.name)!;
    console.log(`${s.name}: peak in flight ${f.peak} at concurrency ${concurrency}`);
    for (const w of widths)
      console.log(`  a longest chain in series, c ${w}: ${f.delayed.get(w)!.chain.join(' → ')}`);
    console.log(`  the deepest data dependency: ${f.depthChain.join(' → ')}`);
    if (f.unmodelled.length)
      console.log(`  (operations not in the dependency table, counted as roots: ${f.unmodelled.join(', ')})`);
  }
} finally {
  await proxy.stop();
  await emu.stop();
}
