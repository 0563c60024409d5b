import { chargeAgainstReservation, warnAboveWorstCase } from '../charge-against-reservation.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { FinishOutcome, StoredReservation } from '../store.js';
import { chargeRecord } from './charge-record.js';
import type { DocumentTransaction } from './document-transaction.js';
import { getOwn } from '../../util/own-entry.js';

/**
 * Settle or release: ends the reservation `id` and, with a record, charges it.
 * Exactly once per id: an id neither open nor recently expired was already
 * finished, so a second call charges nothing (`duplicate`).
 */
export function finishInDocument(tx: DocumentTransaction, id: string, record: LedgerRecord | undefined): FinishOutcome {
  let reservation: StoredReservation | undefined = tx.drop(id);
  let status: FinishOutcome['status'] = 'charged';
  if (reservation === undefined) {
    reservation = getOwn(tx.doc.expired, id);
    if (reservation === undefined) {
      tx.logger.warn('ledger: settle or release of an id already finished; nothing charged again', { id });
      return { status: 'duplicate' };
    }
    delete tx.doc.expired[id];
    status = 'late';
    tx.logger.warn('ledger: reservation settled after its lease expired; charged, but its room may have been reused', {
      id,
      provider: reservation.provider,
    });
  }
  if (record === undefined) return { status };

  const charged = chargeAgainstReservation(id, record, reservation);
  const providerSpentMicroUsd = chargeRecord(tx.doc, charged);
  tx.written.push(charged);
  warnAboveWorstCase(tx.logger, charged, reservation.amountMicroUsd);
  return { status, record: charged, providerSpentMicroUsd };
}
