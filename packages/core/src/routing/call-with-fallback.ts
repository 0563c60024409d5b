/**
 * The executor for a call that answers all at once (an embeddings batch):
 * the same attempts, retries, fallback, cooldown and deadline as the stream
 * executors (fallback-run.ts), around one promise per attempt instead of a
 * stream of parts. An answer is all or nothing, so nothing is ever
 * delivered before it: a failure may always fall back.
 */
import type { AegisError } from '../errors.js';
import type { Target } from '../types.js';
import type { FallbackRun } from './fallback-run.js';
import { normalizeAttemptError } from './normalize-attempt-error.js';
import type { AttemptContext } from './run-options.js';

export interface CallAttemptContext extends AttemptContext {
  /** Call right before the upstream request goes out: a failure before it (budget check, client load) says nothing about the target. */
  markSent(): void;
}

/** One attempt at one target; pass `context.signal` on to the upstream call. */
export type CallFn<T> = (target: Target, context: CallAttemptContext) => Promise<T>;

export interface CalledWithFallback<T> {
  target: Target;
  value: T;
  /** Each fallback taken: the target given up on and the error that ended it. */
  fallbacks: Array<{ from: Target; to: Target; error: AegisError }>;
}

/** Runs `run` (see createFallbackRun) to its first answer; rejects with the error that ended it. Call once per run. */
export async function callWithFallback<T>(run: FallbackRun, call: CallFn<T>): Promise<CalledWithFallback<T>> {
  const { targets, options } = run;
  run.begin();
  const fallbacks: CalledWithFallback<T>['fallbacks'] = [];
  let given: { from: Target; error: AegisError } | undefined;

  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] as Target;
    const acquiring = run.enter(index);
    const permit = typeof acquiring === 'string' ? acquiring : await acquiring;
    if (permit === 'open') continue;
    try {
      if (given) {
        fallbacks.push({ ...given, to: target });
        given = undefined;
      }
      let waitedMs = 0;
      for (let retriesDone = 0; ; retriesDone++) {
        const { scope, context } = run.openAttempt(target, retriesDone);
        const started = options.clock.now();
        let sent = false;
        let value: T | undefined;
        let error: AegisError | undefined;
        try {
          value = await scope.race(call(target, { ...context, markSent: () => (sent = true) }));
        } catch (thrown) {
          error = normalizeAttemptError(thrown, scope, target, options.redact, !sent);
        }
        const abortCause = scope.cause;
        scope.dispose();
        if (error === undefined) {
          run.commit(target, false);
          const recording = run.succeeded(target, started, waitedMs);
          if (recording) await recording;
          return { target, value: value as T, fallbacks };
        }
        const next = await run.failed({ index, target, error, retriesDone, started, waitedMs, abortCause, committed: false, sent });
        if (next.action === 'fallback') {
          given = { from: target, error };
          break;
        }
        waitedMs = next.waitedMs;
      }
    } finally {
      const leaving = run.leave(target);
      if (leaving) await leaving;
    }
  }
  throw run.exhausted();
}
