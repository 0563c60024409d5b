import type { Ledger } from '../ledger/ledger.js';
import type { BudgetChange } from './budget-changes.js';

/**
 * The ledger with a `spend` change emitted once each settle, release or
 * record has finished (landed, or kept for retries): every chat and embed
 * attempt goes through one of them, so this is "after a request is
 * recorded" for every surface of the process. Emitted on failure too: a
 * failed write still freed its reservation, and a listener only re-reads.
 */
export function watchLedgerSpend(ledger: Ledger, emit: (change: BudgetChange) => void): Ledger {
  const after =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, providerOf: (...args: A) => string) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } finally {
        emit({ reason: 'spend', provider: providerOf(...args) });
      }
    };
  return Object.assign(Object.create(ledger) as Ledger, {
    settle: after(ledger.settle.bind(ledger), (reservation) => reservation.provider),
    release: after(ledger.release.bind(ledger), (reservation) => reservation.provider),
    record: after(ledger.record.bind(ledger), (report) => report.provider),
  });
}
