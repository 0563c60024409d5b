import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AegisError } from '../errors.js';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import { periodOfLogFile } from './embedded/log-file-name.js';
import { createStderrLogger, type Logger } from '../log/logger.js';
import { readLogRecords } from './redis/read-log-records.js';
import type { LedgerStore, UsageAggregates } from './store.js';

export interface ImportEmbeddedLedgerOptions {
  /** The embedded ledger's directory, usually `<AEGIS_LLM_HOME>/ledger`. Read, never changed. */
  fromDir: string;
  /**
   * The store to import into. The Redis store skips record ids it already
   * has (for as long as it keeps records), which makes an import safe to
   * run again; a store without that (the embedded one) would count twice.
   */
  to: LedgerStore;
  /** @default stderr */
  logger?: Logger;
  /** Records sent at once. @default 32 */
  concurrency?: number;
  /** After each chunk of a monthly log, for a progress line. */
  onProgress?: (progress: { period: string; records: number }) => void;
}

export interface ImportEmbeddedLedgerResult {
  /** Months imported (one log file each), oldest first. */
  periods: string[];
  /** Valid records read and handed to the store. */
  records: number;
  /**
   * How much the store's request count grew over those months: records new
   * to it. `records - added` were already there (or, if other processes
   * write meanwhile, this is off by their writes).
   */
  added: number;
  /** Log lines that were not valid records, skipped. */
  skippedLines: number;
  /** Fired alert thresholds carried over (so they do not fire a second time). */
  alerts: number;
}

/**
 * Copies an embedded ledger (one machine's files) into another store, for
 * the move to Redis (`aegis-llm store import`): every record of the monthly
 * logs, whose sums rebuild the months and days, and the alert thresholds
 * already fired. Open reservations are not copied: stop the processes using
 * the embedded ledger first, so that none is in flight. Records are appended
 * as they are, idempotent by id where the target is (see `to`).
 */
export async function importEmbeddedLedger(options: ImportEmbeddedLedgerOptions): Promise<ImportEmbeddedLedgerResult> {
  const { fromDir, to } = options;
  const logger = options.logger ?? createStderrLogger();
  const concurrency = Math.max(1, options.concurrency ?? 32);
  await logFiles(fromDir);
  // Records still in the processes' journals are folded into the monthly logs first (one commit).
  const folding = openEmbeddedStore({ dir: fromDir, logger });
  try {
    await folding.open();
  } finally {
    await folding.close();
  }
  const files = await logFiles(fromDir);
  const periods = files.map((file) => file.period);
  const before = await requestCount(to, periods);
  const result: ImportEmbeddedLedgerResult = { periods, records: 0, added: 0, skippedLines: 0, alerts: 0 };

  for (const { period, name } of files) {
    for await (const chunk of readLogRecords(join(fromDir, name), 0)) {
      result.skippedLines += chunk.skipped;
      for (let i = 0; i < chunk.records.length; i += concurrency) {
        await Promise.all(chunk.records.slice(i, i + concurrency).map((record) => to.append(record)));
      }
      result.records += chunk.records.length;
      options.onProgress?.({ period, records: result.records });
    }
  }

  // The document holds the alert state; read it as the embedded store does, without its lock.
  const from = openEmbeddedStore({ dir: fromDir, logger });
  try {
    for (const period of periods) {
      for (const alert of (await from.readPeriod(period)).alerts) {
        await to.markAlertFired(alert);
        result.alerts += 1;
      }
    }
  } finally {
    await from.close();
  }

  result.added = (await requestCount(to, periods)) - before;
  if (result.skippedLines > 0) logger.warn('ledger import: skipped log lines that are not valid records', { lines: result.skippedLines });
  return result;
}

async function logFiles(dir: string): Promise<Array<{ period: string; name: string }>> {
  try {
    await access(dir);
  } catch {
    throw new AegisError('bad_request', `No embedded ledger to import: ${dir} does not exist. Give the ledger directory, usually <AEGIS_LLM_HOME>/ledger.`);
  }
  const files = (await readdir(dir)).flatMap((name) => {
    const period = periodOfLogFile(name);
    return period === undefined ? [] : [{ period, name }];
  });
  if (files.length === 0) {
    throw new AegisError(
      'bad_request',
      `No embedded ledger to import: ${dir} holds no ledger-YYYY-MM.jsonl files. Give the ledger directory, usually <AEGIS_LLM_HOME>/ledger.`,
    );
  }
  return files.sort((a, b) => a.period.localeCompare(b.period));
}

async function requestCount(store: LedgerStore, months: string[]): Promise<number> {
  const usage: UsageAggregates = await store.readUsage({ months });
  let count = 0;
  for (const providers of Object.values(usage.months)) for (const provider of Object.values(providers)) count += provider.total.requests;
  return count;
}
