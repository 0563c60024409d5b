import { readDeliveriesFromDocument } from '../document/read-deliveries-from-document.js';
import { readTagsFromDocument } from '../document/read-tags-from-document.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { appendInDocument } from '../document/append-in-document.js';
import { claimAlertsInDocument } from '../document/claim-alerts-in-document.js';
import { createDocumentTransaction, type DocumentTransaction } from '../document/document-transaction.js';
import { expireReservations } from '../document/expire-reservations.js';
import { finishInDocument } from '../document/finish-in-document.js';
import { enqueueAlertInDocument } from '../document/enqueue-alert-in-document.js';
import { finishAlertInDocument } from '../document/finish-alert-in-document.js';
import { createEmptyDocument } from '../document/ledger-document.js';
import { markAlertInDocument } from '../document/mark-alert-in-document.js';
import { readPeriodFromDocument } from '../document/read-period-from-document.js';
import { readReclaimsFromDocument } from '../document/read-reclaims-from-document.js';
import { readUsageFromDocument } from '../document/read-usage-from-document.js';
import { reserveInDocument } from '../document/reserve-in-document.js';
import { retireAllowanceInDocument } from '../document/retire-allowance-in-document.js';
import { coverAllowanceInDocument } from '../document/cover-allowance-in-document.js';
import type { LedgerRecord } from '../ledger-record.js';
import { createStderrLogger, type Logger } from '../../log/logger.js';
import type { LedgerStore } from '../store.js';

export interface MemoryStoreOptions {
  clock?: Clock;
  logger?: Logger;
  /** Records kept for `listRecent`. @default 1000 */
  maxRecent?: number;
}

/**
 * A store in this process's memory, with the embedded store's semantics and
 * none of its files: for tests of the gateway and for hosts that want no
 * disk state. Nothing survives the process.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): LedgerStore {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStderrLogger();
  const maxRecent = options.maxRecent ?? 1000;
  const doc = createEmptyDocument();
  const recent: LedgerRecord[] = [];
  let closed = false;

  const run = async <T>(operation: (tx: DocumentTransaction) => T): Promise<T> => {
    if (closed) throw new Error('ledger: the store is closed');
    const tx = createDocumentTransaction(doc, clock.now(), logger);
    expireReservations(tx, { expiredReservationsMs: 60 * 60 * 1000, maxExpiredReservations: 500 });
    const result = operation(tx);
    for (const record of tx.written) recent.push(record);
    if (recent.length > maxRecent) recent.splice(0, recent.length - maxRecent);
    return result;
  };

  return {
    open: async () => undefined,
    reserve: (input) => run((tx) => reserveInDocument(tx, input)),
    settle: (id, record) => run((tx) => finishInDocument(tx, id, record)),
    release: (id, record) => run((tx) => finishInDocument(tx, id, record)),
    append: (record, drawFrom, drawMicroUsd) => run((tx) => appendInDocument(tx, record, drawFrom, drawMicroUsd)),
    retireAllowance: (id, unusedMicroUsd) => run((tx) => retireAllowanceInDocument(tx, id, unusedMicroUsd)),
    coverAllowance: (id, cover) => run((tx) => coverAllowanceInDocument(tx, id, cover)),
    markAlertFired: (alert, delivery) => run((tx) => markAlertInDocument(tx, alert, delivery)),
    enqueueAlert: (alert) => run((tx) => enqueueAlertInDocument(tx.doc, alert, tx.now, tx.logger)),
    claimAlerts: (input) => run((tx) => claimAlertsInDocument(tx.doc, input, tx.now)),
    finishAlertAttempt: (result) => run((tx) => finishAlertInDocument(tx.doc, result, tx.now)),
    readPeriod: async (period) => readPeriodFromDocument(doc, period, clock.now()),
    readReclaims: async (period) => readReclaimsFromDocument(doc, period, clock.now()),
    readUsage: async (query) => readUsageFromDocument(doc, query),
    readTagUsage: async (period) => readTagsFromDocument(doc, period),
    readAlertDeliveries: async () => readDeliveriesFromDocument(doc),
    listRecent: async (limit) => (limit < 1 ? [] : recent.slice(-Math.min(limit, maxRecent)).reverse()),
    close: async () => {
      closed = true;
    },
  };
}
