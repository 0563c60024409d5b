/**
 * The streaming executor. Fallback is transparent until the first text or
 * reasoning delta reaches the consumer: a failure before it (while opening,
 * or an iterator that throws, goes idle or hits the deadline) is that
 * attempt's failure and the next attempt or target is tried, announced by a
 * `fallback` part. After it, the consumer has text it cannot take back, so a
 * failure ends the stream with an AegisError whose `details.delivered` says
 * how much was handed over (the gateway charges the partial usage).
 *
 * Parts that come before the first delta (a usage or finish part of an
 * upstream that then fails) are held back and only released with that delta,
 * so nothing of a failed attempt leaks to the consumer.
 */
import type { AegisError } from '../errors.js';
import type { ProviderStreamPart, Target } from '../types.js';
import { relay, type RelayingGenerator, withRelay } from '../streams/with-relay.js';
import type { AbortCause } from './attempt-scope.js';
import { createFallbackRun, type RoutedRun } from './fallback-run.js';
import { normalizeAttemptError } from './normalize-attempt-error.js';
import { closeQuietly, isDelta, iteratorOf, type OpenStreamFn, type PartSource } from './part-source.js';
import type { RunOptions } from './run-options.js';

export type { OpenStreamFn } from './part-source.js';

export type RoutedStreamPart =
  | ProviderStreamPart
  /** The serving target, right before its first part reaches the consumer. */
  | { type: 'start'; target: Target }
  /** A target failed before its first delta; `to` is tried next. */
  | { type: 'fallback'; from: Target; to: Target; error: AegisError };

/** Read once. The getters reflect the run so far, and its end once iteration is over. */
export interface RoutedStream extends RoutedRun, AsyncIterable<RoutedStreamPart> {}

export function runStreamWithFallback(targets: readonly Target[], openFn: OpenStreamFn, options: RunOptions): RoutedStream {
  const run = createFallbackRun(targets, options);

  async function* steps(): RelayingGenerator<ProviderStreamPart, RoutedStreamPart> {
    run.begin();
    let pendingFallback: { from: Target; error: AegisError } | undefined;

    for (let index = 0; index < targets.length; index++) {
      const target = targets[index] as Target;
      const acquiring = run.enter(index);
      const permit = typeof acquiring === 'string' ? acquiring : await acquiring;
      if (permit === 'open') continue;
      try {
        if (pendingFallback) {
          const { from, error } = pendingFallback;
          pendingFallback = undefined;
          yield { type: 'fallback', from, to: target, error };
        }
        let waitedMs = 0;
        for (let retriesDone = 0; ; retriesDone++) {
          const { scope, context } = run.openAttempt(target, retriesDone);
          const started = options.clock.now();
          const held: ProviderStreamPart[] = [];
          let iterator: AsyncIterator<ProviderStreamPart> | undefined;
          let upstreamEnded = false;
          let committed = false;
          // Stays `stopped` when the consumer leaves at a yield (return()).
          let outcome: 'ok' | 'error' | 'stopped' = 'stopped';
          let error: AegisError | undefined;
          let abortCause: AbortCause | undefined;
          let opening: Promise<PartSource> | undefined;
          try {
            // Opening (the gateway's budget reservation) is bounded by the
            // deadline only: the idle timer measures the upstream, which is
            // read through the iterator, and must not blame it for local work.
            opening = (async () => openFn(target, context))();
            iterator = iteratorOf(await scope.race(opening));
            const upstream = iterator;
            const read = (): Promise<IteratorResult<ProviderStreamPart>> => {
              // Idle time is time the upstream keeps us waiting, not time a
              // part spends with a slow consumer at a yield.
              scope.armIdle();
              return scope.race(upstream.next());
            };
            // A read that failed because the scope aborted leaves the upstream
            // reading, and owed a return(); one that threw on its own is finished.
            const endedBy = (thrown: unknown): boolean => scope.cause === undefined || thrown !== scope.signal.reason;
            const readBeforeCommit = () =>
              read().catch((thrown: unknown) => {
                upstreamEnded = endedBy(thrown);
                throw thrown;
              });

            let step = await readBeforeCommit();
            while (!step.done && !isDelta(step.value)) {
              scope.disarmIdle();
              held.push(step.value);
              step = await readBeforeCommit();
            }
            // The first delta, or a stream with none at all (an empty answer
            // is still an answer): this target serves the request.
            committed = true;
            if (step.done) upstreamEnded = true;
            else scope.disarmIdle();
            run.commit(target, !step.done);
            scope.delivering();
            yield { type: 'start', target };
            for (const early of held.splice(0)) yield early;
            if (!step.done) {
              run.count(step.value);
              yield step.value;
              // The rest of the attempt is relayed part by part without
              // resuming this generator (see streams/with-relay.ts), which
              // resumes here once the upstream ends or fails.
              const end = yield relay<ProviderStreamPart, RoutedStreamPart>({
                read,
                forward(next) {
                  if (next.done) return undefined;
                  scope.disarmIdle();
                  run.count(next.value);
                  return next;
                },
              });
              if (end === undefined) throw new Error('withRelay resumes a relay with how it ended.');
              if ('error' in end) {
                upstreamEnded = endedBy(end.error);
                throw end.error;
              }
              upstreamEnded = true;
            }
            outcome = 'ok';
          } catch (thrown) {
            outcome = 'error';
            error = normalizeAttemptError(thrown, scope, target, options.redact, iterator === undefined);
          } finally {
            abortCause = scope.cause;
            if (outcome === 'stopped') scope.stop();
            if (outcome !== 'ok' && iterator && !upstreamEnded) closeQuietly(iterator);
            // Gave up while it was still opening: close it if it opens after all.
            if (outcome !== 'ok' && !iterator)
              opening?.then(
                (late) => closeQuietly(iteratorOf(late)),
                () => undefined,
              );
            scope.dispose();
            if (outcome === 'stopped') {
              // The consumer had what it wanted; the target served it fine.
              const recording = run.succeeded(target, started, waitedMs);
              if (recording) await recording;
            }
          }

          if (outcome === 'ok' || error === undefined) {
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
            pendingFallback = { from: target, error };
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

  const generator = withRelay(steps());
  let claimed = false;
  return {
    [Symbol.asyncIterator]() {
      if (claimed) throw new Error('A routed stream can be read only once.');
      claimed = true;
      return generator;
    },
    get target() {
      return run.target;
    },
    attempts: run.attempts,
    skipped: run.skipped,
    get delivered() {
      return run.delivered;
    },
    get timeToFirstDeltaMs() {
      return run.timeToFirstDeltaMs;
    },
  };
}
