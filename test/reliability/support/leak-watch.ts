/**
 * What a suite must leave as it found it: no unhandled rejection or uncaught
 * exception while it ran, and no more active handles (sockets, timers, file
 * requests) than before it started.
 */
export interface LeakWatch {
  /** Unhandled rejections and uncaught exceptions seen since `start`. */
  readonly failures: string[];
  /** Active resources by type, now. */
  resources(): Record<string, number>;
  /**
   * Types whose count is above the baseline taken at start, after waiting up
   * to `timeoutMs` for them to settle (keep-alive sockets close, timers fire).
   */
  excess(timeoutMs?: number): Promise<Record<string, number>>;
  stop(): void;
}

export function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function above(now: Record<string, number>, baseline: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, n] of Object.entries(now)) {
    const extra = n - (baseline[type] ?? 0);
    if (extra > 0) out[type] = extra;
  }
  return out;
}

export function startLeakWatch(): LeakWatch {
  const failures: string[] = [];
  const onRejection = (reason: unknown) => failures.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (error: Error) => failures.push(`uncaughtException: ${error.stack ?? String(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const baseline = countResources();
  return {
    failures,
    resources: countResources,
    async excess(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const extra = above(countResources(), baseline);
        if (Object.keys(extra).length === 0 || Date.now() >= until) return extra;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Polls `read` until it returns `want` or the time is up; returns the last value. */
export async function settle<T>(read: () => T | Promise<T>, want: T, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value === want || Date.now() >= until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
