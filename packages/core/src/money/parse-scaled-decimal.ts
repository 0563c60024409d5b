/**
 * Exact decimal parsing into scaled integers, the one entry point for money
 * and prices: `"0.1"` at scale 6 is exactly `100000n`, where `0.1 * 1e6` in
 * floating point would already be a guess. Numbers are read through
 * `String(n)`, which gives the shortest text that round-trips (ECMA-262
 * Number::toString), i.e. what the user wrote in JSON.
 */

/** Sign, digits, optional fraction, optional exponent (`1.5e-7`, `.5`, `12`). */
const DECIMAL = /^([+-])?(\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Guards `10n ** shift` against absurd exponents like `1e999999`. */
const MAX_EXPONENT = 400;

/**
 * `value x 10^scale` as a bigint, or `undefined` when `value` is not a plain
 * decimal number (empty, `NaN`, `"12,50"`, `"1_000"`, `"abc"`).
 *
 * More fractional digits than `scale` are rounded half up, on the magnitude
 * (so half away from zero for negatives): `"0.0000005"` at scale 6 -> `1n`.
 */
export function parseScaledDecimal(value: string | number, scale: number): bigint | undefined {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`scale must be a non-negative integer, got ${scale}`);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, intPart = '', fracPart = '', expPart] = match;
  if (intPart === '' && fracPart === '') return undefined;
  const exponent = expPart === undefined ? 0 : Number(expPart);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;

  // value = digits x 10^(exponent - fracPart.length); scaled = digits x 10^shift.
  const digits = BigInt(`${intPart}${fracPart}` || '0');
  const shift = exponent - fracPart.length + scale;
  let magnitude: bigint;
  if (shift >= 0) {
    magnitude = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    magnitude = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) magnitude += 1n;
  }
  return sign === '-' ? -magnitude : magnitude;
}
