import type { ModelPricing } from '../../types.js';

/**
 * The price of every Ollama model, listed in the catalog or not. Ollama runs
 * models locally: they cost nothing per token, and that is a known zero, not
 * an unknown (an unpriced model may be refused by a budget; a free one never
 * is). Config can still price an Ollama model.
 */
export const OLLAMA_PRICING: ModelPricing = {
  currency: 'USD',
  tiers: [{ input: 0, output: 0 }],
  source: 'local inference (Ollama): no per-token charge',
  asOf: '2026-11-25',
};
