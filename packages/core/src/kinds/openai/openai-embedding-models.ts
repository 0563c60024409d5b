/**
 * OpenAI embedding models: data only. Prices per 1M input tokens from
 * OpenAI's pricing page (standard tier: text-embedding-3-small $0.02,
 * text-embedding-3-large $0.13), dimensions from the embeddings guide
 * (1536 and 3072 by default; `dimensions` shortens them). Limits: 2,048
 * inputs and 8,191 tokens per input (API reference).
 */
import type { CatalogEntry, ModelPricing } from '../../types.js';

const SOURCE = 'OpenAI API pricing page, standard tier, embeddings';
const AS_OF = '2026-04';

const usd = (input: number): ModelPricing => ({ currency: 'USD', tiers: [{ input, output: 0 }], source: SOURCE, asOf: AS_OF });
const lifecycle = { status: 'current' as const, source: 'OpenAI API models and deprecations pages', asOf: AS_OF };

export const OPENAI_EMBEDDING_MODELS: readonly CatalogEntry[] = [
  {
    provider: 'openai',
    model: 'text-embedding-3-small',
    capabilities: [],
    embedding: { dimensions: 1536, dimensionChoices: 'shorter', maxInputsPerRequest: 2048, maxInputTokens: 8191 },
    pricing: usd(0.02),
    lifecycle,
  },
  {
    provider: 'openai',
    model: 'text-embedding-3-large',
    capabilities: [],
    embedding: { dimensions: 3072, dimensionChoices: 'shorter', maxInputsPerRequest: 2048, maxInputTokens: 8191 },
    pricing: usd(0.13),
    lifecycle,
  },
];
