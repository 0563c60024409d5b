import type { AlertAttemptResult } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn } from '../../util/own-entry.js';

/**
 * Records how a claimed attempt ended. `delivered` is taken from anyone (the
 * receiver has it, whoever holds the claim now); `retry` and `failed` only
 * from the claim still holding the alert, so a holder whose lease lapsed
 * cannot undo the newer holder's work. Entries no longer pending are left.
 */
export function finishAlertInDocument(doc: LedgerDocument, result: AlertAttemptResult, now: number): void {
  const entry = doc.outbox === undefined ? undefined : getOwn(doc.outbox, result.id);
  if (entry === undefined || entry.state !== 'pending') return;
  if (result.outcome === 'delivered') {
    entry.state = 'delivered';
    entry.deliveredAt = now;
    delete entry.lastError;
  } else {
    if (entry.claim !== result.claim) return;
    if (result.error !== undefined) entry.lastError = result.error;
    entry.failedAt = now;
    entry.failure = result.error ?? 'failed';
    if (result.outcome === 'retry') {
      delete entry.claim;
      delete entry.claimUntil;
      entry.dueAt = now + Math.max(0, result.retryInMs ?? 0);
      return;
    }
    entry.state = 'failed';
  }
  delete entry.claim;
  delete entry.claimUntil;
  delete entry.body;
}
