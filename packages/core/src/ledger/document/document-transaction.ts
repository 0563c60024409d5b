import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import type { StoredReservation } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from '../../util/own-entry.js';

/**
 * One commit's view of the document: the operations of a batch run against it
 * in order, and the records they charge are collected for the log.
 */
export interface DocumentTransaction {
  readonly doc: LedgerDocument;
  readonly now: number;
  readonly logger: Logger;
  /** Records charged by this transaction, in order: they go to the log before the document is written. */
  readonly written: LedgerRecord[];
  /**
   * Notes a record counted from a log line a failed or killed commit left
   * (embedded/recover-logs.ts), remembered in the document for a day: a
   * retried append of it (by this process or, later, by the one whose commit
   * failed) is already charged and is not written again.
   */
  noteRecovered(id: string): void;
  wasRecovered(id: string): boolean;
  /** Forgets recovered ids past their day (and the oldest beyond a bound): called once per recovery. */
  pruneRecovered(): void;
  /** Room held by open reservations of the period, for the provider or, with `model`, for that model. */
  reservedFor(period: string, provider: string, model?: string): number;
  /** Of that, what live budget allowances hold. */
  liveAllowanceFor(period: string, provider: string, model?: string): number;
  /** Room held by open reservations of the period against the tag scope `name=value`. */
  reservedForTag(period: string, tag: string): number;
  hold(reservation: StoredReservation): void;
  /** Removes an open reservation; undefined when it was not open. */
  drop(id: string): StoredReservation | undefined;
}

/** Prefix of the sums of live allowances in the index: no period key starts with it. */
const LIVE = '\u0001';
/** Prefix of the sums per tag scope in the index (after the period): no provider id starts with it. */
const TAG = '\u0002';
/** Ids of recovered records remembered, at most, and for how long. */
const MAX_RECOVERED_IDS = 2_000;
const RECOVERED_IDS_MS = 24 * 60 * 60 * 1000;

export function createDocumentTransaction(doc: LedgerDocument, now: number, logger: Logger): DocumentTransaction {
  // Sums of open reservations, built on first use: one pass over the open
  // reservations per commit rather than one per reserve.
  let index: Map<string, number> | undefined;
  const keys = (r: Pick<StoredReservation, 'period' | 'provider' | 'model'>): [string, string] => [
    `${r.period}\u0000${r.provider}`,
    `${r.period}\u0000${r.provider}\u0000${r.model}`,
  ];
  const add = (r: StoredReservation, sign: 1 | -1): void => {
    if (index === undefined || r.amountMicroUsd === undefined) return;
    const amount = sign * r.amountMicroUsd;
    for (const key of keys(r)) {
      index.set(key, (index.get(key) ?? 0) + amount);
      if (r.allowance === 'live') index.set(LIVE + key, (index.get(LIVE + key) ?? 0) + amount);
    }
    for (const tag of r.tags ?? []) {
      const key = `${r.period}\u0000${TAG}${tag}`;
      index.set(key, (index.get(key) ?? 0) + amount);
    }
  };
  const built = (): Map<string, number> => {
    if (index === undefined) {
      index = new Map();
      for (const r of Object.values(doc.reservations)) add(r, 1);
    }
    return index;
  };

  return {
    doc,
    now,
    logger,
    written: [],
    noteRecovered(id) {
      setOwn((doc.recovered ??= {}), id, now);
    },
    pruneRecovered() {
      const recovered = doc.recovered;
      if (recovered === undefined) return;
      const entries = Object.entries(recovered).sort((a, b) => a[1] - b[1]);
      const overflow = entries.length - MAX_RECOVERED_IDS;
      entries.forEach(([id, at], index) => {
        if (index < overflow || at <= now - RECOVERED_IDS_MS) delete recovered[id];
      });
    },
    wasRecovered(id) {
      return doc.recovered !== undefined && getOwn(doc.recovered, id) !== undefined;
    },
    reservedFor(period, provider, model) {
      const [providerKey, modelKey] = keys({ period, provider, model: model ?? '' });
      return built().get(model === undefined ? providerKey : modelKey) ?? 0;
    },
    liveAllowanceFor(period, provider, model) {
      const [providerKey, modelKey] = keys({ period, provider, model: model ?? '' });
      return built().get(LIVE + (model === undefined ? providerKey : modelKey)) ?? 0;
    },
    reservedForTag(period, tag) {
      return built().get(`${period}\u0000${TAG}${tag}`) ?? 0;
    },
    hold(reservation) {
      setOwn(doc.reservations, reservation.id, reservation);
      add(reservation, 1);
    },
    drop(id) {
      const reservation = getOwn(doc.reservations, id);
      if (reservation === undefined) return undefined;
      delete doc.reservations[id];
      add(reservation, -1);
      return reservation;
    },
  };
}
