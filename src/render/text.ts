/**
 * The one text-layout helper of the terminal output (the audit table, `checks`, `checks explain`,
 * `runs`, the runbook plan and preflight, stderr notes): display width with `string-width` (East
 * Asian wide characters and emoji count 2, ANSI colour codes 0) and word-wrapping with `wrap-ansi`
 * (colour codes survive a line break; a word is broken only when it is longer than the line).
 * Sanitising is ./safe.ts, once for every format. `columns` lays rows out on top of it.
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Display width in terminal columns. */
export function widthOf(s: string): number {
  return stringWidth(s);
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
  return text
    .split('\n')
    .flatMap((paragraph) => wrapAnsi(paragraph, w, { hard: true, trim: true }).split('\n'));
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

/**
 * Lays rows out in columns. Every column but the last is as wide as its widest cell, capped by
 * `caps`; the last takes the rest of `width`. When that would be narrower than `minLast` (default 40),
 * the last cell goes on the lines below, indented under the second column, with the full width.
 */
export function columns(
  rows: Row[],
  opts: { width: number; indent?: number; caps: number[]; minLast?: number; measure?: Row[] },
): string[] {
  if (rows.length === 0) return [];
  const indent = ' '.repeat(opts.indent ?? 2);
  // Measure over `measure` when given, so several blocks (e.g. severity groups) line up.
  const measured = opts.measure ?? rows;
  const n = Math.max(...measured.map((r) => r.cells.length));
  const widths: number[] = [];
  for (let c = 0; c < n - 1; c++) {
    widths[c] = Math.min(opts.caps[c] ?? 40, Math.max(...measured.map((r) => widthOf(r.cells[c] ?? ''))));
  }
  const gap = 2;
  const used = indent.length + widths.reduce((a, b) => a + b + gap, 0);
  const minLast = opts.minLast ?? 40;
  const stacked = opts.width - used < minLast;
  if (stacked && n >= 2) {
    // The last cell goes below: the column before it may use the rest of the line.
    const c = n - 2;
    const room = opts.width - (used - widths[c]! - gap);
    widths[c] = Math.max(
      widths[c]!,
      Math.min(room, Math.max(...measured.map((r) => widthOf(r.cells[c] ?? '')))),
    );
  }
  const lastWidth = stacked ? opts.width - indent.length - (widths[0] ?? 0) - gap : opts.width - used;
  const lines: string[] = [];
  for (const row of rows) {
    const style = row.style ?? ((_c: number, s: string) => s);
    const cells = Array.from({ length: n }, (_, c) => row.cells[c] ?? '');
    const wrapped = cells.map((cell, c) => wrap(cell, c === n - 1 ? lastWidth : widths[c]!));
    const head = wrapped.slice(0, n - 1);
    const last = wrapped[n - 1]!;
    const height = stacked
      ? Math.max(...head.map((w) => w.length))
      : Math.max(...wrapped.map((w) => w.length));
    for (let i = 0; i < height; i++) {
      const parts = head.map((w, c) => style(c, padEnd(w[i] ?? '', widths[c]!)));
      if (!stacked) parts.push(style(n - 1, last[i] ?? ''));
      lines.push((indent + parts.join(' '.repeat(gap))).trimEnd());
    }
    if (stacked) {
      const under = indent + ' '.repeat((widths[0] ?? 0) + gap);
      for (const l of last) lines.push((under + style(n - 1, l)).trimEnd());
    }
  }
  return lines;
}
