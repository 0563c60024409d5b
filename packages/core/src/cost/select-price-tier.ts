import type { ModelPricing, PriceTier } from '../types.js';

/**
 * The tier a request falls into, chosen by its total input tokens. Tiers are
 * all-or-nothing: the chosen tier prices every token of the request
 * (Alibaba Cloud Model Studio billing, see docs/reference/dashscope.md).
 *
 * `upToInputTokens` is inclusive. An input beyond every bounded tier (only
 * possible when the last tier is bounded) gets the last tier: it is the
 * dearest, and such a request is past the context window anyway.
 * Returns `undefined` only for a price list with no tiers.
 */
export function selectPriceTier(pricing: ModelPricing, inputTokens: number): PriceTier | undefined {
  // Sorted copy: config data is validated as ordered, but a wrong order here
  // would silently pick a cheaper tier.
  const tiers = [...pricing.tiers].sort(
    (a, b) => (a.upToInputTokens ?? Number.POSITIVE_INFINITY) - (b.upToInputTokens ?? Number.POSITIVE_INFINITY),
  );
  return tiers.find((tier) => tier.upToInputTokens === undefined || inputTokens <= tier.upToInputTokens) ?? tiers.at(-1);
}
