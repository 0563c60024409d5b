import type { Logger } from '../../log/logger.js';
import type { OutboxAlert } from '../store.js';
import { outboxOf, type LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from '../../util/own-entry.js';
import { MAX_OUTBOX_ENTRIES } from './stored-alert-delivery.js';

/** Queues an alert, due now; false when its id is already in the outbox (queued, delivered or failed). */
export function enqueueAlertInDocument(doc: LedgerDocument, alert: OutboxAlert, now: number, logger: Logger): boolean {
  const outbox = outboxOf(doc);
  if (getOwn(outbox, alert.id) !== undefined) return false;
  setOwn(outbox, alert.id, {
    type: alert.type,
    body: alert.body,
    facts: { ...alert.facts },
    state: 'pending',
    attempts: 0,
    queuedAt: now,
    dueAt: now,
  });
  trimOutbox(doc, logger);
  return true;
}

/** Keeps the outbox to MAX_OUTBOX_ENTRIES: finished entries go first, oldest first. */
function trimOutbox(doc: LedgerDocument, logger: Logger): void {
  const outbox = outboxOf(doc);
  const ids = Object.keys(outbox);
  let excess = ids.length - MAX_OUTBOX_ENTRIES;
  if (excess <= 0) return;
  const queuedAt = (id: string) => getOwn(outbox, id)?.queuedAt ?? 0;
  ids.sort((a, b) => queuedAt(a) - queuedAt(b));
  for (const finishedFirst of [true, false]) {
    for (const id of ids) {
      if (excess <= 0) return;
      const entry = getOwn(outbox, id);
      if (entry === undefined || (entry.state !== 'pending') !== finishedFirst) continue;
      if (entry.state === 'pending') {
        logger.error('alert dropped from the outbox before it was delivered: too many alerts pending', { id, ...entry.facts });
      }
      delete outbox[id];
      excess -= 1;
    }
  }
}
