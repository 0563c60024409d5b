import type { DocumentTransaction } from './document-transaction.js';
import { setOwn } from '../../util/own-entry.js';

export interface ExpiryRetention {
  /** How long an expired reservation is remembered, so a late settle is charged once. */
  expiredReservationsMs: number;
  /** Most expired reservations remembered (a crash-looping process must not grow the document without bound). */
  maxExpiredReservations: number;
}

/**
 * Frees the room of reservations whose lease ran out: their process died or
 * forgot them. The lease is the request deadline plus a margin, so a live
 * request is settled before its reservation expires.
 */
export function expireReservations(tx: DocumentTransaction, retention: ExpiryRetention): void {
  const { doc, now } = tx;
  for (const reservation of Object.values(doc.reservations)) {
    if (reservation.expiresAt > now) continue;
    tx.drop(reservation.id);
    setOwn(doc.expired, reservation.id, { ...reservation, expiredAt: now });
    tx.logger.warn('ledger: reservation expired unsettled (its process likely died); its room is free again', {
      id: reservation.id,
      provider: reservation.provider,
      model: reservation.model,
      amountMicroUsd: reservation.amountMicroUsd,
    });
  }
  const expired = Object.values(doc.expired);
  const overflow = expired.length - retention.maxExpiredReservations;
  if (overflow > 0) expired.sort((a, b) => a.expiredAt - b.expiredAt);
  expired.forEach((entry, index) => {
    if (index < overflow || entry.expiredAt + retention.expiredReservationsMs <= now) delete doc.expired[entry.id];
  });
}
