import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

/**
 * A result with `structuredContent` and, as the MCP spec asks of tools with an
 * output schema, the same JSON in a text block. The value is parsed through
 * the tool's output schema: the objects are strict (clients validate against
 * them), so a field the core adds later is dropped here until the schema
 * lists it, instead of breaking every client's validation. The JSON round
 * trip first drops `undefined` fields, which no transport carries anyway.
 * `textBlock` replaces the JSON text block, for a client that reads
 * `structuredContent` and would otherwise get everything twice.
 */
export function toolResult(schema: z.ZodType, value: object, isError = false, textBlock?: (structured: Record<string, unknown>) => string): CallToolResult {
  const structured = schema.parse(JSON.parse(JSON.stringify(value))) as Record<string, unknown>;
  return {
    content: [{ type: 'text', text: textBlock ? textBlock(structured) : JSON.stringify(structured) }],
    structuredContent: structured,
    ...(isError ? { isError: true } : {}),
  };
}
