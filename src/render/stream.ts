/**
 * Reports written as a stream of text chunks: the large array of a report (the findings of a JSON
 * report, the results of a SARIF log) is serialised one element at a time, so no whole-report string
 * and no copy of every finding is ever held. The output is byte-identical to
 * `JSON.stringify(document, null, 2)` with the array in place.
 */
import { randomBytes } from 'node:crypto';

/**
 * The text of `JSON.stringify(doc, null, 2)` where `doc` holds, at one place, the string `hole`
 * (see `streamJson`) standing for an array whose elements are `items`.
 */
export function* streamJson(doc: unknown, hole: string, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(doc, null, 2);
  const marker = JSON.stringify(hole);
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + marker.length) >= 0)
    throw new Error('streamJson: the placeholder must occur exactly once');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0];
  const inner = `${indent}  `;
  // A nested value's own line breaks gain the depth of the array (a string never holds a raw newline in JSON).
  const nl = `\n${inner}`;
  yield text.slice(0, at);
  let first = true;
  for (const item of items) {
    const json = JSON.stringify(item, null, 2) ?? 'null';
    yield `${first ? '[' : ','}${nl}${json.replace(/\n/g, nl)}`;
    first = false;
  }
  yield first ? '[]' : `\n${indent}]`;
  yield text.slice(at + marker.length);
}

/** A placeholder no sanitised report string can equal (128 random bits). */
export function placeholder(): string {
  return `resil-stream-${randomBytes(16).toString('hex')}`;
}
