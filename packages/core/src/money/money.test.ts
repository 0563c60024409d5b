import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUsd, money, usdToMicroUsd } from './money.js';
import { shiftMonthKey } from '../ledger/budget/shift-month-key.js';

describe('formatUsd', () => {
  it('shows exact micro-USD with two to six decimals', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(5_000_000)).toBe('$5.00');
    expect(formatUsd(1_234_567)).toBe('$1.234567');
    expect(formatUsd(1_230_000)).toBe('$1.23');
    expect(formatUsd(1_234)).toBe('$0.001234');
    expect(formatUsd(1)).toBe('$0.000001');
    expect(formatUsd(-2_500_000)).toBe('-$2.50');
  });

  it('round-trips every amount through usdToMicroUsd', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (micro) => {
        expect(usdToMicroUsd(Number(formatUsd(micro).slice(1)))).toBe(micro);
      }),
    );
  });

  it('pairs the number with its string', () => {
    expect(money(10_000_000)).toEqual({ microUsd: 10_000_000, usd: '$10.00' });
  });
});

describe('shiftMonthKey', () => {
  it('crosses years both ways', () => {
    expect(shiftMonthKey('2026-12', 1)).toBe('2027-01');
    expect(shiftMonthKey('2026-01', -1)).toBe('2025-12');
    expect(shiftMonthKey('2026-05', -17)).toBe('2024-12');
    expect(shiftMonthKey('2026-05', 0)).toBe('2026-05');
  });
});
