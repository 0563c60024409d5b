import type { LedgerRecord } from '@aegis-llm/core';
import type { ErrorBreakdownView } from '../api/api-types.js';

/**
 * Failures per failing model and error kind, from ledger records (the
 * caller keeps those of the days shown). A failed-attempt record
 * (`attemptOf`) counts its attempts against its own model, so a model that
 * failed behind a fallback that served shows its failures; its retries
 * count under the kind of the last one (the record keeps only that kind).
 * A failed request none of whose attempts was recorded (refused before any
 * attempt: a cooldown, a budget, nothing configured; or an embeddings
 * batch, recorded once) counts once against the target it names.
 * Connection tests are not traffic and are left out; so is `cancelled`,
 * the caller's doing.
 */
export function errorBreakdown(records: readonly LedgerRecord[]): ErrorBreakdownView[] {
  const withAttempts = new Set<string>();
  for (const record of records) if (record.attemptOf !== undefined) withAttempts.add(record.attemptOf);

  // provider\0model -> kind -> count. Maps: provider, model and kind are names.
  const byModel = new Map<string, { provider: string; model: string; kinds: Map<string, number> }>();
  const add = (record: LedgerRecord, count: number) => {
    const key = `${record.provider}\u0000${record.model}`;
    let entry = byModel.get(key);
    if (entry === undefined) {
      entry = { provider: record.provider, model: record.model, kinds: new Map() };
      byModel.set(key, entry);
    }
    entry.kinds.set(record.outcome, (entry.kinds.get(record.outcome) ?? 0) + count);
  };
  for (const record of records) {
    if (record.kind === 'test' || record.outcome === 'ok' || record.outcome === 'cancelled') continue;
    if (record.attemptOf !== undefined) add(record, record.attempts);
    else if (!withAttempts.has(record.id)) add(record, 1);
  }

  return [...byModel.values()]
    .map(({ provider, model, kinds }) => {
      const list = [...kinds.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
      return { provider, model, failures: list.reduce((sum, k) => sum + k.count, 0), kinds: list };
    })
    .sort((a, b) => b.failures - a.failures || `${a.provider}/${a.model}`.localeCompare(`${b.provider}/${b.model}`));
}
