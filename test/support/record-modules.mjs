// Preloaded with `node --import` by test/cli/offline-imports.test.ts: records every module the
// process loads (ESM through a resolve hook, CommonJS from the require cache) into the file named by
// RESIL_RECORD_MODULES when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.RESIL_RECORD_MODULES;
if (out) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        appendFileSync(${JSON.stringify(out)}, r.url + '\\n');
        return r;
      }`)}`,
  );
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache;
    appendFileSync(out, Object.keys(cache).join('\n') + '\n');
  });
}
