import type { ModelPricing } from '../types.js';
import { parseScaledDecimal } from '../money/parse-scaled-decimal.js';
import { PRICE_SCALE_DIGITS } from './scale-price.js';

/**
 * What `sum(tokens x scaledPrice)` is divided by to give micro-USD.
 *
 * USD: price is in 10^-9 USD per 1M tokens, so tokens x price is in
 * 10^-15 USD = 10^-9 micro-USD; divide by 10^9.
 * CNY: the same sum is 10^-9 micro-CNY; micro-USD = micro-CNY / cnyPerUsd, and
 * with the rate scaled by 10^9 (exact for up to 9 decimals) the divisor is
 * the scaled rate itself.
 */
export function costDivisor(currency: ModelPricing['currency'], cnyPerUsd: number): bigint {
  if (currency === 'USD') return USD_DIVISOR;
  if (cnyPerUsd === lastRate.cnyPerUsd) return lastRate.divisor;
  const rate = parseScaledDecimal(cnyPerUsd, PRICE_SCALE_DIGITS);
  if (rate === undefined || rate <= 0n) throw new RangeError(`cnyPerUsd must be a positive number, got ${cnyPerUsd}`);
  lastRate = { cnyPerUsd, divisor: rate };
  return rate;
}

const USD_DIVISOR = 10n ** BigInt(PRICE_SCALE_DIGITS);
/** The last rate scaled: a pure function's memo (a process prices with one configured rate). */
let lastRate: { cnyPerUsd: number; divisor: bigint } = { cnyPerUsd: Number.NaN, divisor: 0n };
