/**
 * `npm run bench [-- N]`: seeds the shop into the emulator and times N live collections of it
 * (in-process, the same code the CLI runs), reporting API calls and wall time.
 */
import { collectInventory } from '../src/aws/collect/index.js';
import { startEmulator } from '../test/emulator/index.js';
import { PRIMARY, STANDBY, seedShop } from '../test/support/seed-shop.js';

const runs = Number(process.argv[2] ?? 5);
const concurrency = Number(process.env['RESIL_BENCH_CONCURRENCY'] ?? 16);
process.env['AWS_ACCESS_KEY_ID'] = 'testing';
process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';

const emu = await startEmulator();
try {
  await seedShop({ endpoint: emu.url });
  const times: number[] = [];
  let calls = 0;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    await emu.clearRequests();
    const t = performance.now();
    const { stats, inventory } = await collectInventory({
      regions: [PRIMARY, STANDBY],
      allRegions: false,
      endpointUrl: emu.url,
      concurrency,
      maxAttempts: 3,
      lagWindowSeconds: 3600,
    });
    times.push(performance.now() - t);
    calls = stats.apiCalls;
    peak = stats.peakConcurrency ?? 0;
    const seen = (await emu.requests()).length;
    if (seen !== calls)
      console.error(`warning: the emulator saw ${seen} requests, the collector counted ${calls}`);
    if (inventory.collection.some((c) => c.status === 'error'))
      console.error('warning: some operations failed');
  }
  times.sort((a, b) => a - b);
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(
    `live collection of the seeded shop (${PRIMARY} + ${STANDBY} + Route 53), ${runs} runs, concurrency ${concurrency}`,
  );
  console.log(`  API calls per collection: ${calls} (peak in flight: ${peak})`);
  console.log(
    `  wall time: min ${ms(times[0]!)}, median ${ms(times[Math.floor(times.length / 2)]!)}, max ${ms(times[times.length - 1]!)}`,
  );
} finally {
  await emu.stop();
}
