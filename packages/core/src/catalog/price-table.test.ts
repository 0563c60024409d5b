/**
 * The built-in DashScope price lists, priced end to end (catalog -> region ->
 * tier -> priceUsage), against figures worked out by hand.
 *
 * Sources, as carried in kinds/dashscope/dashscope-models.ts (2026-12 audit in
 * the project's DashScope reference notes): Alibaba Cloud Model Studio
 * model-pricing page, international (Singapore) list, cross-checked with
 * LiteLLM's dashscope entries (2026-07-24) and models.dev (2026-07-02); the
 * China (Beijing) list in CNY (Model Studio / Bailian price list); cached
 * input at 20% of input (context-cache page, implicit cache).
 *
 * Arithmetic: with prices per 1M tokens, tokens x price is the cost in
 * micro-USD directly (1,000 tokens at $0.4/M = 400 micro-USD). CNY lists are
 * divided by the rate (default 7.2 CNY per USD) and rounded half up once.
 * Thinking mode bills every output token at the thinking-mode price.
 */
import { describe, expect, it } from 'vitest';
import { priceUsage } from '../cost/price-usage.js';
import { createCatalog } from './create-catalog.js';

interface Case {
  name: string;
  region?: string;
  model: string;
  input: number;
  output?: number;
  cached?: number;
  reasoning?: number;
  thinking?: boolean;
  cnyPerUsd?: number;
  /** micro-USD, worked out in `name`. */
  expected: number;
}

const CASES: Case[] = [
  // Singapore, USD.
  { name: 'qwen-plus: 1000 x 0.4 + 500 x 1.2 = 400 + 600', model: 'qwen-plus', input: 1000, output: 500, expected: 1000 },
  {
    name: 'qwen-plus thinking, reasoning reported: 1000 x 0.4 + 500 x 4 (answer too)',
    model: 'qwen-plus',
    input: 1000,
    output: 500,
    reasoning: 300,
    expected: 2400,
  },
  { name: 'qwen-plus thinking mode, no reasoning reported: 400 + 500 x 4', model: 'qwen-plus', input: 1000, output: 500, thinking: true, expected: 2400 },
  { name: 'qwen-plus cached: 6000 x 0.4 + 4000 x 0.08 = 2400 + 320', model: 'qwen-plus', input: 10_000, cached: 4000, expected: 2720 },
  { name: 'qwen-plus at the tier bound, 256,000 in (inclusive): 256000 x 0.4', model: 'qwen-plus', input: 256_000, expected: 102_400 },
  { name: 'qwen-plus >256K tier: 256001 x 1.2 + 1000 x 3.6 = 307201.2 + 3600 -> 310801', model: 'qwen-plus', input: 256_001, output: 1000, expected: 310_801 },
  {
    name: 'qwen-plus >256K thinking: 300000 x 1.2 + 2000 x 12 = 360000 + 24000',
    model: 'qwen-plus',
    input: 300_000,
    output: 2000,
    reasoning: 1500,
    expected: 384_000,
  },
  { name: 'qwen-plus-latest: the qwen-plus list, 1000 x 0.4 + 500 x 1.2', model: 'qwen-plus-latest', input: 1000, output: 500, expected: 1000 },
  { name: 'qwen-flash <=256K: 100000 x 0.05 + 1000 x 0.4 = 5000 + 400', model: 'qwen-flash', input: 100_000, output: 1000, expected: 5400 },
  { name: 'qwen-flash >256K: 500000 x 0.25 + 1000 x 2 = 125000 + 2000', model: 'qwen-flash', input: 500_000, output: 1000, expected: 127_000 },
  { name: 'qwen-flash >256K cached: 400000 x 0.25 + 100000 x 0.05 = 100000 + 5000', model: 'qwen-flash', input: 500_000, cached: 100_000, expected: 105_000 },
  { name: 'qwen3-max <=32K: 32000 x 1.2 + 1000 x 6 = 38400 + 6000', model: 'qwen3-max', input: 32_000, output: 1000, expected: 44_400 },
  { name: 'qwen3-max 32K-128K: 32001 x 2.4 + 1000 x 12 = 76802.4 + 12000 -> 88802', model: 'qwen3-max', input: 32_001, output: 1000, expected: 88_802 },
  { name: 'qwen3-max >128K: 200000 x 3 + 10000 x 15 = 600000 + 150000', model: 'qwen3-max', input: 200_000, output: 10_000, expected: 750_000 },
  { name: 'qwen3-coder-plus <=32K: 20000 x 1 + 5000 x 5 = 20000 + 25000', model: 'qwen3-coder-plus', input: 20_000, output: 5000, expected: 45_000 },
  {
    name: 'qwen3-coder-plus 128K-256K cached: 150000 x 3 + 50000 x 0.6 = 450000 + 30000',
    model: 'qwen3-coder-plus',
    input: 200_000,
    cached: 50_000,
    expected: 480_000,
  },
  {
    name: 'qwen3-coder-plus >256K: 500000 x 6 + 10000 x 60 = 3000000 + 600000',
    model: 'qwen3-coder-plus',
    input: 500_000,
    output: 10_000,
    expected: 3_600_000,
  },
  { name: 'qwen3-coder-flash 32K-128K: 100000 x 0.5 + 2000 x 2.5 = 50000 + 5000', model: 'qwen3-coder-flash', input: 100_000, output: 2000, expected: 55_000 },
  { name: 'qwen3-vl-plus <=32K: 10000 x 0.2 + 1000 x 1.6 = 2000 + 1600', model: 'qwen3-vl-plus', input: 10_000, output: 1000, expected: 3600 },
  {
    name: 'qwen3.5-plus thinking (one output price): 10000 x 0.4 + 2000 x 2.4 = 4000 + 4800',
    model: 'qwen3.5-plus',
    input: 10_000,
    output: 2000,
    reasoning: 1500,
    expected: 8800,
  },
  { name: 'qwen-max: 1000 x 1.6 + 1000 x 6.4', model: 'qwen-max', input: 1000, output: 1000, expected: 8000 },
  {
    name: 'qwen-turbo (retired, still priced) thinking: 1000 x 0.05 + 1000 x 0.5 = 50 + 500',
    model: 'qwen-turbo',
    input: 1000,
    output: 1000,
    reasoning: 600,
    expected: 550,
  },
  // Beijing, CNY / 7.2.
  {
    name: 'Beijing qwen-plus: (100000 x 0.8 + 10000 x 2) / 7.2 = 100000 / 7.2 = 13888.9 -> 13889',
    region: 'beijing',
    model: 'qwen-plus',
    input: 100_000,
    output: 10_000,
    expected: 13_889,
  },
  {
    name: 'Beijing qwen-plus thinking: (80000 + 10000 x 8) / 7.2 = 160000 / 7.2 = 22222.2 -> 22222',
    region: 'beijing',
    model: 'qwen-plus',
    input: 100_000,
    output: 10_000,
    reasoning: 8000,
    expected: 22_222,
  },
  {
    name: 'Beijing qwen-plus 128K-256K: (200000 x 2.4 + 1000 x 20) / 7.2 = 500000 / 7.2 = 69444.4 -> 69444',
    region: 'beijing',
    model: 'qwen-plus',
    input: 200_000,
    output: 1000,
    expected: 69_444,
  },
  {
    name: 'Beijing qwen-plus >256K thinking: (300000 x 4.8 + 1000 x 64) / 7.2 = 1504000 / 7.2 = 208888.9 -> 208889',
    region: 'beijing',
    model: 'qwen-plus',
    input: 300_000,
    output: 1000,
    thinking: true,
    expected: 208_889,
  },
  {
    name: 'Beijing qwen-plus cached: (50000 x 0.8 + 50000 x 0.16) / 7.2 = 48000 / 7.2 = 6666.7 -> 6667',
    region: 'beijing',
    model: 'qwen-plus',
    input: 100_000,
    cached: 50_000,
    expected: 6667,
  },
  {
    name: 'Beijing qwen-flash <=128K: (100000 x 0.15 + 1000 x 1.5) / 7.2 = 16500 / 7.2 = 2291.7 -> 2292',
    region: 'beijing',
    model: 'qwen-flash',
    input: 100_000,
    output: 1000,
    expected: 2292,
  },
  {
    name: 'Beijing qwen3-max <=32K: (10000 x 2.5 + 1000 x 10) / 7.2 = 35000 / 7.2 = 4861.1 -> 4861',
    region: 'beijing',
    model: 'qwen3-max',
    input: 10_000,
    output: 1000,
    expected: 4861,
  },
  {
    name: 'Beijing qwen3-vl-plus 32K-128K: (50000 x 1.5 + 1000 x 15) / 7.2 = 90000 / 7.2 = 12500',
    region: 'beijing',
    model: 'qwen3-vl-plus',
    input: 50_000,
    output: 1000,
    expected: 12_500,
  },
  {
    name: 'qwen-long (Beijing only, CNY): (1000000 x 0.5 + 1000 x 2) / 7.2 = 502000 / 7.2 = 69722.2 -> 69722',
    region: 'beijing',
    model: 'qwen-long',
    input: 1_000_000,
    output: 1000,
    expected: 69_722,
  },
  {
    name: 'Beijing qwen-plus at a configured 7.0: 100000 / 7 = 14285.7 -> 14286',
    region: 'beijing',
    model: 'qwen-plus',
    input: 100_000,
    output: 10_000,
    cnyPerUsd: 7,
    expected: 14_286,
  },
  // Qwen-Coder page (help.aliyun.com/zh/model-studio/qwen-coder): CNY per 1K tokens there, per 1M here.
  {
    name: 'Beijing qwen3-coder-plus <=32K: (20000 x 4 + 5000 x 16) / 7.2 = 160000 / 7.2 = 22222.2 -> 22222',
    region: 'beijing',
    model: 'qwen3-coder-plus',
    input: 20_000,
    output: 5000,
    expected: 22_222,
  },
  {
    name: 'Beijing qwen3-coder-plus 256K-1M: (300000 x 20 + 1000 x 200) / 7.2 = 6200000 / 7.2 = 861111.1 -> 861111',
    region: 'beijing',
    model: 'qwen3-coder-plus',
    input: 300_000,
    output: 1000,
    expected: 861_111,
  },
  {
    name: 'Beijing qwen3-coder-flash 32K-128K: (50000 x 1.5 + 2000 x 6) / 7.2 = 87000 / 7.2 = 12083.3 -> 12083',
    region: 'beijing',
    model: 'qwen3-coder-flash',
    input: 50_000,
    output: 2000,
    expected: 12_083,
  },
  {
    name: 'Beijing, no Beijing list in our data (qwen3.5-plus): the international list, 20000 x 0.4 + 5000 x 2.4 = 20000',
    region: 'beijing',
    model: 'qwen3.5-plus',
    input: 20_000,
    output: 5000,
    expected: 20_000,
  },
  // US and Hong Kong: no separate list in our sources, the international one.
  { name: 'US qwen-plus: the international list, 400 + 600', region: 'us', model: 'qwen-plus', input: 1000, output: 500, expected: 1000 },
  { name: 'Hong Kong qwen-plus: the international list, 400 + 600', region: 'hongkong', model: 'qwen-plus', input: 1000, output: 500, expected: 1000 },
  { name: 'Singapore set explicitly: 400 + 600', region: 'singapore', model: 'qwen-plus', input: 1000, output: 500, expected: 1000 },
];

describe('the DashScope price table', () => {
  it.each(CASES)('$name', (c) => {
    const catalog = createCatalog([], c.region === undefined ? {} : { regions: { dashscope: c.region } });
    const usage = {
      inputTokens: c.input,
      outputTokens: c.output ?? 0,
      cachedInputTokens: c.cached ?? 0,
      reasoningTokens: c.reasoning ?? 0,
    };
    const cost = priceUsage(usage, catalog.pricingOf('dashscope', c.model), { cnyPerUsd: c.cnyPerUsd ?? 7.2, thinking: c.thinking });
    expect(cost).toBe(c.expected);
  });

  it('has 20+ cases covering tiers, cached, thinking, CNY and every region', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CASES.map((c) => c.region ?? 'singapore'))).toEqual(new Set(['singapore', 'beijing', 'us', 'hongkong']));
  });
});
