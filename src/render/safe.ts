/**
 * The output boundary of every report format: the one place where AWS- and user-supplied strings
 * (resource names, messages, evidence, error messages, suppression reasons, the config path) are made
 * safe to show (src/util/text.ts `safeText`). Each renderer is exported wrapped, so no format can
 * be reached without it, and no renderer sanitises field by field.
 */
import type { Finding } from '../checks/define.js';
import { safeDeep, safeText } from '../util/text.js';
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

/** The string form of a streamed report: its chunks joined. */
export function joined(render: StreamRenderer): Renderer {
  return (result, ctx) => {
    let out = '';
    for (const chunk of render(result, ctx)) out += chunk;
    return out;
  };
}
