import type { ProviderUsage, UsageAggregates, UsageQuery } from '../store.js';
import { emptyUsageTotals } from '../usage-totals.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from '../../util/own-entry.js';
import { unpackTotals, type PackedProviderUsage } from './packed-totals.js';

/** Sums for the months and days asked for (missing keys are left out), unpacked. */
export function readUsageFromDocument(doc: LedgerDocument, query: UsageQuery): UsageAggregates {
  return { months: pick(doc.months, query.months ?? []), days: pick(doc.days, query.days ?? []) };
}

function pick(byKey: Record<string, Record<string, PackedProviderUsage>>, keys: string[]): Record<string, Record<string, ProviderUsage>> {
  const out: Record<string, Record<string, ProviderUsage>> = {};
  for (const key of keys) {
    const providers = getOwn(byKey, key);
    if (providers === undefined) continue;
    const unpacked: Record<string, ProviderUsage> = {};
    for (const [provider, usage] of Object.entries(providers)) setOwn(unpacked, provider, unpackProviderUsage(usage));
    setOwn(out, key, unpacked);
  }
  return out;
}

/** One provider's packed model sums to model totals plus their sum. */
export function unpackProviderUsage(usage: PackedProviderUsage): ProviderUsage {
  const total = emptyUsageTotals();
  const models: ProviderUsage['models'] = {};
  for (const [model, packed] of Object.entries(usage)) {
    setOwn(models, model, unpackTotals(packed));
    unpackTotals(packed, total);
  }
  return { total, models };
}
