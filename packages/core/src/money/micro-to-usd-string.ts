import { MICRO_PER_UNIT } from './usd-to-micro.js';

/**
 * Integer micro-USD as exact decimal dollars for display: `1234567` ->
 * `"1.234567"`, `2500000` -> `"2.50"` (at least two decimals, trailing
 * zeros beyond cents dropped). No floating point on the way.
 */
export function microToUsdString(micro: number): string {
  if (!Number.isSafeInteger(micro)) throw new RangeError(`micro-USD must be a safe integer, got ${micro}`);
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / MICRO_PER_UNIT);
  const frac = String(abs % MICRO_PER_UNIT)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${whole}.${frac}`;
}
