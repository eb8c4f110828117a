import { existsSync, readFileSync } from 'node:fs';

/**
 * The tool's name and version, from its package.json: the nearest one above this module. That is
 * two levels up from src/util/ (development, tests) and from a bundle chunk in dist/chunks/ (the
 * build), but which bundle file holds this module is the bundler's choice, so it is looked for
 * rather than assumed.
 */
export const TOOL: { name: string; version: string } = (() => {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string };
      return { name: pkg.name, version: pkg.version };
    }
    if (new URL('../', dir).href === dir.href) throw new Error(`no package.json above ${import.meta.url}`);
  }
})();
