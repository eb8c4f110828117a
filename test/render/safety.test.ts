/**
 * Issue 9 item 8: every AWS- or user-supplied string is sanitised once, at the output boundary, for
 * every format: no C0/C1 control (ESC, BEL, CR, CSI U+009B), no bidi override (U+202E), no line
 * separator reaches a report, whatever field it came in through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RENDERERS, STREAM_RENDERERS } from '../../src/render/index.js';
import { FORMATS } from '../../src/render/types.js';
import { safeDeep, safeText, UNSAFE_CHARS } from '../../src/util/text.js';
import type { AuditResult } from '../../src/engine/audit.js';
import { CONTEXT, FIXTURE } from './fixture.js';

/** Every kind of character that can drive a terminal or reorder what a reader sees. */
const NASTY = [
  '\u001b]0;pwned\u0007', // OSC title + BEL
  '\u001b[2J', // clear screen
  '\r', // carriage return: overwrite the line
  '\u009b31m', // C1 CSI
  '\u0085', // C1 NEL
  '\u007f', // DEL
  '\u202e', // RIGHT-TO-LEFT OVERRIDE
  '\u2066', // LEFT-TO-RIGHT ISOLATE
  '\u200f', // RIGHT-TO-LEFT MARK
  '\u2028', // LINE SEPARATOR
  '\ud800', // lone surrogate
].join('x');

/** One of each kind of unsafe character (UNSAFE_CHARS): C0 but newline and tab, DEL, C1, bidi, separators, lone surrogates. */
const EACH_UNSAFE = [
  '\u0000',
  '\u0007',
  '\b',
  '\f',
  '\u001b',
  '\r',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udc00',
  '\udfff',
];

/** The fixture with NASTY appended to every string an account or a config can supply. */
function hostile(): AuditResult {
  const r = structuredClone(FIXTURE);
  const n = (s: string) => `${s}${NASTY}`;
  r.accountId = n(r.accountId);
  r.regions = r.regions.map(n);
  r.findings = r.findings.map((f) => ({
    ...f,
    message: n(f.message),
    resource: {
      ...f.resource,
      id: n(f.resource.id),
      ...(f.resource.name ? { name: n(f.resource.name) } : {}),
      ...(f.resource.arn ? { arn: n(f.resource.arn) } : {}),
      ...(f.resource.region ? { region: n(f.resource.region) } : {}),
      ...(f.resource.az ? { az: n(f.resource.az) } : {}),
    },
    evidence: { ...f.evidence, [n('key')]: n('value'), nested: { list: [n('item')] } },
    ...(f.suppressed
      ? {
          suppressed: { ...f.suppressed, reason: n(f.suppressed.reason), resource: n(f.suppressed.resource) },
        }
      : {}),
  }));
  r.collection = r.collection.map((c) => ({
    ...c,
    region: n(c.region),
    ...(c.error ? { error: { ...c.error, code: n(c.error.code), message: n(c.error.message) } } : {}),
  }));
  r.suppressions = r.suppressions.map((s) => ({
    ...s,
    check: n(s.check),
    resource: n(s.resource),
    reason: n(s.reason),
  }));
  return r;
}

test('the unsafe set covers C0 but newline, DEL, C1, bidi controls, line separators and lone surrogates', () => {
  for (const ch of EACH_UNSAFE) assert.match(ch, UNSAFE_CHARS, `U+${ch.charCodeAt(0).toString(16)}`);
  for (const ch of ['\n', 'a', 'ü', '日', '😀', '\u200d', '<', '&', '|'])
    assert.doesNotMatch(ch, UNSAFE_CHARS, `U+${ch.charCodeAt(0).toString(16)} is harmless`);
  assert.equal(safeText('a\tb\u001b[31mc\u202ed\ne'), 'a b\ufffd[31mc\ufffdd\ne');
  assert.deepEqual(safeDeep({ ['k\u202e']: ['v\u0007', 1, true, null] }), {
    ['k\ufffd']: ['v\ufffd', 1, true, null],
  }); // Nothing to change: the value itself, not a copy (the renderers read it, none writes to it).
  const clean = { a: ['x', 1, { b: 'ü 日 😀\n' }], when: new Date(0) };
  assert.equal(safeDeep(clean), clean);
  assert.equal(safeText('plain'), 'plain');
  // One unsafe string deep inside, a tab, a lone surrogate or an unsafe key: a copy, the input left as it was.
  for (const dirty of [{ a: [{ b: 'x\u0007' }] }, { a: 'x\ty' }, { a: ['\ud800'] }, { ['k\u0085']: 1 }]) {
    const before = JSON.stringify(dirty);
    const out = safeDeep(dirty);
    assert.notEqual(out, dirty);
    assert.equal(JSON.stringify(dirty), before);
    assert.doesNotMatch(JSON.stringify(out), /\\u00|\\t|\\ud800|\u0085/);
  }
  // A paired surrogate is harmless: kept as it is (the quick test sends it to the exact one).
  assert.equal(safeText('a😀b'), 'a😀b');
  // A Map or class instance is copied into a plain object, as before (never passed through).
  const m = { inner: new Map([['a', 1]]) };
  assert.notEqual(safeDeep(m), m);
  assert.deepEqual(safeDeep(m), { inner: {} });
});

test('every format: no unsafe character from any field reaches the report', () => {
  const input = hostile();
  const before = JSON.stringify(input);
  for (const format of FORMATS) {
    const render = RENDERERS[format];
    for (const color of format === 'table' ? [false, true] : [false]) {
      let out = render(input, { ...CONTEXT, color, artifactUri: `cfg${NASTY}.yml` });
      // The table's own colours are SGR sequences (ESC [ n m): take those out, then nothing may remain.
      if (color) out = out.replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
      const bad = [...out.matchAll(new RegExp(UNSAFE_CHARS.source, 'g'))].map(
        (m) => `U+${m[0].codePointAt(0)!.toString(16)}`,
      );
      assert.deepEqual(bad, [], `${format}${color ? ' (colour)' : ''}: ${[...new Set(bad)].join(' ')}`);
      assert.ok(out.includes('\ufffd'), `${format}: the replaced characters stay visible as U+FFFD`);
    }
  }
  // The streamed reports (what the CLI writes for JSON and SARIF) pass the same boundary: the same bytes.
  for (const [format, stream] of Object.entries(STREAM_RENDERERS)) {
    const ctx = { ...CONTEXT, color: false, artifactUri: `cfg${NASTY}.yml` };
    assert.equal([...stream!(input, ctx)].join(''), RENDERERS[format as 'json'](input, ctx), format);
  }
  assert.equal(JSON.stringify(input), before, 'the caller’s result is not modified');
});

test('JSON and SARIF: the findings are checked by the text of each batch; any unsafe character, alone, anywhere, gives the bytes of the sanitised report', () => {
  // A batch of clean findings (STREAM_BATCH = 512), then a second with one hostile finding among clean ones:
  // only its batch is serialised again from safeDeep, and the report equals the one rendered from
  // findings sanitised up front (which are clean, so nothing is redone there).
  const base = FIXTURE.findings[0]!;
  const many = (bad: AuditResult['findings'][number] | undefined): AuditResult => ({
    ...FIXTURE,
    findings: Array.from({ length: 520 }, (_, i) =>
      i === 515 && bad ? bad : { ...base, resource: { ...base.resource, id: `${base.resource.id}-${i}` } },
    ),
  });
  const ctx = { ...CONTEXT, color: false };
  // Each unsafe character, and the tab (which safeText makes a space).
  const UNSAFE_ONE_BY_ONE = [...EACH_UNSAFE, '\t'];
  const places = (ch: string): Array<[string, AuditResult['findings'][number]]> => [
    ['message', { ...base, message: `m${ch}` }],
    ['resource id', { ...base, resource: { ...base.resource, id: `i${ch}` } }],
    ['evidence value', { ...base, evidence: { ...base.evidence, deep: { list: [`v${ch}`] } } }],
    ['evidence key', { ...base, evidence: { ...base.evidence, [`k${ch}`]: 1 } }],
  ];
  for (const ch of UNSAFE_ONE_BY_ONE)
    for (const [where, bad] of places(ch)) {
      for (const format of ['json', 'sarif'] as const) {
        const raw = RENDERERS[format](many(bad), ctx);
        const sanitised = many(bad);
        const reference = RENDERERS[format](
          { ...sanitised, findings: sanitised.findings.map((f) => safeDeep(f)) },
          ctx,
        );
        const what = `${format}: U+${ch.charCodeAt(0).toString(16)} in the ${where}`;
        assert.equal(raw, reference, what);
        assert.doesNotMatch(raw, UNSAFE_CHARS, what);
        assert.ok(raw.includes('\ufffd') || ch === '\t', `${what} shows as U+FFFD`);
      }
    }
  // Harmless look-alikes take either path and are written as they are: a newline, a paired surrogate,
  // an escaped backslash followed by t or b (JSON "\\\\t": a false alarm, serialised again, same bytes).
  for (const text of ['a\nb', 'a😀b', 'C:\\temp\\build', 'ü 日']) {
    const r = many({ ...base, message: text });
    const out = RENDERERS.json(r, ctx);
    assert.equal((JSON.parse(out) as { findings: Array<{ message: string }> }).findings[515]!.message, text);
  }
});

test('the readiness report (JSON, Markdown, HTML) is sanitised at its output boundary too', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseSnapshot } = await import('../../src/inventory/load.js');
  const { EXAMPLE_PATH } = await import('../../scripts/gen-example.js');
  const { readiness } = await import('../readiness/support.js');
  const { renderReadiness } = await import('../../src/commands/readiness.js');
  const inv = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example').inventory;
  // A hostile name on a tier the report names in its capacity sections and its actions.
  const asg = inv.regions['us-east-1']!.autoScalingGroups.find((g) => g.name === 'shop-api')!;
  asg.name = `shop-api${NASTY}`;
  const report = readiness(inv, { eventDate: '2026-11-27', eventEnd: '2026-11-30' });
  assert.ok(JSON.stringify(report).includes('\\u001b'), 'the model carries the hostile name');
  for (const format of ['json', 'markdown', 'html'] as const) {
    const out = await renderReadiness(report, format);
    assert.doesNotMatch(out, UNSAFE_CHARS, format);
    assert.ok(out.includes('shop-api\ufffd') || out.includes('shop-api\\ufffd'), `${format} shows U+FFFD`);
  }
});
