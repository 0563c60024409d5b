/**
 * DashScope text-embedding models: data only.
 *
 * - text-embedding-v4 (Qwen3-Embedding): 2048, 1536, 1024 (default), 768,
 *   512, 256, 128 or 64 dimensions; 10 inputs per request, 8,192 tokens per
 *   input; $0.07 per 1M input tokens on the international (Singapore) list,
 *   CNY 0.5 per 1M in Beijing (Model Studio model-pricing and text-embedding
 *   pages, 2026-12 audit in the project's DashScope notes).
 * - text-embedding-v3: 1024 (default), 768, 512, 256, 128 or 64 dimensions,
 *   the same limits; the international list prices it as v4 ($0.07), Beijing
 *   at CNY 0.5 per 1M (Model Studio pages; one source for the Singapore figure).
 *
 * Embeddings have no output tokens: `output` is 0. No max output either; a
 * reservation is the input's price (gateway/plan-embed-batch.ts).
 */
import type { CatalogEntry, ModelPricing } from '../../types.js';

const INTL = 'Alibaba Cloud Model Studio model-pricing page, international (Singapore) list price, text embedding';
const CHINA = 'Alibaba Cloud Model Studio (Bailian) price list, China (Beijing), CNY, text embedding';
const AS_OF = '2026-12';

const usd = (input: number, source: string): ModelPricing => ({ currency: 'USD', tiers: [{ input, output: 0 }], source, asOf: AS_OF });
const cny = (input: number): ModelPricing => ({ currency: 'CNY', tiers: [{ input, output: 0 }], source: CHINA, asOf: AS_OF });

export const DASHSCOPE_EMBEDDING_MODELS: readonly CatalogEntry[] = [
  {
    provider: 'dashscope',
    model: 'text-embedding-v4',
    capabilities: [],
    embedding: { dimensions: 1024, dimensionChoices: [2048, 1536, 1024, 768, 512, 256, 128, 64], maxInputsPerRequest: 10, maxInputTokens: 8192 },
    pricing: usd(0.07, INTL),
    regionalPricing: { beijing: cny(0.5) },
    lifecycle: { status: 'current', source: 'Alibaba Cloud Model Studio models page', asOf: AS_OF },
  },
  {
    provider: 'dashscope',
    model: 'text-embedding-v3',
    capabilities: [],
    embedding: { dimensions: 1024, dimensionChoices: [1024, 768, 512, 256, 128, 64], maxInputsPerRequest: 10, maxInputTokens: 8192 },
    pricing: usd(0.07, `${INTL} (one source)`),
    regionalPricing: { beijing: cny(0.5) },
    lifecycle: { status: 'current', source: 'Alibaba Cloud Model Studio models page', asOf: AS_OF },
  },
];
