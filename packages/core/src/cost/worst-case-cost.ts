import type { ModelPricing } from '../types.js';
import { costDivisor } from './cost-divisor.js';
import { divideRoundHalfUp } from './divide-round-half-up.js';
import { scalePrice } from './scale-price.js';
import { selectPriceTier } from './select-price-tier.js';

export interface WorstCaseCostInput {
  /** Input tokens (usually an estimate, see estimateMessagesTokens). */
  inputTokens: number;
  /** The output cap the request is sent with. */
  maxOutputTokens: number;
  pricing: ModelPricing | undefined;
  cnyPerUsd: number;
}

/**
 * The most a request can cost, in integer micro-USD, for a budget
 * reservation (docs/ARCHITECTURE.md, "Money"): every input token at the full
 * input price (no cache discount assumed) of the tier the input falls into,
 * plus every possible output token at the dearer of that tier's output and
 * reasoning prices. Rounded half up once. `undefined` when unpriced.
 *
 * The bound is only as good as `inputTokens`: an estimate that lands just
 * under a tier boundary while the real count is above it under-reserves.
 */
export function worstCaseCost({ inputTokens, maxOutputTokens, pricing, cnyPerUsd }: WorstCaseCostInput): number | undefined {
  if (pricing === undefined) return undefined;
  const input = BigInt(Math.max(0, Math.ceil(finite(inputTokens, 'inputTokens'))));
  const output = BigInt(Math.max(0, Math.ceil(finite(maxOutputTokens, 'maxOutputTokens'))));
  const tier = selectPriceTier(pricing, Number(input));
  if (tier === undefined) return undefined;
  const outputPrice = scalePrice(tier.output);
  const reasoningPrice = tier.reasoningOutput === undefined ? outputPrice : scalePrice(tier.reasoningOutput);
  const dearestOutput = reasoningPrice > outputPrice ? reasoningPrice : outputPrice;
  const numerator = input * scalePrice(tier.input) + output * dearestOutput;
  return Number(divideRoundHalfUp(numerator, costDivisor(pricing.currency, cnyPerUsd)));
}

function finite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}
