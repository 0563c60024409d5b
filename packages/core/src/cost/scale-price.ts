import { parseScaledDecimal } from '../money/parse-scaled-decimal.js';

/**
 * Prices are held as integers in 10^-9 currency units per 1M tokens, so any
 * published price (they go down to $0.005 / 1M today) and any config price
 * with up to 9 decimals is exact. A price x tokens then fits a bigint with
 * no rounding until the single division at the end of a request.
 */
export const PRICE_SCALE_DIGITS = 9;

/**
 * Scaled prices already computed. A pure function's memo, not state: the
 * same few dozen prices are scaled on every request (twice or more each),
 * and parsing one (a regex, bigint powers) cost more than the rest of the
 * pricing. Bounded, for a long-lived process that sees many configs.
 */
const scaledPrices = new Map<number, bigint>();
const SCALED_PRICES_KEPT = 4096;

/** `price` (per 1M tokens) in 10^-9 units. Throws on a negative or non-finite price: that is bad data, not an unknown. */
export function scalePrice(price: number): bigint {
  const known = scaledPrices.get(price);
  if (known !== undefined) return known;
  const scaled = parseScaledDecimal(price, PRICE_SCALE_DIGITS);
  if (scaled === undefined || scaled < 0n) throw new RangeError(`a price must be a non-negative finite number, got ${price}`);
  if (scaledPrices.size >= SCALED_PRICES_KEPT) scaledPrices.clear();
  scaledPrices.set(price, scaled);
  return scaled;
}
