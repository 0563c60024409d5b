import { expiryCharge } from '../expiry-charge.js';
import type { DocumentTransaction } from './document-transaction.js';
import { chargeRecord } from './charge-record.js';

export interface ExpiryRetention {
  /** How long an expired reservation of an older ledger (remembered, not charged) is kept for a late settle. */
  expiredReservationsMs: number;
  /** Most such reservations remembered (a crash-looping process must not grow the document without bound). */
  maxExpiredReservations: number;
}

/**
 * Ends the reservations whose lease ran out, their process dead (or stalled
 * past every deadline) with their requests in flight, and charges each what
 * expiry-charge.ts says, in this commit: the record goes to the log with the
 * others, so the room they held turns into spend and is never freed unpaid.
 */
export function expireReservations(tx: DocumentTransaction, retention: ExpiryRetention): void {
  const { doc, now } = tx;
  for (const reservation of Object.values(doc.reservations)) {
    if (reservation.expiresAt > now) continue;
    tx.drop(reservation.id);
    const record = expiryCharge(reservation, now);
    if (record !== undefined) {
      chargeRecord(doc, record);
      tx.written.push(record);
    }
    tx.logger.warn('ledger: reservation expired unsettled (its process likely died with it in flight); charged its worst case', {
      id: reservation.id,
      provider: reservation.provider,
      model: reservation.model,
      chargedMicroUsd: record?.costMicroUsd ?? 0,
    });
  }
  // Reservations an older version remembered instead of charging: kept for their late settle, then forgotten.
  const expired = Object.values(doc.expired);
  const overflow = expired.length - retention.maxExpiredReservations;
  if (overflow > 0) expired.sort((a, b) => a.expiredAt - b.expiredAt);
  expired.forEach((entry, index) => {
    if (index < overflow || entry.expiredAt + retention.expiredReservationsMs <= now) delete doc.expired[entry.id];
  });
}
