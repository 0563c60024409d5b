import type { BudgetRefusal, ReserveInput, ReserveOutcome, StoredReservation } from '../store.js';
import type { DocumentTransaction } from './document-transaction.js';
import { getOwn } from './own-entry.js';
import { modelSpent, providerSpent } from './packed-totals.js';

/**
 * The hard limit: admitted only when spend + open reservations + this request's
 * worst case stays within the provider's limit (and the model's, if it has
 * one). Runs inside the store's exclusive commit, so no other reservation can
 * slip in between the check and the hold.
 */
export function reserveInDocument(tx: DocumentTransaction, input: ReserveInput): ReserveOutcome {
  const open = getOwn(tx.doc.reservations, input.id);
  if (open !== undefined) return { admitted: true, reservation: open, repeated: true };

  if (input.limits !== undefined) {
    const usage = getOwn(getOwn(tx.doc.months, input.period) ?? {}, input.provider);
    const providerRefusal = check('provider', {
      spent: providerSpent(usage),
      reserved: tx.reservedFor(input.period, input.provider),
      limit: input.limits.providerMicroUsd,
      amount: input.amountMicroUsd,
    });
    if (providerRefusal !== undefined) return { admitted: false, refusal: providerRefusal };
    if (input.limits.modelMicroUsd !== undefined) {
      const modelRefusal = check('model', {
        spent: modelSpent(usage, input.model),
        reserved: tx.reservedFor(input.period, input.provider, input.model),
        limit: input.limits.modelMicroUsd,
        amount: input.amountMicroUsd,
      });
      if (modelRefusal !== undefined) return { admitted: false, refusal: modelRefusal };
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
  if (input.amountMicroUsd !== undefined) reservation.amountMicroUsd = input.amountMicroUsd;
  tx.hold(reservation);
  return { admitted: true, reservation, repeated: false };
}

interface Figures {
  spent: number;
  reserved: number;
  limit: number;
  amount: number | undefined;
}

function check(scope: BudgetRefusal['scope'], f: Figures): BudgetRefusal | undefined {
  // An unpriced request reserves nothing, so it cannot be held to "fits";
  // it is admitted while there is any room left and refused once the limit is
  // reached (documented in createLedger).
  const fits = f.amount === undefined ? f.spent + f.reserved < f.limit : f.spent + f.reserved + f.amount <= f.limit;
  if (fits) return undefined;
  return {
    scope,
    spentMicroUsd: f.spent,
    reservedMicroUsd: f.reserved,
    limitMicroUsd: f.limit,
    requestMicroUsd: f.amount,
  };
}
