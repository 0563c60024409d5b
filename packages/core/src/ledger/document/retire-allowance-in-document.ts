import type { DocumentTransaction } from './document-transaction.js';
import { getOwn } from '../../util/own-entry.js';

/**
 * The allowance `id` admits no more: it gives up `unusedMicroUsd` (not below
 * 0) and is held as its requests in flight from now on, no longer counted
 * among the live allowances a reclaim could free. An id not open: nothing.
 */
export function retireAllowanceInDocument(tx: DocumentTransaction, id: string, unusedMicroUsd: number): void {
  const allowance = getOwn(tx.doc.reservations, id);
  if (allowance?.allowance === undefined) return;
  tx.drop(id);
  const held = allowance.amountMicroUsd ?? 0;
  tx.hold({ ...allowance, amountMicroUsd: Math.max(0, held - Math.max(0, unusedMicroUsd)), allowance: 'retired' });
}
