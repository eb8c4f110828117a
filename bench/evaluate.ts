/**
 * `npm run bench:evaluate [-- SCALE]`: times the pure half of an audit (evaluate every check, then
 * render every format) on a synthetic account made of SCALE copies of the bundled example's
 * resources per region, over 4 regions. No network.
 */
import { readFileSync } from 'node:fs';
import { ALL_CHECKS } from '../src/checks/index.js';
import { runAudit } from '../src/engine/audit.js';
import { parseSnapshot } from '../src/inventory/load.js';
import type { Inventory, RegionInventory } from '../src/inventory/schema.js';
import { RENDERERS } from '../src/render/index.js';
import { FORMATS } from '../src/render/types.js';

const scale = Number(process.argv[2] ?? 50);
const example = parseSnapshot(
  JSON.parse(readFileSync(new URL('../examples/shop.snapshot.json', import.meta.url), 'utf8')),
);

/** Copies every regional resource `n` times with suffixed ids (ARNs and names stay unique). */
function multiply(r: RegionInventory, n: number): RegionInventory {
  const out = structuredClone(r);
  for (const key of Object.keys(r) as Array<keyof RegionInventory>) {
    if (key === 'availabilityZones') continue;
    const items = r[key] as unknown[];
    (out[key] as unknown[]) = Array.from({ length: n }, (_, i) =>
      items.map((item) =>
        JSON.parse(
          JSON.stringify(item).replace(/"((?:arn:|shop|orders|i-0|subnet-0|nat-0|hc-)[^"]*)"/g, `"$1-${i}"`),
        ),
      ),
    ).flat();
  }
  return out;
}

const regions: Record<string, RegionInventory> = {};
for (const [name, r] of Object.entries(example.inventory.regions)) regions[name] = multiply(r, scale);
regions['eu-west-1'] = multiply(example.inventory.regions['us-east-1']!, scale);
regions['eu-central-1'] = multiply(example.inventory.regions['us-west-2']!, scale);
const inv: Inventory = { ...example.inventory, regions };
const count = Object.values(regions).reduce(
  (n, r) =>
    n + r.autoScalingGroups.length + r.targetGroups.length + r.instances.length + r.dbInstances.length,
  0,
);

const t0 = performance.now();
const result = runAudit(inv, ALL_CHECKS, { config: {}, failOn: 'high' });
const t1 = performance.now();
console.log(
  `synthetic account: 4 regions × ${scale} copies of the example (${count} ASGs, target groups, instances and DB instances)`,
);
console.log(
  `  evaluate ${ALL_CHECKS.length} checks: ${(t1 - t0).toFixed(0)} ms, ${result.findings.length} findings`,
);
for (const format of FORMATS) {
  const t = performance.now();
  const out = RENDERERS[format]!(result, {
    tool: { name: 'resil', version: 'bench' },
    startedAt: new Date().toISOString(),
    durationMs: 0,
    color: false,
  });
  console.log(
    `  render ${format.padEnd(8)}: ${(performance.now() - t).toFixed(0)} ms, ${(out.length / 1024).toFixed(0)} KiB`,
  );
}
