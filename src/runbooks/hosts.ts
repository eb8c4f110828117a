/**
 * I/O hosts for the CLI: `TextHost` (human: stderr lines, coloured unless NO_COLOR, prompts via
 * @inquirer/prompts) and `JsonHost` (--json: one JSON event per line on stdout; never prompts).
 */
import { Chalk } from 'chalk';
import { confirm, input } from '@inquirer/prompts';
import { Listr, type DefaultRenderer, type ListrTaskWrapper } from 'listr2';
import type { IoHost, RunEvent } from './io.js';
import { formatDuration } from './poll.js';
import { renderEvent, type Paint } from './render.js';
import { safeDeep, safeText } from '../util/text.js';
import { terminalWidth, wrapIndented } from '../render/text.js';

function painter(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Paint {
  const level = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' ? 0 : stream.isTTY ? 1 : 0;
  const c = new Chalk({ level });
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow };
}

export class TextHost implements IoHost {
  readonly interactive: boolean;
  private readonly paint: Paint;
  /** On a terminal, wait lines overwrite each other instead of scrolling. */
  private waiting = false;
  private readonly tty: boolean;

  /** Where prompts read from (stdin; a test passes a stream). */
  private readonly input: NodeJS.ReadableStream | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly env: NodeJS.ProcessEnv = process.env,
    stdin: { isTTY?: boolean } | (NodeJS.ReadableStream & { isTTY?: boolean }) = process.stdin,
  ) {
    this.input = 'on' in stdin ? stdin : undefined;
    this.interactive = !!stdin.isTTY && !!out.isTTY;
    this.tty = !!out.isTTY && !env['CI'];
    this.paint = painter(out, env);
  }

  emit(event: RunEvent): void {
    // The output boundary: AWS- and user-supplied strings in the event are made safe once, here.
    const e = safeDeep(event);
    const text = renderEvent(e, this.paint);
    if (e.type === 'step-wait' && this.tty) {
      this.out.write(`\r\x1b[2K${text.trimStart()}`);
      this.waiting = true;
      return;
    }
    if (this.waiting) {
      this.out.write('\n');
      this.waiting = false;
    }
    // The plan, the preflight and the notes wrap at the terminal width, each line under its own indent.
    const width = terminalWidth(this.out, undefined, this.env);
    this.out.write(`${width ? wrapIndented(text, width, 2) : text}\n`);
  }

  /** The prompts' streams: stderr, and stdin (or the stream a test gave). */
  private get context() {
    return { output: this.out, ...(this.input ? { input: this.input } : {}) };
  }

  async confirm(message: string): Promise<boolean> {
    // inquirer marks every answered prompt with a ✔, a "No" too: here the mark follows the answer.
    let mark = '?';
    try {
      return await confirm(
        {
          message: safeText(message),
          default: false,
          theme: {
            prefix: {
              idle: '?',
              get done() {
                return mark;
              },
            },
          },
          transformer: (yes: boolean) => {
            mark = yes ? this.paint.green('✔') : this.paint.red('✖');
            return yes ? 'Yes' : 'No (not run)';
          },
        },
        this.context,
      );
    } catch {
      return false; // Ctrl-C / closed input = No
    }
  }

  /**
   * The typed confirmation of a data-loss step. A typo asks again (the prompt's validate) instead
   * of ending a run mid-incident; an empty answer, "n" or "no", or Ctrl-C, declines.
   */
  async confirmTyped(message: string, expected: string): Promise<boolean> {
    const declines = (v: string) => /^(|n|no)$/i.test(v.trim());
    try {
      const answer = await input(
        {
          message: safeText(message),
          // A wrong answer is cleared, not left to be edited into a near miss.
          theme: { validationFailureMode: 'clear' },
          validate: (v) =>
            v.trim() === expected ||
            declines(v) ||
            `That is not ${expected}. Type ${expected} exactly to proceed, or press Enter to stop.`,
        },
        this.context,
      );
      return answer.trim() === expected;
    } catch {
      return false; // Ctrl-C / closed input = No
    }
  }
}

type Task = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof DefaultRenderer>;

/**
 * On an interactive terminal (stdout and stderr are TTYs, CI unset): each step is a listr2 task
 * with a spinner, the elapsed time and the state observed; the rest (plan, preflight, prompts,
 * result) is printed as by TextHost. Prompts only happen between steps, never inside a task.
 */
export class ListrHost extends TextHost {
  private step?: { task?: Task; output: string; done: (err?: Error) => void; running: Promise<void> };

  override async emit(event: RunEvent): Promise<void> {
    const e = safeDeep(event);
    if (e.type === 'step-start') {
      let done!: (err?: Error) => void;
      const finished = new Promise<void>((resolve, reject) => {
        done = (err) => (err ? reject(err) : resolve());
      });
      const state: NonNullable<ListrHost['step']> = { output: '', done, running: Promise.resolve() };
      const list = new Listr(
        [
          {
            title: `[${e.index + 1}/${e.total}] ${e.step.title}`,
            task: async (_ctx: unknown, task: Task) => {
              state.task = task;
              if (state.output) task.output = state.output;
              await finished;
            },
          },
        ],
        {
          renderer: 'default',
          exitOnError: true,
          registerSignalListeners: false,
          rendererOptions: { showErrorMessage: true },
        },
      );
      state.running = list.run().then(
        () => undefined,
        () => undefined,
      );
      this.step = state;
      return;
    }
    if (this.step && (e.type === 'step-wait' || e.type === 'note')) {
      const text = e.type === 'step-wait' ? `${formatDuration(e.elapsedMs)}  ${e.observed}` : e.text;
      this.step.output = text;
      if (this.step.task) this.step.task.output = text;
      return;
    }
    if (this.step && e.type === 'step-end') {
      const s = this.step;
      this.step = undefined;
      if (e.outcome === 'failed') {
        if (s.task) s.task.title = `${s.task.title}: ${e.message}`;
        s.done(new Error(e.message));
      } else {
        if (s.task && e.elapsedMs !== undefined)
          s.task.title = `${s.task.title} (${formatDuration(e.elapsedMs)})`;
        s.done();
      }
      await s.running;
      return;
    }
    super.emit(e);
  }
}

/** Version of the --json event contract (schemas/runbook-events.schema.json): bumped only for an incompatible change. */
export const EVENTS_VERSION = 1;

/** --json: one event per line on stdout, each with `v` (EVENTS_VERSION). */
export class JsonHost implements IoHost {
  readonly interactive = false;
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}
  emit(e: RunEvent): void {
    this.out.write(`${JSON.stringify({ v: EVENTS_VERSION, ...safeDeep(e) })}\n`);
  }
  async confirm(): Promise<boolean> {
    return false;
  }
  async confirmTyped(): Promise<boolean> {
    return false;
  }
}
