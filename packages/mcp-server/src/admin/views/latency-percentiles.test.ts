import { describe, expect, it } from 'vitest';
import { latencyPercentiles } from './latency-percentiles.js';

describe('latencyPercentiles', () => {
  it('one 30 s timeout among fast requests moves p95, not the median', () => {
    const latencies = [...Array.from({ length: 19 }, (_, i) => 100 + i), 30_000];
    expect(latencyPercentiles(latencies)).toEqual({ p50: 109, p95: 118, count: 20 });
    const withMore = [...latencies, 30_000];
    expect(latencyPercentiles(withMore)?.p95).toBe(30_000);
  });

  it('takes a real value by nearest rank and says nothing without data', () => {
    expect(latencyPercentiles([5])).toEqual({ p50: 5, p95: 5, count: 1 });
    expect(latencyPercentiles([3, 1, 2, 4])).toEqual({ p50: 2, p95: 4, count: 4 });
    expect(latencyPercentiles([])).toBeUndefined();
  });
});
