export interface LoginThrottle {
  /** Milliseconds to wait before another attempt is heard; 0 when one may be made now. */
  retryAfterMs(): number;
  failed(): void;
  succeeded(): void;
}

export interface LoginThrottleOptions {
  /** Failures allowed within `windowMs` before attempts are refused. @default 10 */
  maxFailures?: number;
  /** @default 60000 */
  windowMs?: number;
  now?: () => number;
}

/**
 * Slows guessing of the server token. One counter for the whole process: the
 * page is for one person on a loopback address, where per-client tracking
 * would add nothing.
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let failures: number[] = [];

  const recent = () => {
    const since = now() - windowMs;
    failures = failures.filter((at) => at > since);
    return failures;
  };

  return {
    retryAfterMs() {
      const list = recent();
      if (list.length < maxFailures) return 0;
      return Math.max(1, (list[0] ?? now()) + windowMs - now());
    },
    failed() {
      recent().push(now());
    },
    succeeded() {
      failures = [];
    },
  };
}
