/**
 * `npm run demo`: starts the AWS emulator (moto), seeds the two-region shop, runs a live
 * collection + audit against it with the built CLI, then prints how to try other commands against
 * the same endpoint. On a terminal it keeps the emulator up until Ctrl-C; otherwise it stops at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startEmulator } from '../test/emulator/index.js';
import { PRIMARY, STANDBY, seedShop } from '../test/support/seed-shop.js';

const say = (line = '') => process.stderr.write(`${line}\n`);
const BIN = join(REPO_ROOT, 'bin', 'run.js');
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: PRIMARY };

say('Starting the AWS emulator (moto) ...');
const emu = await startEmulator({ log: say });
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await emu.stop();
  say('Emulator stopped.');
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  say(`Emulator on ${emu.url}. Seeding the shop (${PRIMARY} primary, ${STANDBY} standby) ...`);
  await seedShop({ endpoint: emu.url, log: (l) => say(`  ${l}`) });
  const flags = ['--endpoint-url', emu.url, '--region', `${PRIMARY},${STANDBY}`];
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { flags: Record<string, unknown> }>;
  };
  const liveAudit = 'endpoint-url' in (manifest.commands['audit']?.flags ?? {});
  const snap = join(mkdtempSync(join(tmpdir(), 'resil-demo-')), 'shop.snapshot.json');
  say();
  if (liveAudit) {
    say(`$ resil audit ${flags.join(' ')}`);
    spawnSync(process.execPath, [BIN, 'audit', ...flags, '--format', 'table'], { stdio: 'inherit', env });
  } else {
    say(`$ resil snapshot ${flags.join(' ')} --output ${snap}`);
    spawnSync(process.execPath, [BIN, 'snapshot', ...flags, '--output', snap], { stdio: 'inherit', env });
    say(`$ resil audit --snapshot ${snap}`);
    spawnSync(process.execPath, [BIN, 'audit', '--snapshot', snap, '--format', 'table'], { stdio: 'inherit', env });
  }
  say();
  say('Try other commands against the same emulator (in another terminal):');
  say(`  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${PRIMARY}`);
  say(`  ./bin/run.js snapshot ${flags.join(' ')} --output shop.json`);
  say(`  ./bin/run.js audit ${liveAudit ? flags.join(' ') : '--snapshot shop.json'} --format json`);
  say(`  aws --endpoint-url ${emu.url} rds describe-global-clusters     # the AWS CLI works too`);
  if (process.stdin.isTTY) {
    say();
    say('Press Ctrl-C to stop the emulator.');
    await new Promise(() => {});
  }
  await stop(0);
} catch (err) {
  say(`demo failed: ${(err as Error).message}`);
  await stop(1);
}
