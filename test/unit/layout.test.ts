/**
 * The text-layout helper (src/render/text.ts, on string-width and wrap-ansi): display widths of wide
 * characters and colour codes, word-wrapping that breaks a word only when it is longer than the line,
 * and the terminal width; one command laid out at 60 columns.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {
  NARROW_EXTRA,
  padEnd,
  terminalWidth,
  widthOf,
  wrap,
  wrapIndented,
  wrapNarrow,
} from '../../src/render/text.js';
import { assertBuilt, cli, tempDir } from '../cli/run-cli.js';

const strip = (s: string) => stripVTControlCharacters(s);

describe('text layout', () => {
  test('widths: CJK and emoji are two columns, ANSI colour codes none', () => {
    assert.equal(widthOf('abc'), 3);
    assert.equal(widthOf('東京リージョン'), 14);
    assert.equal(widthOf('ok ✅'), 5);
    assert.equal(widthOf('👍🏽'), 2);
    assert.equal(widthOf('\u001b[31mred\u001b[39m'), 3);
    assert.equal(padEnd('東京', 6), '東京  ');
    assert.equal(widthOf(padEnd('\u001b[1mid\u001b[22m', 5)), 5);
  });

  test('wrapping: by display width, never mid-word unless the word is longer than the line', () => {
    const lines = wrap('東京 大阪 名古屋 札幌 福岡', 10);
    for (const l of lines) assert.ok(widthOf(l) <= 10, l);
    assert.deepEqual(lines, ['東京 大阪', '名古屋', '札幌 福岡']);
    // A URL that fits a line is moved whole to the next line, not cut.
    const url = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide';
    assert.deepEqual(wrap(`See ${url} now`, 62), ['See', url, 'now']);
    // Longer than the line: broken, as there is no other way.
    assert.deepEqual(wrap('x'.repeat(25), 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    // Explicit newlines are kept.
    assert.deepEqual(wrap('one\ntwo three', 20), ['one', 'two three']);
  });

  test('wrapping coloured text: codes do not count, and every line is closed and reopened', () => {
    const red = `\u001b[31m${'word '.repeat(6).trim()}\u001b[39m`;
    const lines = wrap(red, 12);
    assert.deepEqual(lines.map(strip), ['word word', 'word word', 'word word']);
    for (const l of lines) {
      assert.ok(l.startsWith('\u001b[31m') && l.endsWith('\u001b[39m'), JSON.stringify(l));
      assert.ok(widthOf(l) <= 12);
    }
  });

  test('wrapIndented keeps each line under its own indent, with a hang', () => {
    const text = 'Plan:\n  ✓ agd.replication-lag: lag 0.8 s (limit 15 s) measured over the last 300 seconds';
    const out = wrapIndented(text, 40, 2).split('\n');
    assert.equal(out[0], 'Plan:');
    assert.ok(out[1]!.startsWith('  ✓ agd'));
    for (const l of out.slice(2)) assert.ok(l.startsWith('    ') && !l.startsWith('     '), l);
    for (const l of out) assert.ok(widthOf(l) <= 40, l);
    assert.equal(wrapIndented('short', 40), 'short');
  });

  test('the narrow fast path: each extra character is one column, its own grapheme, NFC-stable and no whitespace', () => {
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const all = [...ascii, ...NARROW_EXTRA];
    const segmenter = new Intl.Segmenter();
    for (const c of NARROW_EXTRA) {
      assert.equal(c.length, 1, `${c}: one UTF-16 unit`);
      assert.equal(stringWidth(c), 1, `${c}: one column`);
      assert.equal(c.trim(), c, `${c}: not whitespace`);
      assert.equal(c.normalize(), c, `${c}: NFC-stable`);
      assert.doesNotMatch(c, /\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{M}/u, c);
      // Grapheme breaks are decided pair by pair (ZWJ and regional indicators aside, excluded above).
      for (const d of all) {
        const pair = c + d;
        assert.equal([...segmenter.segment(pair)].length, 2, `${JSON.stringify(pair)}: two graphemes`);
        assert.equal([...segmenter.segment(d + c)].length, 2, `${JSON.stringify(d + c)}: two graphemes`);
        assert.equal(pair.normalize(), pair);
      }
    }
    const text = all.join('');
    assert.equal(widthOf(text), stringWidth(text));
    assert.equal(widthOf(text), text.length);
  });

  test('the narrow fast path wraps exactly as wrap-ansi does (random text, every width)', () => {
    // Deterministic pseudo-random text: words, runs of spaces, long words, the extra characters.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['a', 'b', 'c', 'x', '-', ':', '/', ' ', ' ', ' ', '×', '—', '≥', '…'];
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const length = next(5) === 0 ? next(120) : next(40);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[next(alphabet.length)];
      if (next(6) === 0) text = `${' '.repeat(next(4))}${'y'.repeat(next(30))}${text}${' '.repeat(next(4))}`;
      const width = 1 + next(30);
      const expected = wrapAnsi(text, width, { hard: true, trim: true }).split('\n');
      assert.deepEqual(wrapNarrow(text, width), expected, `${JSON.stringify(text)} at ${width}`);
      assert.deepEqual(wrap(text, width), expected, `${JSON.stringify(text)} at ${width}`);
      compared++;
    }
    assert.equal(compared, 3000);
    // Text the fast path does not take (wide, combining, colour, tab) still goes to wrap-ansi.
    for (const text of [
      '東京 大阪 名古屋',
      'cafe\u0301 au lait',
      '\u001b[31mred words here\u001b[39m',
      'a\tb c',
    ]) {
      assert.deepEqual(wrap(text, 6), wrapAnsi(text, 6, { hard: true, trim: true }).split('\n'), text);
    }
  });

  test('terminal width: the terminal, else $COLUMNS, else the fallback (undefined: no wrapping)', () => {
    assert.equal(terminalWidth({ isTTY: true, columns: 132 }, 80, { COLUMNS: '60' }), 132);
    assert.equal(terminalWidth({ isTTY: false }, 80, { COLUMNS: '60' }), 60);
    assert.equal(terminalWidth(undefined, 80, {}), 80);
    assert.equal(terminalWidth({}, undefined, { COLUMNS: 'wide' }), undefined);
  });

  test('resil checks and checks explain at COLUMNS=60: no line is wider than 60', async () => {
    assertBuilt();
    const tmp = tempDir();
    try {
      for (const args of [['checks'], ['checks', 'explain', 'tg.detection-time']]) {
        const r = await cli(args, { cwd: tmp.dir, env: { COLUMNS: '60' } });
        assert.equal(r.code, 0, r.stderr);
        const lines = r.stdout.trimEnd().split('\n');
        assert.ok(lines.length > 10);
        for (const l of lines) assert.ok(widthOf(l) <= 60, `${widthOf(l)}: ${l}`);
        // Without a width (not a terminal, no COLUMNS), lines stay whole.
        const whole = await cli(args, { cwd: tmp.dir });
        assert.ok(whole.stdout.split('\n').some((l) => widthOf(l) > 60));
      }
    } finally {
      tmp.cleanup();
    }
  });
});
