import { boundUsage, type ReportedUsage, type UsageLimits } from '../cost/bound-usage.js';
import { estimateTokens } from '../cost/estimate-tokens.js';
import type { Usage } from '../types.js';

/**
 * The usage to charge: the upstream's when it sent one, else an estimate from
 * what was sent and delivered, marked `estimated` (the most reported cost bug
 * of other gateways is recording 0 for streams without usage). Either is
 * bounded by what the request could produce (`limits`, see
 * cost/bound-usage.ts): figures out of bounds are replaced and the usage is
 * marked `suspect` with the reasons.
 */
export function finalizeUsage(
  reported: ReportedUsage | undefined,
  promptTokens: number,
  delivered: { text: string; reasoning: string },
  limits: UsageLimits = { promptTokens },
): Usage {
  const reasoningTokens = delivered.reasoning ? estimateTokens(delivered.reasoning) : 0;
  const textTokens = delivered.text ? estimateTokens(delivered.text) : 0;
  const estimate = { outputTokens: textTokens + reasoningTokens, reasoningTokens };
  const figures: ReportedUsage = reported ?? { inputTokens: promptTokens, cachedInputTokens: 0, ...estimate };
  const { suspect, ...counts } = boundUsage(figures, limits, estimate);
  const usage: Usage = { ...counts, estimated: reported === undefined };
  if (suspect) usage.suspect = suspect;
  return usage;
}
