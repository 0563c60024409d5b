import type { LedgerRecord } from '../ledger-record.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn } from './own-entry.js';
import { addRecordToPacked, providerSpent, type PackedProviderUsage } from './packed-totals.js';

/**
 * Adds a record to its month's and day's sums. Returns the provider's spend in
 * the month afterwards (what alert thresholds are checked against).
 */
export function chargeRecord(doc: LedgerDocument, record: LedgerRecord): number {
  const month = addTo(doc.months, record.period, record);
  addTo(doc.days, record.day, record);
  return providerSpent(month);
}

function addTo(
  byKey: Record<string, Record<string, PackedProviderUsage>>,
  key: string,
  record: LedgerRecord,
): PackedProviderUsage {
  const usage = ensureOwn(ensureOwn(byKey, key, () => ({})), record.provider, () => ({}));
  addRecordToPacked(
    ensureOwn(usage, record.model, () => []),
    record,
  );
  return usage;
}
