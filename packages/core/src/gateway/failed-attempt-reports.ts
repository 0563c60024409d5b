import type { UnreservedReport } from '../ledger/ledger.js';
import type { Attempt } from '../types.js';

/**
 * The ledger reports of a request's failed attempts, one per target that
 * failed (in the order first tried), each counting that target's failures
 * (retries included) and naming the last error kind: a model that returned
 * three HTTP 500s behind a fallback that served shows three failed attempts
 * in its own row. They cost nothing and are not requests (LedgerRecord.attemptOf).
 * A cancelled attempt is the caller's doing, not the model's failure.
 */
export function failedAttemptReports(attempts: readonly Attempt[], requestRecordId: string, startedAt: number, task?: string): UnreservedReport[] {
  const byTarget = new Map<string, { provider: string; model: string; count: number; last: Attempt; latencyMs: number }>();
  for (const attempt of attempts) {
    if (attempt.outcome === 'ok' || attempt.outcome === 'cancelled') continue;
    const key = `${attempt.provider}\u0000${attempt.model}`;
    const seen = byTarget.get(key);
    if (seen === undefined) byTarget.set(key, { provider: attempt.provider, model: attempt.model, count: 1, last: attempt, latencyMs: attempt.latencyMs });
    else Object.assign(seen, { count: seen.count + 1, last: attempt, latencyMs: seen.latencyMs + attempt.latencyMs });
  }
  return [...byTarget.values()].map((failed, index) => {
    const report: UnreservedReport = {
      id: `${requestRecordId}.failed-${index + 1}`,
      attemptOf: requestRecordId,
      provider: failed.provider,
      model: failed.model,
      startedAt,
      costMicroUsd: 0,
      latencyMs: failed.latencyMs,
      outcome: failed.last.outcome as UnreservedReport['outcome'],
      attempts: failed.count,
    };
    if (task !== undefined) report.task = task;
    return report;
  });
}
