import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from './split-chunks.ts';

describe('splitIntoChunks', () => {
  it('splits between words when there are enough words', () => {
    expect(splitIntoChunks('Echo: one two three', 2)).toEqual(['Echo: one ', 'two three']);
  });

  it('always returns exactly `count` pieces that join back to the text', () => {
    for (const text of ['', 'a', 'ab cd', 'one two three four five six seven', '  lead and trail  ']) {
      for (const count of [1, 2, 3, 7, 40]) {
        const pieces = splitIntoChunks(text, count);
        expect(pieces).toHaveLength(count);
        expect(pieces.join('')).toBe(text);
      }
    }
  });

  it('falls back to characters when words are fewer than chunks', () => {
    expect(splitIntoChunks('abcd', 4)).toEqual(['a', 'b', 'c', 'd']);
    expect(splitIntoChunks('ab', 3)).toEqual(['', 'a', 'b']);
  });
});
