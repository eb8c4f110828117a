#!/usr/bin/env node
// Rewrites src/checks/index.ts from the files in src/checks/rules/ (sorted by id).
// The index stays explicit (reviewable, greppable); this only saves typing and merge conflicts.
import { readdirSync, writeFileSync } from 'node:fs';

const ids = readdirSync('src/checks/rules')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const ident = (id) => id.replace(/[.-](\w)/g, (_, c) => c.toUpperCase());
const text = `/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 * (scripts/gen-check-index.mjs rewrites this file from src/checks/rules/.)
 */
import type { Check } from './define.js';
${ids.map((id) => `import ${ident(id)} from './rules/${id}.js';`).join('\n')}

export const ALL_CHECKS: readonly Check[] = [
${ids.map((id) => `  ${ident(id)},`).join('\n')}
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
`;
writeFileSync('src/checks/index.ts', text);
console.log(`src/checks/index.ts: ${ids.length} checks`);
