import { systemSleep, type Sleep } from '../time/clock.js';
import { RECLAIM_MS, type BudgetAllowances } from './budget-allowances.js';
import type { BudgetRefusal, LedgerStore, ReserveInput, ReserveOutcome } from './store.js';

/**
 * Waits between the tries of a request refused only because of live budget
 * allowances: the first retry right after this process retired its own, then
 * while the other holders (polling every 100 ms) retire theirs. About 3 s in
 * all (RECLAIM_WAIT_MS): a holder that has not answered by then is stalled or
 * dead, and the request is refused with the figures of the last try.
 */
const RETRY_DELAYS_MS = [0, 25, 50, 100, ...Array<number>(14).fill(200)];
export const RECLAIM_WAIT_MS = RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);

/**
 * A request's own reservation in the store, refused only when spend + the
 * reservations of requests in flight + its worst case would pass the limit:
 * a refusal that idle allowance room alone causes asks that room back (the
 * store marks the provider, see budget-allowances.ts) and tries again.
 */
export async function reserveReclaiming(
  deps: { store: Pick<LedgerStore, 'reserve'>; allowances: Pick<BudgetAllowances, 'reclaim'>; sleep?: Sleep },
  input: ReserveInput,
): Promise<ReserveOutcome> {
  const ask = { ...input, reclaimMs: RECLAIM_MS };
  let outcome = await deps.store.reserve(ask);
  for (const delay of RETRY_DELAYS_MS) {
    if (outcome.admitted || !idleRoomWouldAdmit(outcome.refusal)) return outcome;
    await deps.allowances.reclaim(input.period, input.provider);
    if (delay > 0) await (deps.sleep ?? systemSleep)(delay);
    outcome = await deps.store.reserve(ask);
  }
  return outcome;
}

/** True when the refused request would fit were the room of live allowances free. */
export function idleRoomWouldAdmit(refusal: BudgetRefusal): boolean {
  const live = refusal.allowanceMicroUsd ?? 0;
  if (live <= 0) return false;
  const rest = refusal.spentMicroUsd + refusal.reservedMicroUsd - live;
  return refusal.requestMicroUsd === undefined ? rest < refusal.limitMicroUsd : rest + refusal.requestMicroUsd <= refusal.limitMicroUsd;
}
