import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../server/server-deps.js';
import { budgetStatusShape } from './budget-schema.js';
import { errorResult } from './error-result.js';
import { toolErrorSchema } from './tool-error-schema.js';
import { strictInput } from './strict-input.js';
import { toolResult } from './tool-result.js';
import { withValidModels } from './with-valid-models.js';

const tokens = (name: string) => z.number().int(`${name} must be a whole number of tokens`).min(0, `${name} must be 0 or more`);

const outputSchema = z.object({ ...budgetStatusShape, error: toolErrorSchema }).partial();

const inputShape = {
  provider: z.string().min(1).optional().describe('Only this provider (dashscope, openai, anyllm, ...); omitted: all.'),
  tag: z.string().min(1).optional().describe('Only the spend of this tag name in `tags` (e.g. workflow_name, mcp_client); omitted: every tag.'),
  estimate: z
    .object({
      kind: z
        .enum(['chat', 'embed'])
        .optional()
        .describe(
          '`embed` for an embedding job (a RAG ingestion): input tokens only, model an embedding model such as dashscope/text-embedding-v4. Default `chat`.',
        ),
      model: z.string().min(1).describe('`provider/model` the job will use, e.g. dashscope/qwen-max (or dashscope/text-embedding-v4 for kind `embed`).'),
      input_tokens: tokens('estimate.input_tokens').describe(
        'Input tokens per call (about 4 characters of English per token); for an embedding job, all the text to embed.',
      ),
      output_tokens: tokens('estimate.output_tokens')
        .optional()
        .describe('Output tokens per call (the max_tokens you will set is the safe figure). Required for chat; an embedding job has none.'),
      calls: z
        .number()
        .int('estimate.calls must be a whole number')
        .positive('estimate.calls must be 1 or more')
        .optional()
        .describe('Number of calls in the job (default 1).'),
    })
    .refine((estimate) => estimate.kind === 'embed' || estimate.output_tokens !== undefined, {
      message: 'estimate.output_tokens is required for a chat job (only kind "embed" has none)',
      path: ['output_tokens'],
    })
    .optional()
    .describe('A planned job: its cost and whether it fits the remaining budget come back in `estimate`.'),
};

export function registerBudgetStatusTool(server: McpServer, { gateway }: ServerDeps): void {
  server.registerTool(
    'budget_status',
    {
      title: 'Budget status',
      description:
        "This month's spend per provider (and model) against its monthly budget: limit, spent, reserved by calls in flight, remaining, percent, projected month-end, alerts fired and the alert webhook's delivery status (last success, last failure and why); and spend per tag (workflow, MCP client, end user...). Give `estimate` to check a heavy job before starting it.",
      inputSchema: strictInput(inputShape),
      outputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ provider, tag, estimate }) => {
      try {
        const status = await gateway.budgetStatus({
          provider,
          tag,
          estimate: estimate && {
            ...(estimate.kind === undefined ? {} : { kind: estimate.kind }),
            model: estimate.model,
            inputTokens: estimate.input_tokens,
            outputTokens: estimate.output_tokens,
            calls: estimate.calls,
          },
        });
        return toolResult(outputSchema, status);
      } catch (thrown) {
        // Only an unknown estimate.model gets the list of valid models.
        return errorResult(outputSchema, await withValidModels(gateway, thrown, 'estimate.model'));
      }
    },
  );
}
