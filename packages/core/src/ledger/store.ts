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

/**
 * A tag-scoped budget a request counts against (its tags hold the pair):
 * `tag` is `name=value` (e.g. `client_key=k_1`). Spend is the period's sum
 * for the pair (the tag sums), reservations those of open requests holding
 * the same pair.
 */
export interface TagLimit {
  tag: string;
  limitMicroUsd: number;
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
  /**
   * Tag-scoped budgets the request counts against, checked like the
   * provider's (spend + open reservations + the worst case within each), in
   * the same atomic step. Never with `allowance`: such a request reserves on
   * its own.
   */
  tagLimits?: TagLimit[];
  /**
   * Set when this is a budget allowance (budget-allowances.ts), a slice of
   * the headroom one process admits requests against in memory, rather than
   * one request's worst case. The store holds it as a live allowance and:
   * - holds at most what keeps the live allowances of each limited scope
   *   (provider, and model if it has a limit) within half of the room that
   *   spend and the other reservations leave: the reservation may come back
   *   smaller than `amountMicroUsd`, never smaller than `minMicroUsd` (then
   *   it is refused);
   * - refuses it while a reclaim is asked for the provider (`reclaimMs`).
   */
  allowance?: { minMicroUsd: number };
  /**
   * For a request: when it is refused although it would fit were the room of
   * live allowances free, the store asks their holders to give back what
   * they do not use (`readReclaims` lists the provider) and admits no new
   * allowance for the provider, for this long (ms) from now.
   */
  reclaimMs?: number;
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
  /**
   * The tag scopes (`name=value`) whose budgets this reservation holds room
   * against: released with it, summed exactly when it is charged (never
   * lumped with the values past the tag-sum bound), and carried into its
   * expiry charge's record.
   */
  tags?: string[];
  /**
   * A budget allowance: `live` while its process may admit requests against
   * it (its room may be idle), `retired` once it admits no more and holds
   * only its requests in flight (`retireAllowance`).
   */
  allowance?: 'live' | 'retired';
  /**
   * Of a live allowance: the most its requests in flight may hold, as its
   * holder last declared it (`coverAllowance`), and that declaration's
   * sequence number. What the allowance is charged if its lease runs out
   * while live (see expiry-charge.ts).
   */
  coverMicroUsd?: number;
  coverSeq?: number;
}

/**
 * A live allowance's cover as its holder declares it: at least the worst
 * cases of its requests in flight, declared (and stored) before any of them
 * is sent upstream. Declarations carry an increasing `seq`; the store keeps
 * the one with the highest, so a late write of an older one changes nothing.
 */
export interface AllowanceCover {
  seq: number;
  microUsd: number;
}

/** Why a reservation was refused, with the figures at the moment of the check. */
export interface BudgetRefusal {
  /** Which limit would have been passed. */
  scope: 'provider' | 'model' | 'tag';
  /** With scope `tag`: the `name=value` whose budget it is. */
  tag?: string;
  spentMicroUsd: number;
  reservedMicroUsd: number;
  limitMicroUsd: number;
  /** The refused request's worst case; undefined for an unpriced request. */
  requestMicroUsd: number | undefined;
  /**
   * Of `reservedMicroUsd`, what live budget allowances hold (room that may be
   * idle); absent when none. For a request, a refusal that would not be one
   * without it asked the holders to give their idle room back (`reclaimMs`).
   */
  allowanceMicroUsd?: number;
}

export type ReserveOutcome =
  { admitted: true; reservation: StoredReservation; /** The id was already open. */ repeated: boolean } | { admitted: false; refusal: BudgetRefusal };

/**
 * What became of a settle or release:
 * - `charged`: the reservation turned into the record's spend (or, with no record, was dropped);
 * - `late`: the reservation had expired unsettled in a ledger written before
 *   expiry charges existed (it was remembered, not charged); the record was
 *   still charged (its room may have been reused);
 * - `duplicate`: the id was already settled or released, or its lease ran
 *   out and it was charged its worst case then (expiry-charge.ts): nothing
 *   charged again.
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
  /**
   * Where its webhook delivery stands, on read. Absent when no webhook was
   * set when it fired (it was only logged), or when the delivery has been
   * trimmed from the outbox since.
   */
  delivery?: AlertDeliveryStatus;
}

/**
 * Where an alert's webhook delivery stands: `pending` (queued, or retrying
 * after a failed attempt), `delivered` (a 2xx answer), `failed` (given up
 * after the last attempt).
 */
export type AlertDeliveryState = 'pending' | 'delivered' | 'failed';

/**
 * An alert put in the store's outbox, where any process on the store can
 * deliver it (see alerts/create-webhook-notifier.ts). Any alert type.
 */
export interface OutboxAlert {
  /**
   * Stable id, the same in every process and on every attempt: receivers
   * dedupe on it (delivery is at least once). Queuing an id that is already
   * in the outbox adds nothing. ASCII, as it also goes in a header.
   */
  id: string;
  /** `aegis-llm.budget-alert`, `aegis-llm.usage-suspect`, ... */
  type: string;
  /** The JSON body to POST, exactly as sent (it holds `id` and `type` too). */
  body: string;
  /** A few facts for log lines (provider, threshold); never a secret. */
  facts: Record<string, string | number>;
}

/** An outbox entry as `budgetStatus` shows it. */
export interface AlertDeliveryStatus {
  id: string;
  type: string;
  state: AlertDeliveryState;
  /** Attempts made (begun) so far. */
  attempts: number;
  /** ISO time it was queued. */
  queuedAt: string;
  lastAttemptAt?: string;
  /** Why the last attempt failed (`HTTP 500`, `timeout`, ...), never with the URL. */
  lastError?: string;
  deliveredAt?: string;
  /** The latest failed attempt and why, kept after a later delivery (unlike `lastError`). */
  lastFailedAt?: string;
  lastFailure?: string;
}

/** What a process asks when it claims due alerts to post. */
export interface ClaimAlertsInput {
  /** Random per claim; finishing an attempt needs it. */
  claim: string;
  /** Most alerts claimed at once. */
  limit: number;
  /**
   * How long the claimed alerts are this claimant's: past it (its process
   * died, or stalled) another process may claim them again. Longer than one
   * attempt's timeout.
   */
  leaseMs: number;
  /** An alert with this many attempts made is not tried again: it is marked failed. */
  maxAttempts: number;
}

/** An alert claimed for one delivery attempt. */
export interface ClaimedAlert extends OutboxAlert {
  /** This attempt's number, 1 for the first. */
  attempt: number;
}

export interface ClaimAlertsOutcome {
  alerts: ClaimedAlert[];
  /**
   * Milliseconds until the next pending alert nobody holds is due, after
   * this claim (0: due now); undefined when there is none.
   */
  nextDueInMs?: number;
}

/** How one claimed attempt ended. */
export interface AlertAttemptResult {
  id: string;
  /** The claim it was made under. */
  claim: string;
  /**
   * `delivered` is recorded whoever holds the alert now (it was delivered);
   * `retry` and `failed` only by the claim that still holds it.
   */
  outcome: 'delivered' | 'retry' | 'failed';
  /** With `retry`: the alert is due again this much later. */
  retryInMs?: number;
  /** With `retry` and `failed`: why, without the URL. */
  error?: string;
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

/**
 * Sums of the records carrying one tag in a period. `value` undefined: the
 * values of `name` past the store's bound (MAX_TAG_VALUES), together.
 */
export interface TagUsage {
  name: string;
  value?: string;
  totals: UsageTotals;
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
   * ignored. `drawMicroUsd` is what it gives up when not the record's cost:
   * the request's worst case, under a retired allowance.
   */
  append(record: LedgerRecord, drawFrom?: string, drawMicroUsd?: number): Promise<AppendOutcome>;
  /**
   * The open allowance `id` admits no more: it gives up `unusedMicroUsd` of
   * its hold (not below 0) and is held from now on as its requests in flight
   * (`allowance: 'retired'`), no longer as room that may be idle. Nothing
   * happens when `id` is not open.
   */
  retireAllowance(id: string, unusedMicroUsd: number): Promise<void>;
  /**
   * Declares the open live allowance `id`'s cover (AllowanceCover): kept
   * only when its `seq` is above the stored one. Nothing happens when `id`
   * is not open. Resolves once stored: its holder admits requests beyond the
   * previous cover only after that.
   */
  coverAllowance(id: string, cover: AllowanceCover): Promise<void>;
  /** Providers whose live allowances of the period are asked back (see ReserveInput.reclaimMs), now. Cheap: polled. */
  readReclaims(period: string): Promise<string[]>;
  /**
   * Marks a threshold fired for the period; true only for the first caller,
   * in any process. With `delivery`, the first caller also queues it in the
   * outbox in the same atomic step, so an alert marked fired is never left
   * unqueued by a crash.
   */
  markAlertFired(alert: FiredAlert, delivery?: OutboxAlert): Promise<boolean>;
  /** Queues an alert for delivery; false (nothing added) when its id is already in the outbox. */
  enqueueAlert(alert: OutboxAlert): Promise<boolean>;
  /**
   * Atomically takes the due alerts nobody holds (or whose holder's lease
   * ran out) for one attempt each, so two processes never post the same
   * alert at the same time.
   */
  claimAlerts(input: ClaimAlertsInput): Promise<ClaimAlertsOutcome>;
  /** Records how a claimed attempt ended (see AlertAttemptResult for who may). */
  finishAlertAttempt(result: AlertAttemptResult): Promise<void>;
  /** Every entry of the outbox (bounded: MAX_OUTBOX_ENTRIES), any order: the webhook's delivery status. */
  readAlertDeliveries(): Promise<AlertDeliveryStatus[]>;
  /** The budget period's sums, open reservations (unexpired) and fired alerts. O(providers x models + open reservations). */
  readPeriod(period: string): Promise<PeriodSnapshot>;
  /** Sums per month and per day, per provider and model, for the dashboard. */
  readUsage(query: UsageQuery): Promise<UsageAggregates>;
  /**
   * The period's sums per tag pair (name=value), kept beside the provider
   * sums in the same atomic step; `execution_id` is not summed (summed-tags.ts).
   * Any order.
   */
  readTagUsage(period: string): Promise<TagUsage[]>;
  /** The most recent records, newest first, at most `limit` (bounded by the store). */
  listRecent(limit: number): Promise<LedgerRecord[]>;
  /** Finishes pending writes and releases files, locks and connections. */
  close(): Promise<void>;
}
