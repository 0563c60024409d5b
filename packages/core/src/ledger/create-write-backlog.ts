/**
 * Ledger writes that the store could not take (issue 15: a ledger directory
 * unwritable for 4 s dropped 85-88 records per episode for good, with a stderr
 * line only). A record whose write failed is kept here, in memory, and retried
 * with backoff until it lands; while anything is kept the ledger refuses
 * budgeted requests (createLedger), as a fail-closed Redis store does.
 *
 * Retrying is safe because every write is idempotent by record id: a settle
 * or release of a reservation already finished is a `duplicate`, and an
 * append whose line reached the log before its commit failed is recognised
 * by id when the log is recovered (embedded/recover-logs.ts), so a record
 * lands exactly once however often it was tried.
 */
import { AegisError } from '../errors.js';
import type { LedgerRecord } from './ledger-record.js';
import type { Logger } from '../log/logger.js';
import { toLedgerError } from './to-ledger-error.js';

export interface WriteRetryOptions {
  /** First wait before a retry. @default 50 */
  baseDelayMs?: number;
  /** Longest wait between retries. @default 2000 */
  maxDelayMs?: number;
  /** How long close() keeps retrying what is still kept before it logs it in full and gives up. @default 30000 */
  closeTimeoutMs?: number;
}

export interface SubmittedWrite<T> {
  /** The first try: its value, or undefined when it failed and the write is kept for retries. */
  first: Promise<T | undefined>;
  /** When the write finally landed (its value), or undefined when close() gave up on it. Never rejects. */
  landed: Promise<T | undefined>;
}

export interface WriteBacklog {
  /** Runs `write` now; when it fails, keeps it and retries it until it lands. `record` is what it writes, for the logs. */
  submit<T>(id: string, record: LedgerRecord | undefined, write: () => Promise<T>): SubmittedWrite<T>;
  /** Writes kept, waiting for a retry. */
  readonly size: number;
  /** Why the last try failed, while anything is kept. */
  readonly failure: AegisError | undefined;
  /** Retries until nothing is kept or `closeTimeoutMs` passed; logs what is still kept, in full, and stops. */
  close(): Promise<void>;
}

interface Kept {
  id: string;
  record: LedgerRecord | undefined;
  write: () => Promise<unknown>;
  resolve: (value: unknown) => void;
}

/** Failures logged while a backlog lasts are limited to one per this long (a retry every 2 s must not flood stderr). */
const LOG_EVERY_MS = 30_000;

export function createWriteBacklog(options: { logger: Logger; retry?: WriteRetryOptions }): WriteBacklog {
  const { logger } = options;
  const baseDelayMs = options.retry?.baseDelayMs ?? 50;
  const maxDelayMs = options.retry?.maxDelayMs ?? 2_000;
  const closeTimeoutMs = options.retry?.closeTimeoutMs ?? 30_000;
  const kept: Kept[] = [];
  let failure: AegisError | undefined;
  let retries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retrying: Promise<void> | undefined;
  let lastLogged = 0;
  let closing = false;

  const keep = (entry: Kept, error: unknown): void => {
    failure = toLedgerError(error);
    kept.push(entry);
    const now = Date.now();
    if (kept.length === 1 || now - lastLogged >= LOG_EVERY_MS) {
      lastLogged = now;
      logger.error('ledger: could not write to the cost ledger; the records are kept in memory and retried, budgeted requests are refused meanwhile', {
        error: failure.message,
        waiting: kept.length,
      });
    }
    schedule();
  };

  const schedule = (): void => {
    if (timer !== undefined || retrying !== undefined || kept.length === 0 || closing) return;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retries, 16));
    const jittered = delay / 2 + Math.random() * (delay / 2);
    // Kept referenced on purpose: a process with records still unwritten
    // stays up to write them (close() bounds that).
    timer = setTimeout(() => {
      timer = undefined;
      void retryAll().finally(schedule);
    }, jittered);
  };

  /** One retry of everything kept, all at once: the embedded store commits them together. */
  const retryAll = async (): Promise<void> => {
    if (retrying !== undefined) return retrying;
    retrying = (async () => {
      const batch = kept.splice(0);
      const results = await Promise.allSettled(batch.map((entry) => entry.write()));
      let landed = 0;
      results.forEach((result, index) => {
        const entry = batch[index] as Kept;
        if (result.status === 'fulfilled') {
          landed += 1;
          entry.resolve(result.value);
        } else {
          failure = toLedgerError(result.reason);
          kept.push(entry);
        }
      });
      if (kept.length === 0) {
        retries = 0;
        failure = undefined;
        if (landed > 0) logger.warn('ledger: the cost ledger is writable again; every kept record landed', { landed });
      } else {
        retries += 1;
      }
    })().finally(() => {
      retrying = undefined;
    });
    return retrying;
  };

  return {
    submit<T>(id: string, record: LedgerRecord | undefined, write: () => Promise<T>): SubmittedWrite<T> {
      let resolveLanded: (value: T | undefined) => void = () => {};
      const landed = new Promise<T | undefined>((resolve) => (resolveLanded = resolve));
      const first = write().then(
        (value) => {
          resolveLanded(value);
          return value;
        },
        (error: unknown) => {
          // A record refused as malformed never lands: that is the caller's error, not a store outage.
          if (error instanceof AegisError && error.kind === 'bad_request') {
            resolveLanded(undefined);
            throw error;
          }
          keep({ id, record, write, resolve: resolveLanded as (value: unknown) => void }, error);
          return undefined;
        },
      );
      return { first, landed };
    },
    get size() {
      return kept.length;
    },
    get failure() {
      return kept.length === 0 ? undefined : failure;
    },
    async close() {
      closing = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const deadline = Date.now() + closeTimeoutMs;
      let wait = baseDelayMs;
      while (kept.length > 0 || retrying !== undefined) {
        await retryAll();
        if (kept.length === 0 || Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, deadline - Date.now()))));
        wait = Math.min(maxDelayMs, wait * 2);
      }
      if (kept.length === 0) return;
      // The last resort: the records in full (they hold no secret, only
      // counts, names and times), so an operator can append them by hand.
      logger.error('ledger: closing with records that could not be written to the cost ledger; they are listed here in full', {
        error: failure?.message,
        records: kept.map((entry) => entry.record ?? { id: entry.id, release: true }),
      });
      for (const entry of kept.splice(0)) entry.resolve(undefined);
    },
  };
}
