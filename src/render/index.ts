import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { Format, Renderer } from './types.js';

/** Every output format of `resil audit --format`; each a pure function of the one findings model. */
export const RENDERERS: Record<Format, Renderer> = {
  table: renderTable,
  json: renderJson,
  junit: renderJunit,
  sarif: renderSarif,
  markdown: renderMarkdown,
};
