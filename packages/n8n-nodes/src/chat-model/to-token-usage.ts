import type { Usage } from '@aegis-llm/core';
import type { TokenUsage } from '@n8n/ai-node-sdk';

/** The core's usage as the AI SDK reports it to n8n's token tracing. */
export function toTokenUsage(usage: Usage): TokenUsage {
  return {
    promptTokens: usage.inputTokens,
    completionTokens: usage.outputTokens,
    totalTokens: usage.inputTokens + usage.outputTokens,
    inputTokenDetails: { cacheRead: usage.cachedInputTokens },
    outputTokenDetails: { reasoning: usage.reasoningTokens },
  };
}
