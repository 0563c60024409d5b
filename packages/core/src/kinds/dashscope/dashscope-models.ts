/**
 * DashScope (Alibaba Cloud Model Studio) models: data only.
 *
 * Figures from Alibaba Cloud's Model Studio model list and billing pages, as
 * collected in the project's DashScope reference notes (see `source` and
 * `asOf` on each price). Prices are per 1M tokens.
 *
 * - Cached input is 40% of the input price ("context cache", Model Studio
 *   billing page); it only matters when the upstream reports cached tokens.
 * - Tiered prices are all-or-nothing by the request's input tokens. Tier
 *   bounds use K = 1000, as LiteLLM's dashscope entries do (`range: [0, 32000]`).
 * - `reasoningOutput` is the thinking-mode output price where published.
 * - Models with only a China (Beijing) price list carry it in CNY.
 *
 * Prices change: config `models` entries override any of this.
 */
import type { CatalogEntry } from '../../types.js';

const INTL = 'Alibaba Cloud Model Studio billing page, international (Singapore) list price';
const CHINA = 'Alibaba Cloud Model Studio billing page, China (Beijing) list price';

export const DASHSCOPE_MODELS: readonly CatalogEntry[] = [
  {
    provider: 'dashscope',
    model: 'qwen-turbo',
    // LiteLLM carries 129,024 input tokens for an older snapshot; the model page gives 1,008,192.
    contextWindow: 1_008_192,
    maxOutputTokens: 16_384,
    capabilities: ['thinking', 'tools'],
    pricing: {
      currency: 'USD',
      tiers: [{ input: 0.05, output: 0.2, cachedInput: 0.02, reasoningOutput: 0.5 }],
      source: INTL,
      asOf: '2025-04',
    },
  },
  {
    provider: 'dashscope',
    model: 'qwen-plus',
    contextWindow: 131_072,
    maxOutputTokens: 16_384,
    capabilities: ['thinking', 'tools'],
    // Newer snapshots tier at 256K input, beyond this context window; no figures for it in our sources.
    pricing: { currency: 'USD', tiers: [{ input: 0.4, output: 1.2, cachedInput: 0.16 }], source: INTL, asOf: '2025-04' },
  },
  {
    provider: 'dashscope',
    model: 'qwen-max',
    contextWindow: 32_768,
    maxOutputTokens: 8_192,
    capabilities: ['tools'],
    pricing: { currency: 'USD', tiers: [{ input: 1.6, output: 6.4, cachedInput: 0.64 }], source: INTL, asOf: '2025-04' },
  },
  {
    provider: 'dashscope',
    model: 'qwen-vl-plus',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: ['vision'],
    pricing: {
      currency: 'USD',
      tiers: [{ input: 0.21, output: 0.63, cachedInput: 0.084 }],
      source: `${INTL}, as reported by third parties (China list: CNY 0.8 / 2)`,
      asOf: '2025-04',
    },
  },
  {
    provider: 'dashscope',
    model: 'qwen-vl-max',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: ['vision'],
    pricing: {
      currency: 'CNY',
      tiers: [{ input: 1.6, output: 4, cachedInput: 0.64 }],
      source: `${CHINA}; no international figure in our sources`,
      asOf: '2025-04',
    },
  },
  {
    provider: 'dashscope',
    model: 'qwen-long',
    contextWindow: 10_000_000,
    // Model Studio models page (2026-12 audit in the reference notes). Every
    // request is sent an output cap (gateway/open-attempt.ts): without one it
    // would be what 10M of context leaves, far above what the model accepts.
    maxOutputTokens: 8_192,
    capabilities: [],
    pricing: { currency: 'CNY', tiers: [{ input: 0.5, output: 2, cachedInput: 0.2 }], source: CHINA, asOf: '2025-04' },
    regions: ['beijing'],
  },
  {
    provider: 'dashscope',
    model: 'qwq-plus',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    // QwQ always thinks and only streams (Model Studio "deep thinking" docs).
    capabilities: ['thinking', 'thinking-only', 'streaming-only'],
    pricing: { currency: 'USD', tiers: [{ input: 0.8, output: 2.4, cachedInput: 0.32 }], source: INTL, asOf: '2025-04' },
  },
  {
    provider: 'dashscope',
    model: 'qwen3-max',
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    capabilities: ['tools'],
    pricing: {
      currency: 'USD',
      tiers: [
        { upToInputTokens: 32_000, input: 1.2, output: 6, cachedInput: 0.48 },
        { upToInputTokens: 128_000, input: 2.4, output: 12, cachedInput: 0.96 },
        // Published as 128K-252K; left open so an input up to the context window still finds a price.
        { input: 3, output: 15, cachedInput: 1.2 },
      ],
      source: INTL,
      asOf: '2026-02',
    },
  },
  {
    provider: 'dashscope',
    model: 'qwen-flash',
    contextWindow: 1_000_000,
    // Model Studio models page (2026-12 audit in the reference notes); see qwen-long.
    maxOutputTokens: 32_768,
    capabilities: ['thinking', 'tools'],
    pricing: {
      currency: 'USD',
      tiers: [
        { upToInputTokens: 256_000, input: 0.05, output: 0.4, cachedInput: 0.02 },
        { input: 0.25, output: 2, cachedInput: 0.1 },
      ],
      source: INTL,
      asOf: '2026-02',
    },
  },
];
