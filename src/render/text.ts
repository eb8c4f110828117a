/**
 * The one text-layout helper of the terminal output (the audit table, `checks`, `checks explain`,
 * `runs`, the runbook plan and preflight, stderr notes): display width with `string-width` (East
 * Asian wide characters and emoji count 2, ANSI colour codes 0) and word-wrapping with `wrap-ansi`
 * (colour codes survive a line break; a word is broken only when it is longer than the line).
 * Sanitising is ./safe.ts, once for every format. `columns` lays rows out on top of it.
 *
 * Fast path: text made only of NARROW characters (printable ASCII and a few typographic ones the
 * messages use) is one column per UTF-16 unit, so its width is its length and it is wrapped by
 * `wrapNarrow`, the same algorithm as wrap-ansi's without grapheme segmentation, with the same result
 * (test/unit/layout.test.ts compares the two on random text). Everything else goes to the libraries.
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { appendAll } from '../util/array.js';

/**
 * Characters besides printable ASCII that are one column wide, their own grapheme cluster next to
 * any other of them, unchanged by NFC and not whitespace (test/unit/layout.test.ts checks each).
 */
export const NARROW_EXTRA = '×÷±°µ§·…—–−→←↑↓≥≤≈≠′″‘’“”•';
/** A string of printable ASCII and NARROW_EXTRA only: no colour code, tab, newline or wide character. */
const NARROW = new RegExp(`^[\x20-\x7e${NARROW_EXTRA}]*$`);

/** Display width in terminal columns. */
export function widthOf(s: string): number {
  return NARROW.test(s) ? s.length : stringWidth(s);
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - widthOf(s)));
}

/**
 * Word-wraps to `width` columns: words longer than the width (a URL, an ARN) are broken, others
 * never; explicit newlines are kept; runs of spaces between words collapse at a break.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (NARROW.test(paragraph)) appendAll(out, wrapNarrow(paragraph, w));
    else appendAll(out, wrapAnsi(paragraph, w, { hard: true, trim: true }).split('\n'));
  }
  return out;
}

/**
 * `wrapAnsi(line, columns, { hard: true, trim: true }).split('\n')` for a NARROW line (every
 * character one column and its own grapheme, no escape sequence, tab or newline): wrap-ansi's
 * `exec` step by step with a word's width being its length. A line that fits is only trimmed.
 */
export function wrapNarrow(line: string, columns: number): string[] {
  if (line.length <= columns) return [line.trim()];
  if (line.trim() === '') return [''];
  const rows = [''];
  let rowLength = 0;
  let trimmedRowIndex = -1;
  let first = true;
  for (const word of line.split(' ')) {
    const rowIndex = rows.length - 1;
    if (trimmedRowIndex !== rowIndex) {
      const row = rows[rowIndex]!;
      const trimmed = row.trimStart();
      if (trimmed.length !== row.length) {
        rows[rowIndex] = trimmed;
        rowLength = trimmed.length;
      }
      if (trimmed.length > 0) trimmedRowIndex = rowIndex;
    }
    if (first) first = false;
    else if (rowLength > 0) {
      rows[rows.length - 1] += ' ';
      rowLength++;
    }
    if (word.length > columns) {
      // A word longer than the line is broken; it starts on a new row when that saves a break.
      const remaining = columns - rowLength;
      const breaksStartingThisLine = 1 + Math.floor((word.length - remaining - 1) / columns);
      const breaksStartingNextLine = Math.floor((word.length - 1) / columns);
      if (breaksStartingNextLine < breaksStartingThisLine) {
        rows.push('');
        rowLength = 0;
      }
      for (let i = 0; i < word.length; i++) {
        if (rowLength > 0 && rowLength + 1 > columns) {
          rows.push('');
          rowLength = 0;
        }
        rows[rows.length - 1] += word[i];
        rowLength++;
        if (rowLength === columns && i < word.length - 1) {
          rows.push('');
          rowLength = 0;
        }
      }
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) {
      rows.push('');
      rowLength = 0;
    }
    rows[rows.length - 1] += word;
    rowLength += word.length;
  }
  // wrap-ansi trims trailing spaces (only spaces) off every row.
  return rows.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === ' ') end--;
    return end === row.length ? row : row.slice(0, end);
  });
}

/**
 * Wraps every line of `text` to `width`, continuing a line under its own indentation (plus `hang`
 * columns): pre-formatted blocks (a plan, a note with indented detail lines) keep their shape.
 */
export function wrapIndented(text: string, width: number, hang = 0): string {
  return text
    .split('\n')
    .map((line) => {
      if (widthOf(line) <= width) return line;
      const lead = /^ */.exec(line)![0];
      const [first, ...rest] = wrap(line.slice(lead.length), Math.max(10, width - lead.length - hang));
      const cont = lead + ' '.repeat(hang);
      // The first line keeps the width it had before the hang.
      return [lead + first, ...rest.map((l) => cont + l)].join('\n');
    })
    .join('\n');
}

/**
 * The width to lay prose out in for `stream`: its terminal's columns; when it is not a terminal,
 * $COLUMNS (a test, or a user who wants another width); else `fallback` (undefined: do not wrap, a
 * log or a file keeps whole lines).
 */
export function terminalWidth(
  stream: { isTTY?: boolean; columns?: number } | undefined,
  fallback?: number,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  if (stream?.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const cols = Number(env['COLUMNS']);
  if (Number.isInteger(cols) && cols > 0) return cols;
  return fallback;
}

export interface Row {
  cells: string[];
  /** Styles one (already padded) segment of a cell; identity when absent. */
  style?: (column: number, segment: string) => string;
}

/** What `columns` sizes its columns by: the number of columns and the widest cell of each. */
export interface Measure {
  n: number;
  /** Display width of the widest cell of each column but the last. */
  widest: number[];
}

/**
 * Measures rows once, for several `columns` calls that must line up (e.g. the severity groups of
 * one table): each cell is measured once, not once per group.
 */
export function measureRows(rows: readonly Row[]): Measure {
  let n = 0;
  for (const r of rows) if (r.cells.length > n) n = r.cells.length;
  const widest: number[] = [];
  for (let c = 0; c < n - 1; c++) widest[c] = 0;
  for (const r of rows) {
    for (let c = 0; c < n - 1; c++) {
      const w = widthOf(r.cells[c] ?? '');
      if (w > widest[c]!) widest[c] = w;
    }
  }
  return { n, widest };
}

const unstyled = (_c: number, s: string) => s;

/**
 * Lays rows out in columns. Every column but the last is as wide as its widest cell, capped by
 * `caps`; the last takes the rest of `width`. When that would be narrower than `minLast` (default 40),
 * the last cell goes on the lines below, indented under the second column, with the full width.
 * `measure` (from `measureRows`) sizes the columns by other rows than these, so blocks line up.
 */
export function columns(
  rows: readonly Row[],
  opts: { width: number; indent?: number; caps: number[]; minLast?: number; measure?: Measure },
): string[] {
  if (rows.length === 0) return [];
  const indent = ' '.repeat(opts.indent ?? 2);
  const { n, widest } = opts.measure ?? measureRows(rows);
  const widths: number[] = [];
  for (let c = 0; c < n - 1; c++) widths[c] = Math.min(opts.caps[c] ?? 40, widest[c]!);
  const gap = 2;
  const separator = ' '.repeat(gap);
  const used = indent.length + widths.reduce((a, b) => a + b + gap, 0);
  const minLast = opts.minLast ?? 40;
  const stacked = opts.width - used < minLast;
  if (stacked && n >= 2) {
    // The last cell goes below: the column before it may use the rest of the line.
    const c = n - 2;
    const room = opts.width - (used - widths[c]! - gap);
    widths[c] = Math.max(widths[c]!, Math.min(room, widest[c]!));
  }
  const lastWidth = stacked ? opts.width - indent.length - (widths[0] ?? 0) - gap : opts.width - used;
  const under = indent + ' '.repeat((widths[0] ?? 0) + gap);
  const lines: string[] = [];
  const head: string[][] = [];
  for (const row of rows) {
    const style = row.style ?? unstyled;
    let height = 0;
    for (let c = 0; c < n - 1; c++) {
      head[c] = wrap(row.cells[c] ?? '', widths[c]!);
      if (head[c]!.length > height) height = head[c]!.length;
    }
    const last = wrap(row.cells[n - 1] ?? '', lastWidth);
    if (!stacked && last.length > height) height = last.length;
    for (let i = 0; i < height; i++) {
      let line = indent;
      for (let c = 0; c < n - 1; c++) {
        if (c > 0) line += separator;
        line += style(c, padEnd(head[c]![i] ?? '', widths[c]!));
      }
      if (!stacked) line += (n > 1 ? separator : '') + style(n - 1, last[i] ?? '');
      lines.push(line.trimEnd());
    }
    if (stacked) for (const l of last) lines.push((under + style(n - 1, l)).trimEnd());
  }
  return lines;
}
