/**
 * The wait before retrying an alert after its `attempt`-th attempt failed:
 * `baseDelayMs` doubled per attempt, at most `maxDelayMs` (1 s, 2 s, 4 s, ...).
 */
export function alertRetryDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}
