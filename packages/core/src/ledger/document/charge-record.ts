import type { LedgerRecord } from '../ledger-record.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn } from '../../util/own-entry.js';
import { MAX_TAG_VALUES, summedTags } from '../summed-tags.js';
import { addPacked, packRecord, providerSpent, type PackedProviderUsage, type PackedTotals } from './packed-totals.js';

/**
 * Adds a record to its month's and day's sums. Returns the provider's spend in
 * the month afterwards (what alert thresholds are checked against).
 */
export function chargeRecord(doc: LedgerDocument, record: LedgerRecord): number {
  const delta = packRecord(record);
  const month = addTo(doc.months, record.period, record, delta);
  addTo(doc.days, record.day, record, delta);
  chargeTags(doc, record, delta);
  return providerSpent(month);
}

/** Adds the record to its month's tag sums, each name holding at most MAX_TAG_VALUES values. */
function chargeTags(doc: LedgerDocument, record: LedgerRecord, delta: PackedTotals): void {
  const pairs = summedTags(record);
  if (pairs.length === 0) return;
  doc.tags ??= {};
  const month = ensureOwn(doc.tags, record.period, emptyNames);
  for (const [name, value] of pairs) {
    const values = ensureOwn(month, name, emptyValues);
    const key = Object.hasOwn(values, value) || Object.keys(values).length < MAX_TAG_VALUES ? value : OTHER_VALUES;
    addPacked(ensureOwn(values, key, emptyArray), delta);
  }
}

/** Where the values past the bound are summed: no tag value is empty. */
export const OTHER_VALUES = '';

function addTo(byKey: Record<string, Record<string, PackedProviderUsage>>, key: string, record: LedgerRecord, delta: PackedTotals): PackedProviderUsage {
  const usage = ensureOwn(ensureOwn(byKey, key, emptyProviders), record.provider, emptyUsage);
  addPacked(ensureOwn(usage, record.model, emptyArray), delta);
  return usage;
}

// Shared creators, not a closure per call: chargeRecord runs once per record.
const emptyProviders = (): Record<string, PackedProviderUsage> => ({});
const emptyUsage = (): PackedProviderUsage => ({});
const emptyArray = (): PackedTotals => [];
const emptyNames = (): Record<string, Record<string, PackedTotals>> => ({});
const emptyValues = (): Record<string, PackedTotals> => ({});
