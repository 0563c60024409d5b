import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../server/server-deps.js';
import { errorResult } from './error-result.js';
import { toolErrorSchema } from './tool-error-schema.js';
import { strictInput } from './strict-input.js';
import { toolResult } from './tool-result.js';

const resultSchema = z.object({
  provider: z.string(),
  configured: z.boolean(),
  reachable: z.boolean(),
  keyAccepted: z.boolean().optional(),
  latencyMs: z.number().optional(),
  modelAnswered: z.boolean().optional().describe('Whether its default model answered one token.'),
  model: z.string().optional(),
  hint: z.string().optional().describe('What to do next: which variable to set, which region to check, ...'),
  error: z.object({ kind: z.string(), message: z.string(), status: z.number().optional() }).optional(),
  cooldowns: z.array(z.object({ model: z.string(), state: z.string(), until: z.number().optional(), failures: z.number() })),
});

const outputSchema = z
  .object({
    results: z.array(resultSchema),
    answered: z.array(z.string()).describe('Providers whose model answered: the ones usable now.'),
    error: toolErrorSchema,
  })
  .partial();

export function registerTestProviderTool(server: McpServer, { gateway }: ServerDeps): void {
  server.registerTool(
    'test_provider',
    {
      title: 'Test provider connection',
      description:
        'Checks a provider (or every provider when omitted): reachable, key accepted (with a region hint for DashScope), latency, whether its default model answers one token (a real, budgeted call of one token), and cooldown state. Unconfigured providers say which variables to set.',
      inputSchema: strictInput({
        provider: z.string().min(1).optional().describe('dashscope, openai, ollama, anyllm or a configured endpoint name; omitted: all.'),
      }),
      outputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ provider }) => {
      try {
        const results = await gateway.testProvider(provider);
        return toolResult(outputSchema, { results, answered: results.filter((r) => r.modelAnswered === true).map((r) => r.provider) });
      } catch (thrown) {
        return errorResult(outputSchema, thrown);
      }
    },
  );
}
