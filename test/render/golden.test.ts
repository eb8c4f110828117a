/** One golden file per format, rendered from the one findings fixture with a fixed context. */
import { describe, it } from 'node:test';
import { RENDERERS } from '../../src/render/index.js';
import { toSarif } from '../../src/render/sarif.js';
import { FORMATS, type Format } from '../../src/render/types.js';
import { CATALOG, CONTEXT, FIXTURE } from './fixture.js';
import { assertGolden } from './support.js';

const EXT: Record<Format, string> = {
  table: 'txt',
  json: 'json',
  junit: 'xml',
  sarif: 'sarif.json',
  markdown: 'md',
};

/** SARIF rule text comes from the check catalogue: the golden uses the fixed fixture catalogue. */
function render(format: Format): string {
  if (format === 'sarif') return `${JSON.stringify(toSarif(FIXTURE, CONTEXT, CATALOG), null, 2)}\n`;
  return RENDERERS[format](FIXTURE, CONTEXT);
}

describe('golden output', () => {
  for (const format of FORMATS) {
    it(`${format} matches golden/audit.${EXT[format]}`, () => {
      assertGolden(`audit.${EXT[format]}`, render(format));
    });
  }

  it('renders the same bytes twice (pure, deterministic)', () => {
    for (const format of FORMATS) {
      if (RENDERERS[format](FIXTURE, CONTEXT) !== RENDERERS[format](FIXTURE, CONTEXT))
        throw new Error(`${format} is not deterministic`);
    }
  });
});
