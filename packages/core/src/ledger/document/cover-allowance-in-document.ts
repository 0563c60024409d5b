import type { AllowanceCover } from '../store.js';
import type { DocumentTransaction } from './document-transaction.js';
import { getOwn, setOwn } from '../../util/own-entry.js';

/** Stores a live allowance's cover when its sequence number is above the stored one (LedgerStore.coverAllowance). */
export function coverAllowanceInDocument(tx: DocumentTransaction, id: string, cover: AllowanceCover): void {
  const allowance = getOwn(tx.doc.reservations, id);
  if (allowance?.allowance !== 'live' || cover.seq <= (allowance.coverSeq ?? 0)) return;
  // The held sums do not change: the cover is what an expiry charges, not room.
  setOwn(tx.doc.reservations, id, { ...allowance, coverSeq: cover.seq, coverMicroUsd: Math.max(0, Math.round(cover.microUsd)) });
}
