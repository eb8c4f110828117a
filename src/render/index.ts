import { renderJson, renderJsonStream } from './json.js';
import { renderJunit, renderJunitStream } from './junit.js';
import { renderMarkdown, renderMarkdownStream } from './markdown.js';
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
 * bytes as their RENDERERS entry. The large reports for machines and CI: JSON and SARIF read the
 * findings a batch at a time; JUnit and Markdown, whose order is not the findings', take them all
 * (references, each made safe) before their first line, then write a test case or a line at a time.
 */
export const STREAM_RENDERERS: Partial<Record<Format, StreamRenderer>> = {
  json: renderJsonStream,
  junit: renderJunitStream,
  markdown: renderMarkdownStream,
  sarif: renderSarifStream,
};
