import type { LedgerRecord } from './ledger-record.js';
import type { Logger } from '../log/logger.js';
import type { StoredReservation } from './store.js';
import { splitTagScope } from '../tags/tag-scope.js';

/**
 * The record as charged: the reservation decides where the cost goes (the
 * budget it was admitted against, even when the answer lands in the next
 * month), and its id is the reservation's.
 */
export function chargeAgainstReservation(id: string, record: LedgerRecord, reservation: StoredReservation): LedgerRecord {
  const charged: LedgerRecord = {
    ...record,
    id,
    provider: reservation.provider,
    model: reservation.model,
    period: reservation.period,
    day: reservation.day,
  };
  const tags = withReservedTags(record.tags, reservation.tags);
  if (tags !== undefined) charged.tags = tags;
  return charged;
}

/** The record's tags with every tag scope its reservation held against: the tag budgets count what they admitted. */
function withReservedTags(tags: LedgerRecord['tags'], scopes: readonly string[] | undefined): LedgerRecord['tags'] | undefined {
  if (scopes === undefined || scopes.length === 0) return tags;
  const pairs = new Map(Object.entries(tags ?? {}));
  let added = false;
  for (const scope of scopes) {
    const [name, value] = splitTagScope(scope);
    if (pairs.get(name) === value) continue;
    pairs.set(name, value);
    added = true;
  }
  if (!added) return tags;
  return Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
