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
  // Config data is validated as ordered, but a wrong order here would
  // silently pick a cheaper tier: sort a copy when it is not (it always is on
  // the request path, which then allocates nothing).
  const tiers = isAscending(pricing.tiers) ? pricing.tiers : [...pricing.tiers].sort((a, b) => bound(a) - bound(b));
  return tiers.find((tier) => tier.upToInputTokens === undefined || inputTokens <= tier.upToInputTokens) ?? tiers.at(-1);
}

const bound = (tier: PriceTier): number => tier.upToInputTokens ?? Number.POSITIVE_INFINITY;

function isAscending(tiers: readonly PriceTier[]): boolean {
  for (let i = 1; i < tiers.length; i++) if (bound(tiers[i - 1] as PriceTier) > bound(tiers[i] as PriceTier)) return false;
  return true;
}
