import { describe, expect, it } from 'vitest';
import { parseScaledDecimal } from './parse-scaled-decimal.js';
import { usdToMicro } from './usd-to-micro.js';
import { microToUsdString } from './micro-to-usd-string.js';

describe('usdToMicro', () => {
  it.each([
    ['0.1', 100_000],
    [0.1, 100_000],
    ['12.345678', 12_345_678],
    ['12.50', 12_500_000],
    [12.5, 12_500_000],
    [50, 50_000_000],
    [' 3 ', 3_000_000],
    ['.5', 500_000],
    ['1e3', 1_000_000_000],
    ['0', 0],
    ['-1.5', -1_500_000],
    // 0.1 + 0.2 in floats is 0.30000000000000004; parsed as text it is exact.
    [0.1 + 0.2, 300_000],
  ])('%j -> %i', (input, expected) => {
    expect(usdToMicro(input)).toBe(expected);
  });

  it('rounds more than 6 decimals half up', () => {
    expect(usdToMicro('0.0000005')).toBe(1);
    expect(usdToMicro('0.0000004999')).toBe(0);
    expect(usdToMicro('12.3456785')).toBe(12_345_679);
    expect(usdToMicro(1e-7)).toBe(0);
  });

  it.each(['abc', '', '12,50', '1_000', '$5', 'NaN', '1.', '--1', '0x10'])('rejects %j', (input) => {
    expect(usdToMicro(input)).toBeUndefined();
  });

  it('rejects non-finite numbers and amounts too large to hold exactly', () => {
    expect(usdToMicro(Number.NaN)).toBeUndefined();
    expect(usdToMicro(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(usdToMicro('1e20')).toBeUndefined();
    expect(usdToMicro('1e999999')).toBeUndefined();
  });
});

describe('parseScaledDecimal', () => {
  it('scales exactly, with exponents', () => {
    expect(parseScaledDecimal('2.1875e-6', 12)).toBe(2_187_500n);
    expect(parseScaledDecimal(0.005, 9)).toBe(5_000_000n);
    expect(parseScaledDecimal('-0.0000005', 6)).toBe(-1n);
  });
});

describe('microToUsdString', () => {
  it.each([
    [0, '0.00'],
    [1, '0.000001'],
    [2_500_000, '2.50'],
    [1_234_567, '1.234567'],
    [-100_000, '-0.10'],
  ])('%i -> %s', (micro, text) => {
    expect(microToUsdString(micro)).toBe(text);
    expect(usdToMicro(text)).toBe(micro);
  });
});
