import type { LedgerRecord } from '../ledger-record.js';
import { addRecordToTotals, emptyUsageTotals } from '../usage-totals.js';

/**
 * What a record adds to its sums, as `field, delta` pairs for the charge
 * script (zeros left out: a missing field reads as 0). Integers: HINCRBY
 * refuses anything else, so a hand-edited fraction in an imported log is
 * rounded rather than failing the import.
 */
export function recordDeltas(record: LedgerRecord): string[] {
  const totals = emptyUsageTotals();
  addRecordToTotals(totals, record);
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(totals)) {
    const delta = Math.round(value);
    if (delta !== 0) pairs.push(field, String(delta));
  }
  return pairs;
}
