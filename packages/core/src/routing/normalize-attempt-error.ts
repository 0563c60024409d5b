/**
 * Whatever an attempt threw, as one AegisError. When the attempt's scope
 * aborted, the scope's reason wins over what the upstream code made of the
 * abort (an SDK "request aborted", a socket reset): it knows whether the
 * caller cancelled or a deadline passed.
 *
 * A timer that fired while the attempt was still `opening` (the budget check
 * in the cost ledger, waiting for its lock, or loading the provider's client)
 * fired before the upstream was called: the timeout is reported as such,
 * never as the target "did not answer" (issue 15: a ledger lock held by a
 * live process read as "dashscope/qwen-max did not answer" after 55 s), and
 * the executors do not count it against the target (fallback-run.ts).
 */
import { AegisError, isAegisError } from '../errors.js';
import type { Target } from '../types.js';
import type { AttemptScope } from './attempt-scope.js';
import { formatTarget } from './parse-target.js';

export function normalizeAttemptError(thrown: unknown, scope: AttemptScope, target: Target, redact?: (text: string) => string, opening = false): AegisError {
  if (scope.cause !== undefined && isAegisError(scope.signal.reason)) {
    const reason = scope.signal.reason;
    if (opening && reason.kind === 'timeout') {
      return new AegisError(
        'timeout',
        `${formatTarget(target)} was not called: the time ran out while the request was being prepared ` +
          '(the budget check in the cost ledger, or loading the provider client). The cost ledger may be slow or locked by another process.',
        { provider: target.provider, model: target.model, code: 'NOT_SENT', retryable: false, fallbackable: reason.fallbackable, cause: reason },
      );
    }
    return reason;
  }
  if (isAegisError(thrown)) return thrown;
  // A bug or an unconverted library error: not worth retrying, but another
  // target may well work.
  const name = thrown instanceof Error ? thrown.name : typeof thrown;
  const text = redact && thrown instanceof Error ? `: ${redact(thrown.message)}` : '';
  return new AegisError('upstream_unavailable', `${formatTarget(target)} failed unexpectedly (${name}${text}).`, {
    provider: target.provider,
    model: target.model,
    retryable: false,
    fallbackable: true,
    cause: thrown,
  });
}
