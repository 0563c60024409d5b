import { money, type ChatResult } from '@aegis-llm/core';
import type { Page } from './answer-pages.js';
import type { ChatOutput, ProviderBudgetSummary } from './chat-output.js';

/** Reasoning beyond this is cut: it is the means, not the answer, and must not crowd the answer out of the output limit. */
export const REASONING_CAP_CHARS = 8_000;

/** A chat result (or the partial one of a failed call) as the tool's structured output. */
export function toChatOutput(result: ChatResult, extra: { page: Page; budget?: ProviderBudgetSummary }): ChatOutput {
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
    // Only where they explain something: one clean attempt, no fallback and
    // no skip say nothing the provider and model do not (issue 20).
    ...(result.attempts.length > 1 || result.attempts.some((a) => a.outcome !== 'ok') ? { attempts: result.attempts } : {}),
    ...(result.fallbacks.length > 0 ? { fallbacks: result.fallbacks } : {}),
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
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
