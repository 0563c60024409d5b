import { open } from 'node:fs/promises';
import type { DocumentTransaction } from '../document/document-transaction.js';
import { getOwn, setOwn } from '../../util/own-entry.js';
import { replayRecord } from '../document/replay-record.js';
import { fileSize } from './file-size.js';
import { readLogIds } from './read-log-ids.js';
import { replayLog } from './replay-log.js';

/**
 * Under the lock, before a commit's operations: brings the document level
 * with the logs of `periods`, replaying whole lines past each cursor (a
 * commit that died between its append and its document write) and cutting a
 * torn last line. A line of a record id the log already holds before the
 * cursor is skipped (a record counts once), an invalid one is quarantined
 * (replay-log.ts). A log cut shorter than what was counted (truncated from
 * outside) keeps its sums, and a line the cut tore is closed with a newline
 * so the next record starts on a line of its own. Afterwards every cursor
 * checked equals its log's size. Ids counted here are noted in the document
 * (tx.noteRecovered), so a retried append of one of them is not charged again.
 */
export async function recoverLogs(tx: DocumentTransaction, periods: Iterable<string>, logPath: (period: string) => string): Promise<void> {
  for (const period of periods) {
    const file = logPath(period);
    const cursor = getOwn(tx.doc.logs, period)?.offset ?? 0;
    const size = fileSize(file);
    if (size === cursor) continue;
    if (size < cursor) {
      const isolated = await closeTornLine(file, size);
      tx.logger.warn('ledger: a log is shorter than what was counted (truncated or edited by hand?); sums kept', {
        file,
        counted: cursor,
        size,
        tornLineIsolated: isolated,
      });
      setOwn(tx.doc.logs, period, { offset: size + (isolated ? 1 : 0) });
      continue;
    }
    const seen = await readLogIds(file, cursor);
    const result = await replayLog(
      file,
      cursor,
      (record) => {
        replayRecord(tx, record);
        tx.noteRecovered(record.id);
      },
      tx.logger,
      { seen },
    );
    setOwn(tx.doc.logs, period, { offset: result.offset });
    if (result.records > 0) {
      tx.pruneRecovered();
      tx.logger.warn('ledger: counted records a crashed writer had logged but not yet counted', {
        file,
        records: result.records,
      });
    }
  }
}

/** Ends a log that does not end in a newline with one; true when it had to. */
async function closeTornLine(file: string, size: number): Promise<boolean> {
  if (size === 0) return false;
  const handle = await open(file, 'r+');
  try {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 10) return false;
    await handle.write('\n', size);
    return true;
  } finally {
    await handle.close();
  }
}
