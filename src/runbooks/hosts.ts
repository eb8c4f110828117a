/**
 * I/O hosts for the CLI: `TextHost` (human: stderr lines, coloured unless NO_COLOR, prompts via
 * @inquirer/prompts) and `JsonHost` (--json: one JSON event per line on stdout; never prompts).
 */
import { Chalk } from 'chalk';
import { confirm, input } from '@inquirer/prompts';
import type { IoHost, RunEvent } from './io.js';
import { renderEvent, type Paint } from './render.js';

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

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
    stdin: { isTTY?: boolean } = process.stdin,
  ) {
    this.interactive = !!stdin.isTTY && !!out.isTTY;
    this.tty = !!out.isTTY && !env['CI'];
    this.paint = painter(out, env);
  }

  emit(e: RunEvent): void {
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
    this.out.write(`${text}\n`);
  }

  async confirm(message: string): Promise<boolean> {
    try {
      return await confirm({ message, default: false }, { output: this.out });
    } catch {
      return false; // Ctrl-C / closed input = No
    }
  }

  async confirmTyped(message: string, expected: string): Promise<boolean> {
    try {
      const answer = await input({ message }, { output: this.out });
      return answer.trim() === expected;
    } catch {
      return false;
    }
  }
}

export class JsonHost implements IoHost {
  readonly interactive = false;
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}
  emit(e: RunEvent): void {
    this.out.write(`${JSON.stringify(e)}\n`);
  }
  async confirm(): Promise<boolean> {
    return false;
  }
  async confirmTyped(): Promise<boolean> {
    return false;
  }
}
