import { describe, expect, it } from 'vitest';
import { createAnswerPages } from './answer-pages.js';

describe('createAnswerPages', () => {
  it('returns a short answer whole, without keeping it', () => {
    const pages = createAnswerPages({ pageChars: 10, now: () => 0 });
    expect(pages.first('short')).toEqual({ text: 'short' });
  });

  it('pages a long answer and reads it back to the end', () => {
    const pages = createAnswerPages({ pageChars: 4, now: () => 0 });
    const first = pages.first('abcdefghij');
    expect(first).toMatchObject({ text: 'abcd', page: { offset: 0, length: 4, totalChars: 10, nextOffset: 4 } });
    const id = first.page!.answerId;
    expect(pages.read(id, 4)).toMatchObject({ text: 'efgh', page: { nextOffset: 8 } });
    const last = pages.read(id, 8);
    expect(last.text).toBe('ij');
    expect(last.page?.nextOffset).toBeUndefined();
    expect(() => pages.read(id, 10)).toThrow(/past the end/);
  });

  it('never splits a surrogate pair across pages', () => {
    const pages = createAnswerPages({ pageChars: 4, now: () => 0 });
    const text = 'abc😀def';
    const first = pages.first(text);
    expect(first.text).toBe('abc');
    const rest = pages.read(first.page!.answerId, first.page!.nextOffset!);
    expect(rest.text.startsWith('😀')).toBe(true);
  });

  it('forgets answers after their time and beyond the newest few', () => {
    let now = 0;
    const pages = createAnswerPages({ pageChars: 1, maxAnswers: 2, ttlMs: 1_000, now: () => now });
    const a = pages.first('aa').page!.answerId;
    const b = pages.first('bb').page!.answerId;
    const c = pages.first('cc').page!.answerId;
    expect(() => pages.read(a, 1)).toThrow(/unknown or expired/);
    expect(pages.read(b, 1).text).toBe('b');
    now = 2_000;
    expect(() => pages.read(c, 1)).toThrow(/unknown or expired/);
  });

  it('sizes pages by estimated tokens: Chinese pages are 4 times shorter than English ones', () => {
    const pages = createAnswerPages({ pageChars: 1_000_000, pageTokens: 100, now: () => 0 });
    const chinese = pages.first('汉'.repeat(350));
    expect(chinese.text).toHaveLength(100);
    expect(chinese.page?.nextOffset).toBe(100);
    const english = pages.first('a'.repeat(1_000));
    expect(english.text).toHaveLength(400);
    expect(pages.first('a'.repeat(400)).page).toBeUndefined();
    // Astral characters (2 code units) are never split.
    const emoji = pages.first('😀'.repeat(300));
    expect(emoji.text).toBe('😀'.repeat(200));
  });
});
