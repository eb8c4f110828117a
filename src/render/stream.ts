/**
 * Reports written as a stream of text chunks: the large array of a report (the findings of a JSON
 * report, the results of a SARIF log) is serialised one element at a time, so no whole-report string
 * and no copy of every finding is ever held. The output is byte-identical to
 * `JSON.stringify(document, null, 2)` with the array in place.
 */
import { randomBytes } from 'node:crypto';

/** Elements serialised per `JSON.stringify` call: few calls, and never many findings' text at once. */
export const STREAM_BATCH = 512;

export interface StreamOptions<T> {
  /** The element serialised for an item (default: the item). */
  map?: (item: T) => unknown;
  /**
   * A test of each batch's text: when `clean` says no, the batch is serialised again from
   * `safe(item)` of each item (src/render/safe.ts: the output boundary, checked on the text).
   */
  check?: { clean(text: string): boolean; safe(item: T): T };
}

/**
 * The text of `JSON.stringify(doc, null, 2)` where `doc` holds, at one place, the string `hole`
 * (see `streamJson`) standing for an array whose elements are `items`.
 *
 * The elements are serialised a batch at a time by one native `JSON.stringify` of the batch nested
 * as deep as the array is in `doc` (the indentation of `JSON.stringify` depends only on depth), and
 * the batch's elements are cut out of that text as they are: no re-indenting pass over the output.
 * With `opts.map`, each item is mapped to the element serialised; with `opts.check`, a batch whose
 * text is not clean is serialised again from `check.safe` of each of its items.
 */
export function* streamJson<T>(
  doc: unknown,
  hole: string,
  items: Iterable<T>,
  batchSize = STREAM_BATCH,
  opts: StreamOptions<T> = {},
): Generator<string> {
  const map = opts.map ?? ((item: T): unknown => item);
  const text = JSON.stringify(doc, null, 2);
  const marker = JSON.stringify(hole);
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + marker.length) >= 0)
    throw new Error('streamJson: the placeholder must occur exactly once');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0];
  const depth = indent.length / 2;
  // `{"a":{"a":[…]}}` at the array's depth: its elements are indented exactly as in `doc`.
  const nest = (batch: unknown[]): unknown => {
    let v: unknown = batch;
    for (let d = 0; d < depth; d++) v = { a: v };
    return v;
  };
  // The text between the batch's `[` and the `\n<indent>]` that closes it.
  const tail = indent.length + 1;
  const elements = (batch: unknown[]): string => {
    const t = JSON.stringify(nest(batch), null, 2);
    return t.slice(t.indexOf('[') + 1, t.lastIndexOf(']') - tail);
  };
  let first = true;
  let batch: T[] = [];
  const check = opts.check;
  const batchText = (): string => {
    const text = elements(batch.map(map));
    return !check || check.clean(text) ? text : elements(batch.map((item) => map(check.safe(item))));
  };
  // The batch's elements, after the array's `[` or the previous batch's last element.
  const flush = (): string => {
    const out = `${first ? '[' : ','}${batchText()}`;
    first = false;
    batch = [];
    return out;
  };
  yield text.slice(0, at);
  for (const item of items) if (batch.push(item) === batchSize) yield flush();
  if (batch.length > 0) yield flush();
  yield first ? '[]' : `\n${indent}]`;
  yield text.slice(at + marker.length);
}

/** A placeholder no sanitised report string can equal (128 random bits). */
export function placeholder(): string {
  return `resil-stream-${randomBytes(16).toString('hex')}`;
}
