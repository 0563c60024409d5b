import { join } from 'node:path';
import type { BudgetAlert } from './alerts/budget-alert.js';
import { createBudgetAlerts } from './alerts/create-budget-alerts.js';
import { createWebhookNotifier, type WebhookNotifierOptions } from './alerts/create-webhook-notifier.js';
import { usageSuspectAlert, usageSuspectOutboxAlert, usageSuspectText } from './alerts/usage-suspect-alert.js';
import { webhookStatus } from './budget/webhook-status.js';
import { sendTestAlert } from './alerts/send-test-alert.js';
import { computeBudgetStatus } from './budget/compute-budget-status.js';
import { createBudgetExceededError } from './budget/create-budget-exceeded-error.js';
import { createPeriodCalendar, type CalendarPeriod, type PeriodCalendar } from './budget/create-period-calendar.js';
import { shiftMonthKey } from './budget/shift-month-key.js';
import { AegisError } from '../errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import { createBudgetAllowances } from './budget-allowances.js';
import { requestLifeMs } from '../config/request-life-ms.js';
import { getOwn } from '../util/own-entry.js';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import { createIsoTime } from './iso-time.js';
import type { Ledger, LedgerConfig, RequestReport, Reservation, SettleResult, UnreservedReport, UsageReport } from './ledger.js';
import { usageRangeDays } from './usage-range.js';
import type { LedgerRecord } from './ledger-record.js';
import { createStderrLogger, type Logger } from '../log/logger.js';
import { createRecentIds } from './recent-ids.js';
import { reserveReclaiming } from './reserve-reclaiming.js';
import { createWriteBacklog, type SubmittedWrite, type WriteRetryOptions } from './create-write-backlog.js';
import type { BudgetLimits, FinishOutcome, LedgerStore, TagLimit } from './store.js';
import { toLedgerError } from './to-ledger-error.js';
import type { BudgetBookStore } from './shared-budgets/budget-book.js';
import { createSharedBudgets, type SharedBudgets } from './shared-budgets/create-shared-budgets.js';
import { openEmbeddedBudgetBook } from './shared-budgets/embedded-budget-book.js';
import type { ProviderBudget, TagBudget } from '../config/types.js';
import { createDeclaredBook, createScopeSplitter } from './budget-scopes.js';
import { tagScope } from '../tags/tag-scope.js';
import { requireCount, toLedgerRecord } from './to-ledger-record.js';

export interface CreateLedgerOptions {
  /** The configuration, or a getter for it so budget and webhook changes apply without a restart. */
  config: LedgerConfig | (() => LedgerConfig);
  /** @default the embedded store in `<config.home>/ledger` */
  store?: LedgerStore;
  clock?: Clock;
  /** @default stderr */
  logger?: Logger;
  /** For the alert webhook. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Most worst cases a per-process budget allowance holds (see
   * budget-allowances.ts); 0 turns allowances off, so every budgeted request
   * reserves in the store. @default 256
   */
  allowanceWorstCases?: number;
  /**
   * Margin of a reservation's lease over the request deadline: how long a
   * request in flight at a crash holds its room before it is charged (tests
   * shorten it). @default 60000
   */
  leaseMarginMs?: number;
  /** How writes the store could not take are retried (see create-write-backlog.ts; tests shorten it). */
  writeRetry?: WriteRetryOptions;
  /** Webhook retry tuning (tests shorten it). */
  /**
   * The store's budget book (shared-budgets/): the budgets every process on
   * the store enforces, with this process's declared ones written into it.
   * Without it (and with a `store` passed), the configured budgets are this
   * process's own. @default the embedded book next to the default store
   */
  budgetBook?: BudgetBookStore;
  /** Who this process is as a writer of the book. @default `config file <path>`, or `environment` without a file */
  budgetSource?: string;
  /** How often the book is read again. @default 1000 */
  budgetRefreshMs?: number;
  /**
   * Tag budgets this process declares besides the config's `tagBudgets`
   * (the server's client keys: `client_key=<id>`), read on each book refresh.
   */
  tagBudgets?: () => Record<string, TagBudget>;
  webhook?: Pick<WebhookNotifierOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'flushTimeoutMs' | 'pollMs'>;
  /** Called once per budget alert this process fired (after it is logged and queued for the webhook). */
  onBudgetAlert?: (alert: BudgetAlert) => void;
}

const LEASE_MARGIN_MS = 60_000;
/** Finished ids of unbudgeted requests remembered to refuse a second settle; the oldest go first. */
const MAX_LOCAL_IDS = 10_000;

/**
 * The cost ledger, monthly budgets and alerts behind one object. Synchronous
 * to create: the embedded store opens on first use.
 */
export function createLedger(options: CreateLedgerOptions): Ledger {
  const config = typeof options.config === 'function' ? options.config : () => options.config as LedgerConfig;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStderrLogger();
  const rawStore = options.store ?? openEmbeddedStore({ dir: join(config().home, 'ledger'), clock, logger });
  const book = options.budgetBook ?? (options.store === undefined ? openEmbeddedBudgetBook({ dir: join(config().home, 'ledger'), logger }) : undefined);
  const shared: SharedBudgets | undefined =
    book === undefined
      ? undefined
      : createSharedBudgets({
          book,
          declared: () => declaredBook(),
          source: () => options.budgetSource ?? defaultBudgetSource(config().configFile),
          clock,
          logger,
          refreshMs: options.budgetRefreshMs,
        });
  /** This process's declared tag budgets: the config's, then the surface's own (client keys). */
  // The same object while nothing changed: a new one makes the book reconcile (a locked write).
  const declared = createDeclaredBook();
  const declaredNow = () => {
    const cfg = config();
    return declared(cfg.budgets, cfg.tagBudgets, options.tagBudgets?.());
  };
  const declaredTags = (): Record<string, TagBudget> => declaredNow().tags;
  const declaredBook = (): Record<string, ProviderBudget> => declaredNow().book;
  const splitScopes = createScopeSplitter();
  /** The budgets in force: the store's book when shared, else the configured ones. */
  const budgetsNow = (): Record<string, ProviderBudget> => (shared === undefined ? config().budgets : splitScopes(shared.budgets()).providers);
  /** The tag budgets in force, likewise. */
  const tagBudgetsNow = (): Record<string, TagBudget> => (shared === undefined ? declaredTags() : splitScopes(shared.budgets()).tags);
  /** The tag scopes of a request that have a budget, with their limits. */
  const tagLimitsOf = (tags: Readonly<Record<string, string>> | undefined): TagLimit[] => {
    if (tags === undefined) return [];
    const budgets = tagBudgetsNow();
    const out: TagLimit[] = [];
    for (const [name, value] of Object.entries(tags)) {
      const scope = tagScope(name, value);
      const budget = getOwn(budgets, scope);
      if (budget !== undefined) out.push({ tag: scope, limitMicroUsd: budget.monthlyLimitMicroUsd });
    }
    return out;
  };
  const store = guardStore(rawStore);
  const isoTime = createIsoTime();
  let calendar: PeriodCalendar | undefined;

  const currentCalendar = (): PeriodCalendar => {
    const timeZone = config().timeZone;
    if (calendar?.timeZone !== timeZone) calendar = createPeriodCalendar(timeZone);
    return calendar;
  };
  const calendarNow = (now: number): CalendarPeriod => currentCalendar().at(now);
  // The period may not be the current one (a late settle), so not calendarNow's.
  const resetAt = (period: string): string => new Date(currentCalendar().monthBounds(period).end).toISOString();

  // The store is the outbox: any process on it delivers what another could not.
  // Every alert type goes through this one notifier (notifier.notify(toOutboxAlert(...))).
  const notifier = createWebhookNotifier({
    url: () => config().alerts.webhookUrl,
    secret: () => config().alerts.webhookSecret,
    outbox: store,
    fetch: options.fetch,
    logger,
    ...options.webhook,
  });
  const alerts = createBudgetAlerts({
    store,
    budgets: budgetsNow,
    tagBudgets: tagBudgetsNow,
    notifier,
    clock,
    logger,
    resetAt,
    currentPeriod: () => calendarNow(clock.now()).month,
    onFired: options.onBudgetAlert,
  });
  /** Alert work starts with the ledger's first use (creating one touches nothing). */
  const inUse = (): void => alerts.start();
  const afterCharge = ({ record, providerSpentMicroUsd }: Pick<FinishOutcome, 'record' | 'providerSpentMicroUsd'>): void => {
    // Charged on bounded figures (cost/bound-usage.ts): say so, once per record charged.
    if (record?.suspect !== undefined) {
      const alert = usageSuspectAlert(record);
      logger.warn(usageSuspectText(alert), { ...alert });
      if (notifier.enabled()) notifier.notify(usageSuspectOutboxAlert(alert));
    }
    if (record?.tags !== undefined && record.costMicroUsd !== undefined && record.costMicroUsd > 0) alerts.afterTagCharge(record.period, record.tags);
    if (record !== undefined && providerSpentMicroUsd !== undefined) {
      alerts.afterCharge(record.provider, record.period, providerSpentMicroUsd);
    }
  };

  /**
   * Writes in progress. Callers on a hot path (the gateway) need not wait for
   * a settle: reads wait for them first, so a process always sees its own
   * writes, and flush/close wait for them all.
   */
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    const done = () => pending.delete(work);
    work.then(done, done);
    return work;
  };
  const settled = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  /** Ids of requests finished here without a stored reservation of their own (unbudgeted, or under an allowance). */
  const finishedLocal = createRecentIds(MAX_LOCAL_IDS);
  /** Records the store could not take, retried until they land (issue 15). */
  const backlog = createWriteBacklog({ logger, retry: options.writeRetry });
  /** A write through the backlog: the outcome once it landed, `pending` while it is kept for retries. */
  const write = async <T extends Pick<FinishOutcome, 'record' | 'providerSpentMicroUsd'>>(submitted: SubmittedWrite<T>): Promise<T | undefined> => {
    const first = await submitted.first;
    if (first !== undefined) afterCharge(first);
    else void submitted.landed.then((landed) => landed !== undefined && afterCharge(landed));
    return first;
  };
  const allowances = createBudgetAllowances({ store, clock, logger, track, isoTime, maxWorstCases: options.allowanceWorstCases });

  const finish = async (kind: 'settle' | 'release', reservation: Reservation, report: RequestReport | undefined): Promise<SettleResult> => {
    // Built (and checked) before the store sees it: a store operation must not fail half-way.
    const record = report === undefined ? undefined : toLedgerRecord(reservation, report);
    if (finishedLocal.has(reservation.id)) return { status: 'duplicate' };
    const draw = allowances.drawOf(reservation.id, record?.costMicroUsd);
    if (!reservation.budgeted || draw !== undefined) {
      // Nothing of this request's own was held in the store: the record is appended, once.
      finishedLocal.add(reservation.id);
      const appending = record === undefined ? undefined : backlog.submit(record.id, record, () => store.append(record, draw?.from, draw?.amountMicroUsd));
      // The allowance is released only after the record landed: the store never sees neither.
      allowances.finish(reservation.id, record === undefined ? 0 : record.costMicroUsd, appending?.landed);
      if (appending === undefined || record === undefined) return { status: 'charged' };
      const appended = await write(appending);
      return appended === undefined ? { status: 'pending', record } : { status: 'charged', record: appended.record };
    }
    const id = reservation.id;
    const outcome = await write(
      backlog.submit(id, record, () => (kind === 'settle' && record !== undefined ? store.settle(id, record) : store.release(id, record))),
    );
    if (outcome === undefined) return record === undefined ? { status: 'pending' } : { status: 'pending', record };
    return outcome.record === undefined ? { status: outcome.status } : { status: outcome.status, record: outcome.record };
  };

  const recordUnreserved = async (report: UnreservedReport): Promise<LedgerRecord> => {
    requireId(report.id);
    const startedAt = report.startedAt ?? clock.now();
    const period = calendarNow(startedAt);
    const record = toLedgerRecord(
      {
        id: report.id,
        time: isoTime(startedAt),
        period: period.month,
        day: period.day,
        provider: report.provider,
        model: report.model,
      },
      report,
    );
    return (await write(backlog.submit(record.id, record, () => store.append(record))))?.record ?? record;
  };

  return {
    async reserve(request) {
      requireId(request.id);
      inUse();
      if (request.worstCaseMicroUsd !== undefined) requireCount('worstCaseMicroUsd', request.worstCaseMicroUsd);
      await shared?.refresh();
      const cfg = config();
      const now = clock.now();
      const period = calendarNow(now);
      const budget = getOwn(budgetsNow(), request.provider);
      const tagLimits = tagLimitsOf(request.tags);
      const expiresAt = now + (request.leaseMs ?? requestLifeMs(cfg.routing) + (options.leaseMarginMs ?? LEASE_MARGIN_MS));
      if (budget === undefined && tagLimits.length === 0) {
        // Nothing to hold against: no store round trip on the request path.
        const local: Reservation = {
          id: request.id,
          provider: request.provider,
          model: request.model,
          period: period.month,
          day: period.day,
          time: isoTime(now),
          expiresAt,
          budgeted: false,
        };
        if (request.worstCaseMicroUsd !== undefined) local.worstCaseMicroUsd = request.worstCaseMicroUsd;
        return local;
      }
      // The ledger cannot be written just now (records are waiting for it):
      // budgeted work is refused, under an allowance too, until they land.
      const unwritable = backlog.failure;
      if (unwritable !== undefined) {
        throw unwritable.with({ details: { ...unwritable.details, waitingRecords: backlog.size } });
      }
      let limits: BudgetLimits | undefined;
      if (budget !== undefined) {
        limits = { providerMicroUsd: budget.monthlyLimitMicroUsd };
        const modelLimit = getOwn(budget.models, request.model);
        if (modelLimit !== undefined) limits.modelMicroUsd = modelLimit;
      }
      // A request under a tag budget reserves on its own: an allowance is a
      // slice of one provider's room, and tag scopes cut across providers.
      if (limits !== undefined && tagLimits.length === 0 && request.worstCaseMicroUsd !== undefined) {
        const admitted = await allowances.admit({
          id: request.id,
          provider: request.provider,
          model: request.model,
          worstCaseMicroUsd: request.worstCaseMicroUsd,
          period: period.month,
          day: period.day,
          limits,
          leaseMs: expiresAt - now,
          now,
        });
        if (admitted !== undefined) return admitted;
      }
      // Refused only when the requests in flight leave no room: idle allowance room is asked back first.
      const outcome = await reserveReclaiming(
        { store, allowances },
        {
          id: request.id,
          provider: request.provider,
          model: request.model,
          amountMicroUsd: request.worstCaseMicroUsd,
          period: period.month,
          day: period.day,
          expiresAt,
          ...(limits === undefined ? {} : { limits }),
          ...(tagLimits.length === 0 ? {} : { tagLimits }),
        },
      );
      if (!outcome.admitted) {
        throw createBudgetExceededError({
          provider: request.provider,
          model: request.model,
          refusal: outcome.refusal,
          ...(budget === undefined ? {} : { budget }),
          period,
          timeZone: cfg.timeZone,
        });
      }
      const { amountMicroUsd, ...held } = outcome.reservation;
      const reservation: Reservation = { ...held, time: isoTime(now), budgeted: true };
      if (amountMicroUsd !== undefined) reservation.worstCaseMicroUsd = amountMicroUsd;
      return reservation;
    },

    settle: (reservation, report) => track(finish('settle', reservation, report)),
    release: (reservation, report) => track(finish('release', reservation, report)),

    record: (report) => {
      inUse();
      return track(recordUnreserved(report));
    },

    async budgetStatus(query = {}) {
      inUse();
      await settled();
      await shared?.refresh();
      const cfg = config();
      const now = clock.now();
      const period = calendarNow(now);
      const [read, tags, deliveries] = await Promise.all([store.readPeriod(period.month), store.readTagUsage(period.month), store.readAlertDeliveries()]);
      const snapshot = allowances.adjust(read);
      const status = computeBudgetStatus({
        snapshot,
        tags,
        webhook: webhookStatus(deliveries, { configured: cfg.alerts.webhookUrl !== undefined, signed: cfg.alerts.webhookSecret !== undefined }),
        tag: query.tag,
        budgets: budgetsNow(),
        tagBudgets: tagBudgetsNow(),
        period,
        timeZone: cfg.timeZone,
        now,
        provider: query.provider,
        estimate: query.estimate,
      });
      if (shared === undefined) return status;
      for (const provider of status.providers) {
        const entry = shared.entry(provider.provider);
        if (provider.budgeted && entry !== undefined) provider.limitSetBy = entry.source;
      }
      for (const tagBudget of status.tagBudgets ?? []) {
        const entry = shared.entry(tagBudget.tag);
        if (entry !== undefined) tagBudget.limitSetBy = entry.source;
      }
      const conflicts = shared.conflicts().filter((c) => query.provider === undefined || c.provider === query.provider);
      if (conflicts.length > 0) status.budgetConflicts = conflicts.map(({ provider, message }) => ({ provider, message }));
      return status;
    },

    budgetsInForce: budgetsNow,
    tagBudgetsInForce: tagBudgetsNow,

    async claimBudgets(providers) {
      await shared?.claim(providers);
    },

    async usage(query = {}) {
      inUse();
      await settled();
      const period = calendarNow(clock.now());
      const ranged = query.from !== undefined || query.to !== undefined;
      const days: string[] = ranged ? usageRangeDays(query.from, query.to, period.day) : [];
      const today = Number(period.day.slice(8));
      if (!ranged) for (let day = 1; day <= today; day += 1) days.push(`${period.month}-${String(day).padStart(2, '0')}`);
      const months: string[] = [];
      for (let back = 0; back < Math.max(1, query.months ?? 12); back += 1) months.push(shiftMonthKey(period.month, -back));
      const aggregates = await store.readUsage({ months, days });
      const report: UsageReport = { ...aggregates, period: period.month, timeZone: config().timeZone };
      if (ranged) report.range = { from: days[0] ?? '', to: days.at(-1) ?? '', days };
      return report;
    },

    async sendTestAlert() {
      inUse();
      // An attempt is bounded by the webhook timeout; the claim and the record around it add little.
      return sendTestAlert({ notifier, store, now: () => clock.now(), waitMs: (options.webhook?.timeoutMs ?? 10_000) + 5_000 });
    },

    async listRecent(limit = 50) {
      inUse();
      await settled();
      return store.listRecent(limit);
    },

    async flush() {
      inUse();
      await settled();
      await alerts.flush();
    },

    async close() {
      await settled();
      // Records still waiting for the store are tried until they land (or, at
      // worst, logged in full) before the allowances they draw from go.
      await backlog.close();
      await allowances.releaseAll();
      await settled();
      await alerts.close();
      await store.close();
      await shared?.close();
    },
  };
}

/** The store with its failures turned into AegisErrors. */
function guardStore(store: LedgerStore): LedgerStore {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      fn(...args).catch((error: unknown) => {
        throw toLedgerError(error);
      });
  return {
    open: guard(() => store.open()),
    reserve: guard((input) => store.reserve(input)),
    settle: guard((id, record) => store.settle(id, record)),
    release: guard((id, record) => store.release(id, record)),
    append: guard((record, drawFrom, drawMicroUsd) => store.append(record, drawFrom, drawMicroUsd)),
    retireAllowance: guard((id, unusedMicroUsd) => store.retireAllowance(id, unusedMicroUsd)),
    coverAllowance: guard((id, cover) => store.coverAllowance(id, cover)),
    readReclaims: guard((period) => store.readReclaims(period)),
    markAlertFired: guard((alert, delivery) => store.markAlertFired(alert, delivery)),
    enqueueAlert: guard((alert) => store.enqueueAlert(alert)),
    claimAlerts: guard((input) => store.claimAlerts(input)),
    finishAlertAttempt: guard((result) => store.finishAlertAttempt(result)),
    readPeriod: guard((period) => store.readPeriod(period)),
    readUsage: guard((query) => store.readUsage(query)),
    readTagUsage: guard((period) => store.readTagUsage(period)),
    readAlertDeliveries: guard(() => store.readAlertDeliveries()),
    listRecent: guard((limit) => store.listRecent(limit)),
    close: guard(() => store.close()),
  };
}

/** Who a process is as a writer of the budget book, without a source of its own. */
export function defaultBudgetSource(configFile: string | undefined): string {
  return configFile === undefined ? 'environment' : `config file ${configFile}`;
}

function requireId(id: unknown): void {
  if (typeof id !== 'string' || id === '') throw new AegisError('bad_request', 'Ledger: a request needs a non-empty id.');
}
