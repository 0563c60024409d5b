import type { Usage } from '../../types.js';

/** The usage object of OpenAI-compatible answers, read leniently. */
export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * Usage from the wire, or undefined when it is missing or unusable. Reasoning
 * tokens are a subset of completion tokens; a provider reporting more reasoning
 * than completion gets the larger figure as output (never a negative remainder).
 */
export function readUsage(wire: WireUsage | null | undefined): Omit<Usage, 'estimated'> | undefined {
  if (!wire) return undefined;
  const input = count(wire.prompt_tokens);
  const output = count(wire.completion_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cached = Math.min(count(wire.prompt_tokens_details?.cached_tokens) ?? 0, input);
  const reasoning = count(wire.completion_tokens_details?.reasoning_tokens) ?? 0;
  return {
    inputTokens: input,
    outputTokens: Math.max(output, reasoning),
    cachedInputTokens: cached,
    reasoningTokens: reasoning,
  };
}
