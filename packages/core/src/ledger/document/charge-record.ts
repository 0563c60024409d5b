import type { LedgerRecord } from '../ledger-record.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn } from '../../util/own-entry.js';
import { addPacked, packRecord, providerSpent, type PackedProviderUsage, type PackedTotals } from './packed-totals.js';

/**
 * Adds a record to its month's and day's sums. Returns the provider's spend in
 * the month afterwards (what alert thresholds are checked against).
 */
export function chargeRecord(doc: LedgerDocument, record: LedgerRecord): number {
  const delta = packRecord(record);
  const month = addTo(doc.months, record.period, record, delta);
  addTo(doc.days, record.day, record, delta);
  return providerSpent(month);
}

function addTo(
  byKey: Record<string, Record<string, PackedProviderUsage>>,
  key: string,
  record: LedgerRecord,
  delta: PackedTotals,
): PackedProviderUsage {
  const usage = ensureOwn(ensureOwn(byKey, key, emptyProviders), record.provider, emptyUsage);
  addPacked(ensureOwn(usage, record.model, emptyArray), delta);
  return usage;
}

// Shared creators, not a closure per call: chargeRecord runs once per record.
const emptyProviders = (): Record<string, PackedProviderUsage> => ({});
const emptyUsage = (): PackedProviderUsage => ({});
const emptyArray = (): PackedTotals => [];
