import type { ProviderUsage, UsageAggregates, UsageQuery } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from './own-entry.js';

/** Copies of the sums for the months and days asked for (missing keys are left out). */
export function readUsageFromDocument(doc: LedgerDocument, query: UsageQuery): UsageAggregates {
  return { months: pick(doc.months, query.months ?? []), days: pick(doc.days, query.days ?? []) };
}

function pick(
  byKey: Record<string, Record<string, ProviderUsage>>,
  keys: string[],
): Record<string, Record<string, ProviderUsage>> {
  const out: Record<string, Record<string, ProviderUsage>> = {};
  for (const key of keys) {
    const value = getOwn(byKey, key);
    if (value !== undefined) setOwn(out, key, structuredClone(value));
  }
  return out;
}
