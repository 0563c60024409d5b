/**
 * The embedded store's JSON document: small and bounded whatever the history
 * (sums per month and day, open reservations, alert state, log cursors), so
 * lowdb can rewrite it whole on every commit. The per-request log is elsewhere
 * (append-only JSONL per month). Also the in-memory store's state.
 */
import type { FiredAlert, StoredReservation } from '../store.js';
import type { PackedProviderUsage, PackedTotals } from './packed-totals.js';
import type { StoredAlertDelivery } from './stored-alert-delivery.js';

/** How far a month's JSONL log has been counted into the sums. */
export interface LogCursor {
  /** Bytes of the log counted; whole lines past it are replayed by the next commit that touches the month. */
  offset: number;
}

export interface ExpiredReservation extends StoredReservation {
  /** Epoch ms it expired; kept a while so a late settle is charged once, not lost or taken for a duplicate. */
  expiredAt: number;
}

export type StoredAlert = Pick<FiredAlert, 'firedAt' | 'spentMicroUsd' | 'limitMicroUsd'> & {
  /** Its outbox entry, when it was queued for the webhook. */
  alertId?: string;
};

export interface LedgerDocument {
  /**
   * Random per commit and kept as the first key, so a process can tell from
   * the file's first bytes whether its cached copy is current.
   */
  rev: string;
  version: 1;
  /** Month -> cursor of `ledger-<month>.jsonl`. One entry per month ever written: tiny. */
  logs: Record<string, LogCursor>;
  /**
   * Journal file name -> how far it has been folded in (embedded/open-journal.ts).
   * Absent in documents written before journals.
   */
  journals?: Record<string, LogCursor>;
  /** Month -> provider -> model -> sums. */
  months: Record<string, Record<string, PackedProviderUsage>>;
  /** Day -> provider -> model -> sums. */
  days: Record<string, Record<string, PackedProviderUsage>>;
  /** Open reservations by id. */
  reservations: Record<string, StoredReservation>;
  expired: Record<string, ExpiredReservation>;
  /**
   * Month -> provider -> `threshold@limit` (firedAlertKey; documents written
   * before re-arming have `threshold`) -> when it fired.
   */
  alerts: Record<string, Record<string, Record<string, StoredAlert>>>;
  /**
   * Alert id -> delivery, bounded (MAX_OUTBOX_ENTRIES). Optional: documents
   * written before the outbox existed have none, and stay valid.
   */
  outbox?: Record<string, StoredAlertDelivery>;
  /**
   * Month -> provider -> epoch ms until which the live budget allowances of
   * the provider are asked back (reserve-in-document.ts). Absent in documents
   * written before it; expired entries are dropped by the next reserve.
   */
  reclaims?: Record<string, Record<string, number>>;
  /**
   * Month -> tag name -> value -> sums (summed-tags.ts), at most
   * MAX_TAG_VALUES values per name and month; the rest under the empty
   * value (no real value is empty). Absent in documents written before tags.
   */
  tags?: Record<string, Record<string, Record<string, PackedTotals>>>;
  /**
   * Id -> epoch ms of records counted from log lines a failed commit left
   * (see DocumentTransaction.noteRecovered). Absent in most documents.
   */
  recovered?: Record<string, number>;
}

/** The document's outbox, created on first use. */
export function outboxOf(doc: LedgerDocument): Record<string, StoredAlertDelivery> {
  doc.outbox ??= {};
  return doc.outbox;
}

export function createEmptyDocument(rev = ''): LedgerDocument {
  return { rev, version: 1, logs: {}, months: {}, days: {}, reservations: {}, expired: {}, alerts: {} };
}

/** True when `value` has the document's shape (checked on read: the file may have been edited by hand). */
export function isLedgerDocument(value: unknown): value is LedgerDocument {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Record<string, unknown>;
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  return (
    typeof doc.rev === 'string' &&
    doc.version === 1 &&
    ['logs', 'months', 'days', 'reservations', 'expired', 'alerts'].every((key) => isObject(doc[key])) &&
    (doc.outbox === undefined || isObject(doc.outbox)) &&
    (doc.journals === undefined || isObject(doc.journals)) &&
    (doc.reclaims === undefined || isObject(doc.reclaims)) &&
    (doc.tags === undefined || isObject(doc.tags))
  );
}

/**
 * A fired threshold's key under its provider: the threshold and the limit it
 * was a percent of (`80@10000000`), so a changed limit fires its thresholds
 * afresh. Read back with parseFloat (a legacy key is the threshold alone).
 */
export function firedAlertKey(alert: Pick<FiredAlert, 'threshold' | 'limitMicroUsd'>): string {
  return `${alert.threshold}@${alert.limitMicroUsd}`;
}
