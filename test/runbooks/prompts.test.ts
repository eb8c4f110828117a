/**
 * The terminal prompts of TextHost (issue 13), driven through streams: a step answered No is not
 * marked ✔ (inquirer marks every answered prompt ✔ by default); the typed data-loss confirmation
 * asks again after a typo instead of ending the run, and an empty answer declines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { TextHost } from '../../src/runbooks/hosts.js';

function terminal(): {
  input: PassThrough & { isTTY: boolean };
  out: PassThrough & { isTTY: boolean };
  text: () => string;
} {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const out = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  // The prompt library styles the message itself: compare the text without escape sequences.
  // eslint-disable-next-line no-control-regex
  return { input, out, text: () => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') };
}

/** Types `keys` once the prompt has rendered `when`. */
async function answer(t: ReturnType<typeof terminal>, when: RegExp, keys: string): Promise<void> {
  for (let i = 0; i < 200 && !when.test(t.text()); i++) await new Promise((r) => setTimeout(r, 10));
  assert.match(t.text(), when);
  t.input.write(keys);
}

const host = (t: ReturnType<typeof terminal>) =>
  new TextHost(t.out as unknown as NodeJS.WriteStream, { NO_COLOR: '1' }, t.input);

test('prompts: No is marked ✖ and "not run", Yes ✔; never a ✔ next to a declined step', async () => {
  const no = terminal();
  const declined = host(no).confirm('Step 1/2: switch over. Proceed?');
  await answer(no, /Proceed\?/, 'n\r');
  assert.equal(await declined, false);
  assert.match(no.text(), /✖ Step 1\/2: switch over\. Proceed\? No \(not run\)/);
  assert.doesNotMatch(no.text(), /✔/);

  const yes = terminal();
  const approved = host(yes).confirm('Step 2/2: cut DNS over. Proceed?');
  await answer(yes, /Proceed\?/, 'y\r');
  assert.equal(await approved, true);
  assert.match(yes.text(), /✔ Step 2\/2: cut DNS over\. Proceed\? Yes/);
});

test('prompts: a typo in the typed confirmation asks again; the right id proceeds, Enter declines', async () => {
  const t = terminal();
  const ok = host(t).confirmTyped('This step CAN LOSE DATA. Type shop-global to proceed:', 'shop-global');
  await answer(t, /Type shop-global to proceed/, 'shop-globl\r');
  await answer(
    t,
    /That is not shop-global\. Type shop-global exactly to proceed, or press Enter to stop\./,
    'shop-global\r',
  );
  assert.equal(await ok, true);

  const d = terminal();
  const declined = host(d).confirmTyped('Type shop-global to proceed:', 'shop-global');
  await answer(d, /Type shop-global to proceed/, 'yes\r');
  await answer(d, /That is not shop-global/, '\r');
  assert.equal(await declined, false);
});
