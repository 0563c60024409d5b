import type { ChatResult } from '@aegis-llm/core';
import type { IDataObject } from 'n8n-workflow';
import { isFallback } from './chat-result-to-json.js';
import { toJson } from './to-json.js';

/**
 * One answer as the AI Agent gets it when it calls the node as a tool: the
 * text and who answered, and only what changes what the agent should do next
 * (a fallback, an answer cut at the token cap, the cost). The agent reads
 * every character of a tool result, each run; attempts, usage and timings are
 * for the workflow's own items (chatResultToJson) and the shared ledger.
 */
export function chatResultToToolJson(result: ChatResult): IDataObject {
  return toJson({
    text: result.text,
    model: `${result.provider}/${result.model}`,
    fallback: isFallback(result) ? true : undefined,
    finishReason: result.finishReason === 'stop' ? undefined : result.finishReason,
    costUsd: result.costMicroUsd === undefined ? undefined : result.costMicroUsd / 1_000_000,
  });
}
