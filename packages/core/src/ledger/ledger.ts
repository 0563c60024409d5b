/**
 * The ledger as the gateway uses it. Types only; createLedger builds one.
 *
 * Per request: `reserve` the worst case before sending (throws
 * `budget_exceeded`), then exactly one of `settle` (answered) or `release`
 * (failed or abandoned; pass the report to record delivered partial usage),
 * each idempotent by reservation id. Requests of providers without a budget
 * go through the same calls and are recorded all the same, without a store
 * round trip at reserve. Budgeted requests are mostly admitted in memory too,
 * against a per-process budget allowance held in the store (see
 * budget-allowances.ts); near the limit each one reserves in the store.
 *
 * `settle`, `release` and `record` resolve once the record has landed in the
 * store: the gateway awaits them before it returns an answer ("delivered means
 * recorded", issue 15). This ledger's own reads (budgetStatus, usage,
 * listRecent) wait for its writes in progress, and flush/close wait for all
 * of them.
 *
 * A write the store cannot take (a ledger directory that cannot be written,
 * EMFILE, Redis down without a local fallback) is not lost: the record is
 * kept in memory and retried with backoff until it lands, exactly once (by
 * record id), and close() keeps trying for a while (then logs the records in
 * full). Meanwhile every budgeted `reserve` is refused with
 * `store_unavailable`; unbudgeted requests are still admitted, their records
 * kept and retried the same way.
 */
import type { BudgetStatus, BudgetStatusQuery } from './budget/budget-status.js';
import type { AegisConfig, RoutingSettings, TagBudget } from '../config/types.js';
import type { Usage } from '../types.js';
import type { LedgerOutcome, LedgerRecord, RequestKind } from './ledger-record.js';
import type { AlertDeliveryStatus, FinishOutcome, UsageAggregates } from './store.js';

/** The part of the configuration the ledger reads (an AegisConfig fits). */
export type LedgerConfig = Pick<AegisConfig, 'home' | 'budgets' | 'tagBudgets' | 'alerts' | 'timeZone' | 'configFile'> & {
  routing: Pick<RoutingSettings, 'requestTimeoutMs' | 'maxRequestMs'>;
};

export interface ReserveRequest {
  /** Unique per reservation (one per attempted target): the recorded request's id. */
  id: string;
  provider: string;
  model: string;
  /**
   * Worst-case cost in micro-USD from the cost module (input estimate x input
   * price + max output x output price). Undefined for an unpriced model: it
   * reserves nothing and, under a budget, is admitted while the limit is not
   * yet reached; its record is flagged unpriced and counted in budgetStatus.
   */
  worstCaseMicroUsd: number | undefined;
  /**
   * How long the reservation holds if never settled (its process died).
   * Must outlast the request. @default the longer of routing.requestTimeoutMs and routing.maxRequestMs, + 60000 (config/request-life-ms.ts)
   */
  leaseMs?: number;
  /** The request's tags: a pair with a tag budget (tagBudgets) is held against it too. */
  tags?: Readonly<Record<string, string>>;
}

/** An admitted request's hold on its budget. Pass it back to settle or release. */
export interface Reservation {
  id: string;
  provider: string;
  model: string;
  worstCaseMicroUsd?: number;
  /** Budget period (`2026-11`) the request is charged to. */
  period: string;
  day: string;
  /** Request start, ISO. */
  time: string;
  /** Epoch ms the reservation lapses if not settled. */
  expiresAt: number;
  /** Whether a budget limit was checked. */
  budgeted: boolean;
}

/** How a request went, as the gateway knows it at the end. */
export interface RequestReport {
  /** `embed` for an embeddings batch; omitted for chat. */
  kind?: RequestKind;
  task?: string;
  /** Usage delivered (partial for a failed stream); undefined when nothing was delivered. */
  usage?: Usage;
  /**
   * Cost of that usage in micro-USD from the cost module; undefined when the
   * model is unpriced (recorded as unknown and flagged, never as 0). With no
   * tokens used, an undefined cost is recorded as 0.
   */
  costMicroUsd: number | undefined;
  latencyMs: number;
  ttftMs?: number;
  outcome: LedgerOutcome;
  attempts: number;
  /** The `provider/model` first asked for, when a fallback served the request. */
  fallbackFrom?: string;
  /** Failed attempts of request `attemptOf` on this report's target (LedgerRecord.attemptOf). */
  attemptOf?: string;
  /** The request's tags (ChatRequest.tags, validated). */
  tags?: Readonly<Record<string, string>>;
}

/** A request recorded without a reservation (refused before sending, say). */
export interface UnreservedReport extends RequestReport {
  /** Unique per record: unlike settle, `record` has no reservation to deduplicate by. */
  id: string;
  provider: string;
  model: string;
  /** Request start, epoch ms. @default now */
  startedAt?: number;
}

export interface SettleResult {
  /**
   * The store's outcome; `pending` when the store could not be written: the
   * record is kept in memory and retried with backoff until it lands (once),
   * and budgeted requests are refused with `store_unavailable` meanwhile.
   */
  status: FinishOutcome['status'] | 'pending';
  /** The record written; absent for a duplicate or a release without a report. */
  record?: LedgerRecord;
}

export interface UsageReportQuery {
  /** Months of history, the current one included. @default 12 */
  months?: number;
  /**
   * First day of a date range (`2026-11-03`, in the ledger's time zone;
   * with `to`): `days` then holds the range's days instead of the current
   * month's. At most USAGE_RANGE_MAX_DAYS (40) days back (usage-range.ts);
   * a bad range is a `bad_request` naming `from` or `to`.
   */
  from?: string;
  /** Last day of the date range, included; not after today. */
  to?: string;
}

export interface UsageReport extends UsageAggregates {
  period: string;
  timeZone: string;
  /** The date range asked for (UsageReportQuery.from/to), its every day oldest first; absent without one. */
  range?: { from: string; to: string; days: string[] };
}

export interface Ledger {
  /** Holds the worst case against the budget; throws AegisError `budget_exceeded` when it does not fit. */
  reserve(request: ReserveRequest): Promise<Reservation>;
  /** Charges the real cost instead of the worst case and records the request. Exactly once per reservation. */
  settle(reservation: Reservation, report: RequestReport): Promise<SettleResult>;
  /** Frees the reservation; with a report, records the request and charges its delivered usage. */
  release(reservation: Reservation, report?: RequestReport): Promise<SettleResult>;
  /** Records (and charges) a request that had no reservation. */
  record(report: UnreservedReport): Promise<LedgerRecord>;
  budgetStatus(query?: BudgetStatusQuery): Promise<BudgetStatus>;
  /**
   * Writes this process's declared budgets of `providers` into the store's
   * budget book over whoever set them (an explicit save: the admin page), so
   * every process on the store enforces them. No-op without a shared book.
   */
  claimBudgets?(providers: readonly string[]): Promise<void>;
  /** The budgets in force as last read from the store's book (the configured ones without a book). */
  budgetsInForce?(): AegisConfig['budgets'];
  /** The tag budgets in force (`name=value` -> budget), as last read from the book (the declared ones without a book). */
  tagBudgetsInForce?(): Record<string, TagBudget>;
  /** Sums per day of the current month and per month, per provider and model, for the dashboard. */
  usage(query?: UsageReportQuery): Promise<UsageReport>;
  /**
   * Posts a test alert to the webhook through the outbox and resolves with
   * its first attempt's outcome (send-test-alert.ts); `not_configured`
   * without a webhook.
   */
  sendTestAlert(): Promise<AlertDeliveryStatus>;
  /** Most recent records, newest first. @default limit 50 */
  listRecent(limit?: number): Promise<LedgerRecord[]>;
  /**
   * Waits for background alert work: threshold checks, webhook posts, and
   * retries that come due within the flush timeout (30 s by default).
   */
  flush(): Promise<void>;
  /**
   * Waits for alert posts in flight and the attempts due now (each bounded
   * by the webhook timeout), then closes the store. Alerts still waiting for
   * a retry stay pending in the store: the next process on it posts them.
   */
  close(): Promise<void>;
}
