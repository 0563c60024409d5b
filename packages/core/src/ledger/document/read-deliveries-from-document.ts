import type { AlertDeliveryStatus } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { isStoredAlertDelivery, toDeliveryStatus } from './stored-alert-delivery.js';

/** The outbox's entries as budgetStatus shows them. */
export function readDeliveriesFromDocument(doc: LedgerDocument): AlertDeliveryStatus[] {
  return Object.entries(doc.outbox ?? {})
    .filter(([, entry]) => isStoredAlertDelivery(entry))
    .map(([id, entry]) => toDeliveryStatus(id, entry));
}
