/** `numerator / divisor` rounded half up, for a non-negative numerator and positive divisor. */
export function divideRoundHalfUp(numerator: bigint, divisor: bigint): bigint {
  if (divisor <= 0n) throw new RangeError('divisor must be positive');
  if (numerator < 0n) throw new RangeError('numerator must not be negative');
  return (numerator * 2n + divisor) / (divisor * 2n);
}
