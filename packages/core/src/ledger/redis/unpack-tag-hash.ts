import type { TagUsage } from '../store.js';
import { emptyUsageTotals, type UsageTotals } from '../usage-totals.js';
import { FIELD_SEPARATOR } from './redis-ledger-keys.js';

const FIELDS = new Set<string>(Object.keys(emptyUsageTotals()));

/**
 * A period's tag hash (`name\0value\0field` -> sum, charge-lua.ts) to tag
 * sums. A name has no separator and a field none, so the value is what lies
 * between the first and the last (it may hold one itself); an empty value is
 * the values past the bound. Pairs are kept in a Map, never as object keys.
 */
export function unpackTagHash(hash: Record<string, string>): TagUsage[] {
  const pairs = new Map<string, TagUsage>();
  for (const [key, raw] of Object.entries(hash)) {
    const first = key.indexOf(FIELD_SEPARATOR);
    const last = key.lastIndexOf(FIELD_SEPARATOR);
    if (first < 0 || last <= first) continue;
    const field = key.slice(last + 1);
    if (!FIELDS.has(field)) continue;
    const pair = key.slice(0, last);
    let entry = pairs.get(pair);
    if (entry === undefined) {
      const value = key.slice(first + 1, last);
      entry = { name: key.slice(0, first), totals: emptyUsageTotals() };
      if (value !== '') entry.value = value;
      pairs.set(pair, entry);
    }
    entry.totals[field as keyof UsageTotals] += Number(raw);
  }
  return [...pairs.values()];
}
