import { isDelta } from '../routing/part-source.js';
import type { ProviderStreamPart } from '../types.js';

export interface ReservationGuard {
  /** Aborts when the attempt is given up (deadline, caller, idle, consumer gone). */
  signal: AbortSignal;
  /** The attempt served the request: from now on the request settles the reservation. */
  handOver(): void;
  /** The attempt failed or was abandoned before serving: give the reservation back. Called at most once. */
  release(): void;
}

/**
 * Passes an attempt's parts through and gives its reservation back unless the
 * attempt served the request (its first delta, or a clean end: an empty
 * answer is still an answer). Also when the attempt is abandoned before it is
 * ever read: the abort listener is registered now, not on the first read.
 *
 * A plain iterator rather than an `async function*`: until the hand-over it
 * looks at each part; after it, it is out of the way (`next()` is the
 * upstream's own), so a long stream pays nothing per part for it.
 */
export function guardReservation(parts: AsyncIterable<ProviderStreamPart>, guard: ReservationGuard): AsyncIterableIterator<ProviderStreamPart> {
  const upstream = parts[Symbol.asyncIterator]();
  let state: 'guarding' | 'handed-over' | 'released' = 'guarding';
  const settle = (to: 'handed-over' | 'released'): void => {
    if (state !== 'guarding') return;
    state = to;
    guard.signal.removeEventListener('abort', release);
    if (to === 'handed-over') guard.handOver();
    else guard.release();
  };
  function release(): void {
    settle('released');
  }
  guard.signal.addEventListener('abort', release, { once: true });

  const onStep = (step: IteratorResult<ProviderStreamPart>): IteratorResult<ProviderStreamPart> => {
    if (step.done || isDelta(step.value)) settle('handed-over');
    return step;
  };
  const onError = (error: unknown): never => {
    release();
    throw error;
  };

  return {
    next() {
      return state === 'guarding' ? upstream.next().then(onStep, onError) : upstream.next();
    },
    return(value?: unknown) {
      release();
      return upstream.return ? upstream.return(value) : Promise.resolve({ done: true, value: value as undefined });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
