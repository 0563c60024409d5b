import type { ReportedUsage } from '../../cost/bound-usage.js';

/** The usage object of OpenAI-compatible answers, read leniently: an upstream may send anything in it. */
export interface WireUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: unknown } | null;
}

/** A number as sent (negative, fractional and huge ones included); NaN for anything else that is there. */
function figure(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** An optional figure: absent (or null) is 0, as the OpenAI usage object means it. */
function optionalFigure(value: unknown): number {
  return value === undefined || value === null ? 0 : figure(value);
}

/**
 * Usage from the wire with its figures as sent, or undefined when there is
 * none (no usage object, or neither a prompt nor a completion count in it:
 * the gateway then estimates). Nothing is judged here: the wire knows no caps. The
 * gateway bounds the figures (cost/bound-usage.ts) before pricing them: a
 * string, a negative or an absurd count is charged bounded and flagged
 * suspect, never trusted, never dropped silently.
 */
export function readUsage(wire: WireUsage | null | undefined): ReportedUsage | undefined {
  if (typeof wire !== 'object' || wire === null) return undefined;
  const missing = (value: unknown): boolean => value === undefined || value === null;
  if (missing(wire.prompt_tokens) && missing(wire.completion_tokens)) return undefined;
  return {
    // One count without the other is a usage that cannot be read as sent: NaN, suspect.
    inputTokens: figure(wire.prompt_tokens),
    outputTokens: figure(wire.completion_tokens),
    cachedInputTokens: optionalFigure(wire.prompt_tokens_details?.cached_tokens),
    reasoningTokens: optionalFigure(wire.completion_tokens_details?.reasoning_tokens),
  };
}
