/**
 * The store behind the ledger and the budgets. Types only: the embedded store
 * (lowdb + JSONL, ./embedded) and the Redis store (issue 10) implement it, and
 * everything above it (createLedger, budgetStatus, alerts) speaks only this.
 *
 * The store is time-zone agnostic: callers pass calendar keys (`period`
 * `2026-11`, `day` `2026-11-03`) computed in the configured time zone, and the
 * store keeps sums under those keys. Every mutation is atomic across all the
 * processes sharing the store, and amounts are integer micro-USD.
 */
import type { LedgerRecord } from './ledger-record.js';
import type { UsageTotals } from './usage-totals.js';

/** The limits a reservation must hold, for its period. */
export interface BudgetLimits {
  /** The provider's monthly limit, micro-USD. */
  providerMicroUsd: number;
  /** The model's own monthly limit, when it has one. */
  modelMicroUsd?: number;
}

export interface ReserveInput {
  /** Unique per reservation; the settled record gets this id. Reserving an open id again returns it unchanged. */
  id: string;
  provider: string;
  model: string;
  /**
   * Worst-case cost, micro-USD. Undefined for an unpriced model: such a request
   * reserves nothing and is admitted only while spend + reservations are below
   * the limit.
   */
  amountMicroUsd: number | undefined;
  period: string;
  day: string;
  /** Epoch ms after which the reservation no longer holds room (its process is presumed dead). */
  expiresAt: number;
  /** Omitted when the provider has no budget: then nothing is checked, the reservation only tracks the request. */
  limits?: BudgetLimits;
}

/** A reservation as the store holds it until it is settled, released or expires. */
export interface StoredReservation {
  id: string;
  provider: string;
  model: string;
  amountMicroUsd?: number;
  period: string;
  day: string;
  expiresAt: number;
}

/** Why a reservation was refused, with the figures at the moment of the check. */
export interface BudgetRefusal {
  /** Which limit would have been passed. */
  scope: 'provider' | 'model';
  spentMicroUsd: number;
  reservedMicroUsd: number;
  limitMicroUsd: number;
  /** The refused request's worst case; undefined for an unpriced request. */
  requestMicroUsd: number | undefined;
}

export type ReserveOutcome =
  | { admitted: true; reservation: StoredReservation; /** The id was already open. */ repeated: boolean }
  | { admitted: false; refusal: BudgetRefusal };

/**
 * What became of a settle or release:
 * - `charged`: the reservation turned into the record's spend (or, with no record, was dropped);
 * - `late`: the reservation had expired; the record was still charged (its room may have been reused);
 * - `duplicate`: the id was already settled or released: nothing charged again.
 */
export interface FinishOutcome {
  status: 'charged' | 'late' | 'duplicate';
  /** The record as written (period, day, provider and model taken from the reservation). */
  record?: LedgerRecord;
  /** The provider's spend in the record's period after this call, for alert thresholds. */
  providerSpentMicroUsd?: number;
}

export interface AppendOutcome {
  record: LedgerRecord;
  /** The provider's spend in the record's period after this call. */
  providerSpentMicroUsd: number;
}

/** A budget alert threshold that fired, as kept for `budgetStatus` and the admin page. */
export interface FiredAlert {
  period: string;
  provider: string;
  /** Percent of the limit, e.g. 80. */
  threshold: number;
  /** ISO time it fired. */
  firedAt: string;
  spentMicroUsd: number;
  limitMicroUsd: number;
}

/** Usage of one provider under one calendar key. */
export interface ProviderUsage {
  total: UsageTotals;
  models: Record<string, UsageTotals>;
}

/** A provider in the budget period: spend plus the room its open reservations hold. */
export interface ProviderPeriodUsage extends ProviderUsage {
  reservedMicroUsd: number;
  reservedByModel: Record<string, number>;
  openReservations: number;
}

export interface PeriodSnapshot {
  period: string;
  providers: Record<string, ProviderPeriodUsage>;
  alerts: FiredAlert[];
}

export interface UsageQuery {
  /** Months (`2026-11`) wanted. */
  months?: string[];
  /** Days (`2026-11-03`) wanted. */
  days?: string[];
}

export interface UsageAggregates {
  months: Record<string, Record<string, ProviderUsage>>;
  days: Record<string, Record<string, ProviderUsage>>;
}

export interface LedgerStore {
  /**
   * Opens now rather than on first use: connects, and recovers what a crashed
   * writer left (the embedded store replays uncounted log lines and expires
   * dead reservations). Optional to call; surfaces a broken store early.
   */
  open(): Promise<void>;
  /** Atomically checks spend + open reservations + this amount against the limits and, if it fits, holds the room. */
  reserve(input: ReserveInput): Promise<ReserveOutcome>;
  /**
   * Turns the reservation into the record's spend and writes the record, exactly
   * once per id: a repeated call is reported `duplicate` and charges nothing.
   */
  settle(id: string, record: LedgerRecord): Promise<FinishOutcome>;
  /** Drops the reservation; with a record (partial usage of a failed request), charges and writes it like `settle`. */
  release(id: string, record?: LedgerRecord): Promise<FinishOutcome>;
  /**
   * Charges and writes a record that had no reservation of its own. With
   * `drawFrom`, the open reservation of that id (a budget allowance the
   * request was admitted under) shrinks by the record's cost in the same
   * step, so spend + held counts the cost once. A `drawFrom` not open is
   * ignored.
   */
  append(record: LedgerRecord, drawFrom?: string): Promise<AppendOutcome>;
  /** Marks a threshold fired for the period; true only for the first caller, in any process. */
  markAlertFired(alert: FiredAlert): Promise<boolean>;
  /** The budget period's sums, open reservations (unexpired) and fired alerts. O(providers x models + open reservations). */
  readPeriod(period: string): Promise<PeriodSnapshot>;
  /** Sums per month and per day, per provider and model, for the dashboard. */
  readUsage(query: UsageQuery): Promise<UsageAggregates>;
  /** The most recent records, newest first, at most `limit` (bounded by the store). */
  listRecent(limit: number): Promise<LedgerRecord[]>;
  /** Finishes pending writes and releases files, locks and connections. */
  close(): Promise<void>;
}
