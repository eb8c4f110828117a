/**
 * Resuming a data-loss run (failover/detach mode) without --allow-data-loss is refused. Exit 2 would
 * tell a pipeline "nothing was changed", so after an earlier attempt changed AWS it is exit 5.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, cli, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
before(() => assertBuilt());
after(() => tmp.cleanup());

function journal(name: string, lines: object[]): string {
  return tmp.file(name, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

const run = {
  type: 'run',
  t: '2026-11-26T03:00:00.000Z',
  seq: 0,
  v: 1,
  runId: 'r-failover',
  kind: 'failover',
  tool: { name: 'resil', version: 'test' },
  params: { to: 'us-west-2', mode: 'failover', maxLagSeconds: 15, waitTtl: true },
  connection: { endpointUrl: 'http://127.0.0.1:9' },
};

test('resume of a failover-mode run that already changed AWS, without --allow-data-loss: exit 5 with the resume command', async () => {
  const path = journal('changed.jsonl', [
    run,
    { type: 'mutation-start', t: '2026-11-26T03:00:05.000Z', seq: 1, v: 1, step: 'agd-failover', calls: [] },
  ]);
  const r = await cli(['failover', '--resume', path, '--yes'], {
    cwd: tmp.dir,
    env: { RESIL_HOME: tmp.dir },
  });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /has already changed AWS/);
  assert.match(r.stderr, /resil failover --resume r-failover --allow-data-loss/);
  assert.doesNotMatch(r.stderr, STACK);
});

test('resume of a failover-mode run that changed nothing, without --allow-data-loss: exit 2', async () => {
  const path = journal('unchanged.jsonl', [run]);
  const r = await cli(['failover', '--resume', path, '--yes'], {
    cwd: tmp.dir,
    env: { RESIL_HOME: tmp.dir },
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /pass --allow-data-loss to resume it/);
});
