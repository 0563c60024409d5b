import { AegisError } from '../errors.js';
import { checkTags } from '../tags/check-tags.js';
import { tagsToObject } from '../tags/tag-list.js';
import type { RequestReport } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';

export type RecordIdentity = Pick<LedgerRecord, 'id' | 'time' | 'period' | 'day' | 'provider' | 'model'>;

/**
 * A report to a record, checked before it reaches the store (a store
 * operation must not fail half-way). Unknown stays unknown: an unpriced cost
 * is flagged, not zeroed; only a request that used no tokens costs 0.
 */
export function toLedgerRecord(identity: RecordIdentity, report: RequestReport): LedgerRecord {
  const usage = report.usage;
  // Checked one by one, in record order: no arrays built for a per-request check.
  const inputTokens = usage?.inputTokens ?? 0;
  const cachedInputTokens = usage?.cachedInputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const reasoningTokens = usage?.reasoningTokens ?? 0;
  requireCount('inputTokens', inputTokens);
  requireCount('cachedInputTokens', cachedInputTokens);
  requireCount('outputTokens', outputTokens);
  requireCount('reasoningTokens', reasoningTokens);
  requireCount('attempts', report.attempts);
  if (report.costMicroUsd !== undefined) requireCount('costMicroUsd', report.costMicroUsd);

  const record: LedgerRecord = {
    // Picked, not spread: a Reservation passed as identity carries fields that are not the record's.
    id: identity.id,
    time: identity.time,
    period: identity.period,
    day: identity.day,
    provider: identity.provider,
    model: identity.model,
    inputTokens,
    cachedInputTokens,
    outputTokens,
    reasoningTokens,
    estimated: usage?.estimated ?? false,
    latencyMs: nonNegativeMs(report.latencyMs),
    outcome: report.outcome,
    attempts: report.attempts,
    fallback: report.fallbackFrom !== undefined,
  };
  if (usage?.suspect !== undefined) record.suspect = usage.suspect.map(String);
  if (report.kind !== undefined) record.kind = report.kind;
  if (report.task !== undefined) record.task = report.task;
  if (report.costMicroUsd !== undefined) record.costMicroUsd = report.costMicroUsd;
  else if (inputTokens + outputTokens === 0) record.costMicroUsd = 0;
  else record.unpriced = true;
  if (report.ttftMs !== undefined) record.ttftMs = nonNegativeMs(report.ttftMs);
  if (report.fallbackFrom !== undefined) record.fallbackFrom = report.fallbackFrom;
  if (report.attemptOf !== undefined) record.attemptOf = report.attemptOf;
  if (report.tags !== undefined) {
    const checked = checkTags(report.tags);
    if ('problem' in checked) {
      throw new AegisError('bad_request', `Ledger: ${checked.problem.field}: ${checked.problem.message}.`, { details: { field: checked.problem.field } });
    }
    // Lean: no `tags` at all when there are none.
    if (checked.tags.length > 0) record.tags = tagsToObject(checked.tags);
  }
  return record;
}

/** Money and tokens are integers; anything else is a bug upstream, refused loudly. */
export function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AegisError('bad_request', `Ledger: ${name} must be a non-negative integer, got ${String(value)}.`, {
      details: { field: name },
    });
  }
}

function nonNegativeMs(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}
