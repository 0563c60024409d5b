import { describe, expect, it } from 'vitest';
import { dashscopeSpec } from './dashscope-spec.js';

const base = { maxTokens: 500, thinkingOnly: false, defaultThinkingBudget: 16_384 };

describe('dashscopeSpec.outputCaps', () => {
  it('caps reasoning apart with thinking_budget when the call may reason', () => {
    expect(dashscopeSpec.outputCaps?.({ ...base, thinking: true })).toEqual({
      maxTokens: 500,
      thinkingBudget: 16_384,
      outputTokens: 16_884,
      reasoningTokens: 16_384,
      answerTokens: 500,
    });
    expect(dashscopeSpec.outputCaps?.({ ...base, thinking: true, thinkingBudget: 50 })).toMatchObject({ thinkingBudget: 50, outputTokens: 550 });
    // A thinking-only model reasons whatever the caller says.
    expect(dashscopeSpec.outputCaps?.({ ...base, thinking: false, thinkingOnly: true })).toMatchObject({ thinkingBudget: 16_384, reasoningTokens: 16_384 });
  });

  it('sends one cap and no budget when the call does not reason, and reserves no reasoning', () => {
    // Thinking off is sent explicitly, so no reasoning can be billed: none is reserved.
    expect(dashscopeSpec.outputCaps?.({ ...base, thinkingBudget: 50 })).toEqual({
      maxTokens: base.maxTokens,
      thinkingBudget: undefined,
      outputTokens: base.maxTokens,
      reasoningTokens: 0,
      answerTokens: base.maxTokens,
    });
    expect(dashscopeSpec.outputCaps?.({ ...base, thinking: false })?.thinkingBudget).toBeUndefined();
  });
});

describe('dashscopeSpec.extraBody', () => {
  it('sends the budget it is given, and enable_thinking true only when asked', () => {
    expect(dashscopeSpec.extraBody?.({ stream: true, thinking: true, thinkingBudget: 50 })).toEqual({ enable_thinking: true, thinking_budget: 50 });
    expect(dashscopeSpec.extraBody?.({ stream: true, thinking: false })).toEqual({ enable_thinking: false });
    expect(dashscopeSpec.extraBody?.({ stream: false, thinking: true, thinkingBudget: 50 })).toEqual({ enable_thinking: false });
  });

  it('says enable_thinking:false explicitly on both paths unless thinking is asked for (Qwen3.5+ think by default)', () => {
    expect(dashscopeSpec.extraBody?.({ stream: true })).toEqual({ enable_thinking: false });
    expect(dashscopeSpec.extraBody?.({ stream: false })).toEqual({ enable_thinking: false });
    // A thinking-only model has no switch: its budget alone.
    expect(dashscopeSpec.extraBody?.({ stream: true, thinkingOnly: true, thinkingBudget: 50 })).toEqual({ thinking_budget: 50 });
  });
});

describe('dashscopeSpec.classifyError', () => {
  const classify = (code: string, message: string, status = 429) => dashscopeSpec.classifyError?.({ status, code, message });

  it('reads insufficient_quota with the #token-limit link as the per-minute throttle', () => {
    const throttle =
      'You exceeded your current quota, please check your plan and billing details. See: https://help.aliyun.com/zh/model-studio/error-code#token-limit';
    expect(classify('insufficient_quota', throttle)).toBe('rate_limited');
    expect(classify('insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.')).toBe('quota_exhausted');
  });

  it('never finds a kind on Object.prototype for an odd code', () => {
    expect(classify('constructor', 'x', 400)).toBeUndefined();
    expect(classify('__proto__', 'x', 400)).toBeUndefined();
  });
});
