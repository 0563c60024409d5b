import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../time/clock.js';
import { openEmbeddedStore } from '../embedded/open-embedded-store.js';
import { periodOfLogFile } from '../embedded/log-file-name.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import type { AllowanceCover, FinishOutcome, ReserveInput, ReserveOutcome } from '../store.js';
import { readLogRecords } from './read-log-records.js';

export interface LocalFallbackOptions {
  /** The embedded ledger's directory (created on first use). */
  dir: string;
  clock: Clock;
  logger: Logger;
  /** Sends one record to Redis, idempotent by record id; throws while Redis is unreachable. */
  replay(record: LedgerRecord): Promise<unknown>;
  /** Whether Redis is reachable right now (replays only start then). */
  canReplay(): boolean;
  /**
   * After a replay failed while Redis still looked reachable, the wait before
   * the next try; it doubles on each failure, to a minute at most. @default 1000
   */
  retryDelayMs?: number;
}

/**
 * Where the Redis store records while Redis is unreachable: an embedded
 * ledger (files + lock, safe across the processes of one machine) in a local
 * directory. Whatever lands in its logs is replayed into Redis once it is
 * back, record by record, idempotent by id (Redis remembers the ids it has
 * recorded), from a cursor kept in `redis-replay.json`: a replay cut short
 * resumes, and one repeated counts nothing twice.
 */
export interface LocalFallback {
  /** True when `id` was reserved here (Redis was unreachable), so it settles here too. */
  isLocal(id: string): boolean;
  reserve(input: ReserveInput): Promise<ReserveOutcome>;
  /** Settles or releases a local reservation. */
  finish(id: string, record: LedgerRecord | undefined): Promise<FinishOutcome>;
  /** Retires a local budget allowance (LedgerStore.retireAllowance). */
  retireAllowance(id: string, unusedMicroUsd: number): Promise<void>;
  /** Declares a local budget allowance's cover (LedgerStore.coverAllowance). */
  coverAllowance(id: string, cover: AllowanceCover): Promise<void>;
  /** Records a request whose settle or append could not reach Redis. */
  spool(record: LedgerRecord): Promise<void>;
  /** Whether some records wait for a replay. */
  hasPending(): Promise<boolean>;
  /** Starts a replay when Redis is reachable (one at a time; a request during one runs another after). */
  replaySoon(): void;
  /** Waits for the replay in progress, if any. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Records sent to Redis at once during a replay. */
const REPLAY_CONCURRENCY = 32;
const CURSOR_FILE = 'redis-replay.json';
const MAX_RETRY_DELAY_MS = 60_000;

export function createLocalFallback(options: LocalFallbackOptions): LocalFallback {
  const { dir, logger } = options;
  // Every append committed to the monthly logs at once (no journal): the replay below reads those logs.
  const store = openEmbeddedStore({ dir, clock: options.clock, logger, foldJournalsMs: 0 });
  const localIds = new Set<string>();
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const firstRetryDelayMs = options.retryDelayMs ?? 1000;
  let retryDelayMs = firstRetryDelayMs;
  let retryTimer: NodeJS.Timeout | undefined;

  const afterWrite = (): void => {
    if (options.canReplay()) fallback.replaySoon();
  };

  /**
   * Redis answers but the replay failed (a command timed out, BUSY, a
   * failover's READONLY): no reconnection will start the next one, so a
   * timer does, or the records would wait for the next outage or the close.
   */
  const retryLater = (): void => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      fallback.replaySoon();
    }, retryDelayMs);
    retryTimer.unref();
    retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
  };

  async function logNames(): Promise<string[]> {
    try {
      return (await readdir(dir)).filter((name) => periodOfLogFile(name) !== undefined).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async function replayAll(): Promise<void> {
    const cursors = await readCursors();
    let replayed = 0;
    for (const name of await logNames()) {
      const file = join(dir, name);
      const size = (await stat(file)).size;
      let from = Object.hasOwn(cursors, name) ? cursors[name]! : 0;
      if (from > size) {
        logger.warn('ledger: a local fallback log is shorter than what was replayed (edited by hand?); replaying from its end', { file });
        from = size;
      }
      if (from === size) continue;
      for await (const chunk of readLogRecords(file, from)) {
        if (chunk.skipped > 0) logger.warn('ledger: skipped local fallback log lines that are not valid records', { file, lines: chunk.skipped });
        for (let i = 0; i < chunk.records.length; i += REPLAY_CONCURRENCY) {
          await Promise.all(chunk.records.slice(i, i + REPLAY_CONCURRENCY).map((record) => options.replay(record)));
        }
        replayed += chunk.records.length;
        cursors[name] = chunk.end;
        await writeCursors(cursors);
      }
    }
    if (replayed > 0) logger.info('ledger: replayed into Redis the requests recorded locally while it was unreachable', { records: replayed });
  }

  async function readCursors(): Promise<Record<string, number>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(dir, CURSOR_FILE), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null) {
        return Object.fromEntries(Object.entries(parsed).filter(([, v]) => Number.isSafeInteger(v) && (v as number) >= 0)) as Record<string, number>;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.warn('ledger: the local replay cursor is unreadable; replaying from the start (Redis skips what it already has)');
      }
    }
    return {};
  }

  async function writeCursors(cursors: Record<string, number>): Promise<void> {
    const temp = join(dir, `${CURSOR_FILE}.${randomUUID()}.tmp`);
    await mkdir(dir, { recursive: true });
    await writeFile(temp, JSON.stringify(cursors));
    await rename(temp, join(dir, CURSOR_FILE));
  }

  const fallback: LocalFallback = {
    isLocal: (id) => localIds.has(id),
    async hasPending() {
      const cursors = await readCursors();
      for (const name of await logNames()) {
        const from = Object.hasOwn(cursors, name) ? cursors[name]! : 0;
        if ((await stat(join(dir, name))).size > from) return true;
      }
      return false;
    },
    async reserve(input) {
      const outcome = await store.reserve(input);
      if (outcome.admitted) localIds.add(input.id);
      return outcome;
    },
    async finish(id, record) {
      const outcome = await store.release(id, record);
      localIds.delete(id);
      afterWrite();
      // The local spend is not the shared one: no alert threshold is checked against it.
      return outcome.record === undefined ? { status: outcome.status } : { status: outcome.status, record: outcome.record };
    },
    retireAllowance: (id, unusedMicroUsd) => store.retireAllowance(id, unusedMicroUsd),
    coverAllowance: (id, cover) => store.coverAllowance(id, cover),
    async spool(record) {
      await store.append(record);
      afterWrite();
    },
    replaySoon() {
      if (running !== undefined) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          if (!options.canReplay()) return;
          try {
            await replayAll();
            retryDelayMs = firstRetryDelayMs;
          } catch (error) {
            const reachable = options.canReplay();
            logger.warn(
              reachable
                ? `ledger: replay of locally recorded requests stopped; it is retried in ${retryDelayMs} ms`
                : 'ledger: replay of locally recorded requests stopped; it resumes when Redis is reachable',
              { error: error instanceof Error ? error.message : String(error) },
            );
            if (reachable) retryLater();
            return;
          }
        } while (again);
      })().finally(() => {
        running = undefined;
      });
    },
    idle: async () => {
      while (running !== undefined) await running;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await fallback.idle();
      await store.close();
    },
  };
  return fallback;
}
