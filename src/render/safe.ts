/**
 * The output boundary of every report format: the one place where AWS- and user-supplied strings
 * (resource names, messages, evidence, error messages, suppression reasons, the config path) are made
 * safe to show (src/util/text.ts `safeText`). Each renderer is exported wrapped, so no format can
 * be reached without it, and no renderer sanitises field by field.
 */
import type { Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import { isSafeJsonText, safeDeep, safeText } from '../util/text.js';
import type { StreamOptions } from './stream.js';
import type { FindingStreamRenderer, RenderContext, Renderer, StreamRenderer } from './types.js';

function safeContext(ctx: RenderContext): RenderContext {
  return { ...ctx, ...(ctx.artifactUri !== undefined ? { artifactUri: safeText(ctx.artifactUri) } : {}) };
}

export function safeRenderer(render: Renderer): Renderer {
  return (result, ctx) => render(safeDeep(result), safeContext(ctx));
}

/**
 * The same boundary for a streamed report: everything but the findings is made safe up front (it is
 * small), and each finding just before the renderer reads it, so the findings are never all copied
 * at once. What the renderer sees is exactly what `safeDeep(result)` would have given it.
 */
export function safeStreamRenderer(render: FindingStreamRenderer): StreamRenderer {
  return function* (result, ctx) {
    const { findings, ...rest } = result;
    const safeFindings: Iterable<Finding> = {
      *[Symbol.iterator]() {
        for (const f of findings) yield safeDeep(f);
      },
    };
    yield* render(safeDeep(rest), safeFindings, safeContext(ctx));
  };
}

/** How a JSON renderer makes its findings safe: by the text of each batch (`streamJson`'s check). */
export type FindingCheck = NonNullable<StreamOptions<Finding>['check']>;

/** The check of a batch of findings: its JSON text, and `safeDeep` of each when the text is not clean. */
const FINDING_CHECK: FindingCheck = { clean: isSafeJsonText, safe: safeDeep };

/**
 * The same boundary for a JSON report whose findings all go through `streamJson`: the findings reach
 * the renderer as they are, with the check it must give `streamJson` for them. A batch whose text
 * shows nothing unsafe is written as it is (most reports: no walk over every string of every
 * finding); any other batch is serialised again from `safeDeep` of its findings, so the bytes are
 * exactly those of `safeStreamRenderer`. Everything but the findings is made safe up front.
 */
export function safeJsonStreamRenderer(
  render: (
    result: Omit<AuditResult, 'findings'>,
    findings: Iterable<Finding>,
    ctx: RenderContext,
    check: FindingCheck,
  ) => Iterable<string>,
): StreamRenderer {
  return function* (result, ctx) {
    const { findings, ...rest } = result;
    yield* render(safeDeep(rest), findings, safeContext(ctx), FINDING_CHECK);
  };
}

/** The string form of a streamed report: its chunks joined. */
export function joined(render: StreamRenderer): Renderer {
  return (result, ctx) => {
    let out = '';
    for (const chunk of render(result, ctx)) out += chunk;
    return out;
  };
}
