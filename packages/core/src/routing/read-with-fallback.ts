/**
 * The executor for an answer read to its end (the gateway's `chat`): the same
 * attempts, retries, fallback, cooldown and deadline as runStreamWithFallback,
 * and the same parts in the same order, but pushed to `onPart` as they are
 * read instead of pulled by a consumer. Without a consumer that can pause or
 * stop, nothing needs to wait at a yield: one plain async function reads the
 * upstream, where the stream executor costs a generator resumption (several
 * promises and microtask turns) per part and per layer (issue 8).
 *
 * Fallback is transparent until the first delta, as in the stream executor:
 * parts before it are held back and given to `onPart` only with it, and a
 * failure after it ends the run with the error saying what was delivered.
 */
import type { AegisError } from '../errors.js';
import type { ProviderStreamPart, Target } from '../types.js';
import type { AbortCause } from './attempt-scope.js';
import type { FallbackRun } from './fallback-run.js';
import { normalizeAttemptError } from './normalize-attempt-error.js';
import { closeQuietly, isDelta, iteratorOf, type OpenStreamFn, type PartSource } from './part-source.js';
import type { RoutedStreamPart } from './run-stream-with-fallback.js';

/**
 * Runs `run` (see createFallbackRun) to its end; rejects with the error that
 * ended it. `onPart` must not throw. Call once per run.
 */
export async function readWithFallback(run: FallbackRun, openFn: OpenStreamFn, onPart: (part: RoutedStreamPart) => void): Promise<void> {
  const { targets, options } = run;
  run.begin();
  let fallbackFrom: { from: Target; error: AegisError } | undefined;

  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] as Target;
    const acquiring = run.enter(index);
    const permit = typeof acquiring === 'string' ? acquiring : await acquiring;
    if (permit === 'open') continue;
    try {
      if (fallbackFrom) {
        onPart({ type: 'fallback', from: fallbackFrom.from, to: target, error: fallbackFrom.error });
        fallbackFrom = undefined;
      }
      let waitedMs = 0;
      for (let retriesDone = 0; ; retriesDone++) {
        const { scope, context } = run.openAttempt(target, retriesDone);
        const started = options.clock.now();
        let iterator: AsyncIterator<ProviderStreamPart> | undefined;
        // True while a read of the upstream is pending.
        let reading = false;
        let upstreamEnded = false;
        let committed = false;
        let error: AegisError | undefined;
        let abortCause: AbortCause | undefined;
        let opening: Promise<PartSource> | undefined;
        try {
          // Opening is bounded by the deadline only (see runStreamWithFallback).
          opening = (async () => openFn(target, context))();
          iterator = iteratorOf(await scope.race(opening));
          const upstream = iterator;
          // Idle time is the time the upstream keeps a read waiting (no
          // consumer waits between reads here, so nothing to disarm).
          const read = (): Promise<IteratorResult<ProviderStreamPart>> => {
            scope.armIdle();
            return scope.race(upstream.next());
          };

          const held: ProviderStreamPart[] = [];
          reading = true;
          let step = await read();
          while (!step.done && !isDelta(step.value)) {
            held.push(step.value);
            step = await read();
          }
          reading = false;
          // The first delta, or an answer with none at all: this target serves the request.
          committed = true;
          run.commit(target, !step.done);
          scope.delivering();
          onPart({ type: 'start', target });
          for (const early of held) onPart(early);
          while (!step.done) {
            run.count(step.value);
            onPart(step.value);
            reading = true;
            step = await read();
            reading = false;
          }
          upstreamEnded = true;
        } catch (thrown) {
          // A read that failed because the scope aborted leaves the upstream
          // reading, and owed a return(); one that threw on its own is finished.
          if (reading) upstreamEnded = scope.cause === undefined || thrown !== scope.signal.reason;
          error = normalizeAttemptError(thrown, scope, target, options.redact, iterator === undefined);
        } finally {
          abortCause = scope.cause;
          if (error && iterator && !upstreamEnded) closeQuietly(iterator);
          // Gave up while it was still opening: close it if it opens after all.
          if (error && !iterator)
            opening?.then(
              (late) => closeQuietly(iteratorOf(late)),
              () => undefined,
            );
          scope.dispose();
        }

        if (error === undefined) {
          const recording = run.succeeded(target, started, waitedMs);
          if (recording) await recording;
          return;
        }
        const next = await run.failed({
          index,
          target,
          error,
          retriesDone,
          started,
          waitedMs,
          abortCause,
          committed,
          sent: iterator !== undefined || abortCause === undefined,
        });
        if (next.action === 'fallback') {
          fallbackFrom = { from: target, error };
          break;
        }
        waitedMs = next.waitedMs;
      }
    } finally {
      // An await only when a probe is given back: the common path takes no extra turn.
      const leaving = run.leave(target);
      if (leaving) await leaving;
    }
  }
  throw run.exhausted();
}
