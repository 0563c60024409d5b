import type { LedgerDocument } from '../document/ledger-document.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import { parseLedgerLine } from '../parse-ledger-line.js';
import { readLastLines } from './read-last-lines.js';

/**
 * The newest `limit` records, newest first, read backwards from each monthly
 * log's cursor (lines past a cursor are not committed yet). Costs O(limit),
 * whatever the history.
 */
export async function listRecentRecords(doc: LedgerDocument, limit: number, logPath: (period: string) => string, logger: Logger): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  for (const period of Object.keys(doc.logs).sort().reverse()) {
    if (records.length >= limit) break;
    const offset = doc.logs[period]?.offset ?? 0;
    for (const line of await readLastLines(logPath(period), offset, limit - records.length)) {
      const record = parseLedgerLine(line);
      if (record === undefined) logger.warn('ledger: skipped a log line that is not a valid record', { period });
      else records.push(record);
    }
  }
  return records;
}
