import type { LedgerRecord } from './ledger-record.js';
import type { Logger } from '../log/logger.js';
import type { StoredReservation } from './store.js';

/**
 * The record as charged: the reservation decides where the cost goes (the
 * budget it was admitted against, even when the answer lands in the next
 * month), and its id is the reservation's.
 */
export function chargeAgainstReservation(id: string, record: LedgerRecord, reservation: StoredReservation): LedgerRecord {
  return {
    ...record,
    id,
    provider: reservation.provider,
    model: reservation.model,
    period: reservation.period,
    day: reservation.day,
  };
}

/** Logs a charge above the worst case its request was admitted with: the budget may be passed by the difference. */
export function warnAboveWorstCase(
  logger: Logger,
  charged: Pick<LedgerRecord, 'id' | 'provider' | 'model' | 'costMicroUsd'>,
  reservedMicroUsd: number | undefined,
): void {
  if (reservedMicroUsd === undefined || charged.costMicroUsd === undefined || charged.costMicroUsd <= reservedMicroUsd) return;
  logger.warn('ledger: actual cost above the reserved worst case; the budget may be passed by the difference', {
    id: charged.id,
    provider: charged.provider,
    model: charged.model,
    reservedMicroUsd,
    costMicroUsd: charged.costMicroUsd,
  });
}
