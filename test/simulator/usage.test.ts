import { describe, expect, it } from 'vitest';
import { buildUsage, countPromptTokens, countTokens } from './usage.ts';

describe('usage arithmetic', () => {
  it('counts a token per 4 characters, rounded up', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('abcd')).toBe(1);
    expect(countTokens('abcde')).toBe(2);
  });

  it('counts prompt tokens per message: text tokens + 4, text parts only', () => {
    const messages = [
      { role: 'system', content: 'abcdefgh' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'abcd' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ];
    expect(countPromptTokens(messages)).toBe(2 + 4 + (1 + 4));
    expect(countPromptTokens('not a list')).toBe(0);
  });

  it('includes reasoning tokens in completion tokens and reports them apart', () => {
    expect(buildUsage({ cachedTokens: 3 }, { promptTokens: 10, answerText: 'abcdefgh', reasoningText: 'abcd' })).toEqual({
      prompt_tokens: 10,
      completion_tokens: 3,
      total_tokens: 13,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 1 },
    });
  });

  it('reports nothing, zeros or exact numbers on request', () => {
    const input = { promptTokens: 10, answerText: 'abcd', reasoningText: '' };
    expect(buildUsage({ usage: 'absent' }, input)).toBeUndefined();
    expect(buildUsage({ usage: 'zero' }, input)).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(buildUsage({ usage: { completionTokens: 7, reasoningTokens: 9 } }, input)).toEqual({
      prompt_tokens: 10,
      completion_tokens: 7,
      total_tokens: 17,
      completion_tokens_details: { reasoning_tokens: 9 },
    });
  });
});
