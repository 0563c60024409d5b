/**
 * The one error thrown when every target failed: the most useful kind, and a
 * message with one line per target, so the caller sees at once that the
 * primary was rate limited and the fallback's key was wrong.
 */
import type { RoutedAttempt } from '../error-details.js';
import { AegisError, type AegisErrorDetails } from '../errors.js';
import type { SkippedTarget, Target } from '../types.js';
import { formatTarget } from './parse-target.js';
import { CONFIG_PROBLEM_KINDS } from './run-steps.js';

export interface FailedTarget {
  target: Target;
  error: AegisError;
}

export interface FailureReport {
  failed: readonly FailedTarget[];
  attempts: readonly RoutedAttempt[];
  /** Targets skipped at run time (cooldown). */
  skipped: readonly SkippedTarget[];
  /** Targets never reached because the deadline passed. */
  untried: readonly Target[];
  /** Extra facts for `details` (delivered characters, ...). */
  details?: AegisErrorDetails;
}

export interface ErrorOverrides {
  message?: string;
  retryable?: boolean;
  fallbackable?: boolean;
}

/** A copy of `error` with more `details` (AegisError fields are read-only). */
export function withDetails(error: AegisError, details: AegisErrorDetails, overrides: ErrorOverrides = {}): AegisError {
  return error.with({ ...overrides, details: { ...error.details, ...details } });
}

export function summarizeFailure(report: FailureReport): AegisError {
  const { failed, attempts, skipped, untried } = report;
  const details: AegisErrorDetails = { ...report.details, attempts: [...attempts], skipped: [...skipped], untried: untried.map(formatTarget) };

  if (failed.length === 0) {
    // Nothing was tried: every target was cooling down, or no time was left.
    const lines = [
      ...skipped.map((s) => `- ${s.provider}/${s.model}: ${s.reason}`),
      ...untried.map((t) => `- ${formatTarget(t)}: not tried, the request deadline passed`),
    ];
    const deadline = untried.length > 0;
    return new AegisError(
      deadline ? 'timeout' : 'upstream_unavailable',
      [
        deadline ? 'The request deadline passed before any target answered:' : 'Every target is cooling down after recent failures; retry shortly:',
        ...lines,
      ].join('\n'),
      { retryable: true, fallbackable: false, details },
    );
  }

  const last = failed[failed.length - 1] as FailedTarget;
  if (failed.length === 1 && skipped.length === 0 && untried.length === 0) return withDetails(last.error, details);

  // The kind that tells the caller most: the last health problem rather than
  // a fallback's misconfiguration (that one is still listed in the message).
  const main = [...failed].reverse().find((f) => !CONFIG_PROBLEM_KINDS.has(f.error.kind)) ?? last;
  const tries = (t: Target): number => attempts.filter((a) => a.provider === t.provider && a.model === t.model).length;
  const lines = [
    ...failed.map(({ target, error }) => {
      const n = tries(target);
      const loud = CONFIG_PROBLEM_KINDS.has(error.kind) ? ' [configuration problem]' : '';
      return `- ${formatTarget(target)}${loud}: ${error.message}${n > 1 ? ` (${n} attempts)` : ''}`;
    }),
    ...skipped.map((s) => `- ${s.provider}/${s.model}: skipped, ${s.reason}`),
    ...untried.map((t) => `- ${formatTarget(t)}: not tried, the request deadline passed`),
  ];
  const waits = failed.map((f) => f.error.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  const counts = [`${failed.length} failed`];
  if (skipped.length > 0) counts.push(`${skipped.length} in cooldown`);
  if (untried.length > 0) counts.push(`${untried.length} not tried before the deadline`);
  const message = [`No target answered (${counts.join(', ')}):`, ...lines].join('\n');
  const errors = failed.map((f) => f.error.toJSON());
  if (untried.length > 0) {
    // Targets were left untried: the deadline, not the last failure, is why
    // the caller has no answer. A larger timeout or a retry may help.
    return new AegisError('timeout', message, {
      retryable: true,
      fallbackable: false,
      details: { ...details, errors },
      cause: main.error,
    });
  }
  return new AegisError(main.error.kind, message, {
    provider: main.error.provider,
    model: main.error.model,
    status: main.error.status,
    code: main.error.code,
    retryable: failed.some((f) => f.error.retryable),
    fallbackable: false,
    retryAfterMs: waits.length > 0 ? Math.min(...waits) : undefined,
    requestId: main.error.requestId,
    details: { ...details, errors },
    cause: main.error,
  });
}
