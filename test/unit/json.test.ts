/**
 * JSON syntax errors name a line and a column (issue 13): the scanner in src/util/json.ts, checked
 * against V8's own offsets where V8 gives one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findJsonSyntaxError, JsonSyntaxError, lineColumn, parseJsonText } from '../../src/util/json.js';

const CASES: Array<[name: string, text: string, line: number, column: number, message: RegExp]> = [
  ['trailing comma in an object', '{\n  "a": 1,\n}', 3, 1, /trailing comma before \}/],
  ['trailing comma in an array', '[1,\n 2,\n]', 3, 1, /trailing comma before \]/],
  [
    'missing comma',
    '{\n  "a": 1\n  "b": 2\n}',
    3,
    3,
    /expected ',' or '\}' after a property value, found "\\""/,
  ],
  ['unquoted key', '{\n  a: 1\n}', 2, 3, /expected a property name in double quotes, found "a"/],
  ['missing colon', '{"a" 1}', 1, 6, /expected ':' after the property name/],
  ['bad literal', '{\n  "ok": tru\n}', 2, 9, /expected a value/],
  ['truncated file', '{"schemaVersion": "1.0",\n  "capture": {', 2, 15, /found the end of the file/],
  ['empty input', '', 1, 1, /expected a value .*found the end of the file/],
  ['line break in a string', '{"a": "x\ny"}', 1, 9, /control character/],
  ['bad escape', '{"a": "\\q"}', 1, 9, /invalid escape/],
  ['unterminated string', '{"a": "abc', 1, 11, /unterminated string/],
  ['text after the value', '{}\n{}', 2, 1, /end of the file after the top-level value/],
  ['single quotes', "{'a': 1}", 1, 2, /property name in double quotes/],
  ['leading zero', '[01]', 1, 3, /expected ',' or '\]'/],
];

for (const [name, text, line, column, message] of CASES) {
  test(`JSON syntax: ${name} → line ${line}, column ${column}`, () => {
    assert.throws(() => JSON.parse(text), 'the fixture is invalid JSON');
    const p = findJsonSyntaxError(text);
    assert.ok(p, 'a problem is found');
    assert.deepEqual([p.line, p.column], [line, column]);
    assert.match(p.message, message);
    assert.throws(
      () => parseJsonText(text),
      (err: unknown) =>
        err instanceof JsonSyntaxError &&
        err.message.startsWith(`line ${line}, column ${column}: `) &&
        err.problem.line === line,
    );
  });
}

test('JSON syntax: the offset agrees with V8 wherever V8 names a position', () => {
  let compared = 0;
  for (const [, text] of CASES) {
    let v8: number | undefined;
    try {
      JSON.parse(text);
    } catch (err) {
      const m = /at position (\d+)/.exec((err as Error).message);
      if (m) v8 = Number(m[1]);
    }
    if (v8 === undefined) continue;
    const p = findJsonSyntaxError(text)!;
    assert.deepEqual([p.line, p.column], Object.values(lineColumn(text, v8)), JSON.stringify(text));
    compared++;
  }
  assert.ok(compared >= 5, `compared ${compared} cases with V8`);
});

test('JSON syntax: valid documents have no problem (the example snapshot, scalars, nesting, escapes)', () => {
  const example = readFileSync(new URL('../../examples/shop.snapshot.json', import.meta.url), 'utf8');
  for (const text of [
    example,
    '0',
    '-1.5e+3',
    'null',
    ' [true, false, null, "a\\"b\\u00e9\\n", {"x": [[]], "y": {}}] \n',
  ]) {
    assert.equal(findJsonSyntaxError(text), undefined, text.slice(0, 40));
    assert.deepEqual(parseJsonText(text), JSON.parse(text));
  }
});

test('JSON syntax: a leading byte-order mark is ignored, and columns count as an editor shows them', () => {
  assert.deepEqual(parseJsonText('\ufeff{"a": 1}'), { a: 1 });
  assert.throws(() => parseJsonText('\ufeff{"a" 1}'), /^JsonSyntaxError: line 1, column 6: /);
});

test('lineColumn: 1-based, counting from the last line break', () => {
  assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn('ab\n', 3), { line: 2, column: 1 });
});
