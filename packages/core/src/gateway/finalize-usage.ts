import { estimateTokens } from '../cost/estimate-tokens.js';
import type { Usage } from '../types.js';

/**
 * The usage to charge: the upstream's when it sent one, else an estimate from
 * what was sent and delivered, marked `estimated` (the most reported cost bug
 * of other gateways is recording 0 for streams without usage).
 */
export function finalizeUsage(
  reported: Omit<Usage, 'estimated'> | undefined,
  promptTokens: number,
  delivered: { text: string; reasoning: string },
): Usage {
  if (reported) return { ...reported, estimated: false };
  const reasoningTokens = delivered.reasoning ? estimateTokens(delivered.reasoning) : 0;
  const textTokens = delivered.text ? estimateTokens(delivered.text) : 0;
  return {
    inputTokens: promptTokens,
    outputTokens: textTokens + reasoningTokens,
    cachedInputTokens: 0,
    reasoningTokens,
    estimated: true,
  };
}
