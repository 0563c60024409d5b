import type { Logger } from '../ledger/logger.js';
import type { AlertNotifier, BudgetAlert } from './budget-alert.js';
import { buildAlertPayload } from './build-alert-payload.js';

export interface WebhookNotifierOptions {
  /**
   * Where alerts are POSTed, read at each attempt so a config change takes
   * effect; undefined: alerts are only logged. The URL is treated as a secret
   * (Slack webhook URLs are) and never logged.
   */
  url: () => string | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  logger: Logger;
  /** Attempts per alert, the first included. @default 6 */
  maxAttempts?: number;
  /** Wait before the first retry, doubled each time. @default 1000 */
  baseDelayMs?: number;
  /** @default 60000 */
  maxDelayMs?: number;
  /** One attempt's timeout. @default 10000 */
  timeoutMs?: number;
}

interface Delivery {
  alert: BudgetAlert;
  body: string;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * POSTs alerts as JSON, in the background: a failing endpoint (refused,
 * timeout, non-2xx) is retried with exponential backoff up to `maxAttempts`,
 * then given up with an error log. Nothing here is awaited by a request.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): AlertNotifier {
  const doFetch = options.fetch ?? globalThis.fetch;
  const { logger } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pending = new Set<Delivery>();
  let idleWaiters: Array<() => void> = [];
  const stop = new AbortController();
  let closed = false;

  const done = (delivery: Delivery): void => {
    pending.delete(delivery);
    if (pending.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const attempt = async (delivery: Delivery): Promise<void> => {
    delivery.timer = undefined;
    const url = options.url();
    if (closed || url === undefined) return done(delivery);
    delivery.attempts += 1;
    let failure: string;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: delivery.body,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // Read the body so the connection can be reused; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return done(delivery);
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = describe(error, url);
    }
    if (closed) return done(delivery);
    const facts = { provider: delivery.alert.provider, threshold: delivery.alert.threshold, attempts: delivery.attempts, failure };
    if (delivery.attempts >= maxAttempts) {
      logger.error('budget alert webhook failed; giving up', facts);
      return done(delivery);
    }
    const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (delivery.attempts - 1));
    logger.warn('budget alert webhook failed; will retry', { ...facts, retryInMs: delayMs });
    delivery.timer = setTimeout(() => void attempt(delivery), delayMs);
    // A pending retry must not keep a finished process alive.
    delivery.timer.unref?.();
  };

  return {
    notify(alert) {
      if (closed) {
        logger.warn('budget alert not posted: the notifier is closed', { provider: alert.provider, threshold: alert.threshold });
        return;
      }
      if (options.url() === undefined) return;
      const delivery: Delivery = { alert, body: JSON.stringify(buildAlertPayload(alert)), attempts: 0 };
      pending.add(delivery);
      void attempt(delivery);
    },
    flush() {
      if (pending.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      stop.abort();
      for (const delivery of pending) {
        if (delivery.timer !== undefined) {
          clearTimeout(delivery.timer);
          logger.warn('budget alert dropped at shutdown before it could be posted', {
            provider: delivery.alert.provider,
            threshold: delivery.alert.threshold,
          });
          done(delivery);
        }
      }
      // In-flight posts end on the abort and finish themselves.
      await new Promise<void>((resolve) => (pending.size === 0 ? resolve() : idleWaiters.push(resolve)));
    },
  };
}

/** An error in words, without the URL (it may carry a token). */
function describe(error: unknown, url: string): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' ? `${message} (${code})` : message;
  return text.split(url).join('[webhook url]');
}
