/**
 * A core answer in OpenAI's `chat.completion` shape. Aegis's own facts (who
 * served, the cost, fallbacks, reasoning, the parsed JSON) go under the one
 * extra key `aegis`.
 */
import { randomBytes } from 'node:crypto';
import type { ChatResult, FinishReason, ToolCall, Usage } from '@aegis-llm/core';

export const completionId = (): string => `chatcmpl-${randomBytes(12).toString('base64url')}`;

/** OpenAI knows four reasons; a cancelled or unknown end reads as `stop`. */
export function toFinishReason(reason: FinishReason): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  return reason === 'length' || reason === 'tool_calls' || reason === 'content_filter' ? reason : 'stop';
}

export function toOpenAiUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export const toOpenAiToolCall = (call: ToolCall) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } });

/** What `aegis` says of a finished answer (also on the last chunk of a stream). */
export function aegisFacts(result: ChatResult): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    provider: result.provider,
    model: result.model,
    costMicroUsd: result.costMicroUsd ?? null,
    fellBack: result.fallbacks.length > 0,
    fallbacks: result.fallbacks,
    usageEstimated: result.usage.estimated,
    latencyMs: result.latencyMs,
    attempts: result.attempts,
  };
  if (result.skipped.length > 0) facts.skipped = result.skipped;
  if (result.usage.suspect) facts.usageSuspect = result.usage.suspect;
  if (result.reasoning) facts.reasoning = result.reasoning;
  if (result.json) facts.json = result.json;
  return facts;
}

export function toCompletion(result: ChatResult, id = completionId(), created = Math.floor(Date.now() / 1000)) {
  const toolCalls = result.toolCalls ?? [];
  return {
    id,
    object: 'chat.completion' as const,
    created,
    model: `${result.provider}/${result.model}`,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          content: toolCalls.length > 0 && result.text === '' ? null : result.text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls.map(toOpenAiToolCall) } : {}),
        },
        logprobs: null,
        finish_reason: toFinishReason(result.finishReason),
      },
    ],
    usage: toOpenAiUsage(result.usage),
    aegis: aegisFacts(result),
  };
}
