/**
 * One request's way through its targets: what both executors keep (attempts,
 * skips, what was delivered, who serves) and the steps they take around each
 * attempt (checks before a target, the record of an attempt, the decision after
 * a failure). runStreamWithFallback hands the parts to a consumer that pulls
 * them; readWithFallback pushes them to a callback, for an answer read to its end.
 * The attempt itself (open, read, commit at the first delta) is each executor's own.
 */
import type { DeliveredCounts, RoutedAttempt } from '../error-details.js';
import type { AegisError, AegisErrorDetails } from '../errors.js';
import type { ProviderStreamPart, SkippedTarget, Target } from '../types.js';
import { type AbortCause, type AttemptScope, createAttemptScope } from './attempt-scope.js';
import type { Awaitable } from './cooldown-store.js';
import type { CooldownPermit } from './cooldown-tracker.js';
import { decideNextStep } from './decide-next-step.js';
import type { AttemptContext, RunOptions } from './run-options.js';
import { cancelledError, cooldownSkip, recordAttempt, reportFailure, waitBeforeRetry } from './run-steps.js';
import { type FailedTarget, summarizeFailure, withDetails } from './summarize-failure.js';

/** What a run has done so far; its end once the run is over. */
export interface RoutedRun {
  /** The target whose output the consumer received; undefined until `start`. */
  readonly target: Target | undefined;
  readonly attempts: readonly RoutedAttempt[];
  /** Targets skipped while running (their cooldown began after planning). */
  readonly skipped: readonly SkippedTarget[];
  readonly delivered: Readonly<DeliveredCounts>;
  /** Ms from the start of the run to the first delta handed over. */
  readonly timeToFirstDeltaMs: number | undefined;
}

export interface FailedAttempt {
  index: number;
  target: Target;
  error: AegisError;
  /** Retries of this target already made (0 after the first attempt). */
  retriesDone: number;
  started: number;
  waitedMs: number;
  abortCause: AbortCause | undefined;
  /** A delta of this attempt had reached the consumer. */
  committed: boolean;
  /**
   * False when a timer or the caller ended the attempt while it was still
   * opening (budget check, client loading), before the upstream was called:
   * that says nothing about the target's health.
   * @default true
   */
  sent?: boolean;
}

/** After a failed attempt that does not end the run: retry the target (after `waitedMs`) or move on. */
export type Continuation = { action: 'retry'; waitedMs: number } | { action: 'fallback' };

export interface FallbackRun extends RoutedRun {
  readonly targets: readonly Target[];
  readonly options: RunOptions;
  /** How long the upstream may keep an attempt waiting. */
  readonly idleMs: number;
  /** Starts the clock of timeToFirstDeltaMs. */
  begin(): void;
  /**
   * Before `targets[index]`: throws when the deadline passed or the caller
   * cancelled; else asks the cooldown for it (`open`: skipped, and recorded so).
   * A `probe` permit is the run's to spend (succeeded, failed) or give back (leave).
   */
  enter(index: number): Awaitable<CooldownPermit>;
  /** Done with `target`: gives back a probe permit no attempt spent. */
  leave(target: Target): Awaitable<void>;
  /** A new attempt's scope and the context its opener gets. */
  openAttempt(target: Target, retriesDone: number): { scope: AttemptScope; context: AttemptContext };
  /** `target` serves the request; `firstDelta` unless it answered without any. */
  commit(target: Target, firstDelta: boolean): void;
  count(part: ProviderStreamPart): void;
  /** Records a successful attempt (also one the consumer left early); spends the probe. */
  succeeded(target: Target, started: number, waitedMs: number): Awaitable<void>;
  /**
   * Records a failed attempt and tells the cooldown (spending the probe), then
   * says what comes next; throws the error that ends the run.
   */
  failed(attempt: FailedAttempt): Promise<Continuation>;
  /** The error of a run whose targets are all spent. */
  exhausted(): AegisError;
  /** Facts for the details of an error that ends the run. */
  report(): AegisErrorDetails;
}

export function createFallbackRun(targets: readonly Target[], options: RunOptions): FallbackRun {
  const { clock, cooldown, settings } = options;
  const idleMs = options.idleTimeoutMs ?? settings.streamIdleTimeoutMs;
  const attempts: RoutedAttempt[] = [];
  const skipped: SkippedTarget[] = [];
  const delivered: DeliveredCounts = { textChars: 0, reasoningChars: 0, toolCalls: 0 };
  const toolCallIndexes = new Set<number>();
  const failures: FailedTarget[] = [];
  let serving: Target | undefined;
  let timeToFirstDeltaMs: number | undefined;
  let runStarted = 0;
  let attemptNumber = 0;
  /** The current target's cooldown probe, held until an attempt spends it or the run leaves the target. */
  let holdsProbe = false;

  const report = (): AegisErrorDetails => ({ attempts: [...attempts], skipped: [...skipped], delivered: { ...delivered } });
  const noteSkip = (target: Target, permit: CooldownPermit): CooldownPermit => {
    if (permit === 'open') skipped.push(cooldownSkip(target, cooldown));
    holdsProbe = permit === 'probe';
    return permit;
  };
  /** Whether the attempt being recorded holds the probe; it is spent by being reported. */
  const spendProbe = (): boolean => {
    const probe = holdsProbe;
    holdsProbe = false;
    return probe;
  };

  return {
    targets,
    options,
    idleMs,
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
    begin() {
      runStarted = clock.now();
    },
    enter(index) {
      const target = targets[index] as Target;
      if (clock.now() >= options.deadline) {
        throw summarizeFailure({ failed: failures, attempts, skipped, untried: targets.slice(index) });
      }
      if (options.signal?.aborted) throw withDetails(cancelledError(target, options.signal.reason), report());
      // The in-memory tracker answers at once: an await per step costs the
      // request a resumption for nothing.
      const acquiring = cooldown.tryAcquire(target);
      return typeof acquiring === 'string' ? noteSkip(target, acquiring) : acquiring.then((permit) => noteSkip(target, permit));
    },
    leave(target) {
      if (!holdsProbe) return undefined;
      holdsProbe = false;
      return cooldown.release(target);
    },
    openAttempt(target, retriesDone) {
      attemptNumber++;
      const scope = createAttemptScope({
        target,
        clock,
        deadline: options.deadline,
        deliveringDeadline: options.deliveringDeadline,
        signal: options.signal,
        attemptTimeoutMs: options.attemptTimeoutMs,
        idleTimeoutMs: idleMs,
        idleUntilDelivering: options.idleUntilDelivering,
      });
      return { scope, context: { signal: scope.signal, attemptNumber, targetAttempt: retriesDone + 1 } };
    },
    commit(target, firstDelta) {
      serving = target;
      if (firstDelta) timeToFirstDeltaMs = clock.now() - runStarted;
    },
    count(part) {
      if (part.type === 'text-delta') delivered.textChars += part.delta.length;
      else if (part.type === 'reasoning-delta') delivered.reasoningChars += part.delta.length;
      else if ((part.type === 'tool-call-delta' || part.type === 'tool-call') && !toolCallIndexes.has(part.index)) {
        toolCallIndexes.add(part.index);
        delivered.toolCalls = toolCallIndexes.size;
      }
    },
    succeeded(target, started, waitedMs) {
      const probe = spendProbe();
      recordAttempt(attempts, options, { target, started, waitedMs, probe });
      return cooldown.recordSuccess(target, { probe });
    },
    async failed(attempt) {
      const { target, error, index } = attempt;
      const probe = holdsProbe;
      const failure = recordAttempt(attempts, options, { target, started: attempt.started, waitedMs: attempt.waitedMs, probe, error });
      await reportFailure(cooldown, target, error, {
        probe,
        sent: attempt.sent ?? true,
        abortCause: attempt.abortCause,
        latencyMs: failure.latencyMs,
        idleLimitMs: Math.min(idleMs, settings.streamIdleTimeoutMs),
      });
      // Reported: the probe is spent (had the report thrown, leave() would give it back).
      spendProbe();
      if (attempt.committed) {
        const reasoning = delivered.reasoningChars > 0 ? ` and ${delivered.reasoningChars} of reasoning` : '';
        const calls = delivered.toolCalls > 0 ? ` and ${delivered.toolCalls} tool call(s)` : '';
        throw withDetails(
          error,
          { ...report(), partial: true },
          {
            message: `${error.message} The stream broke after ${delivered.textChars} characters of text${reasoning}${calls} had been delivered.`,
            fallbackable: false,
          },
        );
      }
      const step = decideNextStep({
        error,
        retriesDone: attempt.retriesDone,
        settings,
        now: clock.now(),
        deadline: options.deadline,
        random: options.random,
        coolingDown: cooldown.isCoolingDown(target),
        shouldFallback: options.shouldFallback,
      });
      if (step.action === 'stop') {
        if (attempt.abortCause === 'deadline' && index < targets.length - 1) {
          failures.push({ target, error });
          throw summarizeFailure({ failed: failures, attempts, skipped, untried: targets.slice(index + 1) });
        }
        throw withDetails(error, report());
      }
      if (step.action === 'fallback') {
        failures.push({ target, error });
        return { action: 'fallback' };
      }
      const waited = await waitBeforeRetry(step.waitMs, options, target);
      if (typeof waited !== 'number') throw withDetails(waited, report());
      return { action: 'retry', waitedMs: waited };
    },
    exhausted() {
      return summarizeFailure({ failed: failures, attempts, skipped, untried: [] });
    },
    report,
  };
}
