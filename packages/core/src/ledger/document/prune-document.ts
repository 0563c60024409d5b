import type { LedgerDocument } from './ledger-document.js';

export interface SumsRetention {
  /** Months of sums (and alert state) kept in the document. */
  months: number;
  /** Days of sums kept in the document. */
  days: number;
}

/**
 * Keeps the document bounded: the oldest months and days are dropped from the
 * sums (the monthly JSONL logs keep every record). Keys are `YYYY-MM` and
 * `YYYY-MM-DD`, so string order is time order.
 */
export function pruneDocument(doc: LedgerDocument, retention: SumsRetention): void {
  trimOldest(doc.months, retention.months);
  trimOldest(doc.days, retention.days);
  trimOldest(doc.alerts, retention.months);
  if (doc.tags !== undefined) trimOldest(doc.tags, retention.months);
}

function trimOldest(byKey: Record<string, unknown>, keep: number): void {
  const keys = Object.keys(byKey);
  if (keys.length <= keep) return;
  keys.sort();
  for (const key of keys.slice(0, keys.length - keep)) delete byKey[key];
}
