/** Plain-text helpers for the terminal table: measuring and wrapping (sanitising is ./safe.ts, once for every format). */

/** Display width, counted in code points (no East Asian wide-character handling). */
export function widthOf(s: string): number {
  return [...s].length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - widthOf(s)));
}

/** Word-wraps to `width` columns; words longer than the width are broken. Keeps explicit newlines. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = [...word];
      if (line && widthOf(line) + 1 + rest.length <= w) {
        line += ` ${word}`;
        continue;
      }
      if (line) out.push(line);
      line = '';
      while (rest.length > w) {
        out.push(rest.slice(0, w).join(''));
        rest = rest.slice(w);
      }
      line = rest.join('');
    }
    out.push(line);
  }
  return out;
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
