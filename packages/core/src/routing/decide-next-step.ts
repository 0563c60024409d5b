/**
 * After a failed attempt: retry the same target, move to the next, or stop.
 *
 * The rule LiteLLM users asked for (a 429 retried for 47 s instead of falling
 * back): a wait the upstream asks for that is longer than `maxRetryWaitMs`, or
 * that would pass the deadline, is not waited for; the next target is tried at
 * once.
 */
import type { RoutingSettings } from '../config/types.js';
import type { AegisError, ErrorKind } from '../errors.js';
import { backoffDelay } from './retry-delay.js';

/** Never retried whatever the error says: the same request gets the same answer. */
const NEVER_RETRY: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['bad_request', 'auth', 'content_filtered', 'cancelled']);

export type NextStep = { action: 'retry'; waitMs: number } | { action: 'fallback' } | { action: 'stop' };

export interface NextStepInput {
  error: AegisError;
  /** Retries of this target already made (0 after the first attempt). */
  retriesDone: number;
  settings: RoutingSettings;
  now: number;
  deadline: number;
  random: () => number;
  /** The target went into cooldown (possibly because of this error): do not retry it. */
  coolingDown: boolean;
  shouldFallback?(error: AegisError): boolean;
}

export function defaultShouldFallback(error: AegisError, settings: RoutingSettings): boolean {
  if (error.kind === 'cancelled') return false;
  if (error.kind === 'content_filtered') return settings.fallbackOnContentFilter;
  return error.fallbackable;
}

export function decideNextStep(input: NextStepInput): NextStep {
  const { error, settings } = input;
  if (error.kind === 'cancelled') return { action: 'stop' };
  const retryable = error.retryable && !NEVER_RETRY.has(error.kind) && !input.coolingDown && input.retriesDone < settings.maxRetries;
  if (retryable) {
    const asked = error.retryAfterMs;
    const waitMs = asked ?? backoffDelay(input.retriesDone + 1, { baseMs: settings.baseBackoffMs, maxMs: settings.maxBackoffMs }, input.random);
    const tooLong = asked !== undefined && asked > settings.maxRetryWaitMs;
    // The retry itself needs time too: a wait ending at the deadline is useless.
    if (!tooLong && input.now + waitMs < input.deadline) return { action: 'retry', waitMs };
  }
  const fallback = input.shouldFallback ? input.shouldFallback(error) : defaultShouldFallback(error, settings);
  return fallback ? { action: 'fallback' } : { action: 'stop' };
}
