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
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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

const tsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

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
  // The CommonJS packages bundled into these ES modules (@oclif/core and its dependencies) call
  // require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __resilRequire } from 'node:module'; const require = __resilRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
