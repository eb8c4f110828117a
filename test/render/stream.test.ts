import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import type { AuditResult } from '../../src/engine/audit.js';
import { RENDERERS, STREAM_RENDERERS } from '../../src/render/index.js';
import { STREAM_BATCH, streamJson } from '../../src/render/stream.js';
import { toJsonReport } from '../../src/render/json.js';
import { toSarif } from '../../src/render/sarif.js';
import { joinLines } from '../../src/render/markdown.js';
import { CONTEXT, FIXTURE } from './fixture.js';

/** The fixture's findings repeated to a little over eight batches, each copy with its own ids. */
function manyFindings(): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; out.length < 8 * STREAM_BATCH + 7; i++)
    for (const f of FIXTURE.findings)
      out.push({ ...f, resource: { ...f.resource, id: `${f.resource.id}-${i}` } });
  return out;
}

describe('streamed reports', () => {
  it('streamJson: the text of JSON.stringify(doc, null, 2) with the array in place, at any depth', () => {
    const H = 'hole-1';
    const cases: Array<[unknown, unknown[]]> = [
      [{ a: 1, items: H, z: [1, { b: 'x\ny' }] }, [{ k: 'v\n"q"', n: [1, [2, {}]], e: [] }, 'two', null, 3]],
      [{ items: H }, []],
      [{ runs: [{ tool: { x: 1 }, results: H, after: { y: [] } }] }, [{ a: { b: { c: [1, 2] } } }]],
      [{ a: undefined, items: H, b: undefined }, [{ u: undefined, v: 1 }]],
    ];
    for (const [doc, items] of cases) {
      const whole = JSON.stringify(doc, (_k, v: unknown) => (v === H ? items : v), 2);
      assert.equal([...streamJson(doc, H, items)].join(''), whole);
      // Batches of any size, full or not, give the same text.
      for (const size of [1, 2, 3])
        assert.equal([...streamJson(doc, H, items, size)].join(''), whole, `batches of ${size}`);
    }
    assert.throws(() => [...streamJson({ a: 'hole-1', b: 'hole-1' }, H, [])], /exactly once/);
  });

  it('JSON and SARIF: the stream is the string renderer’s bytes, and the documents equal the unstreamed ones', () => {
    const many: AuditResult = { ...FIXTURE, findings: manyFindings() };
    for (const [format, stream] of Object.entries(STREAM_RENDERERS)) {
      const chunks = [...stream!(many, CONTEXT)];
      assert.ok(
        chunks.length >= Math.ceil(many.findings.length / STREAM_BATCH),
        `${format}: a chunk per batch of findings, not one string`,
      );
      assert.equal(chunks.join(''), RENDERERS[format as 'json']!(many, CONTEXT), format);
      assert.equal(
        [...stream!(FIXTURE, CONTEXT)].join(''),
        RENDERERS[format as 'json']!(FIXTURE, CONTEXT),
        format,
      );
    }
    assert.equal(
      [...STREAM_RENDERERS.json!(FIXTURE, CONTEXT)].join(''),
      `${JSON.stringify(toJsonReport(FIXTURE, CONTEXT), null, 2)}\n`,
    );
    assert.equal(
      [...STREAM_RENDERERS.sarif!(FIXTURE, CONTEXT)].join(''),
      `${JSON.stringify(toSarif(FIXTURE, CONTEXT), null, 2)}\n`,
    );
    const empty: AuditResult = { ...FIXTURE, findings: [] };
    assert.equal(
      [...STREAM_RENDERERS.json!(empty, CONTEXT)].join(''),
      `${JSON.stringify(toJsonReport(empty, CONTEXT), null, 2)}\n`,
    );
  });

  it('the findings are read (and made safe) a batch at a time, as the chunks are taken', () => {
    // JSON and SARIF keep the findings' order; JUnit and Markdown sort them, so they read all first.
    for (const format of ['json', 'sarif'] as const) {
      const stream = STREAM_RENDERERS[format];
      let read = 0;
      const findings = manyFindings();
      const counted = {
        ...FIXTURE,
        findings: {
          *[Symbol.iterator]() {
            for (const f of findings) {
              read++;
              yield f;
            }
          },
        } as unknown as Finding[],
      };
      const it = stream!(counted, CONTEXT)[Symbol.iterator]();
      for (let i = 0; i < 3; i++) assert.equal(it.next().done, false);
      assert.ok(
        read >= 1 && read < findings.length / 2 && (format !== 'json' || read <= 2 * STREAM_BATCH),
        `${format}: ${read} of ${findings.length} read after 3 chunks`,
      );
    }
  });

  it('JUnit and Markdown: written a test case or a line at a time, never as one string', () => {
    const many: AuditResult = { ...FIXTURE, findings: manyFindings() };
    for (const format of ['junit', 'markdown'] as const) {
      const chunks = [...STREAM_RENDERERS[format]!(many, CONTEXT)];
      const text = chunks.join('');
      assert.equal(text, RENDERERS[format](many, CONTEXT), format);
      assert.ok(chunks.length > many.findings.length, `${format}: ${chunks.length} chunks`);
      const longest = Math.max(...chunks.map((c) => c.length));
      assert.ok(longest < 2000 && longest * 100 < text.length, `${format}: longest chunk ${longest}`);
    }
  });

  it('joinLines: the lines joined with newlines, trailing whitespace trimmed, one newline added', () => {
    const cases: string[][] = [
      [],
      [''],
      ['a'],
      ['a ', ''],
      ['', 'a'],
      ['a', '  ', 'b  ', ' ', ''],
      ['x', '', '', 'y\u00a0', '\t'],
      ['  lead', 'mid  dle', 'end'],
    ];
    for (const lines of cases)
      assert.equal([...joinLines(lines)].join(''), `${lines.join('\n').trimEnd()}\n`, JSON.stringify(lines));
  });
});
