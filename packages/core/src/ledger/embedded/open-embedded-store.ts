import { readDeliveriesFromDocument } from '../document/read-deliveries-from-document.js';
import { readTagsFromDocument } from '../document/read-tags-from-document.js';
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
 * - `journal-<ms>-<uuid>.jsonl`: one per open store (process), appends only,
 *   written without the lock (below).
 *
 * Journals (issue 19, agent rates). An `append` (a request that finished
 * under a budget allowance, or with no budget) is not a commit: its
 * operation, as one JSON line (record, allowance, draw), is written to this
 * process's journal (one write, handle kept open) and resolves then. Every
 * commit, of any process, first folds every journal's whole lines past their
 * cursors (`journals` in the document) into the document and the monthly
 * log, exactly as those appends would have run, in the same atomic document
 * write that moves the cursors (fold-journal-tails.ts); a process folds its
 * own at most `foldJournalsMs` after its first unfolded line, and at close.
 * Queries fold the tails into a copy of the document (readView), so every
 * resolved append shows in budgetStatus, usage and listRecent at once, in
 * every process. Why this keeps every promise below:
 * - a journal line is on disk before its caller has the answer, and any
 *   process can fold it: a kill -9 after the write loses nothing, before it
 *   the caller had no answer;
 * - budget decisions and expiry run in commits, after the fold: a reserve
 *   sees every acknowledged spend, and an allowance is drawn by its
 *   journaled requests before its lease is judged (no cover charged for a
 *   request that has its record). Spend under an allowance stays held by it
 *   until folded, so other processes never see room that is spent;
 * - a fold counts a line once: the cursor moves in the document write; a
 *   kill between the monthly append and that write is the case below (its
 *   lines replayed, their ids remembered, the refold charges nothing again);
 * - a torn last line (a writer killed mid-write) is never folded; a journal
 *   whose write failed is left and the next line starts a new file.
 * The spend an append reports (for alert thresholds) is this process's view:
 * the document as of its last commit plus its own lines since; other
 * processes' unfolded lines count from the next fold on (an alert may fire up
 * to a second late when several processes share a budget, never early).
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
 * write, and a line of a record id already in the log counts once. A dead
 * process's lock goes stale and is taken over; its reservations expire at
 * their lease.
 *
 * Delivered means recorded (issue 15): every operation resolves only once its
 * commit is on disk, and the gateway returns an answer (`chat` resolves, a
 * stream yields `done`) only after its settle, release or append resolved.
 * So a kill -9 at any instant loses no answer a caller received. Concurrent
 * requests share one commit (create-commit-queue.ts), which keeps that wait
 * to about one commit. A request in flight at the kill (its answer not yet
 * returned) has no record: its worst case stays held against the budget, by
 * its own reservation or by the cover of the budget allowance that admitted
 * it, until the lease ends (requestTimeoutMs + 60 s; an allowance, two
 * leases); then the first commit after charges it that worst case
 * (expiry-charge.ts): never dropped, never counted twice.
 *
 * Files damaged from outside recover on the next commit: a log cut shorter
 * than what was counted keeps its sums and gets a newline after a torn last
 * line, so the next record starts on a line of its own; lines that fail
 * validation (not JSON, wrong types, a negative cost) are skipped with a
 * warning and copied to `ledger-YYYY-MM.jsonl.quarantine`; a document whose
 * sums are not sound numbers is copied aside and its sums rebuilt from the
 * valid log lines. A directory that cannot be written fails the commit with
 * `store_unavailable` (to-ledger-error.ts); the ledger above keeps the
 * records and retries them (create-write-backlog.ts).
 *
 * Durability is against process death, not power loss: no fsync (a power cut
 * can lose the last commits the OS had not flushed).
 *
 * A commit's file calls on its usual path (the lock's mkdir, stat and rmdir,
 * the rev read, the log's size and append, the document's write and rename)
 * are synchronous: each takes microseconds on a local disk, while an async
 * call's hop through libuv's thread pool costs several times that in CPU,
 * and at agent rates (one request at a time) those hops were most of the
 * gateway's own cost. Waiting for the lock, recovery and reads of whole
 * files stay asynchronous.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { systemClock, type Clock } from '../../time/clock.js';
import { appendInDocument } from '../document/append-in-document.js';
import { claimAlertsInDocument, nextDueInMs } from '../document/claim-alerts-in-document.js';
import { createDocumentTransaction, type DocumentTransaction } from '../document/document-transaction.js';
import { expireReservations, type ExpiryRetention } from '../document/expire-reservations.js';
import { findInvalidSums } from '../document/find-invalid-sums.js';
import { finishInDocument } from '../document/finish-in-document.js';
import { enqueueAlertInDocument } from '../document/enqueue-alert-in-document.js';
import { finishAlertInDocument } from '../document/finish-alert-in-document.js';
import { createEmptyDocument, isLedgerDocument, type LedgerDocument } from '../document/ledger-document.js';
import { markAlertInDocument } from '../document/mark-alert-in-document.js';
import { pruneDocument, type SumsRetention } from '../document/prune-document.js';
import { readPeriodFromDocument } from '../document/read-period-from-document.js';
import { readReclaimsFromDocument } from '../document/read-reclaims-from-document.js';
import { readUsageFromDocument } from '../document/read-usage-from-document.js';
import { reserveInDocument } from '../document/reserve-in-document.js';
import { retireAllowanceInDocument } from '../document/retire-allowance-in-document.js';
import { coverAllowanceInDocument } from '../document/cover-allowance-in-document.js';
import { createStderrLogger, type Logger } from '../../log/logger.js';
import type { LedgerStore } from '../store.js';
import { acquireFileLock } from './acquire-file-lock.js';
import { appendRecords } from './append-records.js';
import { createCommitQueue, type OperationResult, type QueuedOperation } from './create-commit-queue.js';
import { listRecentRecords } from './list-recent-records.js';
import { logFileName } from './log-file-name.js';
import { monthsToRecover } from './months-to-recover.js';
import { readDocumentRev } from './read-document-rev.js';
import { recoverLogs } from './recover-logs.js';
import { writeDocument } from './write-document.js';
import { foldJournalTails } from './fold-journal-tails.js';
import { journalLine, type JournalEntry } from './journal-line.js';
import { openJournal } from './open-journal.js';
import { readJournalTails, type JournalTail } from './read-journal-tails.js';
import { providerSpent } from '../document/packed-totals.js';
import { getOwn } from '../../util/own-entry.js';
import type { AppendOutcome } from '../store.js';
import type { LedgerRecord } from '../ledger-record.js';

export interface EmbeddedStoreOptions {
  /** Directory of the ledger files, created when missing. Usually `<AEGIS_LLM_HOME>/ledger`. */
  dir: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * A lock not refreshed for this long is taken over: how long a kill -9'd
   * holder can stall the others. Floor 2000.
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
  /**
   * An `append` (a request finished under a budget allowance, or with no
   * budget) is written to this process's journal, without the lock, and
   * counted into the document by a commit at most this long after (any
   * commit folds every journal first). 0: every append commits under the
   * lock, as every other operation does. @default 1000
   */
  foldJournalsMs?: number;
}

/**
 * Fairness between processes: mkdir locks have no queue, and a process with a
 * backlog re-locks microseconds after unlocking, so a process polling for the
 * lock could wait as long as the backlog lasts. Every MAX_BACK_TO_BACK_COMMITS
 * commits in a row made for a waiting backlog, the next one first leaves the
 * lock free for FAIR_PAUSE_MS (longer than the waiters' polling interval).
 * The backlog meanwhile grows into a bigger batch, so throughput barely
 * changes; an idle queue or a lone sequential caller never pauses.
 */
const MAX_BACK_TO_BACK_COMMITS = 4;
const FAIR_PAUSE_MS = 3;

/**
 * Journal entries folded in one commit, at most: a commit killed before its
 * rename leaves its monthly lines to be replayed, and the ids they are
 * remembered by (document-transaction.ts, 2,000) must cover a whole commit.
 */
const MAX_FOLD_ENTRIES = 500;
/** Unfolded entries of this process that start a fold at once, not at the timer. */
const FOLD_AT_ENTRIES = 250;
/** A journal of this process is replaced by a new file, once wholly folded, past this size. */
const ROTATE_JOURNAL_BYTES = 4 * 1024 * 1024;
/** A journal wholly folded and untouched this long belongs to a process gone: removed. */
const ORPHAN_JOURNAL_MS = 60 * 60 * 1000;

const DEFAULT_RETENTION: SumsRetention & ExpiryRetention = {
  months: 13,
  days: 40,
  expiredReservationsMs: 60 * 60 * 1000,
  maxExpiredReservations: 500,
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
    // Read only (commits write with writeDocument).
    new DataFile<LedgerDocument>(docPath, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }),
    createEmptyDocument(),
  );
  /** The document as of this process's last commit; reused while the file's rev still matches. */
  let cached: LedgerDocument | undefined;
  /** Last document read lock-free for queries, by rev. */
  let snapshot: LedgerDocument | undefined;
  /** Until the first successful commit: scan the directory for logs a crash left uncounted. */
  let scanned = false;
  /** A read found invalid sums and is waiting for the commit that rebuilds them. */
  let repairing = false;
  let closed = false;
  const foldMs = options.foldJournalsMs ?? 1000;
  const journal = openJournal(dir, () => clock.now());
  /**
   * This process's journal entries written since its last commit, by
   * `period \0 provider`: added to the cached document's spend for the
   * spend an append reports (alert thresholds).
   */
  let unfolded = new Map<string, number>();
  let unfoldedEntries = 0;
  let foldTimer: NodeJS.Timeout | undefined;
  /** Set by close(): its last commit removes this process's journal once folded. */
  let closing = false;
  /** The last commit left journal lines for the next (more than one commit folds). */
  let tailsLeft = false;
  /** The snapshot (of `rev`) with the journals' tails folded in, as far as its own `journals` cursors say. */
  let overlay: { rev: string; doc: LedgerDocument; records: LedgerRecord[] } | undefined;

  const queue = createCommitQueue<DocumentTransaction>({ maxBatch: options.maxBatch ?? 1000, commit });

  async function commit(batch: readonly Operation[], backlog: number): Promise<OperationResult[]> {
    if (foldMs > 0 && scanned && cached !== undefined && !closing && batch.every((op) => op.journal !== undefined)) {
      return writeJournal(batch, cached);
    }
    return commitLocked(batch, backlog);
  }

  /**
   * Appends only: one write to this process's journal, no lock, no document
   * write. Each resolves once its line is in the file (a kill -9 from then
   * on loses nothing: any process's next commit folds it). The spend it
   * reports is this process's view: the document as of its last commit plus
   * its own entries since (other processes' entries show after the fold).
   */
  function writeJournal(batch: readonly Operation[], doc: LedgerDocument): OperationResult[] {
    const entries = batch.map((op) => op.journal!);
    journal.write(entries.map(journalLine).join(''));
    const results = entries.map(({ record }): OperationResult => {
      const key = `${record.period}\u0000${record.provider}`;
      const mine = (unfolded.get(key) ?? 0) + (record.costMicroUsd ?? 0);
      unfolded.set(key, mine);
      unfoldedEntries += 1;
      const spent = providerSpent(getOwn(getOwn(doc.months, record.period) ?? {}, record.provider)) + mine;
      const outcome: AppendOutcome = { record, providerSpentMicroUsd: spent };
      return { ok: true, value: outcome };
    });
    scheduleFold();
    return results;
  }

  function scheduleFold(): void {
    if (unfoldedEntries >= FOLD_AT_ENTRIES) {
      if (foldTimer !== undefined) clearTimeout(foldTimer);
      foldTimer = undefined;
      void fold();
      return;
    }
    foldTimer ??= setTimeout(() => {
      foldTimer = undefined;
      void fold();
    }, foldMs).unref();
  }

  /** A commit with no operation of its own: it folds the journals (every commit does). */
  async function fold(): Promise<void> {
    if (closed) return;
    try {
      await queue.enqueue(() => undefined);
    } catch (error) {
      logger.warn('ledger: could not fold the journal into the document (retried)', { error: String(error) });
      if (unfoldedEntries > 0) scheduleFold();
    }
  }

  async function commitLocked(batch: readonly Operation[], backlog: number): Promise<OperationResult[]> {
    if (!scanned) await mkdir(dir, { recursive: true });
    if (backlog > 0 && backlog % MAX_BACK_TO_BACK_COMMITS === 0) await sleep(FAIR_PAUSE_MS);
    const lock = await acquireFileLock({
      lockPath,
      staleMs: lockStaleMs,
      timeoutMs: options.lockTimeoutMs ?? 30_000,
      onCompromised: (error) => {
        logger.error('ledger: lock taken over while held (this process stalled); the commit is abandoned', {
          error: error.message,
        });
      },
    });
    try {
      const { doc, fresh } = await loadDocument();
      const now = clock.now();
      const tx = createDocumentTransaction(doc, now, logger);
      const tails = foldMs > 0 || doc.journals !== undefined ? readTails(doc) : [];
      const declared = batch.flatMap((op) => op.periods);
      for (const tail of tails) for (const entry of tail.entries) declared.push(entry.record.period);
      const checked = await monthsToRecover(doc, declared, fresh || !scanned ? dir : undefined);
      await recoverLogs(tx, checked, logPath);
      // Before expiry: an allowance is drawn by its journaled requests before its lease is judged.
      const folded = foldJournalTails(tx, tails);
      expireReservations(tx, retention);
      // An operation validates before it mutates, so one that throws leaves the document as it was.
      const results = batch.map((op): OperationResult => {
        try {
          return { ok: true, value: op.run(tx) };
        } catch (error) {
          return { ok: false, error };
        }
      });
      // Fences: a holder taken over after a stall writes nothing beside the
      // new holder; its commit ends as if killed here (appended lines are
      // replayed by the next commit, the callers retry).
      if (tx.written.length > 0) await lock.assertHeld();
      appendRecords(doc, tx.written, checked, logPath);
      pruneDocument(doc, retention);
      const retire = retireJournals(doc, tails);
      await lock.assertHeld();
      doc.rev = randomUUID();
      // Compact JSON: the document is machine state, rewritten on every commit.
      writeDocument(docPath, JSON.stringify(doc));
      // Removed once the document no longer needs them: a kill before this leaves them to the next commit.
      retire();
      cached = doc;
      scanned = true;
      const ownFolded = tails.find((tail) => tail.name === journal.name);
      if (ownFolded === undefined || ownFolded.complete) {
        unfolded = new Map();
        unfoldedEntries = 0;
      }
      tailsLeft = folded > 0 && tails.some((tail) => !tail.complete);
      // More than one commit's worth waited: fold the rest soon.
      if (tailsLeft && !closing) setImmediate(() => void fold());
      return results;
    } catch (error) {
      // The cached document may hold changes that were never written.
      cached = undefined;
      throw error;
    } finally {
      await lock.release().catch((error: unknown) => {
        logger.warn('ledger: could not release the lock (it will go stale)', { error: String(error) });
      });
    }
  }

  function readTails(doc: LedgerDocument): JournalTail[] {
    return readJournalTails(dir, (name) => getOwn(doc.journals ?? {}, name)?.offset ?? 0, MAX_FOLD_ENTRIES);
  }

  /**
   * Journals whose lines are all folded and that nobody will write again
   * (this process's own past its size or at close, another's untouched for
   * an hour: its process is gone) lose their cursor in `doc`; the returned
   * step removes their files after the document is written. Cursors of
   * journals no longer on disk are dropped.
   */
  function retireJournals(doc: LedgerDocument, tails: readonly JournalTail[]): () => void {
    const journals = doc.journals;
    if (journals === undefined) return () => undefined;
    const present = new Set(tails.map((tail) => tail.name));
    for (const name of Object.keys(journals)) if (!present.has(name) && name !== journal.name) delete journals[name];
    const files: string[] = [];
    let own = false;
    for (const tail of tails) {
      if (tail.name === journal.name) {
        if (tail.complete && (closing || tail.size >= ROTATE_JOURNAL_BYTES)) {
          delete journals[tail.name];
          own = true;
        }
        // Wall-clock time, as the file's mtime is. A torn last line there is a dead writer's: never folded.
      } else if (tail.complete && Date.now() - tail.mtimeMs > ORPHAN_JOURNAL_MS) {
        delete journals[tail.name];
        files.push(join(dir, tail.name));
      }
    }
    if (Object.keys(journals).length === 0) delete doc.journals;
    return () => {
      if (own) journal.retire();
      for (const file of files) {
        try {
          unlinkSync(file);
        } catch {
          // Removed by another process meanwhile.
        }
      }
    };
  }

  async function loadDocument(): Promise<{ doc: LedgerDocument; fresh: boolean }> {
    if (cached !== undefined && readDocumentRev(docPath) === cached.rev) return { doc: cached, fresh: false };
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
    const invalid = findInvalidSums(db.data);
    if (invalid !== undefined) return { doc: await rebuildSums(db.data, invalid), fresh: true };
    return { doc: db.data, fresh: false };
  }

  /**
   * A document whose sums or cursors are not sound numbers (edited by hand:
   * `$NaN` everywhere, every request refused) keeps its reservations and
   * alert state; a copy is kept for inspection, and the sums are rebuilt from
   * the logs, replayed from their start (duplicates counted once, invalid
   * lines quarantined).
   */
  async function rebuildSums(doc: LedgerDocument, invalid: string): Promise<LedgerDocument> {
    const aside = `${docPath}.unreadable-${clock.now()}`;
    await copyFile(docPath, aside);
    logger.error(`ledger: ${docPath} holds sums that are not valid amounts (first at ${invalid}); rebuilt from the logs`, {
      copiedTo: aside,
    });
    const rebuilt: LedgerDocument = { ...doc, logs: {}, months: {}, days: {}, reservations: {} };
    delete rebuilt.recovered;
    for (const [id, reservation] of Object.entries(doc.reservations)) {
      if (findInvalidSums({ ...createEmptyDocument(), reservations: { [id]: reservation } }) === undefined) {
        rebuilt.reservations[id] = reservation;
      }
    }
    return rebuilt;
  }

  // A document that cannot be read is kept for inspection and rebuilt from the logs.
  async function setAside(reason: string): Promise<LedgerDocument> {
    const aside = `${docPath}.unreadable-${clock.now()}`;
    await rename(docPath, aside);
    logger.error(`ledger: ${docPath} ${reason}; moved aside and rebuilt from the logs`, { movedTo: aside });
    return createEmptyDocument();
  }

  /**
   * The document for queries, without the lock: commits replace the file by
   * rename, so a read sees one whole commit. Parsed again only when its rev
   * changed. Lines a crashed writer left past a cursor show up after the next
   * commit.
   */
  /**
   * The document for queries with the journals' tails folded in (a copy;
   * the file is untouched): every append that resolved, in any process, is
   * in what a query sees. `records` are the folded ones (not in the monthly
   * logs yet), oldest first.
   */
  async function readView(): Promise<{ doc: LedgerDocument; records: LedgerRecord[] }> {
    const base = await readSnapshot();
    if (foldMs === 0 && base.journals === undefined) return { doc: base, records: [] };
    // On the same document, only what the journals gained since the last view is folded (the view's own cursors say where).
    const onto = overlay?.rev === base.rev ? overlay : undefined;
    const from = onto?.doc ?? base;
    const tails = readJournalTails(dir, (name) => getOwn(from.journals ?? {}, name)?.offset ?? 0, Number.MAX_SAFE_INTEGER);
    if (tails.every((tail) => tail.entries.length === 0)) return onto ?? { doc: base, records: [] };
    const view = onto ?? { rev: base.rev, doc: structuredClone(base), records: [] };
    const tx = createDocumentTransaction(view.doc, clock.now(), logger);
    foldJournalTails(tx, tails);
    pruneDocument(view.doc, retention);
    view.records = [...view.records, ...tx.written].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    overlay = view;
    return view;
  }

  async function readSnapshot(): Promise<LedgerDocument> {
    const rev = readDocumentRev(docPath);
    if (rev === undefined) return createEmptyDocument();
    if (snapshot?.rev === rev) return snapshot;
    let text: string;
    try {
      text = await readFile(docPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return createEmptyDocument();
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isLedgerDocument(parsed)) {
      // The next commit sets it aside and rebuilds it from the logs.
      logger.warn('ledger: the ledger document is unreadable; showing nothing until the next write rebuilds it', { file: docPath });
      return createEmptyDocument();
    }
    if (findInvalidSums(parsed) !== undefined) {
      // Wrong-typed sums would read as $NaN: a commit rebuilds them from the
      // logs first (loadDocument), then the rebuilt document is read.
      if (repairing) throw new Error(`ledger: ${docPath} still holds invalid sums after a rebuild`);
      repairing = true;
      try {
        await enqueue(() => undefined);
      } finally {
        repairing = false;
      }
      return readSnapshot();
    }
    snapshot = parsed;
    return parsed;
  }

  function enqueue<T>(run: (tx: DocumentTransaction) => T, periods: readonly string[] = [], journaled?: JournalEntry): Promise<T> {
    if (closed) return Promise.reject(new Error('ledger: the store is closed'));
    return queue.enqueue(run, periods, journaled);
  }

  function append(record: LedgerRecord, drawFrom?: string, drawMicroUsd?: number): Promise<AppendOutcome> {
    const entry: JournalEntry = { record };
    if (drawFrom !== undefined) entry.drawFrom = drawFrom;
    if (drawMicroUsd !== undefined) entry.drawMicroUsd = drawMicroUsd;
    return enqueue((tx) => appendInDocument(tx, record, drawFrom, drawMicroUsd), [record.period], foldMs > 0 ? entry : undefined);
  }

  return {
    async open() {
      // Until every journal's whole lines are folded (a dead writer's can take several commits).
      do await enqueue(() => undefined);
      while (tailsLeft);
    },
    reserve: (input) => enqueue((tx) => reserveInDocument(tx, input), [input.period]),
    settle: (id, record) => enqueue((tx) => finishInDocument(tx, id, record)),
    release: (id, record) => enqueue((tx) => finishInDocument(tx, id, record)),
    append,
    retireAllowance: (id, unusedMicroUsd) => enqueue((tx) => retireAllowanceInDocument(tx, id, unusedMicroUsd)),
    coverAllowance: (id, cover) => enqueue((tx) => coverAllowanceInDocument(tx, id, cover)),
    markAlertFired: (alert, delivery) => enqueue((tx) => markAlertInDocument(tx, alert, delivery), [alert.period]),
    enqueueAlert: (alert) => enqueue((tx) => enqueueAlertInDocument(tx.doc, alert, tx.now, tx.logger)),
    async claimAlerts(input) {
      // A lock-free look first: most claims (a poll, a close) find nothing due and need no commit.
      if (closed) throw new Error('ledger: the store is closed');
      const next = nextDueInMs(await readSnapshot(), clock.now());
      if (next === undefined) return { alerts: [] };
      if (next > 0) return { alerts: [], nextDueInMs: next };
      return enqueue((tx) => claimAlertsInDocument(tx.doc, input, tx.now));
    },
    finishAlertAttempt: (result) => enqueue((tx) => finishAlertInDocument(tx.doc, result, tx.now)),
    async readPeriod(period) {
      return readPeriodFromDocument((await readView()).doc, period, clock.now());
    },
    async readReclaims(period) {
      return readReclaimsFromDocument(await readSnapshot(), period, clock.now());
    },
    async readUsage(query) {
      return readUsageFromDocument((await readView()).doc, query);
    },
    async readAlertDeliveries() {
      return readDeliveriesFromDocument(await readSnapshot());
    },
    async readTagUsage(period) {
      return readTagsFromDocument((await readView()).doc, period);
    },
    async listRecent(limit) {
      const wanted = Math.max(0, Math.min(limit, maxRecent));
      if (wanted === 0) return [];
      const { doc, records } = await readView();
      // Journaled records are the newest: they go first, newest first.
      const newest = records.slice(-wanted).reverse();
      return [...newest, ...(await listRecentRecords(doc, wanted - newest.length, logPath, logger))];
    },
    async close() {
      if (closed) return;
      closing = true;
      if (foldTimer !== undefined) clearTimeout(foldTimer);
      foldTimer = undefined;
      // The last commit folds this process's journal and removes it.
      // A fold that fails is logged and leaves the lines to the next process: a few tries, no more.
      for (let tries = 0; tries < 100 && (tries === 0 ? journal.name !== undefined || tailsLeft : tailsLeft); tries += 1) await fold();
      closed = true;
      await queue.drain();
      journal.close();
    },
  };
}
