/**
 * Response headers that say what happened, on every answer: which provider
 * and model served, whether it fell back, and (one-answer replies; a stream's
 * cost is known only at its end, on its last chunk) the cost.
 */
import type { ChatResult, EmbedResult } from '@aegis-llm/core';

export const REPLY_HEADERS = {
  provider: 'x-aegis-provider',
  model: 'x-aegis-model',
  fellBack: 'x-aegis-fell-back',
  costMicroUsd: 'x-aegis-cost-micro-usd',
  requestId: 'x-request-id',
} as const;

export function servedHeaders(provider: string, model: string, fellBack: boolean): Record<string, string> {
  return { [REPLY_HEADERS.provider]: provider, [REPLY_HEADERS.model]: `${provider}/${model}`, [REPLY_HEADERS.fellBack]: String(fellBack) };
}

export function resultHeaders(result: ChatResult | EmbedResult): Record<string, string> {
  const headers = servedHeaders(result.provider, result.model, result.fallbacks.length > 0);
  // Unpriced model: the cost is unknown, and no header beats a made-up 0.
  if (result.costMicroUsd !== undefined) headers[REPLY_HEADERS.costMicroUsd] = String(result.costMicroUsd);
  return headers;
}
