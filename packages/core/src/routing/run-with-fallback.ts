/**
 * The executor: tries each target in order, retrying what is worth retrying,
 * falling back on what another target may serve, and stopping on what no
 * target will (a bad request). Every attempt is recorded; cooldown state is
 * shared through the tracker.
 */
import type { AegisError } from '../errors.js';
import type { SkippedTarget, Target } from '../types.js';
import { type AbortCause, createAttemptScope } from './attempt-scope.js';
import { decideNextStep } from './decide-next-step.js';
import { normalizeAttemptError } from './normalize-attempt-error.js';
import { cancelledError, cooldownSkip, recordAttempt, reportFailure, waitBeforeRetry } from './run-steps.js';
import type { AttemptContext, RoutedAttempt, RunOptions } from './run-options.js';
import { type FailedTarget, summarizeFailure, withDetails } from './summarize-failure.js';

export type AttemptFn<T> = (target: Target, context: AttemptContext) => Promise<T>;

export interface RunResult<T> {
  value: T;
  /** The target that answered. */
  target: Target;
  attempts: RoutedAttempt[];
  /** Targets skipped while running (their cooldown began after planning). */
  skipped: SkippedTarget[];
}

/**
 * @throws AegisError: the error that stopped the request (a bad request, a
 * cancel), or a summary of every target's failure; `details.attempts` always
 * lists the attempts made.
 */
export async function runWithFallback<T>(
  targets: readonly Target[],
  attemptFn: AttemptFn<T>,
  options: RunOptions,
): Promise<RunResult<T>> {
  const { clock, cooldown, settings } = options;
  const attempts: RoutedAttempt[] = [];
  const skipped: SkippedTarget[] = [];
  const failed: FailedTarget[] = [];
  let attemptNumber = 0;

  const stop = (error: AegisError): AegisError => withDetails(error, { attempts: [...attempts], skipped: [...skipped] });

  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] as Target;
    if (clock.now() >= options.deadline) {
      throw summarizeFailure({ failed, attempts, skipped, untried: targets.slice(index) });
    }
    if (options.signal?.aborted) throw stop(cancelledError(target, options.signal.reason));
    const permit = await cooldown.tryAcquire(target);
    if (permit === 'open') {
      skipped.push(cooldownSkip(target, cooldown));
      continue;
    }
    let holdsProbe = permit === 'probe';
    try {
      let waitedMs = 0;
      for (let retriesDone = 0; ; retriesDone++) {
        attemptNumber++;
        const scope = createAttemptScope({
          target,
          clock,
          deadline: options.deadline,
          signal: options.signal,
          attemptTimeoutMs: options.attemptTimeoutMs,
        });
        const started = clock.now();
        const context: AttemptContext = { signal: scope.signal, attemptNumber, targetAttempt: retriesDone + 1 };
        let error: AegisError;
        let abortCause: AbortCause | undefined;
        try {
          const value = await scope.race((async () => attemptFn(target, context))());
          recordAttempt(attempts, options, { target, started, waitedMs, probe: holdsProbe });
          await cooldown.recordSuccess(target, { probe: holdsProbe });
          holdsProbe = false;
          return { value, target, attempts, skipped };
        } catch (thrown) {
          error = normalizeAttemptError(thrown, scope, target, options.redact);
        } finally {
          abortCause = scope.cause;
          scope.dispose();
        }
        const failure = recordAttempt(attempts, options, { target, started, waitedMs, probe: holdsProbe, error });
        await reportFailure(cooldown, target, error, {
          probe: holdsProbe,
          abortCause,
          latencyMs: failure.latencyMs,
          idleLimitMs: settings.streamIdleTimeoutMs,
        });
        holdsProbe = false;

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
          // Out of time with targets left: say so rather than blame the last one.
          if (abortCause === 'deadline' && index < targets.length - 1) {
            failed.push({ target, error });
            throw summarizeFailure({ failed, attempts, skipped, untried: targets.slice(index + 1) });
          }
          throw stop(error);
        }
        if (step.action === 'fallback') {
          failed.push({ target, error });
          break;
        }
        const waited = await waitBeforeRetry(step.waitMs, options, target);
        if (typeof waited !== 'number') throw stop(waited);
        waitedMs = waited;
      }
    } finally {
      // Cancelled or thrown before a verdict: let another request probe.
      if (holdsProbe) await cooldown.release(target);
    }
  }
  throw summarizeFailure({ failed, attempts, skipped, untried: [] });
}
