import { renderJson, renderJsonStream } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, renderSarifStream } from './sarif.js';
import { renderTable } from './table.js';
import type { Format, Renderer, StreamRenderer } from './types.js';

/** Every output format of `resil audit --format`; each a pure function of the one findings model. */
export const RENDERERS: Record<Format, Renderer> = {
  table: renderTable,
  json: renderJson,
  junit: renderJunit,
  sarif: renderSarif,
  markdown: renderMarkdown,
};

/**
 * The formats that can also be written as a stream of chunks (no whole-report string): the same
 * bytes as their RENDERERS entry. The large machine-readable reports.
 */
export const STREAM_RENDERERS: Partial<Record<Format, StreamRenderer>> = {
  json: renderJsonStream,
  sarif: renderSarifStream,
};
