/**
 * `npm run bench:org [-- RUNS]`: accounts per minute of an organisation capture against the emulator.
 * Seeds an organisation of RESIL_BENCH_ACCOUNTS member accounts (default 12; each with a small
 * workload in both regions, reached through an assumed role), then times RUNS captures (default 3) of
 * all of them with the same code `resil snapshot --org` runs (src/org/snapshot.ts, snapshots and
 * index written to a temp directory), at RESIL_BENCH_ACCOUNT_CONCURRENCY accounts at once (default 4)
 * and RESIL_BENCH_CONCURRENCY requests in flight (default 16).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotOrganization } from '../src/org/snapshot.js';
import { startEmulator } from '../test/emulator/index.js';
import { ORG_EXTERNAL_ID, seedOrg } from '../test/support/seed-org.js';

const runs = Number(process.argv[2] ?? 3);
const members = Number(process.env['RESIL_BENCH_ACCOUNTS'] ?? 12);
const accountConcurrency = Number(process.env['RESIL_BENCH_ACCOUNT_CONCURRENCY'] ?? 4);
const concurrency = Number(process.env['RESIL_BENCH_CONCURRENCY'] ?? 16);
const regions = ['us-east-1', 'us-west-2'];
process.env['AWS_ACCESS_KEY_ID'] = 'testing';
process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';

const emu = await startEmulator();
const dir = mkdtempSync(join(tmpdir(), 'resil-bench-org-'));
try {
  const seedStart = performance.now();
  await seedOrg({
    endpoint: emu.url,
    members: Array.from({ length: members }, (_, i) => ({
      name: `member-${i + 1}`,
      workloads: { 'us-east-1': 'web' as const, 'us-west-2': 'standby' as const },
    })),
  });
  const seeded = performance.now() - seedStart;
  const rates: number[] = [];
  let calls = 0;
  let peak = 0;
  let captured = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await snapshotOrganization({
      outputDir: join(dir, `run-${i}`),
      roleName: 'ResilAuditRole',
      externalId: ORG_EXTERNAL_ID,
      includeManagementAccount: false,
      accountConcurrency,
      regions,
      allRegions: false,
      endpointUrl: emu.url,
      concurrency,
      maxAttempts: 3,
      lagWindowSeconds: 3600,
      note: () => {},
    });
    const minutes = (performance.now() - t) / 60_000;
    captured = r.index.summary.ok + r.index.summary.incomplete;
    if (captured !== members) console.error(`warning: ${members - captured} account(s) not captured`);
    rates.push(captured / minutes);
    calls = r.apiCalls;
    peak = r.peakConcurrency;
  }
  rates.sort((a, b) => a - b);
  const fmt = (x: number) => x.toFixed(0);
  console.log(
    `organisation capture of ${members} member accounts (${regions.join(' + ')} + Route 53 each), ${runs} runs, ` +
      `account-concurrency ${accountConcurrency}, concurrency ${concurrency}`,
  );
  console.log(
    `  accounts per minute: median ${fmt(rates[Math.floor(rates.length / 2)]!)} (min ${fmt(rates[0]!)}, max ${fmt(rates[rates.length - 1]!)})`,
  );
  console.log(
    `  API calls per capture: ${calls} (peak in flight: ${peak}); seeding took ${(seeded / 1000).toFixed(1)} s`,
  );
} finally {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
}
