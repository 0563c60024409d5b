/**
 * How long to wait before retrying one target when the upstream did not say
 * (what it asked for is ../transport/parse-retry-after.ts): exponential
 * backoff with full jitter. A pure function; the executor decides whether the
 * wait is worth it.
 */
export interface BackoffOptions {
  /** The first step; doubled for each further retry. */
  baseMs: number;
  /** No single wait is longer than this. */
  maxMs: number;
}

/**
 * Exponential backoff with "full jitter": a uniform wait in
 * [0, min(maxMs, baseMs * 2^(attempt-1))). Spreading the waits over the whole
 * range keeps many clients that failed together from retrying together
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * @param attempt the retry about to be made: 1 for the first retry.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const step = Math.max(1, Math.floor(attempt));
  const ceiling = Math.max(0, Math.min(options.maxMs, options.baseMs * 2 ** (step - 1)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(r * ceiling), ceiling);
}
