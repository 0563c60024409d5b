import type { Usage } from '../types.js';

/**
 * Tokens an upstream may report above a cap it was sent before its figures
 * are suspect. Reservations price the caps plus this slack (open-attempt.ts),
 * so a charge within it still fits the reservation. Why any: a thinking
 * model stopped at its `thinking_budget` closes its reasoning with a few
 * tokens of its own, and some servers count the end-of-sequence token.
 */
export const USAGE_SLACK_TOKENS = 32;

/**
 * Input reported above `INPUT_ESTIMATE_FACTOR x estimate + INPUT_MARGIN_TOKENS`
 * is suspect. The estimate (estimateTokens) can be low by about 4x for digit
 * runs (one token per digit) and more for emoji (up to 4 tokens per code point
 * against 1 per 2 estimated): 8x is past any honest tokenizer.
 */
export const INPUT_ESTIMATE_FACTOR = 8;
export const INPUT_MARGIN_TOKENS = 1_024;

/** No model reads or writes this many tokens in one request (the largest context known is 10M): a count above is not a count. */
export const ABSURD_TOKENS = 100_000_000;

/** What a request could use: its reservation's figures. */
export interface UsageLimits {
  /** Input tokens as estimated before sending (the reservation priced these). */
  promptTokens: number;
  /** The model's context window, when known. */
  contextWindow?: number;
  /**
   * Output tokens (reasoning included) the request could produce: the caps
   * sent plus USAGE_SLACK_TOKENS each. Undefined when no cap was sent (no
   * catalog entry): output is then only checked against ABSURD_TOKENS.
   */
  maxOutputTokens?: number;
  /** Of which reasoning at most (with slack). @default maxOutputTokens */
  maxReasoningTokens?: number;
  /** Of which answer (output minus reasoning) at most (with slack). @default maxOutputTokens */
  maxAnswerTokens?: number;
}

/** Counts as the upstream sent them: any number (NaN for a value that was not a number). */
export type ReportedUsage = Omit<Usage, 'estimated' | 'suspect'>;

/** What to charge when a figure cannot be read: the estimates an answer without usage gets. */
export interface UsageEstimate {
  outputTokens: number;
  reasoningTokens: number;
}

export interface BoundedUsage extends ReportedUsage {
  /** Why the figures were not taken as sent (see Usage.suspect); absent when they were. */
  suspect?: string[];
}

/**
 * Usage as it may be charged: every count a non-negative safe integer no
 * larger than what the request could have produced. Figures that are not
 * that are suspect, and each is replaced, with the reason kept:
 * - unreadable (not a number, negative, not finite, above ABSURD_TOKENS):
 *   the estimate (the prompt estimate for input, the delivered text's for
 *   output and reasoning, 0 for cached), then bounded like the rest;
 * - not an integer: rounded up;
 * - output, reasoning or answer above its cap (plus slack): the cap;
 * - reasoning above output: output raised to it (reasoning is a part of output);
 * - input above the context window or far above the estimate: the estimate
 *   (what was reserved for it);
 * - cached above input: input (cached is a part of input).
 * Pure; the caller charges at most the reservation's worst case for a
 * suspect usage and raises the alert.
 */
export function boundUsage(reported: ReportedUsage, limits: UsageLimits, estimate: UsageEstimate): BoundedUsage {
  const reasons: string[] = [];
  const read = (name: keyof ReportedUsage, fallback: number): number => {
    const value: unknown = reported[name];
    const problem =
      typeof value !== 'number' || Number.isNaN(value)
        ? 'is not a number'
        : !Number.isFinite(value)
          ? 'is not finite'
          : value < 0
            ? `is negative (${value})`
            : value > ABSURD_TOKENS
              ? `is absurd (${value})`
              : undefined;
    if (problem !== undefined) {
      reasons.push(`${name} ${problem}`);
      return Math.max(0, Math.ceil(fallback));
    }
    const count = value as number;
    if (Number.isInteger(count)) return count;
    reasons.push(`${name} is not an integer (${count})`);
    return Math.ceil(count);
  };
  const cap = (name: string, value: number, limit: number | undefined, to: number = limit ?? value): number => {
    if (limit === undefined || value <= limit) return value;
    reasons.push(`${name} ${value} above the ${limit} the request could use`);
    return to;
  };

  const maxOutput = limits.maxOutputTokens;
  let reasoning = read('reasoningTokens', estimate.reasoningTokens);
  let output = read('outputTokens', estimate.outputTokens);
  if (reasoning > output) {
    reasons.push(`reasoningTokens ${reasoning} above outputTokens ${output}`);
    output = reasoning;
  }
  reasoning = cap('reasoningTokens', reasoning, limits.maxReasoningTokens ?? maxOutput);
  output = cap('outputTokens', output, maxOutput);
  if (reasoning > output) output = reasoning;
  const maxAnswer = limits.maxAnswerTokens ?? maxOutput;
  const answer = cap('answer tokens (output minus reasoning)', output - reasoning, maxAnswer);
  output = reasoning + answer;

  const prompt = Math.max(0, Math.ceil(limits.promptTokens));
  const inputLimit = Math.min(limits.contextWindow ?? Number.POSITIVE_INFINITY, INPUT_ESTIMATE_FACTOR * prompt + INPUT_MARGIN_TOKENS);
  const input = cap('inputTokens', read('inputTokens', prompt), inputLimit, prompt);
  const cached = cap('cachedInputTokens', read('cachedInputTokens', 0), input);

  const usage: BoundedUsage = { inputTokens: input, outputTokens: output, cachedInputTokens: cached, reasoningTokens: reasoning };
  if (reasons.length > 0) usage.suspect = reasons;
  return usage;
}
