import type { ModelPricing } from '../types.js';
import { costDivisor } from './cost-divisor.js';
import { divideRoundHalfUp } from './divide-round-half-up.js';
import { scalePrice } from './scale-price.js';
import { selectPriceTier } from './select-price-tier.js';

export interface WorstCaseCostInput {
  /** Input tokens (usually an estimate, see estimateMessagesTokens). */
  inputTokens: number;
  /** The most output tokens (reasoning included) the request can produce. */
  maxOutputTokens: number;
  /** Of which reasoning at most. @default maxOutputTokens */
  maxReasoningTokens?: number;
  /** Of which answer (output minus reasoning) at most. @default maxOutputTokens */
  maxAnswerTokens?: number;
  pricing: ModelPricing | undefined;
  cnyPerUsd: number;
  /**
   * Sent in thinking mode: every output token is billed at the thinking-mode
   * price (see priceUsage), the answer too. @default false
   */
  thinking?: boolean;
}

/**
 * The most a request can cost, in integer micro-USD, for a budget
 * reservation (docs/ARCHITECTURE.md, "Money"): every input token at the full
 * input price (no cache discount assumed) of the tier the input falls into,
 * plus the dearest output the caps allow: the dearer of reasoning and answer
 * tokens first, up to its own cap, then the other up to the total. With one
 * cap for both (the default) that is every output token at the dearer of the
 * output and reasoning prices; with separate caps (DashScope's
 * `thinking_budget` beside `max_completion_tokens`) reasoning is reserved at
 * the reasoning price and the answer at the output price, or, in thinking
 * mode, at the thinking-mode price like the reasoning. Rounded half up once.
 * `undefined` when unpriced.
 *
 * The bound is only as good as `inputTokens`: an estimate that lands just
 * under a tier boundary while the real count is above it under-reserves.
 */
export function worstCaseCost(request: WorstCaseCostInput): number | undefined {
  const { inputTokens, maxOutputTokens, pricing, cnyPerUsd } = request;
  if (pricing === undefined) return undefined;
  const input = BigInt(Math.max(0, Math.ceil(finite(inputTokens, 'inputTokens'))));
  const output = tokens(maxOutputTokens, 'maxOutputTokens');
  const reasoningCap = min(output, tokens(request.maxReasoningTokens ?? maxOutputTokens, 'maxReasoningTokens'));
  const answerCap = min(output, tokens(request.maxAnswerTokens ?? maxOutputTokens, 'maxAnswerTokens'));
  const tier = selectPriceTier(pricing, Number(input));
  if (tier === undefined) return undefined;
  const reasoningPrice = tier.reasoningOutput === undefined ? scalePrice(tier.output) : scalePrice(tier.reasoningOutput);
  const outputPrice = request.thinking === true ? reasoningPrice : scalePrice(tier.output);
  const reasoningFirst = reasoningPrice > outputPrice;
  const reasoning = reasoningFirst ? reasoningCap : min(reasoningCap, output - answerCap);
  const answer = min(answerCap, output - reasoning);
  const numerator = input * scalePrice(tier.input) + reasoning * reasoningPrice + answer * outputPrice;
  return Number(divideRoundHalfUp(numerator, costDivisor(pricing.currency, cnyPerUsd)));
}

function tokens(value: number, name: string): bigint {
  return BigInt(Math.max(0, Math.ceil(finite(value, name))));
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function finite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}
