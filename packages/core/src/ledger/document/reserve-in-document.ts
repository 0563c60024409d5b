import type { BudgetRefusal, ReserveInput, ReserveOutcome, StoredReservation } from '../store.js';
import type { DocumentTransaction } from './document-transaction.js';
import { ensureOwn, getOwn, setOwn } from '../../util/own-entry.js';
import { modelSpent, providerSpent } from './packed-totals.js';
import { holdTagSum, tagSpent } from './tag-spent.js';

/**
 * The hard limit: admitted only when spend + open reservations + this request's
 * worst case stays within the provider's limit (and the model's, if it has
 * one). Runs inside the store's exclusive commit, so no other reservation can
 * slip in between the check and the hold.
 *
 * Budget allowances (ReserveInput.allowance): the live ones of a scope hold
 * at most half of the room that spend and the other reservations leave, and
 * none is taken while a reclaim is asked. A request refused only because of
 * live allowances asks for that reclaim (ReserveInput.reclaimMs). The Redis
 * store's reserve script (redis/lua/reserve-lua.ts) does the same.
 */
export function reserveInDocument(tx: DocumentTransaction, input: ReserveInput): ReserveOutcome {
  const open = getOwn(tx.doc.reservations, input.id);
  if (open !== undefined) return { admitted: true, reservation: open, repeated: true };

  let amount = input.amountMicroUsd;
  const tagLimits = input.allowance === undefined ? (input.tagLimits ?? []) : [];
  for (const { tag, limitMicroUsd } of tagLimits) {
    const figures: Figures = {
      scope: 'tag',
      spent: tagSpent(tx.doc, input.period, tag),
      reserved: tx.reservedForTag(input.period, tag),
      live: 0,
      limit: limitMicroUsd,
    };
    if (!fits(figures, amount)) return { admitted: false, refusal: { ...refusalOf(figures, amount), tag } };
  }
  if (input.limits !== undefined) {
    const usage = getOwn(getOwn(tx.doc.months, input.period) ?? {}, input.provider);
    const scopes: Figures[] = [
      {
        scope: 'provider',
        spent: providerSpent(usage),
        reserved: tx.reservedFor(input.period, input.provider),
        live: tx.liveAllowanceFor(input.period, input.provider),
        limit: input.limits.providerMicroUsd,
      },
    ];
    if (input.limits.modelMicroUsd !== undefined) {
      scopes.push({
        scope: 'model',
        spent: modelSpent(usage, input.model),
        reserved: tx.reservedFor(input.period, input.provider, input.model),
        live: tx.liveAllowanceFor(input.period, input.provider, input.model),
        limit: input.limits.modelMicroUsd,
      });
    }
    if (input.allowance !== undefined) {
      const granted = grantAllowance(scopes, input, reclaimUntil(tx, input) > tx.now);
      if (typeof granted !== 'number') return { admitted: false, refusal: granted };
      amount = granted;
    } else {
      for (const figures of scopes) {
        if (fits(figures, amount)) continue;
        const refusal = refusalOf(figures, amount);
        if (
          input.reclaimMs !== undefined &&
          refusal.allowanceMicroUsd !== undefined &&
          fits({ ...figures, reserved: figures.reserved - figures.live }, amount)
        ) {
          askReclaim(tx, input, input.reclaimMs);
        }
        return { admitted: false, refusal };
      }
    }
  }

  const reservation: StoredReservation = {
    id: input.id,
    provider: input.provider,
    model: input.model,
    period: input.period,
    day: input.day,
    expiresAt: input.expiresAt,
  };
  if (amount !== undefined) reservation.amountMicroUsd = amount;
  if (input.allowance !== undefined) reservation.allowance = 'live';
  if (tagLimits.length > 0) {
    reservation.tags = tagLimits.map((limit) => limit.tag);
    // The pair's sum exists from now on, so its charge is summed exactly even past the values bound.
    for (const tag of reservation.tags) holdTagSum(tx.doc, input.period, tag);
  }
  tx.hold(reservation);
  return { admitted: true, reservation, repeated: false };
}

interface Figures {
  scope: BudgetRefusal['scope'];
  spent: number;
  /** Every open reservation of the scope... */
  reserved: number;
  /** ...of which live allowances. */
  live: number;
  limit: number;
}

function fits(f: Figures, amount: number | undefined): boolean {
  // An unpriced request reserves nothing, so it cannot be held to "fits";
  // it is admitted while there is any room left and refused once the limit is
  // reached (documented in createLedger).
  return amount === undefined ? f.spent + f.reserved < f.limit : f.spent + f.reserved + amount <= f.limit;
}

function refusalOf(f: Figures, amount: number | undefined): BudgetRefusal {
  const refusal: BudgetRefusal = {
    scope: f.scope,
    spentMicroUsd: f.spent,
    reservedMicroUsd: f.reserved,
    limitMicroUsd: f.limit,
    requestMicroUsd: amount,
  };
  if (f.live > 0) refusal.allowanceMicroUsd = f.live;
  return refusal;
}

/**
 * What an allowance may hold: its amount, cut so that the live allowances of
 * every scope stay within half of the room the rest leaves (spend and the
 * requests' own reservations always keep the other half), or a refusal when
 * that is below its minimum or a reclaim is under way.
 */
function grantAllowance(scopes: Figures[], input: ReserveInput, reclaiming: boolean): number | BudgetRefusal {
  const asked = input.amountMicroUsd ?? 0;
  let granted = asked;
  let tightest = scopes[0]!;
  for (const f of scopes) {
    const cap = Math.floor((f.limit - f.spent - (f.reserved - f.live)) / 2) - f.live;
    if (cap < granted) {
      granted = cap;
      tightest = f;
    }
  }
  if (reclaiming || granted < (input.allowance?.minMicroUsd ?? 0) || granted <= 0) return refusalOf(tightest, asked);
  return granted;
}

function reclaimUntil(tx: DocumentTransaction, input: Pick<ReserveInput, 'period' | 'provider'>): number {
  return getOwn(getOwn(tx.doc.reclaims ?? {}, input.period) ?? {}, input.provider) ?? 0;
}

/** Marks the provider's live allowances of the period as asked back until now + `ms`; drops marks that ran out. */
function askReclaim(tx: DocumentTransaction, input: Pick<ReserveInput, 'period' | 'provider'>, ms: number): void {
  const reclaims = (tx.doc.reclaims ??= {});
  for (const [period, byProvider] of Object.entries(reclaims)) {
    for (const [provider, until] of Object.entries(byProvider)) if (until <= tx.now) delete byProvider[provider];
    if (Object.keys(byProvider).length === 0) delete reclaims[period];
  }
  const byProvider = ensureOwn(reclaims, input.period, () => ({}));
  setOwn(byProvider, input.provider, Math.max(getOwn(byProvider, input.provider) ?? 0, tx.now + ms));
}
