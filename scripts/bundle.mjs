/**
 * The second step of `npm run build`, after the type check: bundles the CLI into dist/ with esbuild.
 *
 * Why (issue 12, docs/performance.md): an offline audit of the example loaded ≈ 420 module files
 * (our ≈ 170, zod's 95, @oclif/core's 66, semver's 47 …), and finding, reading and compiling them
 * one by one was about a third of its start-up. Bundled, it loads ≈ 30 files.
 *
 * The layout oclif reads stays the same: every command is its own entry, dist/commands/<id>.js (the
 * manifest points there, and oclif imports only the command that runs), and so are
 * dist/cli/main.js (bin/run.js) and dist/hooks/*.js. The code they share is split into
 * dist/chunks/; what is imported dynamically (the collectors, the progress display, the HTML report)
 * stays a chunk of its own that loads only when used. Not minified: a --debug stack trace stays
 * readable, and every bundled module keeps esbuild's `// path` comment above it
 * (test/cli/offline-imports.test.ts reads them to tell which modules an audit loaded).
 *
 * Not bundled (EXTERNAL): what only a live audit, a runbook or the HTML report loads (the AWS SDK,
 * the progress display and prompts, the YAML parser, the HTML report's DOM and charts): imported
 * from node_modules when needed, as before, and not copied into the package a second time.
 *
 * Initialised on first use (LAZY): a module whose top level is costly and that only some outputs
 * need. string-width builds Unicode property-of-strings regular expressions (RGI_Emoji) and an
 * Intl.Segmenter when it loads, ≈ 15 % of the offline audit's CPU, although only the terminal
 * layout (the table, notes wrapped to a terminal) measures text; wrap-ansi loads it too.
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

const EXTERNAL = [
  '@aws-sdk/*',
  '@smithy/*',
  'listr2',
  '@listr2/*',
  '@inquirer/*',
  'yaml',
  'linkedom',
  '@observablehq/plot',
  // @oclif/core requires it only to read a tsconfig in development (ts-node): a dev dependency.
  'typescript',
];

/** Packages whose default export (a function) our sources call: loaded on the first call. */
const LAZY = ['string-width', 'wrap-ansi'];

const tsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/**
 * `import f from 'pkg'` in src/ becomes a function that loads 'pkg' on its first call and then calls
 * it: esbuild bundles a module that is require()d as a closure run on the first require. Only the
 * default export can be imported this way (anything else fails the build); other importers (the
 * copies inside @oclif/core's dependencies) get the package as it is.
 */
const lazyDefaultExports = {
  name: 'lazy-default-exports',
  setup(b) {
    const filter = new RegExp(`^(${LAZY.join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'eager' || !args.importer.startsWith(src + sep)) return undefined;
      const real = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'eager',
      });
      if (real.errors.length > 0) return { errors: real.errors };
      // A relative name: it is printed in the bundle's `// lazy:…` comment.
      return {
        path: relative(root, real.path).split(sep).join('/'),
        namespace: 'lazy',
        pluginData: real.path,
      };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents:
        `let loaded;\n` +
        `export default function lazy(...args) {\n` +
        `  loaded ??= require(${JSON.stringify(args.pluginData)}).default;\n` +
        `  return loaded(...args);\n` +
        `}\n`,
      resolveDir: root,
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: [
    join(src, 'cli', 'main.ts'),
    ...tsFiles(join(src, 'commands')),
    ...tsFiles(join(src, 'hooks')),
  ],
  outdir: join(root, 'dist'),
  outbase: src,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: EXTERNAL,
  plugins: [lazyDefaultExports],
  // The CommonJS packages bundled into these ES modules (@oclif/core and its dependencies) call
  // require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __resilRequire } from 'node:module'; const require = __resilRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
