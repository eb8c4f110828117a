/**
 * `npm run demo`: starts the AWS emulator (moto), seeds the two-region shop, runs a live
 * collection + audit against it with the built CLI, then prints how to try other commands against
 * the same endpoint. On a terminal it keeps the emulator up until Ctrl-C; otherwise it stops at once.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/emulator/index.js';
import { PRIMARY, STANDBY, seedShop } from '../test/support/seed-shop.js';
import { seedServices } from '../test/support/seed-services.js';
import { say, startDemoEmulator } from './demo-support.js';

const BIN = join(REPO_ROOT, 'bin', 'run.js');
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: PRIMARY,
};

const { emu, stop } = await startDemoEmulator('moto', ['SIGINT', 'SIGTERM']);

try {
  say(`Emulator on ${emu.url}. Seeding the shop (${PRIMARY} primary, ${STANDBY} standby) ...`);
  const shop = await seedShop({ endpoint: emu.url, log: (l) => say(`  ${l}`) });
  say('  seeding ECS services, service auto scaling, tables, queues, file systems, an alarm');
  await seedServices(emu.url, shop);
  const flags = ['--endpoint-url', emu.url, '--region', `${PRIMARY},${STANDBY}`];
  say();
  say(`$ resil audit ${flags.join(' ')}`);
  spawnSync(process.execPath, [BIN, 'audit', ...flags, '--format', 'table'], { stdio: 'inherit', env });
  say();
  say('Try other commands against the same emulator (in another terminal):');
  say(`  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${PRIMARY}`);
  say(`  ./bin/run.js snapshot ${flags.join(' ')} --output shop.json`);
  say(`  ./bin/run.js audit ${flags.join(' ')} --format json`);
  say('  ./bin/run.js audit --snapshot shop.json                 # the same findings, offline');
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
