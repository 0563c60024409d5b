/**
 * The thresholds (percent of `limitMicroUsd`) that `spentMicroUsd` has
 * reached, ascending. Integer arithmetic, so 80 % of $10 fires at exactly
 * $8.000000. Nothing fires before anything was spent (a zero limit would
 * otherwise fire everything at once).
 */
export function thresholdsReached(spentMicroUsd: number, limitMicroUsd: number, thresholds: readonly number[]): number[] {
  if (spentMicroUsd <= 0) return [];
  return [...new Set(thresholds)].filter((threshold) => threshold > 0 && spentMicroUsd * 100 >= threshold * limitMicroUsd).sort((a, b) => a - b);
}
