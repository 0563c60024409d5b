import type { LedgerRecord } from './ledger-record.js';
import type { StoredReservation } from './store.js';
import { splitTagScope } from '../tags/tag-scope.js';

/**
 * What a reservation is charged when its lease runs out unsettled: the rule
 * for requests in flight at a crash (issue 15). A live request is settled
 * before its lease ends (the lease is its deadline plus a margin), so a lease
 * that runs out means the process died, or stalled past every deadline, with
 * the request in flight. Its upstream may well have answered, and billed:
 *
 * - a request's own reservation is charged its worst case, the amount it
 *   reserved (an unpriced one: a record with no cost, marked `unpriced`);
 * - a retired budget allowance holds exactly the worst cases of its requests
 *   still in flight: it is charged that;
 * - a live allowance is charged its cover (AllowanceCover): what its holder
 *   declared, before sending them, that its requests in flight may hold, at
 *   most what it still holds. Its idle room is not charged.
 *
 * The record carries the reservation's budgeted tag pairs (`tags`), so the
 * tag budgets it held room against count it as well.
 *
 * Never dropped, never counted twice: the charge is one record with the
 * reservation's id (outcome `abandoned`, no tokens, `estimated`), written in
 * the same atomic step that ends the reservation, so a late settle of the
 * same id finds it finished and charges nothing again. A record appended late
 * under an allowance that was charged this way is charged again in full:
 * over-counting, never under.
 *
 * Undefined when there is nothing to charge (a live allowance with no cover).
 */
export function expiryCharge(reservation: StoredReservation, now: number): LedgerRecord | undefined {
  const amount = expiryChargeMicroUsd(reservation);
  if (amount === 0 && reservation.allowance !== undefined) return undefined;
  const record: LedgerRecord = {
    id: reservation.id,
    time: new Date(now).toISOString(),
    period: reservation.period,
    day: reservation.day,
    provider: reservation.provider,
    model: reservation.model,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    estimated: true,
    latencyMs: 0,
    outcome: 'abandoned',
    attempts: 0,
    fallback: false,
  };
  if (amount === undefined) record.unpriced = true;
  else record.costMicroUsd = amount;
  // The tag budgets it held room against count the charge too.
  if (reservation.tags !== undefined && reservation.tags.length > 0) {
    record.tags = Object.fromEntries(reservation.tags.map(splitTagScope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return record;
}

/** The micro-USD `expiryCharge` charges; undefined for an unpriced request. */
export function expiryChargeMicroUsd(reservation: StoredReservation): number | undefined {
  const held = reservation.amountMicroUsd;
  if (reservation.allowance === 'live') return Math.max(0, Math.min(held ?? 0, reservation.coverMicroUsd ?? 0));
  if (reservation.allowance === 'retired') return Math.max(0, held ?? 0);
  return held;
}
