/**
 * An async generator that keeps the control flow of a stream (opening,
 * fallback, accounting, cleanup in `finally`) but hands the steady state, part
 * after part of a long answer, to a relay that does not resume it per part.
 *
 * Every part an `async function*` passes on costs a resumption of the
 * generator, an await and a yield (several promises and microtask turns), at
 * each layer of the pipeline; on a 2,000-chunk answer that was most of what
 * the gateway added to the SDK's own cost per chunk (bench/README.md, issue 8).
 * With the relay, a part costs the one `then` of `forward`.
 *
 * The generator yields `relay({ read, forward })`; from then on each `next()`
 * of the consumer is `read()`, and `forward` turns the step read into the step
 * handed over. When `forward` declines a step (returns undefined), or `read()`
 * rejects, the generator resumes where it yielded the relay, with `{ step }`
 * or `{ error }`, and carries on. A consumer's `return()` during the relay
 * returns the generator at that same yield, so its `finally` blocks run as
 * they would for a consumer that stopped at any other yield.
 *
 * One reader, one `next()` at a time (as `for await` reads).
 */

export interface Relay<S, T> {
  /** Reads the next step of the source. */
  read(): Promise<IteratorResult<S>>;
  /** The step to hand to the consumer, or undefined to give `step` back to the generator. */
  forward(step: IteratorResult<S>): IteratorResult<T> | undefined;
}

/** What the generator is resumed with after a relay. */
export type RelayEnd<S> = { step: IteratorResult<S> } | { error: unknown };

class RelayMarker<S, T> {
  constructor(readonly relay: Relay<S, T>) {}
}
export type { RelayMarker };

/** Yield this from a generator run by `withRelay` to start relaying. */
export function relay<S, T>(spec: Relay<S, T>): RelayMarker<S, T> {
  return new RelayMarker(spec);
}

/** A generator `withRelay` runs: it yields parts of type T, or a relay reading parts of type S. */
export type RelayingGenerator<S, T> = AsyncGenerator<T | RelayMarker<S, T>, void, RelayEnd<S> | undefined>;

export function withRelay<S, T>(generator: RelayingGenerator<S, T>): AsyncIterableIterator<T> {
  let active: Relay<S, T> | undefined;

  const resume = (end?: RelayEnd<S>): Promise<IteratorResult<T>> => generator.next(end).then(afterResume);
  const afterResume = (step: IteratorResult<T | RelayMarker<S, T>>): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (step.done || !(step.value instanceof RelayMarker)) return step as IteratorResult<T>;
    active = step.value.relay;
    return readRelay(active);
  };
  const giveBack = (end: RelayEnd<S>): Promise<IteratorResult<T>> => {
    active = undefined;
    return resume(end);
  };
  const readRelay = (current: Relay<S, T>): Promise<IteratorResult<T>> => {
    let reading: Promise<IteratorResult<S>>;
    try {
      reading = current.read();
    } catch (error) {
      // The generator's catch and finally own every failure.
      return giveBack({ error });
    }
    return reading.then(
      (step) => {
        let forwarded: IteratorResult<T> | undefined;
        try {
          forwarded = current.forward(step);
        } catch (error) {
          return giveBack({ error });
        }
        return forwarded ?? giveBack({ step });
      },
      (error: unknown) => giveBack({ error }),
    );
  };

  return {
    next() {
      return active ? readRelay(active) : resume();
    },
    return(value?: unknown) {
      active = undefined;
      return generator.return(value as undefined) as Promise<IteratorResult<T>>;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
