import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelPricing, PriceTier } from '../types.js';
import { priceUsage } from './price-usage.js';

const opts = { cnyPerUsd: 7.2 };
const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0, reasoningTokens = 0) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  reasoningTokens,
});
const usd = (tiers: PriceTier[]): ModelPricing => ({ currency: 'USD', tiers, source: 'test', asOf: '2026-01-01' });

const qwenPlus = usd([{ input: 0.4, output: 1.2 }]);
const qwenTurbo = usd([{ input: 0.05, output: 0.2, cachedInput: 0.02, reasoningOutput: 0.5 }]);
const qwen3Max = usd([
  { upToInputTokens: 32_000, input: 1.2, output: 6 },
  { upToInputTokens: 128_000, input: 2.4, output: 12 },
  { input: 3, output: 15 },
]);

describe('priceUsage', () => {
  it('prices input and output per 1M tokens in micro-USD', () => {
    // 1000 x $0.40/1M = $0.0004 = 400 micro; 500 x $1.20/1M = 600 micro.
    expect(priceUsage(usage(1000, 500), qwenPlus, opts)).toBe(1000);
  });

  it('is undefined for an unpriced model and 0 for a free one', () => {
    expect(priceUsage(usage(1000, 500), undefined, opts)).toBeUndefined();
    expect(priceUsage(usage(1000, 500), usd([{ input: 0, output: 0 }]), opts)).toBe(0);
  });

  it('applies a tier to every token of the request, inclusive of its bound', () => {
    expect(priceUsage(usage(32_000, 0), qwen3Max, opts)).toBe(38_400); // 32000 x 1.2
    expect(priceUsage(usage(32_001, 0), qwen3Max, opts)).toBe(76_802); // 32001 x 2.4 = 76802.4
    expect(priceUsage(usage(32_001, 1000), qwen3Max, opts)).toBe(76_802 + 12_000);
    expect(priceUsage(usage(128_000, 0), qwen3Max, opts)).toBe(307_200);
    expect(priceUsage(usage(128_001, 0), qwen3Max, opts)).toBe(384_003);
  });

  it('chooses the tier by total input, cached tokens included', () => {
    const tiered = usd([
      { upToInputTokens: 100, input: 1, output: 1, cachedInput: 0.5 },
      { input: 10, output: 10, cachedInput: 5 },
    ]);
    // 150 input of which 100 cached: the second tier, 50 x $10/1M + 100 x $5/1M = 1000 micro.
    // (Choosing by the 50 uncached tokens would give the first tier: 100 micro.)
    expect(priceUsage(usage(150, 0, 100), tiered, opts)).toBe(1000);
    expect(priceUsage(usage(150_000, 0, 100_000), tiered, opts)).toBe(1_000_000);
  });

  it('prices cached input at its price, and all output at the thinking price once reasoning is reported', () => {
    // input: 600 x 0.05 + 400 x 0.02 = 38; output in thinking mode: 1000 x 0.5 = 500.
    expect(priceUsage(usage(1000, 1000, 400, 600), qwenTurbo, opts)).toBe(538);
    // Thinking mode without reasoning reported (the answer only): still the thinking price.
    expect(priceUsage(usage(1000, 1000), qwenTurbo, { ...opts, thinking: true })).toBe(550);
    // Not thinking: the answer at the output price.
    expect(priceUsage(usage(1000, 1000), qwenTurbo, opts)).toBe(250);
  });

  it('defaults cached to the input price and reasoning to the output price', () => {
    expect(priceUsage(usage(1000, 1000, 400, 600), qwenPlus, opts)).toBe(priceUsage(usage(1000, 1000), qwenPlus, opts));
  });

  it('never goes negative when a subset exceeds its total', () => {
    // 300 reasoning of 100 output: priced as 300 reasoning + 0 plain output.
    expect(priceUsage(usage(0, 100, 0, 300), qwenTurbo, opts)).toBe(150); // 300 x 0.5
    // 50 cached of 10 input: priced as 50 cached + 0 uncached.
    expect(priceUsage(usage(10_000, 0, 50_000), qwenTurbo, opts)).toBe(1000); // 50000 x 0.02
    // Negative counts from a broken upstream clamp to 0.
    expect(priceUsage(usage(-5, -5, -5, -5), qwenTurbo, opts)).toBe(0);
  });

  it('converts CNY at cnyPerUsd, dividing once', () => {
    const qwenLong: ModelPricing = { currency: 'CNY', tiers: [{ input: 0.5, output: 2 }], source: 't', asOf: 't' };
    // 1M input = 0.5 CNY = 0.0694444.. USD -> 69444 micro (rounded half up).
    expect(priceUsage(usage(1_000_000, 0), qwenLong, opts)).toBe(69_444);
    // 1M in + 1M out = 2.5 CNY / 7.2 = 0.347222.. USD.
    expect(priceUsage(usage(1_000_000, 1_000_000), qwenLong, opts)).toBe(347_222);
    expect(priceUsage(usage(1_000_000, 0), qwenLong, { cnyPerUsd: 5 })).toBe(100_000);
  });

  it('rounds half up once per request', () => {
    const p = usd([{ input: 0.5, output: 1.5 }]);
    expect(priceUsage(usage(1, 0), p, opts)).toBe(1); // 0.5 micro
    expect(priceUsage(usage(0, 1), p, opts)).toBe(2); // 1.5 micro
    expect(priceUsage(usage(1, 1), p, opts)).toBe(2); // 2.0 micro, not 1 + 2
    expect(priceUsage(usage(0, 0), usd([{ input: 0.4, output: 0.4 }]), opts)).toBe(0);
  });

  it('keeps full precision at 10^7 tokens', () => {
    expect(priceUsage(usage(10_000_000, 10_000_000), usd([{ input: 2, output: 8 }]), opts)).toBe(100_000_000);
    // 9,999,999 x $0.07/1M = 699999.93 micro, rounded half up once -> 700000.
    expect(priceUsage(usage(9_999_999, 0), usd([{ input: 0.07, output: 0 }]), opts)).toBe(700_000);
    expect(priceUsage(usage(9_999_999, 9_999_999, 3_333_333, 7_777_777), qwenTurbo, opts)).toBe(
      // 6666666 x 0.05 + 3333333 x 0.02 + 9999999 x 0.5 (thinking mode: every output token) (micro):
      // 333333.3 + 66666.66 + 4999999.5 = 5399999.46 -> 5399999
      5_399_999,
    );
  });

  it('throws on a non-finite token count rather than guessing', () => {
    expect(() => priceUsage(usage(Number.NaN, 0), qwenPlus, opts)).toThrow(RangeError);
  });

  it('is monotonic in tokens and never negative (property)', () => {
    const price = fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 1_000_000); // up to $100 per 1M, 6 decimals
    const pricing = fc
      .tuple(price, price, fc.option(price, { nil: undefined }), fc.option(price, { nil: undefined }), fc.integer({ min: 1, max: 1_000_000 }))
      .map(([input, output, cachedInput, reasoningOutput, bound]): ModelPricing =>
        usd([
          { upToInputTokens: bound, input, output, cachedInput, reasoningOutput },
          // Dearer second tier, as every published tiered list is.
          {
            input: input * 2,
            output: output * 2,
            cachedInput: cachedInput === undefined ? undefined : cachedInput * 2,
            reasoningOutput: reasoningOutput === undefined ? undefined : reasoningOutput * 2,
          },
        ]),
      );
    const count = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(pricing, count, count, count, count, count, count, (p, input, output, cached, reasoning, moreIn, moreOut) => {
        const before = priceUsage(usage(input, output, cached, reasoning), p, opts);
        const after = priceUsage(usage(input + moreIn, output + moreOut, cached, reasoning), p, opts);
        expect(before).toBeGreaterThanOrEqual(0);
        expect(after).toBeGreaterThanOrEqual(before ?? 0);
        expect(Number.isSafeInteger(after)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
