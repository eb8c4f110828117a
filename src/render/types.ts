import type { AuditResult } from '../engine/audit.js';

export const FORMATS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  /** Colour for the table renderer (off under NO_COLOR or when not a TTY). */
  color: boolean;
}

/** A renderer is a pure function of the findings model. */
export type Renderer = (result: AuditResult, ctx: RenderContext) => string;
