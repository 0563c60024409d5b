import { appendFileSync } from 'node:fs';
import { AegisError } from '../../errors.js';
import type { LedgerDocument } from '../document/ledger-document.js';
import { getOwn, setOwn } from '../../util/own-entry.js';
import type { LedgerRecord } from '../ledger-record.js';
import { fileSize } from './file-size.js';

/**
 * Appends a commit's records to their monthly logs, one write per month, and
 * moves the cursors past them (in the document, written next). Synchronous,
 * like the rest of a commit's file calls (open-embedded-store.ts).
 */
export function appendRecords(
  doc: LedgerDocument,
  records: readonly LedgerRecord[],
  /** Months recoverLogs() just matched to their files. */
  checked: ReadonlySet<string>,
  logPath: (period: string) => string,
): void {
  const byPeriod = new Map<string, string[]>();
  for (const record of records) {
    let lines = byPeriod.get(record.period);
    if (lines === undefined) byPeriod.set(record.period, (lines = []));
    lines.push(`${JSON.stringify(record)}\n`);
  }
  for (const [period, lines] of byPeriod) {
    const file = logPath(period);
    const cursor = getOwn(doc.logs, period)?.offset ?? 0;
    // Every month written was checked (operations declare theirs; a settle
    // writes its reservation's), so this stat is a guard: a mismatch means a
    // write outside the lock, and appending would misplace the cursor.
    const size = checked.has(period) ? cursor : fileSize(file);
    if (size !== cursor) {
      throw new AegisError('store_unavailable', `The cost ledger log ${file} changed outside its lock; the write was refused.`, {
        code: 'LEDGER_LOG_CHANGED',
        details: { file, counted: cursor, size },
      });
    }
    const text = lines.join('');
    appendFileSync(file, text);
    setOwn(doc.logs, period, { offset: cursor + Buffer.byteLength(text) });
  }
}
