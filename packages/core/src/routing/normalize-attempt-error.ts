/**
 * Whatever an attempt threw, as one AegisError. When the attempt's scope
 * aborted, the scope's reason wins over what the upstream code made of the
 * abort (an SDK "request aborted", a socket reset): it knows whether the
 * caller cancelled or a deadline passed.
 */
import { AegisError, isAegisError } from '../errors.js';
import type { Target } from '../types.js';
import type { AttemptScope } from './attempt-scope.js';
import { formatTarget } from './parse-target.js';

export function normalizeAttemptError(
  thrown: unknown,
  scope: AttemptScope,
  target: Target,
  redact?: (text: string) => string,
): AegisError {
  if (scope.cause !== undefined && isAegisError(scope.signal.reason)) return scope.signal.reason;
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
