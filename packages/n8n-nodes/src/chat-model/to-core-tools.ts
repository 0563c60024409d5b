import type { ToolDefinition } from '@aegis-llm/core';
import { getParametersJsonSchema, type Tool } from '@n8n/ai-node-sdk';

/**
 * The tools an agent bound (LangChain tools, as the AI SDK hands them over)
 * as the core's definitions, their zod schemas turned into JSON Schema by
 * the SDK. Provider-native tools (web search and the like) have no
 * OpenAI-compatible form and are left out.
 */
export function toCoreTools(tools: readonly Tool[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const tool of tools) {
    if (tool.type !== 'function') continue;
    const { $schema: _draft, ...parameters } = (getParametersJsonSchema(tool) ?? {}) as Record<string, unknown>;
    out.push({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: Object.keys(parameters).length === 0 ? { type: 'object', properties: {} } : parameters,
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    });
  }
  return out;
}
