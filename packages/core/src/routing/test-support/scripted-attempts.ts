/**
 * Fake upstreams for executor tests: each target answers from a script of
 * outcomes, one per call (the last one repeats), and calls are counted.
 */
import { AegisError, type AegisErrorOptions, type ErrorKind } from '../../errors.js';
import type { Target } from '../../types.js';
import { formatTarget } from '../parse-target.js';
import type { AttemptContext } from '../run-options.js';

/** A string is a successful answer; an AegisError is thrown; `hang` never settles. */
export type Outcome = string | AegisError | 'hang';

export function upstreamError(kind: ErrorKind, status?: number, options: AegisErrorOptions = {}): AegisError {
  return new AegisError(kind, `upstream said ${kind}${status ? ` (${status})` : ''}`, { status, ...options });
}

export interface Scripted {
  attempt(target: Target, context: AttemptContext): Promise<string>;
  calls: Map<string, number>;
  signals: AbortSignal[];
  callsTo(target: Target): number;
}

export function scriptedAttempts(script: Record<string, Outcome[]>): Scripted {
  const calls = new Map<string, number>();
  const signals: AbortSignal[] = [];
  return {
    calls,
    signals,
    callsTo: (target) => calls.get(formatTarget(target)) ?? 0,
    async attempt(target, context) {
      const key = formatTarget(target);
      const n = calls.get(key) ?? 0;
      calls.set(key, n + 1);
      signals.push(context.signal);
      const outcomes = script[key] ?? ['ok'];
      const outcome = outcomes[Math.min(n, outcomes.length - 1)] as Outcome;
      await Promise.resolve();
      if (outcome === 'hang') return new Promise<string>(() => undefined);
      if (outcome instanceof AegisError) throw outcome;
      return `${outcome} from ${key}`;
    },
  };
}
