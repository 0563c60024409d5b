import { money, type ChatResult } from '@aegis-llm/core';
import type { Page } from './answer-pages.js';
import type { ChatOutput, ProviderBudgetSummary } from './chat-output.js';

/** Reasoning beyond this is cut: it is the means, not the answer, and must not crowd the answer out of the output limit. */
export const REASONING_CAP_CHARS = 8_000;

/** A chat result (or the partial one of a failed call) as the tool's structured output. */
export function toChatOutput(
  result: ChatResult,
  extra: { page: Page; budget?: ProviderBudgetSummary },
): ChatOutput {
  const reasoning = result.reasoning;
  const cut = reasoning !== undefined && reasoning.length > REASONING_CAP_CHARS;
  return {
    text: extra.page.text,
    ...(reasoning !== undefined ? { reasoning: cut ? reasoning.slice(0, REASONING_CAP_CHARS) : reasoning } : {}),
    ...(cut ? { reasoningTruncated: true } : {}),
    provider: result.provider,
    model: result.model,
    finishReason: result.finishReason,
    ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
    ...(result.json?.parsed === true ? { json: result.json.value } : {}),
    ...(result.json?.parsed === false ? { jsonError: result.json.error } : {}),
    attempts: result.attempts,
    fallbacks: result.fallbacks,
    skipped: result.skipped,
    usage: result.usage,
    ...(result.costMicroUsd === undefined
      ? { costNote: `${result.provider}/${result.model} has no price in the catalog: its cost is unknown and not counted against the budget.` }
      : { cost: money(result.costMicroUsd) }),
    ...(extra.budget ? { budget: extra.budget } : {}),
    latencyMs: result.latencyMs,
    timeToFirstTokenMs: result.timeToFirstTokenMs,
    ...(extra.page.page ? { page: extra.page.page } : {}),
  };
}
