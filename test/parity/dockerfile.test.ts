/**
 * The Dockerfile (issue 13), checked without a Docker daemon: multi-stage on Node.js 20, the final
 * stage installs only the packed CLI (no dev dependencies, no sources) and runs it as a non-root
 * user with `resil` as the entrypoint; everything the build stage copies exists; the build context
 * leaves local state out. test/integration/install.itest.ts proves the pack-and-install path itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/gen-docs.js';

const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** Instructions, with continuation lines joined and comments dropped. */
const instructions = text
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages: string[][] = [];
for (const line of instructions) {
  if (/^FROM\s/i.test(line)) stages.push([]);
  stages.at(-1)?.push(line);
}
const final = stages.at(-1)!;

test('Dockerfile: multi-stage, every stage on Node.js 20 (slim)', () => {
  assert.ok(stages.length >= 2, 'a build stage and a run stage');
  for (const s of stages) assert.match(s[0]!, /^FROM node:20-slim(\s+AS\s+\w+)?$/i);
});

test('Dockerfile: the final stage installs only the packed tarball, runs as non-root, resil as entrypoint', () => {
  const body = final.join('\n');
  assert.match(body, /^COPY --from=build \/tmp\/resil\.tgz /m);
  assert.match(body, /npm install -g [^\n]*\/tmp\/resil\.tgz/);
  assert.doesNotMatch(body, /npm ci|COPY (src|test|package-lock)/, 'no dev install, no sources');
  const user = final.filter((l) => /^USER\s/i.test(l)).at(-1);
  assert.ok(user && !/^USER\s+(root|0)(:|$)/i.test(user), `a non-root USER (${user})`);
  assert.ok(final.includes('ENTRYPOINT ["resil"]'));
});

test('Dockerfile: what the build stage copies exists, and the build stage packs with npm pack', () => {
  const build = stages[0]!.join('\n');
  assert.match(build, /npm ci /);
  assert.match(build, /npm run build && npm pack /);
  for (const line of stages[0]!.filter((l) => /^COPY\s/i.test(l) && !/--from/.test(l))) {
    const sources = line.split(/\s+/).slice(1, -1);
    for (const s of sources) assert.ok(existsSync(join(ROOT, s)), `${s} (in "${line}") exists`);
  }
});

test('.dockerignore: no local state in the build context', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
  for (const p of ['node_modules', '.git', '.venv', 'dist']) assert.ok(ignored.includes(p), p);
});
