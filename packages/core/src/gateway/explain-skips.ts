import type { AegisError } from '../errors.js';
import type { SkippedTarget } from '../types.js';

/**
 * A failed request whose route skipped targets up front says so: the user
 * whose only reachable target was a local Ollama learns that DashScope was
 * left out for want of a key, and what to set.
 */
export function explainSkips(error: AegisError, skipped: readonly SkippedTarget[]): AegisError {
  if (skipped.length === 0 || error.kind === 'bad_request' || error.kind === 'cancelled') return error;
  const byReason = new Map<string, string[]>();
  for (const skip of skipped) {
    const targets = byReason.get(skip.reason) ?? [];
    targets.push(`${skip.provider}/${skip.model}`);
    byReason.set(skip.reason, targets);
  }
  const lines = [...byReason].map(([reason, targets]) => `${targets.join(', ')}: ${reason}`);
  if (lines.every((line) => error.message.includes(line))) return error;
  return error.with({ message: `${error.message} Skipped: ${lines.join('; ')}` });
}
