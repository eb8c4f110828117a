/**
 * `npm run bench` (this part): the offline-audit figures of docs/performance.md as one table.
 *
 * Each figure is the whole `resil` process (the built CLI, bin/run.js; `npm run bench` builds it
 * first), run RUNS times (default 3), figures interleaved run by run so drift on a shared machine
 * hits them alike; the table shows the median wall time and peak RSS, the goal, and the ratio to the
 * reference measured in the same run: the parse floor (a Node process that only reads and
 * JSON.parses the same snapshot) and `aws --version` of the AWS CLI, v2 when there is one (see
 * findAws: $RESIL_BENCH_AWS, the PATH, /usr/local/bin/aws, /usr/bin/aws), labelled with its version.
 *
 * The snapshots are generated (bench/generate.ts) into a new temp directory, reports are written
 * there too, and the directory is removed at the end: nothing is written anywhere else.
 *
 *   node --import tsx bench/table.ts [--runs N] [--sizes 1000,10000,100000] [--formats json,table,...]
 *                                    [--1m] [--baseline DIR] [--json-only] [--live]
 *
 * Every format is audited at every size (--formats picks some; default all five), plus, at 100k,
 * the JSON audit with 100 suppressions that match nothing and 3 that match (a config file written
 * into the temp directory). --1m adds a 1,000,000-resource JSON audit (one run: it takes a while);
 * --baseline DIR runs every audit figure with DIR/bin/run.js too (another checkout, built: e.g. the
 * previous commit) and adds its median and the ratio to it; --json-only is --formats json without
 * the suppression row; --live adds the whole process of a live audit of the shop seeded into the
 * emulator (moto, on 127.0.0.1: the start-up and the collection of the live path, for "live cold
 * start unchanged").
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXAMPLE, benchTempDir, copiesFor, resourcesPerCopy, writeReplicatedSnapshot } from './generate.js';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    '1m': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    formats: { type: 'string', default: 'json,table,junit,markdown,sarif' },
    'json-only': { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
  },
});
const formats = opts['json-only'] ? ['json'] : opts.formats.split(',');
for (const f of formats)
  if (!['json', 'table', 'junit', 'markdown', 'sarif'].includes(f)) {
    console.error(`bench: --formats: unknown format ${f}`);
    process.exit(2);
  }
const runs = Number(opts.runs);
const sizes = opts.sizes.split(',').map(Number);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'run.js');
const baselineCli = opts.baseline ? join(resolve(opts.baseline), 'bin', 'run.js') : undefined;
if (!existsSync(join(root, 'dist', 'commands', 'audit.js'))) {
  console.error('bench: build first (npm run build); `npm run bench` does.');
  process.exit(2);
}
if (baselineCli && !existsSync(baselineCli)) {
  console.error(`bench: --baseline ${opts.baseline} has no bin/run.js`);
  process.exit(2);
}
const haveTime = existsSync('/usr/bin/time');
const dir = benchTempDir();

interface Sample {
  seconds: number;
  /** Peak resident set, MB (undefined without /usr/bin/time). */
  rssMb?: number;
}

/**
 * Runs a command once; wall time from here, peak RSS from GNU time. Exits non-zero are fine (findings → 1).
 * Asynchronous, so that this process goes on reading the emulator's output during a --live figure (a
 * blocked event loop fills the emulator's log pipe, and the emulator then stops answering).
 */
async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  const rssFile = join(dir, 'rss.txt');
  const [file, argv] = haveTime ? ['/usr/bin/time', ['-o', rssFile, '-f', '%M', cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const child = spawn(file, argv, {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const status = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code));
  });
  const seconds = (performance.now() - t) / 1000;
  // resil exits 1 on failing findings and 3 on an incomplete audit: both are a finished audit.
  if (status !== 0 && status !== 1 && status !== 3)
    throw new Error(`${cmd} ${args.join(' ')} exited ${status}: ${stderr.slice(-2000)}`);
  if (!haveTime) return { seconds };
  const kb = Number(/(\d+)\s*$/.exec(readFileSync(rssFile, 'utf8'))?.[1]);
  return { seconds, rssMb: kb / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Figure {
  name: string;
  goal?: string;
  /** Checks the medians against the goal; undefined = no goal (a reference or an informational row). */
  judge?: (m: Medians, all: Map<string, Medians>) => boolean;
  /** Name of the reference figure the ratio column divides by. */
  ref?: string;
  cmd: () => [string, string[], NodeJS.ProcessEnv?];
  /** Also run with the --baseline CLI. */
  baseline?: (cli: string) => [string, string[], NodeJS.ProcessEnv?];
  /** 1 for the slow ones. */
  runs?: number;
}
interface Medians {
  seconds: number;
  rssMb?: number;
  baseSeconds?: number;
  baseRssMb?: number;
}

const figures: Figure[] = [];
const node = process.execPath;
const floorScript =
  "const t=require('fs').readFileSync(process.argv[1],'utf8');JSON.parse(t);process.stdout.write('')";
/**
 * The AWS CLI to compare start-up with: the issue's goal is set against AWS CLI v2. The first of
 * $RESIL_BENCH_AWS, `aws` on the PATH, /usr/local/bin/aws and /usr/bin/aws (where the official
 * installer and Debian's awscli package put v2) whose `--version` says aws-cli/2; else the first
 * that runs at all (then the ratio is shown but not judged: v1 is a different program).
 */
function findAws(): { cmd: string; version: string; v2: boolean } | undefined {
  const candidates = [process.env['RESIL_BENCH_AWS'], 'aws', '/usr/local/bin/aws', '/usr/bin/aws'];
  const found: { cmd: string; version: string; v2: boolean }[] = [];
  for (const cmd of candidates) {
    if (!cmd || found.some((f) => f.cmd === cmd)) continue;
    const r = spawnSync(cmd, ['--version'], { stdio: 'pipe' });
    if (r.error || r.status !== 0) continue;
    const version = `${r.stdout}${r.stderr}`.trim().split(/\s+/)[0] ?? '';
    found.push({ cmd, version, v2: version.startsWith('aws-cli/2') });
  }
  return found.find((f) => f.v2) ?? found[0];
}
const aws = findAws();
const awsVersion = aws?.version;

if (aws) figures.push({ name: `aws --version (${aws.version})`, cmd: () => [aws.cmd, ['--version']] });
const AWS = aws ? `aws --version (${aws.version})` : undefined;
figures.push({ name: 'resil --version', ref: AWS, cmd: () => [node, [cli, '--version']] });
const auditArgs = (snapshot: string, format: string, extra: string[] = []) => [
  'audit',
  '--snapshot',
  snapshot,
  '--format',
  format,
  '--output',
  join(dir, `report.${format}`),
  '--quiet',
  ...extra,
];
figures.push({
  name: `audit example (${resourcesPerCopy()} resources), json`,
  goal: aws?.v2 ? '< 0.3 s, < 0.5× aws v2' : '< 0.3 s (and < 0.5× aws v2: not here)',
  ref: AWS,
  judge: (m, all) => m.seconds < 0.3 && (!aws?.v2 || m.seconds < 0.5 * all.get(AWS!)!.seconds),
  cmd: () => [node, [cli, ...auditArgs(EXAMPLE, 'json')]],
  baseline: (b) => [node, [b, ...auditArgs(EXAMPLE, 'json')]],
});

// The live audit: the whole process, as a user runs it, against the emulator (its own AWS environment:
// no profile, config or credentials file of the machine; the emulator's fake keys).
const emulator = opts.live ? await startLiveEmulator() : undefined;
if (emulator) {
  const liveArgs = [
    'audit',
    '--region',
    emulator.regions.join(','),
    '--endpoint-url',
    emulator.url,
    '--format',
    'json',
    '--output',
    join(dir, 'report-live.json'),
    '--quiet',
  ];
  const liveEnv = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_PROFILE: '',
  };
  figures.push({
    name: `live audit of the seeded shop (${emulator.regions.join(' + ')} + Route 53), json`,
    goal: 'no slower than before',
    cmd: () => [node, [cli, ...liveArgs], liveEnv],
    baseline: (b) => [node, [b, ...liveArgs], liveEnv],
  });
}

/** The emulator with the shop seeded (imported only for --live: the seeding loads the AWS SDK). */
async function startLiveEmulator() {
  const { startEmulator } = await import('../test/emulator/index.js');
  const { PRIMARY, STANDBY, seedShop } = await import('../test/support/seed-shop.js');
  const emu = await startEmulator();
  process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
  await seedShop({ endpoint: emu.url });
  return { url: emu.url, stop: () => emu.stop(), regions: [PRIMARY, STANDBY] as const };
}

const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const snapshots = new Map<number, { file: string; resources: number; mb: number }>();
const allSizes = opts['1m'] ? [...sizes, 1_000_000] : sizes;
for (const n of allSizes) {
  const file = join(dir, `shop-${n}.snapshot.json`);
  const g = await writeReplicatedSnapshot(file, copiesFor(n));
  snapshots.set(n, { file, resources: g.resources, mb: g.bytes / 1e6 });
}

// 100 suppressions that match nothing, and 3 that match (as in test/support/large-audit.ts): by a
// name glob, one group for every check, and by ARN. Timed at 100k next to the JSON audit without.
const suppressions = join(dir, 'suppress-100.yml');
writeFileSync(
  suppressions,
  'suppressions:\n' +
    Array.from(
      { length: 100 },
      (_, i) =>
        `  - check: '*'\n    resource: 'no-such-resource-${i}-*'\n    reason: 'bench: matches nothing'\n`,
    ).join('') +
    `  - check: 'lb.*'\n    resource: 'shop-internal-nlb-x1*'\n    reason: 'bench: a glob over names'\n` +
    `  - check: '*'\n    resource: 'shop-api-x2'\n    reason: 'bench: one group, every check'\n` +
    `  - check: 'rds.*'\n    resource: 'arn:aws:rds:*:db:shop-catalog-replica-x3'\n    reason: 'bench: by ARN'\n`,
);
const withSuppressions = !opts['json-only'];

const auditName = (n: number, resources: number, format: string) =>
  format === 'json' ? `audit ${label(n)} (${resources} resources), json` : `audit ${label(n)}, ${format}`;
for (const n of allSizes) {
  const { file, resources, mb } = snapshots.get(n)!;
  const big = n >= 1_000_000;
  const floor = `parse floor ${label(n)} (read + JSON.parse, ${mb.toFixed(0)} MB)`;
  figures.push({ name: floor, cmd: () => [node, ['-e', floorScript, file]], ...(big ? { runs: 1 } : {}) });
  // 1M: the JSON report only (it takes a while); every other size: every format asked for.
  for (const format of big ? ['json'] : formats) {
    const goal100k = n === 100_000;
    figures.push({
      name: auditName(n, resources, format),
      ...(goal100k
        ? format === 'json'
          ? {
              goal: '< 2 s, < 500 MB, < 4× floor',
              judge: (m: Medians, all: Map<string, Medians>) =>
                m.seconds < 2 && (m.rssMb ?? 0) < 500 && m.seconds < 4 * all.get(floor)!.seconds,
            }
          : { goal: '< 2 s, < 500 MB', judge: (m: Medians) => m.seconds < 2 && (m.rssMb ?? 0) < 500 }
        : big
          ? { goal: '< 25 s, < 2 GB', judge: (m: Medians) => m.seconds < 25 && (m.rssMb ?? 0) < 2048 }
          : {}),
      ref: floor,
      cmd: () => [node, [cli, ...auditArgs(file, format)]],
      baseline: (b) => [node, [b, ...auditArgs(file, format)]],
      ...(big ? { runs: 1 } : {}),
    });
    if (n === 100_000 && format === 'json' && withSuppressions) {
      const none = auditName(n, resources, 'json');
      figures.push({
        name: 'audit 100k, json, 103 suppressions (3 match)',
        goal: '< 1.10× none',
        judge: (m, all) => m.seconds < 1.1 * all.get(none)!.seconds,
        ref: none,
        cmd: () => [node, [cli, ...auditArgs(file, 'json', ['--config', suppressions])]],
        baseline: (b) => [node, [b, ...auditArgs(file, 'json', ['--config', suppressions])]],
      });
    }
  }
}

// Interleaved: run 1 of every figure, then run 2, ...
const samples = new Map<string, { own: Sample[]; base: Sample[] }>();
for (const f of figures) samples.set(f.name, { own: [], base: [] });
for (let r = 0; r < runs; r++) {
  for (const f of figures) {
    if (r >= (f.runs ?? runs)) continue;
    const s = samples.get(f.name)!;
    const [c, a, e] = f.cmd();
    const own = await measure(c, a, e);
    s.own.push(own);
    let line = `run ${r + 1}: ${f.name}: ${own.seconds.toFixed(2)} s ${own.rssMb?.toFixed(0) ?? '?'} MB`;
    if (baselineCli && f.baseline) {
      const [bc, ba, be] = f.baseline(baselineCli);
      const base = await measure(bc, ba, be);
      s.base.push(base);
      line += `; baseline ${base.seconds.toFixed(2)} s ${base.rssMb?.toFixed(0) ?? '?'} MB`;
    }
    // Progress (and the raw samples, should the run be cut short) on stderr.
    process.stderr.write(`${line}\n`);
  }
}

const med = new Map<string, Medians>();
for (const f of figures) {
  const s = samples.get(f.name)!;
  const rss = s.own.map((x) => x.rssMb).filter((x): x is number => x !== undefined);
  const brss = s.base.map((x) => x.rssMb).filter((x): x is number => x !== undefined);
  med.set(f.name, {
    seconds: median(s.own.map((x) => x.seconds)),
    ...(rss.length ? { rssMb: median(rss) } : {}),
    ...(s.base.length ? { baseSeconds: median(s.base.map((x) => x.seconds)) } : {}),
    ...(brss.length ? { baseRssMb: median(brss) } : {}),
  });
}

const secs = (x: number) => (x < 10 ? `${x.toFixed(2)} s` : `${x.toFixed(1)} s`);
const header = ['figure', 'goal', 'median', 'peak RSS', 'ratio', 'vs', 'met'];
if (baselineCli) header.push('baseline', 'base RSS', 'ratio to baseline');
const rows: string[][] = [header];
for (const f of figures) {
  const m = med.get(f.name)!;
  const ref = f.ref ? med.get(f.ref) : undefined;
  const row = [
    f.name,
    f.goal ?? '',
    secs(m.seconds) + ((f.runs ?? runs) < runs ? ` (${f.runs} run)` : ''),
    m.rssMb !== undefined ? `${m.rssMb.toFixed(0)} MB` : '',
    ref ? `${(m.seconds / ref.seconds).toFixed(2)}×` : '',
    f.ref ? f.ref.replace(/ \(.*/, '') : '',
    f.judge ? (f.judge(m, med) ? 'yes' : 'NO') : '',
  ];
  if (baselineCli)
    row.push(
      m.baseSeconds !== undefined ? secs(m.baseSeconds) : '',
      m.baseRssMb !== undefined ? `${m.baseRssMb.toFixed(0)} MB` : '',
      m.baseSeconds !== undefined ? `${(m.seconds / m.baseSeconds).toFixed(2)}×` : '',
    );
  rows.push(row);
}
const a10k = [...med].find(([k]) => k.startsWith('audit 10k') && k.endsWith('json'))?.[1];
const a100k = [...med].find(([k]) => k.startsWith('audit 100k') && k.endsWith('json'))?.[1];
if (a10k && a100k) {
  const ratio = a100k.seconds / a10k.seconds;
  rows.push([
    'scaling 10k → 100k (json)',
    '≤ 11×',
    `${ratio.toFixed(1)}×`,
    '',
    '',
    '',
    ratio <= 11 ? 'yes' : 'NO',
  ]);
}

console.log(
  `resil offline audit, medians of ${runs} runs (node ${process.version}, ${process.platform}; ` +
    `${awsVersion ? `reference ${awsVersion}` : 'no AWS CLI on the PATH'}${baselineCli ? `; baseline ${opts.baseline}` : ''})`,
);
const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(rows[0]!));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
await emulator?.stop();
rmSync(dir, { recursive: true, force: true });
