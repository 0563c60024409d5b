/**
 * Virtual time for routing tests: `sleep` resolves at once (after a
 * microtask) and moves the clock to when it would have woken, so a test of a
 * 120 s Retry-After takes no real time and still sees the clock move.
 */
import type { Clock, Sleep } from '../../time/clock.js';

export interface FakeTime {
  clock: Clock;
  sleep: Sleep;
  /** Every wait asked for, in order. */
  sleeps: number[];
  advance(ms: number): void;
}

export function createFakeTime(start = 1_700_000_000_000): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleeps,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      sleeps.push(ms);
      const wake = now + ms;
      if (signal?.aborted) throw signal.reason;
      await Promise.resolve();
      if (signal?.aborted) throw signal.reason;
      // Concurrent sleepers share one timeline: never move the clock back.
      now = Math.max(now, wake);
    },
  };
}
