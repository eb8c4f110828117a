/**
 * What the two demos share: start the emulator, and stop it exactly once (on success, on failure,
 * or on the signals the caller names), then exit.
 */
import { startEmulator, type Emulator } from '../test/emulator/index.js';

export const say = (line = ''): void => {
  process.stderr.write(`${line}\n`);
};

export async function startDemoEmulator(
  what: string,
  signals: NodeJS.Signals[],
): Promise<{ emu: Emulator; stop: (code: number) => Promise<never> }> {
  say(`Starting the AWS emulator (${what}) ...`);
  const emu = await startEmulator({ log: say });
  let stopping: Promise<never> | undefined;
  const stop = (code: number): Promise<never> =>
    (stopping ??= (async () => {
      await emu.stop();
      say('Emulator stopped.');
      process.exit(code);
    })());
  for (const s of signals) process.on(s, () => void stop(0));
  return { emu, stop };
}
