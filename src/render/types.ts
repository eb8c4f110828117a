import type { Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';

export const FORMATS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  /** name and version of the tool; informationUri (a homepage) is used by SARIF when known. */
  tool: { name: string; version: string; informationUri?: string };
  startedAt: string;
  durationMs: number;
  /** Colour for the table renderer (off under NO_COLOR or when not a TTY). */
  color: boolean;
  /** Line width for the table renderer (default 100; e.g. the terminal's columns). */
  width?: number;
  /**
   * SARIF only: the repository-relative file every result is anchored to (default `.resil.yml`).
   * Code scanning needs a file location; an AWS resource has none (see src/render/sarif.ts).
   */
  artifactUri?: string;
}

/** A renderer is a pure function of the findings model. */
export type Renderer = (result: AuditResult, ctx: RenderContext) => string;

/**
 * A report written as a stream of text chunks (JSON, SARIF): joined, the chunks equal the string
 * renderer's output, byte for byte. Iterate it once.
 */
export type StreamRenderer = (result: AuditResult, ctx: RenderContext) => Iterable<string>;

/**
 * The inside of a stream renderer (./safe.ts wraps it): the result without its findings, and the
 * findings one at a time, each made safe just before it is rendered.
 */
export type FindingStreamRenderer = (
  result: Omit<AuditResult, 'findings'>,
  findings: Iterable<Finding>,
  ctx: RenderContext,
) => Iterable<string>;
