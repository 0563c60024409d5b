/**
 * OpenAI chat models: data only.
 *
 * Standard-tier list prices per 1M tokens from OpenAI's pricing page
 * (platform.openai.com/docs/pricing, now developers.openai.com/api/docs/pricing),
 * cross-checked against several public price tables that quote it
 * (o3 after its June 2025 cut: $2 / $8, cached $0.50). Cached input is what
 * OpenAI lists per model (50% of input for gpt-4o, 25% for gpt-4.1 / o-series,
 * 10% for gpt-5). Reasoning tokens bill at the output price, so no
 * `reasoningOutput` is set. Context windows and output caps from the model pages.
 *
 * Prices change: config `models` entries override any of this.
 */
import type { CatalogEntry, ModelLifecycle, ModelPricing } from '../../types.js';

const SOURCE = 'OpenAI API pricing page, standard tier (cross-checked against public price tables)';
const AS_OF = '2026-04';

/** None of these has a shutdown date on OpenAI's deprecations page. */
const LIFECYCLE: ModelLifecycle = { status: 'current', source: 'OpenAI API models and deprecations pages', asOf: AS_OF };

function usd(input: number, cachedInput: number, output: number): ModelPricing {
  return { currency: 'USD', tiers: [{ input, output, cachedInput }], source: SOURCE, asOf: AS_OF };
}

function openai(model: string, contextWindow: number, maxOutputTokens: number, pricing: ModelPricing): CatalogEntry {
  // Every model here takes image input, function tools and both structured-output modes.
  return {
    provider: 'openai',
    model,
    contextWindow,
    maxOutputTokens,
    capabilities: ['vision', 'tools', 'json-object', 'json-schema'],
    pricing,
    lifecycle: LIFECYCLE,
  };
}

export const OPENAI_MODELS: readonly CatalogEntry[] = [
  openai('gpt-4o', 128_000, 16_384, usd(2.5, 1.25, 10)),
  openai('gpt-4o-mini', 128_000, 16_384, usd(0.15, 0.075, 0.6)),
  openai('gpt-4.1', 1_047_576, 32_768, usd(2, 0.5, 8)),
  openai('gpt-4.1-mini', 1_047_576, 32_768, usd(0.4, 0.1, 1.6)),
  openai('gpt-4.1-nano', 1_047_576, 32_768, usd(0.1, 0.025, 0.4)),
  openai('o3', 200_000, 100_000, usd(2, 0.5, 8)),
  openai('o4-mini', 200_000, 100_000, usd(1.1, 0.275, 4.4)),
  // 400K is input + output; input alone is capped at 272K.
  openai('gpt-5', 400_000, 128_000, usd(1.25, 0.125, 10)),
  openai('gpt-5-mini', 400_000, 128_000, usd(0.25, 0.025, 2)),
  openai('gpt-5-nano', 400_000, 128_000, usd(0.05, 0.005, 0.4)),
];
