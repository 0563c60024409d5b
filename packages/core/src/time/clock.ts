/**
 * Time and chance, injected. Routing never reads `Date.now()`, `setTimeout` or
 * `Math.random()` for its decisions, so tests drive a fake clock and a fake
 * sleep and run in milliseconds.
 *
 * One exception, on purpose: the hang guards (the request deadline and the
 * stream idle timer) are real timers, because they must fire even when the
 * code they guard never returns control. Their length is still computed from
 * the injected clock.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Waits `ms`; rejects with `signal.reason` when the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A number in [0, 1), like `Math.random()`. */
export type Random = () => number;

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

export const systemRandom: Random = () => Math.random();

/** The real `Sleep`: a timer that an AbortSignal can cut short. */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
