/**
 * `npm run demo:failover`: rehearse the whole DR runbook against the AWS emulator (moto + the
 * runbook extension). Starts the emulator, seeds an Aurora global database (us-east-1 writer,
 * us-west-2 secondary) and Route 53 records, then runs the built CLI:
 *   1. resil failover --to us-west-2 ... --dry-run      (plan + preflight, no change)
 *   2. resil failover --to us-west-2 ...                (asks before each step on a terminal; --yes otherwise)
 *   3. resil runs                                       (the journal)
 *   4. resil cutover --rollback <run>                   (DNS back; the database stays in us-west-2)
 *   5. resil failover --to us-east-1 --skip-dns ...     (switch back)
 * Journals go to a temporary RESIL_HOME. On a terminal the emulator stays up until Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/emulator/index.js';
import { RB, seedRunbooks } from '../test/runbooks/emulator-seed.js';
import { say, startDemoEmulator } from './demo-support.js';

const BIN = join(REPO_ROOT, 'bin', 'run.js');
const home = mkdtempSync(join(tmpdir(), 'resil-demo-failover-'));
const tty = !!process.stdin.isTTY && !!process.stderr.isTTY;
process.env['RESIL_EMULATOR_FAILOVER_POLLS'] ??= '3';
process.env['RESIL_EMULATOR_CHANGE_POLLS'] ??= '2';
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  RESIL_HOME: join(home, '.resil'),
  RESIL_POLL_BASE_MS: process.env['RESIL_POLL_BASE_MS'] ?? '500',
  RESIL_POLL_CAP_MS: process.env['RESIL_POLL_CAP_MS'] ?? '1000',
};

// SIGINT is left to the CLI's prompts while the steps run; it stops the emulator only at the end.
const { emu, stop } = await startDemoEmulator('moto + the runbook extension', ['SIGTERM']);

function resil(args: string[]): number {
  say();
  say(`$ resil ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit', env });
  say(`(exit ${r.status})`);
  return r.status ?? 1;
}

try {
  say(
    `Emulator on ${emu.url}. Seeding ${RB.globalCluster} (writer ${RB.primary.region}, secondary ${RB.standby.region}) and Route 53 ${RB.zone} ...`,
  );
  await seedRunbooks(emu.url, { ttl: 5 });
  const conn = ['--endpoint-url', emu.url];
  const dns = ['--zone', 'example.com', '--record', 'api.example.com'];
  const confirm = tty ? [] : ['--yes'];
  resil(['failover', '--to', RB.standby.region, ...dns, ...conn, '--dry-run']);
  if (tty)
    say('\nNow the real run: answer y to each step (or N to see how it stops and tells you how to resume).');
  const code = resil(['failover', '--to', RB.standby.region, ...dns, ...conn, ...confirm]);
  resil(['runs']);
  if (code === 0) {
    const run = readdirSync(join(home, '.resil', 'runs'))
      .filter((f) => f.includes('-failover-'))
      .sort()
      .pop()!
      .replace(/\.jsonl$/, '');
    resil(['cutover', '--rollback', run, ...conn, ...confirm]);
    resil(['failover', '--to', RB.primary.region, '--skip-dns', ...conn, ...confirm]);
  }
  say();
  say(
    `Journals: ${join(home, '.resil', 'runs')}  (resil runs show <id> prints one; set RESIL_HOME=${join(home, '.resil')})`,
  );
  if (tty) {
    say(`The emulator stays up on ${emu.url}; try e.g.`);
    say(
      `  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing RESIL_HOME=${join(home, '.resil')} ./bin/run.js failover --to us-west-2 --mode failover --allow-data-loss --endpoint-url ${emu.url}`,
    );
    say('Press Ctrl-C to stop it.');
    process.on('SIGINT', () => void stop(0));
    await new Promise(() => {});
  }
  await stop(0);
} catch (err) {
  say(`demo failed: ${(err as Error).message}`);
  await stop(1);
}
