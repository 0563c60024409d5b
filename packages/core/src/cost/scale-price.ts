import { parseScaledDecimal } from './parse-scaled-decimal.js';

/**
 * Prices are held as integers in 10^-9 currency units per 1M tokens, so any
 * published price (they go down to $0.005 / 1M today) and any config price
 * with up to 9 decimals is exact. A price x tokens then fits a bigint with
 * no rounding until the single division at the end of a request.
 */
export const PRICE_SCALE_DIGITS = 9;

/** `price` (per 1M tokens) in 10^-9 units. Throws on a negative or non-finite price: that is bad data, not an unknown. */
export function scalePrice(price: number): bigint {
  const scaled = parseScaledDecimal(price, PRICE_SCALE_DIGITS);
  if (scaled === undefined || scaled < 0n) throw new RangeError(`a price must be a non-negative finite number, got ${price}`);
  return scaled;
}
