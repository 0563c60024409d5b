/** Steps the plain and the streaming executor share. */
import { AegisError, type ErrorKind } from '../errors.js';
import type { SkippedTarget, Target } from '../types.js';
import type { AbortCause } from './attempt-scope.js';
import type { CooldownTracker } from './cooldown-tracker.js';
import type { RoutedAttempt } from '../error-details.js';
import type { RunOptions } from './run-options.js';

/** Failures that mean the target is misconfigured (key, region, model id), not unhealthy. */
export const CONFIG_PROBLEM_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth', 'not_found', 'not_configured']);

export interface AttemptRecord {
  target: Target;
  /** Clock time the attempt began. */
  started: number;
  waitedMs: number;
  probe: boolean;
  /** Absent: the attempt succeeded. */
  error?: AegisError;
}

export function recordAttempt(attempts: RoutedAttempt[], options: Pick<RunOptions, 'clock' | 'onAttempt'>, record: AttemptRecord): RoutedAttempt {
  const { target, error } = record;
  const attempt: RoutedAttempt = {
    provider: target.provider,
    model: target.model,
    outcome: error ? error.kind : 'ok',
    waitedMs: record.waitedMs,
    latencyMs: Math.max(0, options.clock.now() - record.started),
  };
  if (error?.status !== undefined) attempt.status = error.status;
  if (error?.code !== undefined) attempt.code = error.code;
  if (error) attempt.message = error.message;
  if (error && CONFIG_PROBLEM_KINDS.has(error.kind)) attempt.configProblem = true;
  if (record.probe) attempt.probe = true;
  attempts.push(attempt);
  options.onAttempt?.(attempt);
  return attempt;
}

export function cooldownSkip(target: Target, cooldown: CooldownTracker): SkippedTarget {
  const status = cooldown.status(target);
  const until = status?.until === undefined ? '' : ` until ${new Date(status.until).toISOString()}`;
  const last = status?.lastErrorKind ? ` (last error: ${status.lastErrorKind})` : '';
  const reason = status?.state === 'half-open' ? 'in cooldown, another request is probing it' : `in cooldown${until} after repeated failures${last}`;
  return { provider: target.provider, model: target.model, reason };
}

/**
 * Sleeps before a retry. Returns the ms actually waited, or the `cancelled`
 * error when the caller cancels during the wait.
 */
export async function waitBeforeRetry(waitMs: number, options: Pick<RunOptions, 'clock' | 'sleep' | 'signal'>, target: Target): Promise<number | AegisError> {
  const before = options.clock.now();
  try {
    await options.sleep(waitMs, options.signal);
  } catch (reason) {
    return cancelledError(target, reason);
  }
  return Math.max(0, options.clock.now() - before);
}

export function cancelledError(target: Target, reason: unknown): AegisError {
  return new AegisError('cancelled', 'The request was cancelled by the caller.', {
    provider: target.provider,
    model: target.model,
    cause: reason,
  });
}

/**
 * Tells the tracker about a failed attempt. A timeout caused by this
 * request's own deadline says little about the target when the deadline was
 * short (a caller asking for 1 s from a model that needs 5 s must not put that
 * model in cooldown for everyone), so it counts only when the target stayed
 * silent for at least the stream idle limit: then it really is hanging.
 * Nor does anything that happened before the upstream was called (`sent`
 * false: the cost ledger's budget check failed or took too long).
 */
export function reportFailure(
  cooldown: CooldownTracker,
  target: Target,
  error: AegisError,
  facts: { probe: boolean; sent: boolean; abortCause: AbortCause | undefined; latencyMs: number; idleLimitMs: number },
): ReturnType<CooldownTracker['recordFailure']> {
  if (!facts.sent || (facts.abortCause === 'deadline' && facts.latencyMs < facts.idleLimitMs)) {
    return facts.probe ? cooldown.release(target) : undefined;
  }
  return cooldown.recordFailure(target, error, { probe: facts.probe });
}
