import type { Attempt, Money, ProviderBudgetStatus, SkippedTarget, ToolCall, Usage } from '@aegis-llm/core';
import { z } from 'zod';
import type { PageInfo } from './answer-pages.js';
import type { FallbackTaken } from '@aegis-llm/core';
import { moneySchema } from './money-schema.js';
import { toolErrorSchema } from './tool-error-schema.js';

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
  reasoningTokens: z.number(),
  estimated: z.boolean().describe('True when the upstream sent no usage and these are estimates.'),
  suspect: z
    .array(z.string())
    .optional()
    .describe(
      "Set when the upstream's usage could not be right (above the caps sent, negative, not a number...): why. These counts are the bounded ones charged.",
    ),
});

const attemptSchema = z.object({
  provider: z.string(),
  model: z.string(),
  outcome: z.string().describe('ok, or the error kind that ended the attempt.'),
  status: z.number().optional(),
  waitedMs: z.number(),
  latencyMs: z.number(),
});

export const providerBudgetSummarySchema = z
  .object({
    provider: z.string(),
    budgeted: z.boolean().describe('False: no monthly limit is set for this provider.'),
    limit: moneySchema.optional(),
    spent: moneySchema,
    reserved: moneySchema,
    remaining: moneySchema.optional(),
    percent: z.number().optional(),
  })
  .describe("The serving provider's monthly budget after this call.");

/**
 * What `chat` returns. Every field is optional because a failed call (isError)
 * carries `error` and only what was delivered before it.
 */
export const chatOutputShape = {
  text: z.string().describe('The answer, or its first page (see `page`).'),
  reasoning: z.string().describe('The reasoning of a thinking model, when it sent one.'),
  reasoningTruncated: z.boolean().describe('True when `reasoning` was cut to fit the tool output limit.'),
  provider: z.string().describe('The provider that answered.'),
  model: z.string(),
  finishReason: z.string().describe('stop, length (cut by max_tokens), tool_calls (run `toolCalls`), content_filter, cancelled, error, ...'),
  toolCalls: z
    .array(z.object({ id: z.string(), name: z.string(), arguments: z.string().describe('JSON text of the arguments.') }))
    .describe('The tool calls the model asked for: run them and send each result back as a tool message with its id.'),
  json: z.json().optional().describe('With response_format json_object / json_schema: the answer, parsed.'),
  jsonError: z.string().describe('With a JSON response_format: why the answer did not parse as JSON.'),
  attempts: z.array(attemptSchema).describe('Every try, in order: retries and fallbacks included. Absent when the first try answered.'),
  fallbacks: z
    .array(z.object({ from: z.string(), to: z.string(), reason: z.string() }))
    .describe('Fallbacks taken: from which target to which, and the error kind that caused it.'),
  skipped: z
    .array(
      z.object({
        provider: z.string(),
        model: z.string(),
        reason: z.string(),
        code: z
          .string()
          .optional()
          .describe('unknown_model, not_configured, context_too_long, no_vision, no_thinking, no_tools, no_json_object, no_json_schema, cooldown'),
      }),
    )
    .describe('Targets left out up front, and why. Absent when none was.'),
  usage: usageSchema,
  cost: moneySchema.describe('What this call cost. Absent when the model is unpriced.'),
  costNote: z.string().describe('Why `cost` is absent.'),
  budget: providerBudgetSummarySchema,
  latencyMs: z.number(),
  timeToFirstTokenMs: z.number(),
  page: z
    .object({
      answerId: z.string(),
      offset: z.number(),
      length: z.number(),
      totalChars: z.number(),
      nextOffset: z.number().optional().describe('Call chat with answer_id and this offset for the next page; absent on the last page.'),
    })
    .describe('Set when the answer is longer than one tool result.'),
  error: toolErrorSchema,
};

export const chatOutputSchema = z.object(chatOutputShape).partial();

/**
 * The same, as a TypeScript type over the core's own types (the schema's
 * inferred type would demand index signatures of the loose objects).
 */
export interface ChatOutput {
  text: string;
  reasoning?: string;
  reasoningTruncated?: boolean;
  provider: string;
  model: string;
  finishReason: string;
  toolCalls?: ToolCall[];
  json?: unknown;
  jsonError?: string;
  attempts?: Attempt[];
  fallbacks?: FallbackTaken[];
  skipped?: SkippedTarget[];
  usage: Usage;
  cost?: Money;
  costNote?: string;
  budget?: ProviderBudgetSummary;
  latencyMs: number;
  timeToFirstTokenMs?: number;
  page?: PageInfo;
}

export type ProviderBudgetSummary = Pick<ProviderBudgetStatus, 'provider' | 'budgeted' | 'limit' | 'spent' | 'reserved' | 'remaining' | 'percent'>;
