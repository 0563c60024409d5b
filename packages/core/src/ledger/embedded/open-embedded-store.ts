/**
 * The default store: one machine, several processes (an MCP server per
 * assistant, n8n, the admin page), files in `<AEGIS_LLM_HOME>/ledger/`:
 *
 * - `ledger.json`: a lowdb document of sums per month/day/provider/model,
 *   open reservations, alert state and one cursor per monthly log. Bounded
 *   whatever the history, because lowdb rewrites it whole on each commit.
 * - `ledger-YYYY-MM.jsonl`: every record, appended, never rewritten or
 *   scanned on the hot path.
 * - `ledger.lock`: the cross-process lock every commit holds.
 *
 * Crash safety (kill -9 at any instant). A commit, under the lock: reads the
 * document, replays log lines past its cursors, applies its operations,
 * APPENDS their records to the log, then WRITES the document (temp file +
 * rename, so it is always a whole commit) with the cursors moved past those
 * lines. The document is the source of truth for what was counted; the cursor
 * says which log bytes it has counted. So:
 * - killed before the append: nothing happened; the callers never got an answer;
 * - killed after the append, before the rename: the lines sit past the cursor
 *   and the next commit that touches the month replays them (ending their
 *   reservations and charging them), moving the cursor in the same write:
 *   counted once, not lost;
 * - killed mid-append: whole lines are replayed as above; the torn last line
 *   (no newline) is cut off with a warning: only records in flight are lost;
 * - killed after the rename: all done.
 * Nothing is counted twice because sums and cursors change in one atomic
 * write. A dead process's lock goes stale and is taken over; its reservations
 * expire at their lease.
 *
 * Durability is against process death, not power loss: no fsync (a power cut
 * can lose the last commits the OS had not flushed).
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { AegisError } from '../../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { appendInDocument } from '../document/append-in-document.js';
import { createDocumentTransaction, type DocumentTransaction } from '../document/document-transaction.js';
import { expireReservations, type ExpiryRetention } from '../document/expire-reservations.js';
import { finishInDocument } from '../document/finish-in-document.js';
import { createEmptyDocument, isLedgerDocument, type LedgerDocument } from '../document/ledger-document.js';
import { markAlertInDocument } from '../document/mark-alert-in-document.js';
import { getOwn, setOwn } from '../document/own-entry.js';
import { pruneDocument, type SumsRetention } from '../document/prune-document.js';
import { readPeriodFromDocument } from '../document/read-period-from-document.js';
import { readUsageFromDocument } from '../document/read-usage-from-document.js';
import { replayRecord } from '../document/replay-record.js';
import { reserveInDocument } from '../document/reserve-in-document.js';
import type { LedgerRecord } from '../ledger-record.js';
import { createStderrLogger, type Logger } from '../logger.js';
import { parseLedgerLine } from '../parse-ledger-line.js';
import type { LedgerStore } from '../store.js';
import { acquireFileLock } from './acquire-file-lock.js';
import { createCommitQueue, type OperationResult, type QueuedOperation } from './create-commit-queue.js';
import { logFileName, periodOfLogFile } from './log-file-name.js';
import { readDocumentRev } from './read-document-rev.js';
import { readLastLines } from './read-last-lines.js';
import { replayLog } from './replay-log.js';

export interface EmbeddedStoreOptions {
  /** Directory of the ledger files, created when missing. Usually `<AEGIS_LLM_HOME>/ledger`. */
  dir: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * A lock not refreshed for this long is taken over: how long a kill -9'd
   * holder can stall the others. proper-lockfile's floor is 2000.
   * @default 5000
   */
  lockStaleMs?: number;
  /** Waiting for the lock longer than this fails the operation. @default 30000 */
  lockTimeoutMs?: number;
  /** Most operations in one commit. @default 1000 */
  maxBatch?: number;
  /** Most records `listRecent` returns. @default 1000 */
  maxRecent?: number;
  retention?: Partial<SumsRetention & ExpiryRetention>;
}

/**
 * Fairness between processes: mkdir locks have no queue, and a process with a
 * backlog re-locks microseconds after unlocking, so a process polling for the
 * lock could wait as long as the backlog lasts. After this many back-to-back
 * commits, a commit first leaves the lock free for FAIR_PAUSE_MS (longer than
 * the waiters' polling interval). The backlog meanwhile grows into a bigger
 * batch, so throughput barely changes.
 */
const MAX_BACK_TO_BACK_COMMITS = 4;
const FAIR_PAUSE_MS = 3;

const DEFAULT_RETENTION: SumsRetention & ExpiryRetention = {
  months: 25,
  days: 62,
  expiredReservationsMs: 24 * 60 * 60 * 1000,
  maxExpiredReservations: 10_000,
};

type Operation = QueuedOperation<DocumentTransaction>;

/**
 * Opens (lazily: the first operation creates the directory, takes the lock,
 * and recovers what a crashed writer left) the embedded store in `dir`.
 */
export function openEmbeddedStore(options: EmbeddedStoreOptions): LedgerStore {
  const dir = resolve(options.dir);
  const docPath = join(dir, 'ledger.json');
  const lockPath = join(dir, 'ledger.lock');
  const logPath = (period: string): string => join(dir, logFileName(period));
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStderrLogger();
  const retention = { ...DEFAULT_RETENTION, ...options.retention };
  const maxRecent = options.maxRecent ?? 1000;
  const lockStaleMs = Math.max(options.lockStaleMs ?? 5000, 2000);

  const db = new Low<LedgerDocument>(
    // Compact JSON: the document is machine state, rewritten on every commit.
    new DataFile<LedgerDocument>(docPath, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }),
    createEmptyDocument(),
  );
  /** The document as of this process's last commit; reused while the file's rev still matches. */
  let cached: LedgerDocument | undefined;
  /** Last document read lock-free for queries, by rev. */
  let snapshot: LedgerDocument | undefined;
  /** Until the first successful commit: scan the directory for logs a crash left uncounted. */
  let scanned = false;
  let compromised: Error | undefined;
  let closed = false;
  let lastReleasedAt = Number.NEGATIVE_INFINITY;
  let backToBack = 0;

  const queue = createCommitQueue<DocumentTransaction>({ maxBatch: options.maxBatch ?? 1000, commit });

  async function commit(batch: readonly Operation[]): Promise<OperationResult[]> {
    if (!scanned) await mkdir(dir, { recursive: true });
    backToBack = performance.now() - lastReleasedAt < 1 ? backToBack + 1 : 0;
    if (backToBack >= MAX_BACK_TO_BACK_COMMITS) {
      backToBack = 0;
      await sleep(FAIR_PAUSE_MS);
    }
    compromised = undefined;
    const release = await acquireFileLock({
      lockPath,
      staleMs: lockStaleMs,
      timeoutMs: options.lockTimeoutMs ?? 30_000,
      onCompromised: (error) => {
        compromised = error;
        logger.error('ledger: lock taken over while held (this process stalled); the commit is abandoned', {
          error: error.message,
        });
      },
    });
    try {
      const { doc, fresh } = await loadDocument();
      const now = clock.now();
      const tx = createDocumentTransaction(doc, now, logger);
      await recover(tx, await periodsToCheck(doc, batch, fresh || !scanned));
      expireReservations(tx, retention);
      // An operation validates before it mutates, so one that throws leaves the document as it was.
      const results = batch.map((op): OperationResult => {
        try {
          return { ok: true, value: op.run(tx) };
        } catch (error) {
          return { ok: false, error };
        }
      });
      await appendRecords(doc, tx.written);
      pruneDocument(doc, retention);
      if (compromised !== undefined) throw compromised;
      doc.rev = randomUUID();
      db.data = doc;
      await db.write();
      cached = doc;
      scanned = true;
      return results;
    } catch (error) {
      // The cached document may hold changes that were never written.
      cached = undefined;
      throw error;
    } finally {
      await release().catch((error: unknown) => {
        logger.warn('ledger: could not release the lock (it will go stale)', { error: String(error) });
      });
      lastReleasedAt = performance.now();
    }
  }

  async function loadDocument(): Promise<{ doc: LedgerDocument; fresh: boolean }> {
    if (cached !== undefined && (await readDocumentRev(docPath)) === cached.rev) return { doc: cached, fresh: false };
    const empty = createEmptyDocument();
    db.data = empty;
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return { doc: await setAside('is not valid JSON'), fresh: true };
    }
    if (db.data === empty) return { doc: empty, fresh: true };
    if (!isLedgerDocument(db.data)) return { doc: await setAside('is not a ledger document'), fresh: true };
    return { doc: db.data, fresh: false };
  }

  // A document that cannot be read is kept for inspection and rebuilt from the logs.
  async function setAside(reason: string): Promise<LedgerDocument> {
    const aside = `${docPath}.unreadable-${clock.now()}`;
    await rename(docPath, aside);
    logger.error(`ledger: ${docPath} ${reason}; moved aside and rebuilt from the logs`, { movedTo: aside });
    return createEmptyDocument();
  }

  /**
   * The months whose logs may hold lines past the cursor that this commit
   * depends on: those its operations read or write, those of open and
   * recently expired reservations (a dead writer's settle lines), and on the
   * first commit (or a rebuilt document) every log in the directory.
   */
  async function periodsToCheck(doc: LedgerDocument, batch: readonly Operation[], all: boolean): Promise<Set<string>> {
    const periods = new Set<string>();
    for (const op of batch) for (const period of op.periods) periods.add(period);
    for (const r of Object.values(doc.reservations)) periods.add(r.period);
    for (const r of Object.values(doc.expired)) periods.add(r.period);
    if (all) {
      for (const name of await readdir(dir)) {
        const period = periodOfLogFile(name);
        if (period !== undefined) periods.add(period);
      }
    }
    return periods;
  }

  async function recover(tx: DocumentTransaction, periods: Set<string>): Promise<void> {
    for (const period of periods) {
      const cursor = getOwn(tx.doc.logs, period)?.offset ?? 0;
      const size = await fileSize(logPath(period));
      if (size === cursor) continue;
      if (size < cursor) {
        logger.warn('ledger: a log is shorter than what was counted (edited or deleted by hand?); sums kept', {
          file: logPath(period),
          counted: cursor,
          size,
        });
        setOwn(tx.doc.logs, period, { offset: size });
        continue;
      }
      const result = await replayLog(logPath(period), cursor, (record) => replayRecord(tx, record), logger);
      setOwn(tx.doc.logs, period, { offset: result.offset });
      if (result.records > 0) {
        logger.warn('ledger: counted records a crashed writer had logged but not yet counted', {
          file: logPath(period),
          records: result.records,
        });
      }
    }
  }

  async function appendRecords(doc: LedgerDocument, records: readonly LedgerRecord[]): Promise<void> {
    const byPeriod = new Map<string, string[]>();
    for (const record of records) {
      let lines = byPeriod.get(record.period);
      if (lines === undefined) byPeriod.set(record.period, (lines = []));
      lines.push(`${JSON.stringify(record)}\n`);
    }
    for (const [period, lines] of byPeriod) {
      const file = logPath(period);
      const cursor = getOwn(doc.logs, period)?.offset ?? 0;
      // Every month written here was checked by recover(); a mismatch means
      // someone wrote without the lock, and appending would misplace the cursor.
      const size = await fileSize(file);
      if (size !== cursor) {
        throw new AegisError('upstream_unavailable', 'The cost ledger log changed outside its lock; the write was refused.', {
          code: 'LEDGER_LOG_CHANGED',
          retryable: true,
          fallbackable: false,
          details: { file, counted: cursor, size },
        });
      }
      const text = lines.join('');
      await appendFile(file, text);
      setOwn(doc.logs, period, { offset: cursor + Buffer.byteLength(text) });
    }
  }

  /**
   * The document for queries, without the lock: commits replace the file by
   * rename, so a read sees one whole commit. Parsed again only when its rev
   * changed. Lines a crashed writer left past a cursor show up after the next
   * commit.
   */
  async function readSnapshot(): Promise<LedgerDocument> {
    const rev = await readDocumentRev(docPath);
    if (rev === undefined) return createEmptyDocument();
    if (snapshot?.rev === rev) return snapshot;
    let text: string;
    try {
      text = await readFile(docPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return createEmptyDocument();
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isLedgerDocument(parsed)) return createEmptyDocument();
    snapshot = parsed;
    return parsed;
  }

  function enqueue<T>(run: (tx: DocumentTransaction) => T, periods: readonly string[] = []): Promise<T> {
    if (closed) return Promise.reject(new Error('ledger: the store is closed'));
    return queue.enqueue(run, periods);
  }

  return {
    open: () => enqueue(() => undefined),
    reserve: (input) => enqueue((tx) => reserveInDocument(tx, input), [input.period]),
    settle: (id, record) => enqueue((tx) => finishInDocument(tx, id, record)),
    release: (id, record) => enqueue((tx) => finishInDocument(tx, id, record)),
    append: (record) => enqueue((tx) => appendInDocument(tx, record), [record.period]),
    markAlertFired: (alert) => enqueue((tx) => markAlertInDocument(tx.doc, alert), [alert.period]),
    async readPeriod(period) {
      return readPeriodFromDocument(await readSnapshot(), period, clock.now());
    },
    async readUsage(query) {
      return readUsageFromDocument(await readSnapshot(), query);
    },
    async listRecent(limit) {
      const wanted = Math.max(0, Math.min(limit, maxRecent));
      const doc = await readSnapshot();
      const records: LedgerRecord[] = [];
      const periods = Object.keys(doc.logs).sort().reverse();
      for (const period of periods) {
        if (records.length >= wanted) break;
        const offset = getOwn(doc.logs, period)?.offset ?? 0;
        for (const line of await readLastLines(logPath(period), offset, wanted - records.length)) {
          const record = parseLedgerLine(line);
          if (record === undefined) logger.warn('ledger: skipped a log line that is not a valid record', { period });
          else records.push(record);
        }
      }
      return records;
    },
    async close() {
      closed = true;
      await queue.drain();
    },
  };
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
