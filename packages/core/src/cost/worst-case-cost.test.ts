import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../types.js';
import { priceUsage } from './price-usage.js';
import { worstCaseCost } from './worst-case-cost.js';

const usd = (tiers: ModelPricing['tiers']): ModelPricing => ({ currency: 'USD', tiers, source: 't', asOf: 't' });
const qwenTurbo = usd([{ input: 0.05, output: 0.2, cachedInput: 0.02, reasoningOutput: 0.5 }]);
const qwenFlash = usd([
  { upToInputTokens: 256_000, input: 0.05, output: 0.4 },
  { input: 0.25, output: 2 },
]);

describe('worstCaseCost', () => {
  it('prices the whole output at the dearer of output and reasoning prices', () => {
    // 1000 x 0.05 + 1000 x 0.5 = 550 micro
    expect(worstCaseCost({ inputTokens: 1000, maxOutputTokens: 1000, pricing: qwenTurbo, cnyPerUsd: 7.2 })).toBe(550);
  });

  it('uses the tier the input falls into', () => {
    expect(worstCaseCost({ inputTokens: 256_000, maxOutputTokens: 0, pricing: qwenFlash, cnyPerUsd: 7.2 })).toBe(12_800);
    expect(worstCaseCost({ inputTokens: 256_001, maxOutputTokens: 1000, pricing: qwenFlash, cnyPerUsd: 7.2 })).toBe(
      64_000 + 2000, // 256001 x 0.25 = 64000.25 -> 64000, + 1000 x 2
    );
  });

  it('is undefined when unpriced and converts CNY', () => {
    expect(worstCaseCost({ inputTokens: 1, maxOutputTokens: 1, pricing: undefined, cnyPerUsd: 7.2 })).toBeUndefined();
    const cny: ModelPricing = { currency: 'CNY', tiers: [{ input: 0.5, output: 2 }], source: 't', asOf: 't' };
    expect(worstCaseCost({ inputTokens: 1_000_000, maxOutputTokens: 1_000_000, pricing: cny, cnyPerUsd: 7.2 })).toBe(347_222);
  });

  it('is never below the real cost of an answer within the cap', () => {
    const real = priceUsage({ inputTokens: 1000, outputTokens: 1000, cachedInputTokens: 300, reasoningTokens: 200 }, qwenTurbo, { cnyPerUsd: 7.2 });
    const reserved = worstCaseCost({ inputTokens: 1000, maxOutputTokens: 1000, pricing: qwenTurbo, cnyPerUsd: 7.2 });
    expect(reserved).toBeGreaterThanOrEqual(real ?? Number.POSITIVE_INFINITY);
  });
});

describe('worstCaseCost with reasoning capped apart from the answer', () => {
  it('prices reasoning at the reasoning price and the answer at the output price', () => {
    // 1000 x 0.05 + 500 x 0.5 (reasoning) + 200 x 0.2 (answer) = 50 + 250 + 40
    expect(worstCaseCost({ inputTokens: 1000, maxOutputTokens: 700, maxReasoningTokens: 500, maxAnswerTokens: 200, pricing: qwenTurbo, cnyPerUsd: 7.2 })).toBe(
      340,
    );
  });

  it('fills the dearer kind first when the total is the tighter cap', () => {
    // Only 600 in all: 500 reasoning (dearer) + 100 answer.
    expect(worstCaseCost({ inputTokens: 0, maxOutputTokens: 600, maxReasoningTokens: 500, maxAnswerTokens: 500, pricing: qwenTurbo, cnyPerUsd: 7.2 })).toBe(
      250 + 20,
    );
    const cheapReasoning = usd([{ input: 0, output: 2, reasoningOutput: 1 }]);
    expect(
      worstCaseCost({ inputTokens: 0, maxOutputTokens: 600, maxReasoningTokens: 500, maxAnswerTokens: 500, pricing: cheapReasoning, cnyPerUsd: 7.2 }),
    ).toBe(1000 + 100);
  });

  it('in thinking mode prices the answer at the thinking price too', () => {
    // 1000 x 0.05 + (500 + 200) x 0.5 = 50 + 350
    expect(
      worstCaseCost({
        inputTokens: 1000,
        maxOutputTokens: 700,
        maxReasoningTokens: 500,
        maxAnswerTokens: 200,
        pricing: qwenTurbo,
        cnyPerUsd: 7.2,
        thinking: true,
      }),
    ).toBe(400);
  });

  it('is never below the price of any usage within the caps (thinking mode, as separate caps are sent)', () => {
    const caps = { maxOutputTokens: 700, maxReasoningTokens: 500, maxAnswerTokens: 200 };
    const reserved = worstCaseCost({ inputTokens: 1000, ...caps, pricing: qwenTurbo, cnyPerUsd: 7.2, thinking: true }) ?? 0;
    for (const reasoning of [0, 100, 500]) {
      const answer = Math.min(200, 700 - reasoning);
      const real = priceUsage({ inputTokens: 1000, outputTokens: reasoning + answer, cachedInputTokens: 0, reasoningTokens: reasoning }, qwenTurbo, {
        cnyPerUsd: 7.2,
        thinking: true,
      });
      expect(real).toBeLessThanOrEqual(reserved);
    }
  });
});
