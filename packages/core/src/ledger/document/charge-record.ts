import type { LedgerRecord } from '../ledger-record.js';
import type { ProviderUsage } from '../store.js';
import { addRecordToTotals, emptyUsageTotals } from '../usage-totals.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn } from './own-entry.js';

/**
 * Adds a record to its month's and day's sums. Returns the provider's spend in
 * the month afterwards (what alert thresholds are checked against).
 */
export function chargeRecord(doc: LedgerDocument, record: LedgerRecord): number {
  const month = addTo(doc.months, record.period, record);
  addTo(doc.days, record.day, record);
  return month.total.spentMicroUsd;
}

function addTo(
  byKey: Record<string, Record<string, ProviderUsage>>,
  key: string,
  record: LedgerRecord,
): ProviderUsage {
  const providers = ensureOwn(byKey, key, () => ({}));
  const usage = ensureOwn(providers, record.provider, () => ({ total: emptyUsageTotals(), models: {} }));
  addRecordToTotals(usage.total, record);
  addRecordToTotals(ensureOwn(usage.models, record.model, emptyUsageTotals), record);
  return usage;
}
