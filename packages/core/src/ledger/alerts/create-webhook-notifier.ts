import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log/logger.js';
import { createMemoryStore } from '../memory/create-memory-store.js';
import type { ClaimedAlert, LedgerStore } from '../store.js';
import { alertRetryDelay } from './alert-retry-delay.js';
import type { AlertNotifier } from './budget-alert.js';
import { postAlert } from './post-alert.js';

/** The part of a store alerts wait in. */
export type AlertOutbox = Pick<LedgerStore, 'enqueueAlert' | 'claimAlerts' | 'finishAlertAttempt'>;

export interface WebhookNotifierOptions {
  /**
   * Where alerts are POSTed, read at each pass so a config change takes
   * effect; undefined: alerts are only logged (and nothing is claimed). The
   * URL is treated as a secret (Slack webhook URLs are) and never logged.
   */
  url: () => string | undefined;
  /** The signing secret (sign-alert.ts), read at each attempt; undefined: POSTs are not signed. Never logged. */
  secret?: () => string | undefined;
  /**
   * Where alerts wait until delivered: the ledger's store, so any process
   * on it delivers what this one could not (it died, or its webhook was
   * down). @default a store in this process's memory: nothing survives it
   */
  outbox?: AlertOutbox;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  logger: Logger;
  /** Attempts per alert, the first included, across processes. @default 12 (about 47 minutes of retries) */
  maxAttempts?: number;
  /** Wait before the first retry, doubled each time. @default 1000 */
  baseDelayMs?: number;
  /** @default 1800000 (30 minutes) */
  maxDelayMs?: number;
  /** One attempt's timeout, answer included. @default 10000 */
  timeoutMs?: number;
  /** How long flush() waits at most for retries that come due. @default 30000 */
  flushTimeoutMs?: number;
  /** How often to look for alerts another process left due; 0: only when woken. @default 60000 */
  pollMs?: number;
}

/** Alerts claimed at once: a pass posts them together. */
const CLAIM_LIMIT = 16;
/** A claim outlasts its attempt's timeout by this much before another process may take the alert. */
const LEASE_MARGIN_MS = 5000;

/**
 * POSTs alerts as JSON from the outbox, at least once. A pass claims the
 * alerts due (no other process holds them), posts each with a timeout, and
 * records the outcome: delivered, retry after an exponential backoff, or
 * failed after `maxAttempts`. Timers wake the next pass when a retry (of
 * this process or another's) comes due; a slow poll finds alerts a dead
 * process left. No timer keeps a finished process alive: close() makes the
 * attempts that are due, and what still waits is left in the outbox.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): AlertNotifier {
  const { logger } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const durable = options.outbox !== undefined;
  const outbox = options.outbox ?? createMemoryStore({ logger });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 12);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const flushTimeoutMs = options.flushTimeoutMs ?? 30_000;
  const pollMs = options.pollMs ?? 60_000;
  const leaseMs = timeoutMs + LEASE_MARGIN_MS;

  const work = new Set<Promise<unknown>>();
  const track = <T>(task: Promise<T>): Promise<T> => {
    work.add(task);
    const done = () => work.delete(task);
    task.then(done, done);
    return task;
  };
  const idle = async (): Promise<void> => {
    while (work.size > 0) await Promise.allSettled([...work]);
  };
  /** Alerts this process left waiting for a retry, by id: reported at close. */
  const retrying = new Map<string, Record<string, string | number>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Epoch ms (this process's time) the timer wakes the next pass. */
  let wakeAt: number | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let passing: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const cancelWake = (): void => {
    clearTimeout(timer);
    timer = undefined;
    wakeAt = undefined;
  };
  const wakeIn = (ms: number): void => {
    const at = Date.now() + ms;
    if (closed || (wakeAt !== undefined && wakeAt <= at)) return;
    cancelWake();
    wakeAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      wakeAt = undefined;
      void pass();
    }, ms);
    // A pending retry must not keep a finished process alive: it waits in the outbox.
    timer.unref?.();
  };
  const startPoll = (): void => {
    if (poll !== undefined || pollMs <= 0 || closed) return;
    poll = setInterval(() => void pass(), pollMs);
    poll.unref?.();
  };

  /** Runs passes until none is asked for; one at a time per process. */
  const pass = (): Promise<void> => {
    if (passing !== undefined) {
      again = true;
      return passing;
    }
    passing = track(
      (async () => {
        do {
          again = false;
          await onePass();
        } while (again && !closed);
      })().finally(() => (passing = undefined)),
    );
    return passing;
  };

  async function onePass(): Promise<void> {
    const url = options.url();
    if (url === undefined) return;
    const claim = randomUUID();
    let claimed: Awaited<ReturnType<AlertOutbox['claimAlerts']>>;
    try {
      claimed = await outbox.claimAlerts({ claim, limit: CLAIM_LIMIT, leaseMs, maxAttempts });
    } catch (error) {
      logger.warn('alert outbox could not be read; will look again', { error: String(error), retryInMs: baseDelayMs });
      wakeIn(baseDelayMs);
      return;
    }
    const started = Date.now();
    const retries = await Promise.all(claimed.alerts.map((alert) => attempt(alert, url, claim)));
    const waits = retries.filter((ms): ms is number => ms !== undefined);
    if (claimed.nextDueInMs !== undefined) waits.push(Math.max(0, claimed.nextDueInMs - (Date.now() - started)));
    // More were due than one claim takes: go on at once.
    if (claimed.alerts.length > 0 && claimed.nextDueInMs === 0) again = true;
    else if (waits.length > 0) wakeIn(Math.min(...waits));
  }

  /** One POST and its outcome recorded; the retry delay when one is due. */
  async function attempt(alert: ClaimedAlert, url: string, claim: string): Promise<number | undefined> {
    const failure = await postAlert({ url, alert, fetch: doFetch, timeoutMs, secret: options.secret?.() });
    const facts = { id: alert.id, type: alert.type, ...alert.facts, attempts: alert.attempt };
    if (failure === undefined) {
      retrying.delete(alert.id);
      await record({ id: alert.id, claim, outcome: 'delivered' }, facts);
      return undefined;
    }
    if (alert.attempt >= maxAttempts) {
      retrying.delete(alert.id);
      logger.error('alert webhook failed; giving up', { ...facts, failure });
      await record({ id: alert.id, claim, outcome: 'failed', error: failure }, facts);
      return undefined;
    }
    const retryInMs = alertRetryDelay(alert.attempt, baseDelayMs, maxDelayMs);
    logger.warn('alert webhook failed; will retry', { ...facts, failure, retryInMs });
    retrying.set(alert.id, { type: alert.type, ...alert.facts });
    await record({ id: alert.id, claim, outcome: 'retry', retryInMs, error: failure }, facts);
    return retryInMs;
  }

  async function record(result: Parameters<AlertOutbox['finishAlertAttempt']>[0], facts: Record<string, unknown>): Promise<void> {
    try {
      await outbox.finishAlertAttempt(result);
    } catch (error) {
      // The claim lapses and the alert is attempted again: posted twice at worst, never lost.
      logger.warn('alert delivery state could not be saved; it will be attempted again', { ...facts, error: String(error) });
    }
  }

  return {
    enabled: () => !closed && options.url() !== undefined,

    notify(alert) {
      if (closed) {
        logger.warn('alert not posted: the notifier is closed', { id: alert.id, ...alert.facts });
        return;
      }
      if (options.url() === undefined) return;
      startPoll();
      void track(
        (async () => {
          try {
            await outbox.enqueueAlert(alert);
          } catch (error) {
            logger.error('alert could not be queued for the webhook; not posted', { id: alert.id, ...alert.facts, error: String(error) });
            return;
          }
          await pass();
        })(),
      );
    },

    wake() {
      if (closed) return;
      startPoll();
      void pass();
    },

    async flush() {
      const deadline = Date.now() + flushTimeoutMs;
      for (;;) {
        await idle();
        if (closed || options.url() === undefined || wakeAt === undefined || wakeAt > deadline) return;
        // A retry comes due within the window: wait for it here (a timer
        // that holds the process, unlike the background one) and run it.
        await sleep(Math.max(0, wakeAt - Date.now()));
        cancelWake();
        await pass();
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      await idle();
      // A retry whose backoff has just ended, or an alert another process left: one last attempt.
      const dueNow = wakeAt !== undefined && wakeAt <= Date.now();
      cancelWake();
      if (dueNow) await track(onePass());
      await idle();
      cancelWake();
      for (const [id, facts] of retrying) {
        if (durable) logger.warn('alert left pending at shutdown; the next process on this ledger posts it', { id, ...facts });
        else logger.warn('alert dropped at shutdown before it could be posted', { id, ...facts });
      }
    },
  };
}
