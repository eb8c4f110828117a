// Preloaded with `node --import` by test/cli/offline-imports.test.ts: counts the Intl.Segmenter
// objects the process creates (string-width creates one when it is initialised) and writes the count
// into the file named by RESIL_COUNT_SEGMENTERS when the process exits.
import { writeFileSync } from 'node:fs';

const out = process.env.RESIL_COUNT_SEGMENTERS;
if (out) {
  let count = 0;
  const Segmenter = Intl.Segmenter;
  Intl.Segmenter = class extends Segmenter {
    constructor(...args) {
      super(...args);
      count++;
    }
  };
  process.on('exit', () => writeFileSync(out, `${count}\n`));
}
