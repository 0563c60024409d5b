import type { TagUsage } from '../store.js';
import { getOwn } from '../../util/own-entry.js';
import type { LedgerDocument } from './ledger-document.js';
import { OTHER_VALUES } from './charge-record.js';
import { unpackTotals } from './packed-totals.js';

/** The period's tag sums, unpacked; the values past the bound as one entry without `value`. */
export function readTagsFromDocument(doc: LedgerDocument, period: string): TagUsage[] {
  const month = doc.tags === undefined ? undefined : getOwn(doc.tags, period);
  const out: TagUsage[] = [];
  for (const [name, values] of Object.entries(month ?? {})) {
    for (const [value, packed] of Object.entries(values)) {
      const entry: TagUsage = { name, totals: unpackTotals(packed) };
      if (value !== OTHER_VALUES) entry.value = value;
      out.push(entry);
    }
  }
  return out;
}
