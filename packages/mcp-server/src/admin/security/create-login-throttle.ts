export interface LoginThrottle {
  /** Milliseconds before `source` may try another token; 0 when it may now. */
  retryAfterMs(source: string): number;
  failed(source: string): void;
  succeeded(source: string): void;
}

export interface LoginThrottleOptions {
  /** Wrong tokens one source may send within `windowMs` before its attempts are refused. @default 10 */
  maxFailures?: number;
  /** @default 60000 */
  windowMs?: number;
  /** Sources tracked at once; the stalest is forgotten past this (memory stays bounded). @default 10000 */
  maxSources?: number;
  now?: () => number;
}

/**
 * Slows guessing of the server token, per source address. The counter used to
 * be global, so any process that could reach the port locked the admin out
 * for a minute; now a source only locks itself out, and the login route lets
 * the right token through even then (see session-routes.ts). The lockout
 * keeps a guessing script noisy and slow; the defence is the token itself
 * (192 random bits when generated), which /mcp's Bearer check takes unthrottled.
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxSources = options.maxSources ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is staleness order: a source is re-inserted on each failure.
  const failures = new Map<string, number[]>();

  const recent = (source: string): number[] => {
    const since = now() - windowMs;
    const list = (failures.get(source) ?? []).filter((at) => at > since);
    if (list.length === 0) failures.delete(source);
    else failures.set(source, list);
    return list;
  };

  return {
    retryAfterMs(source) {
      const list = recent(source);
      if (list.length < maxFailures) return 0;
      return Math.max(1, (list[0] ?? now()) + windowMs - now());
    },
    failed(source) {
      const list = recent(source);
      list.push(now());
      failures.delete(source);
      failures.set(source, list);
      while (failures.size > maxSources) {
        const stalest = failures.keys().next().value;
        if (stalest === undefined) break;
        failures.delete(stalest);
      }
    },
    succeeded(source) {
      failures.delete(source);
    },
  };
}
