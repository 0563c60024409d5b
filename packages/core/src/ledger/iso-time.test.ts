import { describe, expect, it } from 'vitest';
import { createIsoTime } from './iso-time.js';

describe('createIsoTime', () => {
  it('matches toISOString across days, forwards and backwards', () => {
    const iso = createIsoTime();
    const start = Date.UTC(2026, 0, 30, 23, 59, 58, 990);
    for (let i = 0; i < 20_000; i += 1) {
      // Steps of odd sizes, some going back in time (clocks and callers are not monotonic).
      const ms = start + ((i * 7_919_003) % 400_000_000) - 100_000_000;
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('matches toISOString at the edges of its range and beyond', () => {
    const iso = createIsoTime();
    for (const ms of [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -1, -86_400_001, 1.5]) {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws like toISOString for an invalid time', () => {
    expect(() => createIsoTime()(Number.NaN)).toThrow(RangeError);
  });
});
