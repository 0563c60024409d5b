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
import type { ProviderStreamPart, SkippedTarget, Target } from '../types.js';
import { type AbortCause, createAttemptScope } from './attempt-scope.js';
import { decideNextStep } from './decide-next-step.js';
import { normalizeAttemptError } from './normalize-attempt-error.js';
import type { AttemptContext, RoutedAttempt, RunOptions } from './run-options.js';
import { cancelledError, cooldownSkip, recordAttempt, reportFailure, waitBeforeRetry } from './run-steps.js';
import { type FailedTarget, summarizeFailure, withDetails } from './summarize-failure.js';
import { relay, type RelayingGenerator, withRelay } from '../streams/with-relay.js';

type PartSource = AsyncIterable<ProviderStreamPart> | AsyncIterator<ProviderStreamPart>;

/**
 * Opens one target's stream; pass `context.signal` on to the upstream call.
 * Do the upstream I/O in the returned iterator: only reading it is under the
 * idle timer (opening is bounded by the deadline).
 */
export type OpenStreamFn = (target: Target, context: AttemptContext) => PartSource | Promise<PartSource>;

export type RoutedStreamPart =
  | ProviderStreamPart
  /** The serving target, right before its first part reaches the consumer. */
  | { type: 'start'; target: Target }
  /** A target failed before its first delta; `to` is tried next. */
  | { type: 'fallback'; from: Target; to: Target; error: AegisError };

export interface DeliveredCounts {
  textChars: number;
  reasoningChars: number;
}

/** Read once. The getters reflect the run so far, and its end once iteration is over. */
export interface RoutedStream extends AsyncIterable<RoutedStreamPart> {
  /** The target whose output the consumer received; undefined until `start`. */
  readonly target: Target | undefined;
  readonly attempts: readonly RoutedAttempt[];
  /** Targets skipped while running (their cooldown began after planning). */
  readonly skipped: readonly SkippedTarget[];
  readonly delivered: Readonly<DeliveredCounts>;
  /** Ms from the start of iteration to the first delta handed over. */
  readonly timeToFirstDeltaMs: number | undefined;
}

const isDelta = (part: ProviderStreamPart): boolean => part.type === 'text-delta' || part.type === 'reasoning-delta';

function iteratorOf(source: PartSource): AsyncIterator<ProviderStreamPart> {
  const iterable = source as Partial<AsyncIterable<ProviderStreamPart>>;
  return typeof iterable[Symbol.asyncIterator] === 'function'
    ? (iterable[Symbol.asyncIterator] as () => AsyncIterator<ProviderStreamPart>)()
    : (source as AsyncIterator<ProviderStreamPart>);
}

/** Releases the upstream (its socket) without waiting: it may be stuck in a read the abort is ending. */
function closeQuietly(iterator: AsyncIterator<ProviderStreamPart>): void {
  try {
    const closing = iterator.return?.();
    if (closing) Promise.resolve(closing).catch(() => undefined);
  } catch {
    // A broken return() must not hide the error that ended the stream.
  }
}

export function runStreamWithFallback(
  targets: readonly Target[],
  openFn: OpenStreamFn,
  options: RunOptions,
): RoutedStream {
  const { clock, cooldown, settings } = options;
  const idleMs = options.idleTimeoutMs ?? settings.streamIdleTimeoutMs;
  const attempts: RoutedAttempt[] = [];
  const skipped: SkippedTarget[] = [];
  const delivered: DeliveredCounts = { textChars: 0, reasoningChars: 0 };
  let serving: Target | undefined;
  let timeToFirstDeltaMs: number | undefined;

  const report = (): Record<string, unknown> => ({ attempts: [...attempts], skipped: [...skipped], delivered: { ...delivered } });
  const count = (part: ProviderStreamPart): void => {
    if (part.type === 'text-delta') delivered.textChars += part.delta.length;
    else if (part.type === 'reasoning-delta') delivered.reasoningChars += part.delta.length;
  };

  async function* run(): RelayingGenerator<ProviderStreamPart, RoutedStreamPart> {
    const runStarted = clock.now();
    const failed: FailedTarget[] = [];
    let pendingFallback: { from: Target; error: AegisError } | undefined;
    let attemptNumber = 0;

    for (let index = 0; index < targets.length; index++) {
      const target = targets[index] as Target;
      if (clock.now() >= options.deadline) {
        throw summarizeFailure({ failed, attempts, skipped, untried: targets.slice(index) });
      }
      if (options.signal?.aborted) throw withDetails(cancelledError(target, options.signal.reason), report());
      // The in-memory tracker answers at once: an await per step costs the
      // request a generator resumption for nothing.
      const acquiring = cooldown.tryAcquire(target);
      const permit = typeof acquiring === 'string' ? acquiring : await acquiring;
      if (permit === 'open') {
        skipped.push(cooldownSkip(target, cooldown));
        continue;
      }
      let holdsProbe = permit === 'probe';
      try {
        if (pendingFallback) {
          const { from, error } = pendingFallback;
          pendingFallback = undefined;
          yield { type: 'fallback', from, to: target, error };
        }
        let waitedMs = 0;
        for (let retriesDone = 0; ; retriesDone++) {
          attemptNumber++;
          const scope = createAttemptScope({
            target,
            clock,
            deadline: options.deadline,
            signal: options.signal,
            attemptTimeoutMs: options.attemptTimeoutMs,
            idleTimeoutMs: idleMs,
          });
          const started = clock.now();
          const context: AttemptContext = { signal: scope.signal, attemptNumber, targetAttempt: retriesDone + 1 };
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
            serving = target;
            if (step.done) upstreamEnded = true;
            else {
              scope.disarmIdle();
              timeToFirstDeltaMs = clock.now() - runStarted;
            }
            yield { type: 'start', target };
            for (const early of held.splice(0)) yield early;
            if (!step.done) {
              count(step.value);
              yield step.value;
              // The rest of the attempt is relayed part by part without
              // resuming this generator (see streams/with-relay.ts), which
              // resumes here once the upstream ends or fails.
              const end = yield relay<ProviderStreamPart, RoutedStreamPart>({
                read,
                forward(next) {
                  if (next.done) return undefined;
                  scope.disarmIdle();
                  count(next.value);
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
            error = normalizeAttemptError(thrown, scope, target, options.redact);
          } finally {
            abortCause = scope.cause;
            if (outcome === 'stopped') scope.stop();
            if (outcome !== 'ok' && iterator && !upstreamEnded) closeQuietly(iterator);
            // Gave up while it was still opening: close it if it opens after all.
            if (outcome !== 'ok' && !iterator) opening?.then((late) => closeQuietly(iteratorOf(late)), () => undefined);
            scope.dispose();
            if (outcome === 'stopped') {
              // The consumer had what it wanted; the target served it fine.
              recordAttempt(attempts, options, { target, started, waitedMs, probe: holdsProbe });
              const recording = cooldown.recordSuccess(target, { probe: holdsProbe });
              if (recording) await recording;
              holdsProbe = false;
            }
          }

          if (outcome === 'ok' || error === undefined) {
            recordAttempt(attempts, options, { target, started, waitedMs, probe: holdsProbe });
            const recording = cooldown.recordSuccess(target, { probe: holdsProbe });
            if (recording) await recording;
            holdsProbe = false;
            return;
          }
          const failure = recordAttempt(attempts, options, { target, started, waitedMs, probe: holdsProbe, error });
          await reportFailure(cooldown, target, error, {
            probe: holdsProbe,
            abortCause,
            latencyMs: failure.latencyMs,
            idleLimitMs: Math.min(idleMs, settings.streamIdleTimeoutMs),
          });
          holdsProbe = false;

          if (committed) {
            const reasoning = delivered.reasoningChars > 0 ? ` and ${delivered.reasoningChars} of reasoning` : '';
            throw withDetails(
              error,
              { ...report(), partial: true },
              {
                message: `${error.message} The stream broke after ${delivered.textChars} characters of text${reasoning} had been delivered.`,
                fallbackable: false,
              },
            );
          }
          const step = decideNextStep({
            error,
            retriesDone,
            settings,
            now: clock.now(),
            deadline: options.deadline,
            random: options.random,
            coolingDown: cooldown.isCoolingDown(target),
            shouldFallback: options.shouldFallback,
          });
          if (step.action === 'stop') {
            if (abortCause === 'deadline' && index < targets.length - 1) {
              failed.push({ target, error });
              throw summarizeFailure({ failed, attempts, skipped, untried: targets.slice(index + 1) });
            }
            throw withDetails(error, report());
          }
          if (step.action === 'fallback') {
            failed.push({ target, error });
            pendingFallback = { from: target, error };
            break;
          }
          const waited = await waitBeforeRetry(step.waitMs, options, target);
          if (typeof waited !== 'number') throw withDetails(waited, report());
          waitedMs = waited;
        }
      } finally {
        if (holdsProbe) await cooldown.release(target);
      }
    }
    throw summarizeFailure({ failed, attempts, skipped, untried: [] });
  }

  const generator = withRelay(run());
  let claimed = false;
  return {
    [Symbol.asyncIterator]() {
      if (claimed) throw new Error('A routed stream can be read only once.');
      claimed = true;
      return generator;
    },
    get target() {
      return serving;
    },
    attempts,
    skipped,
    get delivered() {
      return { ...delivered };
    },
    get timeToFirstDeltaMs() {
      return timeToFirstDeltaMs;
    },
  };
}
