/**
 * The output boundary of every report format: the one place where AWS- and user-supplied strings
 * (resource names, messages, evidence, error messages, suppression reasons, the config path) are made
 * safe to show (src/util/text.ts `safeText`). Each renderer is exported wrapped, so no format can
 * be reached without it, and no renderer sanitises field by field.
 */
import { safeDeep, safeText } from '../util/text.js';
import type { Renderer } from './types.js';

export function safeRenderer(render: Renderer): Renderer {
  return (result, ctx) =>
    render(safeDeep(result), {
      ...ctx,
      ...(ctx.artifactUri !== undefined ? { artifactUri: safeText(ctx.artifactUri) } : {}),
    });
}
