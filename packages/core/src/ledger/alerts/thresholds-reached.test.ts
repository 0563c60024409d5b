import { describe, expect, it } from 'vitest';
import { thresholdsReached } from './thresholds-reached.js';

describe('thresholdsReached', () => {
  it('fires at exactly the threshold, in integer arithmetic', () => {
    expect(thresholdsReached(7_999_999, 10_000_000, [50, 80, 100])).toEqual([50]);
    expect(thresholdsReached(8_000_000, 10_000_000, [100, 80, 50])).toEqual([50, 80]);
    expect(thresholdsReached(10_000_000, 10_000_000, [50, 80, 100])).toEqual([50, 80, 100]);
  });

  it('fires nothing before any spend, even under a zero limit', () => {
    expect(thresholdsReached(0, 0, [50, 100])).toEqual([]);
    expect(thresholdsReached(1, 0, [50, 100])).toEqual([50, 100]);
  });
});
