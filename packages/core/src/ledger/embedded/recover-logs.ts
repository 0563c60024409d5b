import type { DocumentTransaction } from '../document/document-transaction.js';
import { getOwn, setOwn } from '../document/own-entry.js';
import { replayRecord } from '../document/replay-record.js';
import { fileSize } from './file-size.js';
import { replayLog } from './replay-log.js';

/**
 * Under the lock, before a commit's operations: brings the document level
 * with the logs of `periods`, replaying whole lines past each cursor (a
 * commit that died between its append and its document write) and cutting a
 * torn last line. Afterwards every cursor checked equals its log's size.
 */
export async function recoverLogs(
  tx: DocumentTransaction,
  periods: Iterable<string>,
  logPath: (period: string) => string,
): Promise<void> {
  for (const period of periods) {
    const file = logPath(period);
    const cursor = getOwn(tx.doc.logs, period)?.offset ?? 0;
    const size = await fileSize(file);
    if (size === cursor) continue;
    if (size < cursor) {
      tx.logger.warn('ledger: a log is shorter than what was counted (edited or deleted by hand?); sums kept', {
        file,
        counted: cursor,
        size,
      });
      setOwn(tx.doc.logs, period, { offset: size });
      continue;
    }
    const result = await replayLog(file, cursor, (record) => replayRecord(tx, record), tx.logger);
    setOwn(tx.doc.logs, period, { offset: result.offset });
    if (result.records > 0) {
      tx.logger.warn('ledger: counted records a crashed writer had logged but not yet counted', {
        file,
        records: result.records,
      });
    }
  }
}
