import { describe, expect, it } from 'vitest';
import { estimateMessagesTokens, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY } from './estimate-messages-tokens.js';
import { estimateTokens } from './estimate-tokens.js';

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['abcd', 1],
    ['abcde', 2],
    ['你好世界', 4],
    ['こんにちは', 5],
    ['héllo', 2], // 4 ASCII -> 1, 1 other -> 1
    ['Hello, 世界!', 4], // 8 ASCII -> 2, 2 CJK
  ])('%j -> %i', (text, expected) => {
    expect(estimateTokens(text)).toBe(expected);
  });

  it('is close to chars/4 for English prose', () => {
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    expect(estimateTokens(prose)).toBe(Math.ceil(prose.length / 4));
  });

  it('is deterministic', () => {
    expect(estimateTokens('same text 同じ')).toBe(estimateTokens('same text 同じ'));
  });
});

describe('estimateMessagesTokens', () => {
  it('adds per-message, per-image and per-request overhead', () => {
    expect(estimateMessagesTokens([])).toBe(TOKENS_PER_REPLY);
    expect(estimateMessagesTokens([{ role: 'user', content: 'abcd' }])).toBe(TOKENS_PER_REPLY + TOKENS_PER_MESSAGE + 1);
    expect(
      estimateMessagesTokens([
        { role: 'system', content: 'abcdabcd' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '你好' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ]),
    ).toBe(TOKENS_PER_REPLY + 2 * TOKENS_PER_MESSAGE + 2 + 2 + 2 * TOKENS_PER_IMAGE);
  });
});
