import { describe, expect, it } from 'vitest';
import { splitBatches } from './plan-embed.js';

const sizes = (batches: ReturnType<typeof splitBatches>) => batches.map((b) => [b.start, b.texts.length, b.estimatedTokens]);

describe('splitBatches', () => {
  it('cuts consecutive inputs at the inputs-per-request limit, keeping their positions', () => {
    const inputs = Array.from({ length: 23 }, (_, i) => `t${i}`);
    expect(
      sizes(
        splitBatches(
          inputs,
          inputs.map(() => 2),
          10,
        ),
      ),
    ).toEqual([
      [0, 10, 20],
      [10, 10, 20],
      [20, 3, 6],
    ]);
  });

  it('also cuts at a tokens-per-request limit; an input alone over it still goes, alone', () => {
    const inputs = ['a', 'b', 'c', 'd'];
    expect(sizes(splitBatches(inputs, [60, 50, 200, 10], 10, 120))).toEqual([
      [0, 2, 110],
      [2, 1, 200],
      [3, 1, 10],
    ]);
  });

  it('gives one batch for one input', () => {
    expect(sizes(splitBatches(['only'], [1], 10))).toEqual([[0, 1, 1]]);
  });
});
