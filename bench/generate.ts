/**
 * Deterministic large snapshots for the benchmarks: the bundled example (examples/shop.snapshot.json)
 * replicated COPIES times into the same regions, every name and id of copy i (i > 0) suffixed `-xi`
 * wherever it appears (ids, ARNs, DNS names, alias targets, metric dimensions, tags), so each copy is
 * a self-consistent account slice and no two resources share an id, an ARN or a DNS name. AWS-owned
 * identifiers (regions, AZs, the account, ELB hosted-zone ids, enum values) are left alone.
 *
 * The file is written as a stream, copy by copy, so a million resources never sit in memory.
 *
 *   node --import tsx bench/generate.ts RESOURCES [FILE]
 *
 * writes a snapshot of at least RESOURCES resources to FILE (default: a new temp directory) and
 * prints its path, resource count and size.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE = fileURLToPath(new URL('../examples/shop.snapshot.json', import.meta.url));

/**
 * Tokens that name something in the example (its resources, records, zones, policies, tags): every
 * run of [A-Za-z0-9_-] that starts with one of these is suffixed in each copy. Checked against the
 * example by test/unit/bench-generate.test.ts (every id unique across copies).
 */
const NAME_TOKEN =
  /(?<![A-Za-z0-9_-])((?:shop|orders?|checkout|carts|emails|ledger|media|reports?|report-|recommendations|black-friday|status-primary|predictive-cpu|cpu-|example-shop|www|api|web|worker|db-|i-0|subnet-0|nat-0|vpc-0|igw-0|hc-|fs-0|fsmt-|Z0|c[01]0{5}|w[01]0{5}|r0{5}|global-a1b2|cluster-c9|cluster-d2|cluster-ro-)[A-Za-z0-9_-]*)(?![A-Za-z0-9_-])/g;

/** Keys of a region's inventory that are not lists of resources (copied once, not per copy). */
const SHARED_REGION_KEYS = new Set(['availabilityZones', 'availabilityZoneIds']);
/** Lists that are not resources (they are counted in bytes, not in resources). */
const NOT_RESOURCES = new Set(['metrics', 'demandMetrics']);

/** JSON text of one item split around its name tokens: render(i) gives copy i's JSON. */
function template(value: unknown): (copy: number) => string {
  const parts = JSON.stringify(value).split(NAME_TOKEN);
  // split with one capture group: [literal, token, literal, token, ..., literal]
  return (copy) => {
    if (copy === 0) return parts.join('');
    const suffix = `-x${copy}`;
    let out = '';
    for (let i = 0; i < parts.length; i++) out += i % 2 === 1 ? parts[i] + suffix : parts[i];
    return out;
  };
}

interface Example {
  schemaVersion: string;
  capture?: unknown;
  inventory: {
    accountId: string;
    capturedAt: string;
    regions: Record<string, Record<string, unknown>>;
    globalClusters: unknown[];
    route53: { hostedZones: Array<{ records: unknown[] }>; healthChecks: unknown[] };
    collection: unknown[];
    [k: string]: unknown;
  };
}

function loadExample(): Example {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Example;
}

/** Resources in one copy of the example: every regional list but metrics, plus zones, records, health checks, global clusters. */
export function resourcesPerCopy(ex: Example = loadExample()): number {
  let n = ex.inventory.globalClusters.length + ex.inventory.route53.healthChecks.length;
  for (const z of ex.inventory.route53.hostedZones) n += 1 + z.records.length;
  for (const r of Object.values(ex.inventory.regions))
    for (const [k, v] of Object.entries(r))
      if (!SHARED_REGION_KEYS.has(k) && !NOT_RESOURCES.has(k) && Array.isArray(v)) n += v.length;
  return n;
}

/** The number of copies that holds at least `resources` resources. */
export function copiesFor(resources: number): number {
  return Math.max(1, Math.ceil(resources / resourcesPerCopy()));
}

/**
 * Writes `copies` copies of the example as one snapshot to `file`. Resolves to the number of
 * resources written and the file's size in bytes.
 */
export async function writeReplicatedSnapshot(
  file: string,
  copies: number,
): Promise<{ resources: number; bytes: number; copies: number }> {
  const ex = loadExample();
  const out = createWriteStream(file);
  let pending = '';
  const write = async (s: string) => {
    pending += s;
    if (pending.length < 1 << 20) return;
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  /** A list whose items are written once per copy. */
  const list = async (items: readonly unknown[]) => {
    const tpls = items.map(template);
    await write('[');
    let first = true;
    for (let c = 0; c < copies; c++)
      for (const t of tpls) {
        await write((first ? '' : ',') + t(c));
        first = false;
      }
    await write(']');
  };
  const { regions, globalClusters, route53, ...rest } = ex.inventory;
  await write(`{"schemaVersion":${JSON.stringify(ex.schemaVersion)},`);
  if (ex.capture !== undefined) await write(`"capture":${JSON.stringify(ex.capture)},`);
  await write('"inventory":{');
  for (const [k, v] of Object.entries(rest)) await write(`${JSON.stringify(k)}:${JSON.stringify(v)},`);
  await write('"regions":{');
  let firstRegion = true;
  for (const [name, r] of Object.entries(regions)) {
    await write(`${firstRegion ? '' : ','}${JSON.stringify(name)}:{`);
    firstRegion = false;
    let firstKey = true;
    for (const [k, v] of Object.entries(r)) {
      await write(`${firstKey ? '' : ','}${JSON.stringify(k)}:`);
      firstKey = false;
      if (SHARED_REGION_KEYS.has(k) || !Array.isArray(v)) await write(JSON.stringify(v));
      else await list(v);
    }
    await write('}');
  }
  await write('},"globalClusters":');
  await list(globalClusters);
  await write(',"route53":{');
  let firstR53 = true;
  for (const [k, v] of Object.entries(route53)) {
    await write(`${firstR53 ? '' : ','}${JSON.stringify(k)}:`);
    firstR53 = false;
    if (Array.isArray(v)) await list(v);
    else await write(JSON.stringify(v));
  }
  await write('}}}\n');
  if (pending) out.write(pending);
  out.end();
  await once(out, 'close');
  return { resources: resourcesPerCopy(ex) * copies, bytes: statSync(file).size, copies };
}

/** A new temp directory for generated files (the benchmarks never write anywhere else). */
export function benchTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'resil-bench-'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(wanted) || wanted < 1) {
    console.error('usage: node --import tsx bench/generate.ts RESOURCES [FILE]');
    process.exit(2);
  }
  const file = process.argv[3] ?? join(benchTempDir(), `shop-${wanted}.snapshot.json`);
  const r = await writeReplicatedSnapshot(file, copiesFor(wanted));
  console.log(
    `${file}: ${r.resources} resources (${r.copies} copies of the example), ${(r.bytes / 1e6).toFixed(1)} MB`,
  );
}
