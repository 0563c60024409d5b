import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { toToolError } from './to-tool-error.js';
import { toolResult } from './tool-result.js';

/**
 * A failed call: `isError` with the typed error as structured content. The
 * text block leads with the message (what a model reads first), then the JSON.
 */
export function errorResult(
  schema: z.ZodType,
  thrown: unknown,
  extra: object = {},
  textBlock?: (structured: Record<string, unknown>) => string,
): CallToolResult {
  const error = toToolError(thrown);
  const result = toolResult(schema, { ...extra, error }, true, textBlock);
  result.content.unshift({ type: 'text', text: `Error (${error.kind}): ${error.message}` });
  return result;
}
