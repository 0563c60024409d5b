import { isAegisError, type Gateway } from '@aegis-llm/core';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { completeModel } from '../completions/complete-model.js';
import type { ServerDeps } from '../server/server-deps.js';
import { withValidModels } from '../tools/with-valid-models.js';

/** Prompt arguments are strings (MCP): counts arrive as digits. */
const count = (name: string) => z.string().trim().regex(/^\d+$/, `${name} is a whole number, e.g. 2000`);

/**
 * "Check the budget before a heavy job": the job's estimate is priced and
 * checked against what is left of the budget when the prompt is got, and
 * the message carries the verdict and the figures, so the assistant decides
 * on live numbers instead of calling budget_status itself first.
 */
export function registerCheckBudgetPrompt(server: McpServer, { gateway }: ServerDeps): void {
  server.registerPrompt(
    'check-budget-before-job',
    {
      title: 'Check the budget before a heavy job',
      description:
        'Prices a planned job (N calls of a model, tokens per call) and checks it against the remaining monthly budget now; the assistant goes ahead only if it fits.',
      argsSchema: {
        model: completable(z.string().trim().min(1).describe('`provider/model` the job will use, e.g. dashscope/qwen-plus (or an embedding model).'), (value) =>
          completeModel(gateway, value),
        ),
        input_tokens: count('input_tokens').describe('Estimated input tokens per call (about 4 characters of English, 1 Chinese character per token).'),
        output_tokens: count('output_tokens')
          .optional()
          .describe('Output tokens per call: the max_tokens the job will set. Required for a chat model; an embedding model has none.'),
        calls: count('calls').optional().describe('How many calls the job makes (default 1).'),
      },
    },
    async ({ model, input_tokens, output_tokens, calls }) => {
      const embedding = await isEmbeddingModel(gateway, model);
      // As budget_status: a chat job without its output would be priced low, so it is asked for.
      if (!embedding && output_tokens === undefined) {
        throw new McpError(
          ErrorCode.InvalidParams,
          'output_tokens is required for a chat model (the max_tokens each call will set); only an embedding model has none.',
        );
      }
      const inputTokens = Number(input_tokens);
      const outputTokens = embedding || output_tokens === undefined ? 0 : Number(output_tokens);
      const callCount = calls === undefined ? 1 : Math.max(1, Number(calls));
      const status = await gateway
        .budgetStatus({ estimate: { model, inputTokens, outputTokens, calls: callCount, kind: embedding ? 'embed' : 'chat' } })
        .catch(async (thrown: unknown) => {
          // A wrong model is the caller's argument: an invalid-params error naming it (and the valid ones), nothing else.
          const error = await withValidModels(gateway, thrown);
          if (isAegisError(error) && (error.kind === 'bad_request' || error.kind === 'not_found')) throw new McpError(ErrorCode.InvalidParams, error.message);
          throw error;
        });
      const estimate = status.estimate!;
      const provider = status.providers.find((p) => p.provider === estimate.provider);
      const perCall = embedding ? `${inputTokens} tokens to embed` : `${inputTokens} input and ${outputTokens} output tokens`;
      const job = `${callCount} call${callCount === 1 ? '' : 's'} of ${estimate.provider}/${estimate.model} (${perCall} per call)`;
      const advice =
        estimate.fits === true
          ? `It fits: go ahead${embedding ? '' : `, and keep \`max_tokens\` at ${outputTokens} or less so the estimate holds`}.`
          : estimate.fits === false
            ? 'It does not fit: do not start it. Say what is left, and suggest a cheaper model (`list_models` shows prices), fewer calls or fewer tokens per call.'
            : 'Its cost is unknown (the model has no price): say so, and ask before starting it.';
      const text = [
        `I plan a job of ${job}. Check it against the budget before starting.`,
        '',
        `Aegis LLM's budget check: ${estimate.summary}`,
        advice,
        '',
        '```json',
        JSON.stringify({ estimate, provider, period: status.period, resetDate: status.resetDate }, null, 2),
        '```',
      ].join('\n');
      return {
        description: `Budget check for ${job}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}

async function isEmbeddingModel(gateway: Gateway, spec: string): Promise<boolean> {
  const models = await gateway.listModels({ live: false });
  return models.some((m) => m.embedding !== undefined && (`${m.provider}/${m.model}` === spec || m.model === spec));
}
