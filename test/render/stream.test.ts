import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import type { AuditResult } from '../../src/engine/audit.js';
import { RENDERERS, STREAM_RENDERERS } from '../../src/render/index.js';
import { streamJson } from '../../src/render/stream.js';
import { toJsonReport } from '../../src/render/json.js';
import { toSarif } from '../../src/render/sarif.js';
import { CONTEXT, FIXTURE } from './fixture.js';

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
    }
    assert.throws(() => [...streamJson({ a: 'hole-1', b: 'hole-1' }, H, [])], /exactly once/);
  });

  it('JSON and SARIF: the stream is the string renderer’s bytes, and the documents equal the unstreamed ones', () => {
    for (const [format, stream] of Object.entries(STREAM_RENDERERS)) {
      const chunks = [...stream!(FIXTURE, CONTEXT)];
      assert.ok(
        chunks.length > FIXTURE.findings.length / 2,
        `${format}: one chunk per finding, not one string`,
      );
      assert.equal(chunks.join(''), RENDERERS[format as 'json']!(FIXTURE, CONTEXT), format);
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

  it('the findings are read (and made safe) one at a time, as the chunks are taken', () => {
    for (const [format, stream] of Object.entries(STREAM_RENDERERS)) {
      let read = 0;
      const findings = FIXTURE.findings;
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
        read >= 1 && read < findings.length,
        `${format}: ${read} of ${findings.length} read after 3 chunks`,
      );
    }
  });
});
