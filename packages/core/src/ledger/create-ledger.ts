import { join } from 'node:path';
import type { BudgetAlert } from '../alerts/budget-alert.js';
import { alertText } from '../alerts/build-alert-payload.js';
import { createWebhookNotifier, type WebhookNotifierOptions } from '../alerts/create-webhook-notifier.js';
import { thresholdsReached } from '../alerts/thresholds-reached.js';
import { computeBudgetStatus } from '../budget/compute-budget-status.js';
import { createBudgetExceededError } from '../budget/create-budget-exceeded-error.js';
import { createPeriodCalendar, type CalendarPeriod, type PeriodCalendar } from '../budget/create-period-calendar.js';
import { shiftMonthKey } from '../budget/shift-month-key.js';
import { AegisError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';
import { getOwn } from './document/own-entry.js';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import type { Ledger, LedgerConfig, Reservation, SettleResult } from './ledger.js';
import { createStderrLogger, type Logger } from './logger.js';
import type { BudgetLimits, FinishOutcome, LedgerStore } from './store.js';
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
  /** Webhook retry tuning (tests shorten it). */
  webhook?: Pick<WebhookNotifierOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs'>;
}

/** Margin of a reservation's lease over the request deadline. */
const LEASE_MARGIN_MS = 60_000;
/** Thresholds known fired, remembered per process to skip the store; cleared past this size. */
const MAX_KNOWN_ALERTS = 1000;

/**
 * The cost ledger, monthly budgets and alerts behind one object. Synchronous
 * to create: the embedded store opens on first use.
 */
export function createLedger(options: CreateLedgerOptions): Ledger {
  const config = typeof options.config === 'function' ? options.config : () => options.config as LedgerConfig;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStderrLogger();
  const store = options.store ?? openEmbeddedStore({ dir: join(config().home, 'ledger'), clock, logger });
  const notifier = createWebhookNotifier({
    url: () => config().alerts.webhookUrl,
    fetch: options.fetch,
    logger,
    ...options.webhook,
  });
  let calendar: PeriodCalendar | undefined;
  const knownAlerts = new Set<string>();
  const background = new Set<Promise<void>>();

  const currentCalendar = (): PeriodCalendar => {
    const timeZone = config().timeZone;
    if (calendar?.timeZone !== timeZone) calendar = createPeriodCalendar(timeZone);
    return calendar;
  };
  const calendarNow = (now: number): CalendarPeriod => currentCalendar().at(now);
  // The period may not be the current one (a late settle), so not calendarNow's.
  const resetInstant = (period: string): string => new Date(currentCalendar().monthBounds(period).end).toISOString();

  /** After a charge: fire each threshold the provider's spend has reached, once per period across processes. */
  const checkAlerts = async (provider: string, period: string, spentMicroUsd: number): Promise<void> => {
    const budget = getOwn(config().budgets, provider);
    if (budget === undefined) return;
    const limit = budget.monthlyLimitMicroUsd;
    for (const threshold of thresholdsReached(spentMicroUsd, limit, budget.alertThresholds)) {
      const key = `${period}\u0000${provider}\u0000${threshold}`;
      if (knownAlerts.has(key)) continue;
      if (knownAlerts.size >= MAX_KNOWN_ALERTS) knownAlerts.clear();
      knownAlerts.add(key);
      const time = new Date(clock.now()).toISOString();
      let first: boolean;
      try {
        first = await store.markAlertFired({ period, provider, threshold, firedAt: time, spentMicroUsd, limitMicroUsd: limit });
      } catch (error) {
        knownAlerts.delete(key);
        logger.error('budget alert state could not be saved; will retry on the next charge', {
          provider,
          threshold,
          error: String(error),
        });
        continue;
      }
      if (!first) continue;
      const alert: BudgetAlert = {
        provider,
        threshold,
        percent: limit > 0 ? Math.round((spentMicroUsd * 1000) / limit) / 10 : 100,
        spentMicroUsd,
        limitMicroUsd: limit,
        period,
        time,
        resetAt: resetInstant(period),
      };
      logger.warn(alertText(alert), { ...alert });
      notifier.notify(alert);
    }
  };


  /** Alerts run beside the request, never in its way; flush() and close() wait for them. */
  const afterCharge = (outcome: Pick<FinishOutcome, 'record' | 'providerSpentMicroUsd'>): void => {
    const { record, providerSpentMicroUsd } = outcome;
    if (record === undefined || providerSpentMicroUsd === undefined) return;
    const task = checkAlerts(record.provider, record.period, providerSpentMicroUsd).catch((error: unknown) => {
      logger.error('budget alert check failed', { error: String(error) });
    });
    background.add(task);
    void task.finally(() => background.delete(task));
  };

  const finish = async (
    kind: 'settle' | 'release',
    reservation: Reservation,
    report: Parameters<Ledger['settle']>[1] | undefined,
  ): Promise<SettleResult> => {
    const record = report === undefined ? undefined : toLedgerRecord(reservation, report);
    const outcome =
      kind === 'settle' && record !== undefined
        ? await store.settle(reservation.id, record)
        : await store.release(reservation.id, record);
    afterCharge(outcome);
    return outcome.record === undefined ? { status: outcome.status } : { status: outcome.status, record: outcome.record };
  };

  const waitForBackground = async (): Promise<void> => {
    while (background.size > 0) await Promise.all([...background]);
  };

  return {
    async reserve(request) {
      if (typeof request.id !== 'string' || request.id === '') {
        throw new AegisError('bad_request', 'Ledger: a reservation needs a non-empty id.');
      }
      if (request.worstCaseMicroUsd !== undefined) requireCount('worstCaseMicroUsd', request.worstCaseMicroUsd);
      const cfg = config();
      const now = clock.now();
      const period = calendarNow(now);
      const budget = getOwn(cfg.budgets, request.provider);
      let limits: BudgetLimits | undefined;
      if (budget !== undefined) {
        limits = { providerMicroUsd: budget.monthlyLimitMicroUsd };
        const modelLimit = getOwn(budget.models, request.model);
        if (modelLimit !== undefined) limits.modelMicroUsd = modelLimit;
      }
      const outcome = await store.reserve({
        id: request.id,
        provider: request.provider,
        model: request.model,
        amountMicroUsd: request.worstCaseMicroUsd,
        period: period.month,
        day: period.day,
        time: new Date(now).toISOString(),
        expiresAt: now + (request.leaseMs ?? cfg.routing.requestTimeoutMs + LEASE_MARGIN_MS),
        limits,
      });
      if (!outcome.admitted) {
        // Only a request with limits, hence a budget, can be refused.
        if (budget === undefined) throw new Error('ledger: refused without a budget');
        throw createBudgetExceededError({
          provider: request.provider,
          model: request.model,
          refusal: outcome.refusal,
          budget,
          period,
          timeZone: cfg.timeZone,
        });
      }
      const { amountMicroUsd, ...held } = outcome.reservation;
      const reservation: Reservation = { ...held, budgeted: budget !== undefined };
      if (amountMicroUsd !== undefined) reservation.worstCaseMicroUsd = amountMicroUsd;
      return reservation;
    },

    settle: (reservation, report) => finish('settle', reservation, report),
    release: (reservation, report) => finish('release', reservation, report),

    async record(report) {
      const startedAt = report.startedAt ?? clock.now();
      const period = calendarNow(startedAt);
      const record = toLedgerRecord(
        {
          id: report.id,
          time: new Date(startedAt).toISOString(),
          period: period.month,
          day: period.day,
          provider: report.provider,
          model: report.model,
        },
        report,
      );
      const outcome = await store.append(record);
      afterCharge(outcome);
      return outcome.record;
    },

    async budgetStatus(query = {}) {
      const cfg = config();
      const now = clock.now();
      const period = calendarNow(now);
      const snapshot = await store.readPeriod(period.month);
      return computeBudgetStatus({
        snapshot,
        budgets: cfg.budgets,
        period,
        timeZone: cfg.timeZone,
        now,
        provider: query.provider,
        estimate: query.estimate,
      });
    },

    async usage(query = {}) {
      const period = calendarNow(clock.now());
      const days: string[] = [];
      const today = Number(period.day.slice(8));
      for (let day = 1; day <= today; day += 1) days.push(`${period.month}-${String(day).padStart(2, '0')}`);
      const months: string[] = [];
      for (let back = 0; back < Math.max(1, query.months ?? 12); back += 1) months.push(shiftMonthKey(period.month, -back));
      const aggregates = await store.readUsage({ months, days });
      return { ...aggregates, period: period.month, timeZone: config().timeZone };
    },

    listRecent: (limit = 50) => store.listRecent(limit),

    async flush() {
      await waitForBackground();
      await notifier.flush();
    },

    async close() {
      await waitForBackground();
      await notifier.close();
      await store.close();
    },
  };
}
