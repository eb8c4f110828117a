/**
 * Issue 9 item 6: a run journaled with --journal PATH outside ~/.resil/runs printed
 * `Resume with: resil failover --resume <RUN_ID>`, which failed with "Unknown run", and `resil runs`
 * did not list it. Such a run is indexed under the runs directory, so its id works everywhere; when
 * the index cannot be written, the printed command names the journal path instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/runbooks/io.js';
import { listRuns, resolveRun } from '../../src/runbooks/journal.js';
import { defaultState } from './fake-gateway.js';
import { failover, harness, RecorderHost, resume, tmpHome } from './support.js';

/** Stops the run (Ctrl-C) once the switchover is being waited for: a stop after a change. */
function interruptingHost(ctl: AbortController): RecorderHost {
  return new (class extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait' && e.step.mutating) ctl.abort();
    }
  })(false);
}

test('--journal elsewhere: the printed resume command works, `resil runs` lists the run, the resume appends to that journal', async () => {
  const h = harness(defaultState());
  const elsewhere = join(tmpHome(), 'ops', 'drill.jsonl');
  const ctl = new AbortController();
  const first = await failover(
    h,
    { waitTtl: false },
    { io: interruptingHost(ctl), signal: ctl.signal, journalPath: elsewhere },
  );
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  const id = first.outcome.runId;
  assert.equal(first.outcome.resumeCommand, `resil failover --resume ${id}`);
  assert.equal(first.outcome.journalPath, elsewhere);

  const env = { RESIL_HOME: h.home };
  assert.equal(resolveRun(id, env), realpathSync(elsewhere), 'the id resolves to the journal elsewhere');
  const listed = listRuns(env).find((r) => r.runId === id);
  assert.ok(listed, '`resil runs` lists it');
  assert.equal(listed.path, realpathSync(elsewhere));

  const again = await resume(h, id);
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(again.outcome.journalPath, realpathSync(elsewhere));
  assert.equal(h.mutations().filter((m) => m.operation === 'SwitchoverGlobalCluster').length, 1);
});

test('when the runs directory cannot hold the index, the resume command names the journal path', async () => {
  const h = harness(defaultState());
  // RESIL_HOME/runs is a file: no index can be written there.
  mkdirSync(h.home, { recursive: true });
  writeFileSync(join(h.home, 'runs'), 'not a directory');
  chmodSync(join(h.home, 'runs'), 0o400);
  const elsewhere = join(tmpHome(), 'drill journal.jsonl');
  const ctl = new AbortController();
  const first = await failover(
    h,
    { waitTtl: false },
    { io: interruptingHost(ctl), signal: ctl.signal, journalPath: elsewhere },
  );
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  assert.equal(first.outcome.resumeCommand, `resil failover --resume '${elsewhere}'`);
  assert.ok(
    first.outcome.warnings?.some((w) => /could not be indexed/.test(w)) ||
      (first.io.events as RunEvent[]).some((e) => e.type === 'note' && /could not be indexed/.test(e.text)),
    'the operator is told',
  );
});
