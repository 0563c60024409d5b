import type { LedgerRecord } from '../ledger-record.js';
import { chargeRecord } from './charge-record.js';
import type { DocumentTransaction } from './document-transaction.js';
import { getOwn } from '../../util/own-entry.js';

/**
 * Redoes what the commit that wrote this log line did to the document, for a
 * line past the log cursor (its commit died after the append, before the
 * document write): ends the reservation it settled, if still open, and
 * charges it. The cursor moves past the line in the same document write, so a
 * line is replayed at most once.
 */
export function replayRecord(tx: DocumentTransaction, record: LedgerRecord): void {
  tx.drop(record.id);
  if (getOwn(tx.doc.expired, record.id) !== undefined) delete tx.doc.expired[record.id];
  chargeRecord(tx.doc, record);
}
