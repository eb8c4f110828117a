/** Test support for runbooks: a recording I/O host with scripted answers, a virtual clock, and run helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IoHost, RunEvent, RunOutcome } from '../../src/runbooks/io.js';
import type { Clock } from '../../src/runbooks/poll.js';
import { buildFailover, type FailoverParams } from '../../src/runbooks/failover.js';
import { buildCutover, buildRollback, type CutoverParams } from '../../src/runbooks/cutover.js';
import { loadRun, resumeRun, startRun, type SessionOptions } from '../../src/runbooks/session.js';
import type { DnsPlans } from '../../src/runbooks/dns.js';
import type { SharedLockConfig } from '../../src/runbooks/shared-lock.js';
import { FakeGateway, type FakeOptions, type FakeState } from './fake-gateway.js';

export class RecorderHost implements IoHost {
  readonly events: RunEvent[] = [];
  readonly prompts: Array<{ kind: 'confirm' | 'typed'; message: string; answer: boolean | string }> = [];
  constructor(
    readonly interactive = false,
    private readonly answers: Array<boolean | string> = [],
  ) {}
  emit(e: RunEvent): void {
    this.events.push(e);
  }
  async confirm(message: string): Promise<boolean> {
    const a = this.answers.shift();
    if (typeof a !== 'boolean') throw new Error(`unexpected confirm prompt: ${message}`);
    this.prompts.push({ kind: 'confirm', message, answer: a });
    return a;
  }
  async confirmTyped(message: string, expected: string): Promise<boolean> {
    const a = this.answers.shift();
    if (typeof a !== 'string') throw new Error(`unexpected typed prompt: ${message}`);
    this.prompts.push({ kind: 'typed', message, answer: a });
    return a === expected;
  }
  get result(): RunOutcome {
    const r = this.events.find((e) => e.type === 'result');
    if (!r || r.type !== 'result') throw new Error('no result event');
    return r.outcome;
  }
}

export function virtualClock(start = Date.parse('2026-11-26T12:00:00Z')): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (!signal?.aborted) c.t += ms;
    },
  };
  return c;
}

const homes: string[] = [];
// Each test file runs in its own process: remove its temp homes when it exits.
process.on('exit', () => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

export function tmpHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'resil-rb-'));
  homes.push(home);
  return home;
}

export const FAILOVER_DEFAULTS: FailoverParams = {
  to: 'us-west-2',
  mode: 'switchover',
  maxLagSeconds: 15,
  waitTtl: true,
  agdTimeoutMs: 30 * 60_000,
  dnsTimeoutMs: 5 * 60_000,
};

export interface Harness {
  state: FakeState;
  home: string;
  gateways: FakeGateway[];
  /** Every call over every attempt. */
  allCalls(): FakeGateway['calls'];
  mutations(): FakeGateway['calls'];
}

export function harness(state: FakeState): Harness {
  const h: Harness = {
    state,
    home: tmpHome(),
    gateways: [],
    allCalls: () => h.gateways.flatMap((g) => g.calls),
    mutations: () => h.gateways.flatMap((g) => g.mutations),
  };
  return h;
}

export interface RunOpts {
  io?: RecorderHost;
  fake?: FakeOptions;
  yes?: boolean;
  allowDataLoss?: boolean;
  force?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  clock?: Clock;
  /** --journal PATH */
  journalPath?: string;
  /** runbooks.lock */
  sharedLock?: SharedLockConfig;
}

function session(h: Harness, o: RunOpts): SessionOptions & { io: RecorderHost } {
  return {
    io: o.io ?? new RecorderHost(false),
    makeGateway: (observer) => {
      const g = new FakeGateway(h.state, { ...o.fake, observer });
      h.gateways.push(g);
      return g;
    },
    connection: { endpointUrl: 'fake' },
    env: { RESIL_HOME: h.home },
    ...(o.journalPath ? { journalPath: o.journalPath } : {}),
    ...(o.sharedLock ? { sharedLock: o.sharedLock } : {}),
    signal: o.signal ?? new AbortController().signal,
    // Starts at the wall clock: a resume reads the first mutation's time from the journal, which is wall-clock time.
    clock: o.clock ?? virtualClock(Date.now()),
    timing: { baseMs: 2000, capMs: 10_000 },
    yes: o.yes ?? true,
    allowDataLoss: o.allowDataLoss ?? false,
    force: o.force ?? false,
    dryRun: o.dryRun ?? false,
  };
}

export async function failover(
  h: Harness,
  params: Partial<FailoverParams>,
  o: RunOpts = {},
): Promise<{ outcome: RunOutcome; io: RecorderHost }> {
  const s = session(h, o);
  const p = { ...FAILOVER_DEFAULTS, ...params };
  const outcome = await startRun(
    'failover',
    p as unknown as Record<string, unknown>,
    (gw, runId) => buildFailover(gw, p, runId),
    s,
  );
  return { outcome, io: s.io };
}

export async function resume(
  h: Harness,
  runId: string,
  o: RunOpts = {},
): Promise<{ outcome: RunOutcome; io: RecorderHost }> {
  const s = session(h, o);
  const info = loadRun(runId, { RESIL_HOME: h.home });
  const outcome = await resumeRun(
    info,
    (gw, id, data) => {
      if (info.kind === 'failover')
        return buildFailover(gw, info.params as unknown as FailoverParams, id, data as never);
      if (info.kind === 'cutover')
        return buildCutover(
          gw,
          info.params as unknown as CutoverParams,
          id,
          data?.['dns'] as DnsPlans | undefined,
        );
      throw new Error(`kind ${info.kind}`);
    },
    s,
  );
  return { outcome, io: s.io };
}

export async function cutover(
  h: Harness,
  params: CutoverParams,
  o: RunOpts = {},
): Promise<{ outcome: RunOutcome; io: RecorderHost }> {
  const s = session(h, o);
  const outcome = await startRun(
    'cutover',
    params as unknown as Record<string, unknown>,
    (gw, runId) => buildCutover(gw, params, runId),
    s,
  );
  return { outcome, io: s.io };
}

export async function rollback(
  h: Harness,
  fromRunId: string,
  o: RunOpts = {},
): Promise<{ outcome: RunOutcome; io: RecorderHost }> {
  const s = session(h, o);
  const from = loadRun(fromRunId, { RESIL_HOME: h.home });
  const outcome = await startRun(
    'cutover-rollback',
    { rollbackOf: fromRunId },
    (gw, runId) =>
      buildRollback(gw, from.planData ?? {}, fromRunId, { waitTtl: true, dnsTimeoutMs: 300_000 }, runId),
    s,
  );
  return { outcome, io: s.io };
}
