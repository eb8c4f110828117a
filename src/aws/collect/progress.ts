/**
 * Collection progress on stderr (stdout stays clean for machine output):
 * - a listr2 task list per region (and Route 53 as "global") with item counts per service, when
 *   the terminal is interactive (stdout and stderr are TTYs) and CI is not set;
 * - otherwise plain lines: one per failed operation and one per finished region;
 * - nothing with quiet.
 */
import { Listr, type DefaultRenderer, type ListrTaskWrapper } from 'listr2';
import type { ProgressEvent } from './context.js';
import { safeDeep } from '../../util/text.js';

export interface ProgressReporter {
  progress: (e: { region: string; service: string; message: string }) => void;
  /** Stops rendering (call on success and on failure). */
  finish(): Promise<void>;
}

interface RegionState {
  counts: Map<string, number>;
  errors: string[];
  done: boolean;
  resolve?: () => void;
  task?: ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof DefaultRenderer>;
}

function summary(s: RegionState): string {
  const parts = [...s.counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([svc, n]) => `${svc} ${n}`);
  const errs = s.errors.length
    ? `; ${s.errors.length} failed: ${s.errors.slice(0, 3).join(', ')}${s.errors.length > 3 ? ', …' : ''}`
    : '';
  return `${parts.join(' · ') || 'starting'}${errs}`;
}

export function createProgressReporter(opts: {
  regions: string[];
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Force a renderer (tests). */
  mode?: 'tty' | 'plain' | 'none';
}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  // listr2 draws on the terminal through stdout, so it is used only when stdout AND stderr are the
  // terminal; with stdout piped (machine output), progress is plain lines on stderr.
  const tty = !!stream.isTTY && !!process.stdout.isTTY && !process.env['CI'];
  // The task list needs its rows up front: with --all-regions the regions are only known once
  // collection has asked EC2, so progress is plain lines then.
  const mode = opts.mode ?? (opts.quiet ? 'none' : tty && opts.regions.length > 0 ? 'tty' : 'plain');
  if (mode === 'none') return { progress: () => {}, finish: async () => {} };

  const states = new Map<string, RegionState>();
  const stateOf = (region: string) => {
    let s = states.get(region);
    if (!s) {
      s = { counts: new Map(), errors: [], done: false };
      states.set(region, s);
    }
    return s;
  };
  for (const r of [...opts.regions, 'global']) stateOf(r);

  const onEvent = (raw: { region: string; service: string; message: string }) => {
    // Error codes and messages come from the endpoint: made safe before they reach the terminal.
    const e = safeDeep(raw as ProgressEvent);
    const s = stateOf(e.region);
    if (e.kind === 'ok' && e.count !== undefined)
      s.counts.set(e.service, (s.counts.get(e.service) ?? 0) + e.count);
    if (e.kind === 'error') {
      s.errors.push(`${e.service} ${e.message}`);
      if (mode === 'plain')
        stream.write(
          `resil: ${e.region} ${e.service} ${e.message} (recorded; affected checks will be skipped)\n`,
        );
    }
    if (e.kind === 'done') {
      s.done = true;
      if (mode === 'plain') stream.write(`resil: collected ${e.region}: ${summary(s)}\n`);
      s.resolve?.();
    }
    if (s.task && !s.done) s.task.output = summary(s);
  };

  if (mode === 'plain') return { progress: onEvent, finish: async () => {} };

  const list = new Listr(
    [...states.keys()].map((region) => ({
      title: region === 'global' ? 'Route 53 (global)' : region,
      task: async (
        _ctx: unknown,
        task: ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof DefaultRenderer>,
      ) => {
        const s = stateOf(region);
        s.task = task;
        task.output = summary(s);
        if (!s.done) await new Promise<void>((r) => (s.resolve = r));
        task.title = `${task.title}: ${summary(s)}`;
      },
    })),
    {
      concurrent: true,
      renderer: 'default',
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: false },
    },
  );
  const running = list.run().catch(() => {});
  return {
    progress: onEvent,
    async finish() {
      for (const s of states.values()) {
        s.done = true;
        s.resolve?.();
      }
      await running;
    },
  };
}
