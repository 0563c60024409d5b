import type { LedgerRecord } from '../ledger-record.js';
import type { AppendOutcome } from '../store.js';
import { chargeRecord } from './charge-record.js';
import type { DocumentTransaction } from './document-transaction.js';

/** Charges and writes a record that had no reservation. */
export function appendInDocument(tx: DocumentTransaction, record: LedgerRecord): AppendOutcome {
  const providerSpentMicroUsd = chargeRecord(tx.doc, record);
  tx.written.push(record);
  return { record, providerSpentMicroUsd };
}
