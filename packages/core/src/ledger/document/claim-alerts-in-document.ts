import type { ClaimAlertsInput, ClaimAlertsOutcome, ClaimedAlert } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn } from '../../util/own-entry.js';
import { isStoredAlertDelivery, UNREPORTED_ATTEMPT, type StoredAlertDelivery } from './stored-alert-delivery.js';

/**
 * Takes the due pending alerts nobody holds for one attempt each (see
 * LedgerStore.claimAlerts). A holder whose lease ran out lost its claim: the
 * alert is due again, or failed when its attempts are used up. Entries that
 * are not valid (a hand-edited document) are dropped.
 */
export function claimAlertsInDocument(doc: LedgerDocument, input: ClaimAlertsInput, now: number): ClaimAlertsOutcome {
  const outbox = doc.outbox;
  if (outbox === undefined) return { alerts: [] };
  const due: Array<[string, StoredAlertDelivery]> = [];
  for (const id of Object.keys(outbox)) {
    const entry = getOwn(outbox, id);
    if (!isStoredAlertDelivery(entry) || (entry.state === 'pending' && typeof entry.body !== 'string')) {
      delete outbox[id];
      continue;
    }
    if (entry.state !== 'pending') continue;
    let lapsed = false;
    if (entry.claim !== undefined) {
      if ((entry.claimUntil ?? 0) > now) continue;
      lapsed = true;
      delete entry.claim;
      delete entry.claimUntil;
      entry.dueAt = Math.min(entry.dueAt, now);
    }
    if (entry.attempts >= input.maxAttempts) {
      entry.state = 'failed';
      entry.lastError = lapsed ? UNREPORTED_ATTEMPT : (entry.lastError ?? `gave up after ${entry.attempts} attempts`);
      delete entry.body;
      continue;
    }
    if (entry.dueAt <= now) due.push([id, entry]);
  }
  due.sort(([, a], [, b]) => a.dueAt - b.dueAt || a.queuedAt - b.queuedAt);
  const alerts: ClaimedAlert[] = due.slice(0, Math.max(0, input.limit)).map(([id, entry]) => {
    entry.attempts += 1;
    entry.lastAttemptAt = now;
    entry.claim = input.claim;
    entry.claimUntil = now + input.leaseMs;
    return { id, type: entry.type, body: entry.body ?? '', facts: { ...entry.facts }, attempt: entry.attempts };
  });
  const outcome: ClaimAlertsOutcome = { alerts };
  const next = nextDueInMs(doc, now);
  if (next !== undefined) outcome.nextDueInMs = next;
  return outcome;
}

/** Milliseconds until the next pending alert nobody holds (or whose hold lapsed) is due; undefined: none. */
export function nextDueInMs(doc: LedgerDocument, now: number): number | undefined {
  let next: number | undefined;
  for (const entry of Object.values(doc.outbox ?? {})) {
    if (!isStoredAlertDelivery(entry) || entry.state !== 'pending') continue;
    const at = entry.claim === undefined ? entry.dueAt : (entry.claimUntil ?? 0);
    if (entry.claim !== undefined && at > now) continue;
    next = Math.min(next ?? Infinity, Math.max(0, at - now));
  }
  return next;
}
