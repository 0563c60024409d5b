import type { LedgerRecord } from '../ledger-record.js';
import type { AppendOutcome } from '../store.js';
import { chargeRecord } from './charge-record.js';
import type { DocumentTransaction } from './document-transaction.js';
import { getOwn } from '../../util/own-entry.js';
import { providerSpent } from './packed-totals.js';

/**
 * Charges and writes a record that had no reservation of its own; with
 * `drawFrom`, that open reservation (a budget allowance) gives up the
 * record's cost (or `drawMicroUsd`), so the cost is held once: as spend.
 */
export function appendInDocument(tx: DocumentTransaction, record: LedgerRecord, drawFrom?: string, drawMicroUsd?: number): AppendOutcome {
  // A retried append whose first try reached the log before its commit
  // failed: recovery just counted that line, so it counts once (and is not
  // written again); its allowance still gives up its cost below.
  let providerSpentMicroUsd: number;
  if (tx.wasRecovered(record.id)) {
    providerSpentMicroUsd = providerSpent(getOwn(getOwn(tx.doc.months, record.period) ?? {}, record.provider));
  } else {
    providerSpentMicroUsd = chargeRecord(tx.doc, record);
    tx.written.push(record);
  }
  const allowance = drawFrom === undefined ? undefined : getOwn(tx.doc.reservations, drawFrom);
  const draw = drawMicroUsd ?? record.costMicroUsd ?? 0;
  if (allowance?.amountMicroUsd !== undefined && draw > 0) {
    tx.drop(allowance.id);
    tx.hold({ ...allowance, amountMicroUsd: Math.max(0, allowance.amountMicroUsd - draw) });
  }
  return { record, providerSpentMicroUsd };
}
