import { describe, expect, it } from 'vitest';
import { ABSURD_TOKENS, boundUsage, INPUT_ESTIMATE_FACTOR, INPUT_MARGIN_TOKENS, type ReportedUsage, type UsageLimits } from './bound-usage.js';
import { priceUsage } from './price-usage.js';
import { worstCaseCost } from './worst-case-cost.js';
import type { ModelPricing } from '../types.js';

const limits: UsageLimits = { promptTokens: 100, contextWindow: 32_768, maxOutputTokens: 8_224 };
const estimate = { outputTokens: 40, reasoningTokens: 0 };
const honest: ReportedUsage = { inputTokens: 90, outputTokens: 8_192, cachedInputTokens: 10, reasoningTokens: 0 };
const qwenMax: ModelPricing = { currency: 'USD', tiers: [{ input: 1.6, output: 6.4, cachedInput: 0.64 }], source: 't', asOf: 't' };
const worstCase = worstCaseCost({ inputTokens: 100, maxOutputTokens: 8_224, pricing: qwenMax, cnyPerUsd: 7.2 }) ?? 0;

const bounded = (patch: Partial<Record<keyof ReportedUsage, unknown>>, over: UsageLimits = limits) =>
  boundUsage({ ...honest, ...patch } as ReportedUsage, over, estimate);
const price = (usage: ReportedUsage) => priceUsage(usage, qwenMax, { cnyPerUsd: 7.2 }) ?? Number.NaN;

describe('boundUsage', () => {
  it('takes honest figures as sent, up to the cap plus its slack', () => {
    expect(bounded({})).toEqual(honest);
    expect(bounded({ outputTokens: 8_224 })).toEqual({ ...honest, outputTokens: 8_224 });
    expect(bounded({}).suspect).toBeUndefined();
  });

  it.each([
    ['1e12 output tokens', { outputTokens: 1e12 }, /outputTokens is absurd/],
    ['1e18 output tokens', { outputTokens: 1e18 }, /outputTokens is absurd/],
    ['output above the cap', { outputTokens: 9_000 }, /outputTokens 9000 above the 8224/],
    ['negative output', { outputTokens: -5 }, /outputTokens is negative/],
    ['a string', { inputTokens: Number('x') }, /inputTokens is not a number/],
    ['non-finite', { outputTokens: Number.POSITIVE_INFINITY }, /outputTokens is not finite/],
    ['reasoning 1e9', { reasoningTokens: 1e9 }, /reasoningTokens is absurd/],
    [
      'reasoning above output and the cap',
      { reasoningTokens: 1e7 },
      /reasoningTokens 10000000 above outputTokens 8192; reasoningTokens 10000000 above the 8224/,
    ],
    ['input 1e12', { inputTokens: 1e12 }, /inputTokens is absurd/],
    ['input above the context window', { inputTokens: 40_000 }, /inputTokens 40000 above the 1824/],
  ])('%s: suspect, every figure a safe integer, charged no more than the worst case', (_name, patch, reason) => {
    const usage = bounded(patch);
    expect(usage.suspect?.join('; ')).toMatch(reason);
    for (const value of [usage.inputTokens, usage.outputTokens, usage.cachedInputTokens, usage.reasoningTokens]) {
      expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
    }
    expect(usage.outputTokens).toBeLessThanOrEqual(8_224);
    expect(usage.inputTokens).toBeLessThanOrEqual(INPUT_ESTIMATE_FACTOR * 100 + INPUT_MARGIN_TOKENS);
    expect(price(usage)).toBeLessThanOrEqual(worstCase);
  });

  it('replaces an unreadable figure by the estimate, not by 0 and not by the cap', () => {
    expect(bounded({ outputTokens: -5 }).outputTokens).toBe(40);
    expect(bounded({ outputTokens: Number.NaN }).outputTokens).toBe(40);
    expect(bounded({ inputTokens: Number.NaN }).inputTokens).toBe(100);
    expect(bounded({ cachedInputTokens: -1 }).cachedInputTokens).toBe(0);
  });

  it('clamps a figure above its cap to the cap', () => {
    expect(bounded({ outputTokens: 9_000 }).outputTokens).toBe(8_224);
    // Input not believable: what was reserved for it.
    expect(bounded({ inputTokens: 40_000 }).inputTokens).toBe(100);
  });

  it('rounds a non-integer up and says so', () => {
    const usage = bounded({ outputTokens: 12.5 });
    expect(usage.outputTokens).toBe(13);
    expect(usage.suspect).toEqual(['outputTokens is not an integer (12.5)']);
  });

  it('takes reasoning above output as output (reasoning is a part of it)', () => {
    const usage = bounded({ outputTokens: 10, reasoningTokens: 30 });
    expect(usage).toMatchObject({ outputTokens: 30, reasoningTokens: 30, suspect: ['reasoningTokens 30 above outputTokens 10'] });
  });

  it('takes cached above input as all input cached', () => {
    const usage = bounded({ inputTokens: 50, cachedInputTokens: 80 });
    expect(usage).toMatchObject({ inputTokens: 50, cachedInputTokens: 50 });
    expect(usage.suspect?.[0]).toMatch(/cachedInputTokens 80 above the 50/);
  });

  it('bounds reasoning and answer apart when the provider caps them apart', () => {
    const split: UsageLimits = { promptTokens: 100, maxOutputTokens: 564, maxReasoningTokens: 232, maxAnswerTokens: 332 };
    expect(bounded({ outputTokens: 564, reasoningTokens: 232 }, split).suspect).toBeUndefined();
    const tooMuchReasoning = bounded({ outputTokens: 564, reasoningTokens: 400 }, split);
    expect(tooMuchReasoning).toMatchObject({ reasoningTokens: 232, outputTokens: 564 });
    expect(tooMuchReasoning.suspect?.[0]).toMatch(/reasoningTokens 400 above the 232/);
    // All of it reported as answer: the answer's cap holds.
    const allAnswer = bounded({ outputTokens: 564, reasoningTokens: 0 }, split);
    expect(allAnswer).toMatchObject({ reasoningTokens: 0, outputTokens: 332 });
  });

  it('without a cap, still refuses absurd counts (the record must stay writable)', () => {
    const usage = bounded({ outputTokens: 1e18 }, { promptTokens: 100 });
    expect(usage.outputTokens).toBe(40);
    expect(bounded({ outputTokens: ABSURD_TOKENS }, { promptTokens: 100 }).suspect).toBeUndefined();
  });
});
