import { CAPABILITIES } from '@aegis-llm/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../server/server-deps.js';
import { errorResult } from './error-result.js';
import { modelSchema } from './model-schema.js';
import { toolErrorSchema } from './tool-error-schema.js';
import { strictInput } from './strict-input.js';
import { toolResult } from './tool-result.js';

const inputShape = {
  provider: z.string().min(1).optional().describe('Only this provider: dashscope, openai, ollama, anyllm, or a configured endpoint name.'),
  capability: z.enum(CAPABILITIES).optional().describe('Only models with this capability, e.g. vision for images, thinking for reasoning.'),
  live: z.boolean().optional().describe("Ask configured providers' /models too (default true); false answers from the catalog alone, instantly."),
};

const outputSchema = z.object({ models: z.array(modelSchema), count: z.number(), error: toolErrorSchema }).partial();

export function registerListModelsTool(server: McpServer, { gateway }: ServerDeps): void {
  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        "Models the gateway can use, with context window, prices per 1M tokens (the configured region's list), capabilities, status (current, deprecated, retired, with the replacement), whether their provider is configured, and whether the provider reported them live or they come from the catalog.",
      inputSchema: strictInput(inputShape),
      outputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
    },
    async ({ provider, capability, live }) => {
      try {
        const models = await gateway.listModels({ provider, capability, live });
        return toolResult(outputSchema, { models: models.map((m) => ({ id: `${m.provider}/${m.model}`, ...m })), count: models.length });
      } catch (thrown) {
        return errorResult(outputSchema, thrown);
      }
    },
  );
}
