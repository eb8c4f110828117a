import { renderJson } from './json.js';
import { renderTable } from './table.js';
import type { Format, Renderer } from './types.js';

export const RENDERERS: Partial<Record<Format, Renderer>> = {
  table: renderTable,
  json: renderJson,
};
