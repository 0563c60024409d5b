/**
 * DashScope (Alibaba Cloud Model Studio) models: data only.
 *
 * Figures from Alibaba Cloud's Model Studio pages (models, model-pricing,
 * context-cache, retirement notices), cross-checked with LiteLLM's dashscope
 * entries (synced 2026-07-24) and models.dev `providers/alibaba`
 * (2026-07-02), as collected in the project's DashScope reference notes
 * (2026-12 audit); each price list carries its `source` and `asOf`. Prices
 * are per 1M tokens.
 *
 * - Cached input (implicit cache) is 20% of the input price (context-cache
 *   page, 2026-03-31 and 2026-10-11 versions); it only matters when the
 *   upstream reports cached tokens.
 * - Tiered prices are all-or-nothing by the request's total input tokens
 *   (model-pricing page). Tier bounds use K = 1000, as LiteLLM's dashscope
 *   entries do (`range: [0, 32000]`).
 * - `reasoningOutput` is the thinking-mode output price where one is
 *   published: in thinking mode every output token, answer included, is
 *   billed at it (see PriceTier in ../../types.ts).
 * - `pricing` is the international (Singapore) list; `regionalPricing.beijing`
 *   the China (Beijing) list in CNY, converted at `currency.cnyPerUsd`. The US
 *   and Hong Kong sites publish no separate list in our sources: they are
 *   charged the international list. Models with only a Beijing list carry it
 *   as `pricing`, in CNY.
 * - Every entry has a max output, so a reservation's worst case is what the
 *   model can really produce (gateway/plan-output.ts).
 * - `lifecycle`: retired models stay callable by name (a user may still have
 *   access); the built-in routes name current models only.
 *
 * Prices change: config `models` entries override any of this (README,
 * "Prices").
 */
import type { CatalogEntry, ModelLifecycle, ModelPricing, PriceTier } from '../../types.js';

const INTL = 'Alibaba Cloud Model Studio model-pricing page, international (Singapore) list price';
const INTL_CHECKED = `${INTL}; cross-checked with LiteLLM dashscope entries (2026-07-24) and models.dev (2026-07-02)`;
const CHINA = 'Alibaba Cloud Model Studio (Bailian) price list, China (Beijing), CNY';
const AS_OF = '2026-12';
/** The Chinese Model Studio page for the coder models (help.aliyun.com/zh/model-studio/qwen-coder), CNY per 1K tokens there. */
const CHINA_CODER = `${CHINA}; Qwen-Coder page (help.aliyun.com/zh/model-studio/qwen-coder)`;

/** Alibaba's notice retiring these on the Singapore and Beijing sites. */
const RETIRED_2026_10_10 = 'Alibaba Cloud Model Studio retirement notice (Singapore and Beijing sites)';
const MODELS_PAGE = 'Alibaba Cloud Model Studio models page';

const current = (): ModelLifecycle => ({ status: 'current', source: MODELS_PAGE, asOf: AS_OF });
const retired = (replacement: string): ModelLifecycle => ({
  status: 'retired',
  date: '2026-10-10',
  replacement,
  source: RETIRED_2026_10_10,
  asOf: AS_OF,
});

/** One tier: input, output, thinking-mode output (if published); cached input is 20% of input. */
function tier(upToInputTokens: number | undefined, input: number, output: number, thinkingOutput?: number): PriceTier {
  const t: PriceTier = { input, output, cachedInput: cachedPrice(input) };
  if (upToInputTokens !== undefined) t.upToInputTokens = upToInputTokens;
  if (thinkingOutput !== undefined) t.reasoningOutput = thinkingOutput;
  return t;
}

/** 20% of an input price, exact in decimal (prices have at most 4 decimals). */
function cachedPrice(input: number): number {
  return Math.round(input * 2000) / 10_000;
}

const usd = (tiers: PriceTier[], source = INTL_CHECKED): ModelPricing => ({ currency: 'USD', tiers, source, asOf: AS_OF });
const cny = (tiers: PriceTier[], source = CHINA): ModelPricing => ({ currency: 'CNY', tiers, source, asOf: AS_OF });

export const DASHSCOPE_MODELS: readonly CatalogEntry[] = [
  {
    provider: 'dashscope',
    model: 'qwen-plus',
    contextWindow: 1_000_000,
    maxOutputTokens: 32_768,
    capabilities: ['thinking', 'tools'],
    pricing: usd([tier(256_000, 0.4, 1.2, 4), tier(undefined, 1.2, 3.6, 12)]),
    regionalPricing: {
      beijing: cny([tier(128_000, 0.8, 2, 8), tier(256_000, 2.4, 20, 24), tier(undefined, 4.8, 48, 64)]),
    },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen-plus-latest',
    // The alias of the newest qwen-plus snapshot: its limits and prices.
    contextWindow: 1_000_000,
    maxOutputTokens: 32_768,
    capabilities: ['thinking', 'tools'],
    pricing: usd([tier(256_000, 0.4, 1.2, 4), tier(undefined, 1.2, 3.6, 12)]),
    regionalPricing: {
      beijing: cny([tier(128_000, 0.8, 2, 8), tier(256_000, 2.4, 20, 24), tier(undefined, 4.8, 48, 64)]),
    },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen3.5-plus',
    contextWindow: 1_000_000,
    maxOutputTokens: 65_536,
    // Thinks by default (Qwen3.5 and later); one output price in both modes.
    capabilities: ['thinking', 'tools'],
    // The >256K tier is not in our sources: the first tier is left open (one source; confirm on the live page).
    pricing: usd([tier(undefined, 0.4, 2.4)]),
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen-flash',
    contextWindow: 1_000_000,
    maxOutputTokens: 32_768,
    // Thinking-mode output is listed at the output price (Beijing list).
    capabilities: ['thinking', 'tools'],
    pricing: usd([tier(256_000, 0.05, 0.4), tier(undefined, 0.25, 2)]),
    regionalPricing: {
      beijing: cny([tier(128_000, 0.15, 1.5), tier(256_000, 0.6, 6), tier(undefined, 1.2, 12)]),
    },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen-max',
    contextWindow: 32_768,
    maxOutputTokens: 8_192,
    capabilities: ['tools'],
    pricing: usd([tier(undefined, 1.6, 6.4)]),
    regionalPricing: { beijing: cny([tier(undefined, 2.4, 9.6)]) },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen3-max',
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    capabilities: ['tools'],
    // Published as 128K-252K for the last tier; left open so an input up to the context window still finds a price.
    pricing: usd([tier(32_000, 1.2, 6), tier(128_000, 2.4, 12), tier(undefined, 3, 15)]),
    regionalPricing: { beijing: cny([tier(32_000, 2.5, 10), tier(128_000, 4, 16), tier(undefined, 7, 28)]) },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen3-coder-plus',
    contextWindow: 1_000_000,
    maxOutputTokens: 65_536,
    capabilities: ['tools'],
    pricing: usd([tier(32_000, 1, 5), tier(128_000, 1.8, 9), tier(256_000, 3, 15), tier(undefined, 6, 60)]),
    regionalPricing: { beijing: cny([tier(32_000, 4, 16), tier(128_000, 6, 24), tier(256_000, 10, 40), tier(undefined, 20, 200)], CHINA_CODER) },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen3-coder-flash',
    contextWindow: 1_000_000,
    maxOutputTokens: 65_536,
    capabilities: ['tools'],
    pricing: usd([tier(32_000, 0.3, 1.5), tier(128_000, 0.5, 2.5), tier(256_000, 0.8, 4), tier(undefined, 1.6, 9.6)]),
    regionalPricing: { beijing: cny([tier(32_000, 1, 4), tier(128_000, 1.5, 6), tier(256_000, 2.5, 10), tier(undefined, 5, 25)], CHINA_CODER) },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen3-vl-plus',
    contextWindow: 262_144,
    maxOutputTokens: 32_768,
    // Hybrid thinking vision model (Model Studio "visual reasoning" page).
    capabilities: ['vision', 'thinking', 'tools'],
    pricing: usd([tier(32_000, 0.2, 1.6), tier(128_000, 0.3, 2.4), tier(undefined, 0.6, 4.8)]),
    regionalPricing: { beijing: cny([tier(32_000, 1, 10), tier(128_000, 1.5, 15), tier(undefined, 3, 30)]) },
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen-long',
    contextWindow: 10_000_000,
    // Every request is sent an output cap (gateway/open-attempt.ts): without
    // one it would be what 10M of context leaves, far above what the model accepts.
    maxOutputTokens: 8_192,
    capabilities: [],
    pricing: cny([tier(undefined, 0.5, 2)]),
    regions: ['beijing'],
    lifecycle: current(),
  },
  {
    provider: 'dashscope',
    model: 'qwen-turbo',
    // LiteLLM carries 129,024 input tokens for an older snapshot; the model page gives 1,008,192.
    contextWindow: 1_008_192,
    maxOutputTokens: 16_384,
    capabilities: ['thinking', 'tools'],
    pricing: usd([tier(undefined, 0.05, 0.2, 0.5)], INTL),
    lifecycle: retired('qwen-flash'),
  },
  {
    provider: 'dashscope',
    model: 'qwen-vl-plus',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: ['vision'],
    pricing: usd([tier(undefined, 0.21, 0.63)], `${INTL}, as reported by third parties`),
    regionalPricing: { beijing: cny([tier(undefined, 0.8, 2)]) },
    lifecycle: retired('qwen3-vl-plus'),
  },
  {
    provider: 'dashscope',
    model: 'qwen-vl-max',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: ['vision'],
    pricing: cny([tier(undefined, 1.6, 4)], `${CHINA}; no international figure in our sources`),
    lifecycle: retired('qwen3-vl-plus'),
  },
  {
    provider: 'dashscope',
    model: 'qwq-plus',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    // QwQ always thinks and only streams (Model Studio "deep thinking" docs).
    capabilities: ['thinking', 'thinking-only', 'streaming-only'],
    pricing: usd([tier(undefined, 0.8, 2.4)], INTL),
    lifecycle: retired('qwen3.5-plus'),
  },
];
