import { open } from 'node:fs/promises';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../logger.js';
import { parseLedgerLine } from '../parse-ledger-line.js';

export interface ReplayResult {
  /** Offset just past the last whole line: the new cursor. */
  offset: number;
  records: number;
  /** Whole lines that were not valid records (skipped, with a warning). */
  skipped: number;
  /** Bytes of a torn last line, cut off the file. */
  tornBytes: number;
}

const CHUNK_BYTES = 1 << 20;
/** Warnings about bad lines stop after this many per replay (a mangled file must not flood the log). */
const MAX_LINE_WARNINGS = 10;

/**
 * Reads `file` from `from` to its end, handing every whole, valid line to
 * `onRecord`. Must run under the store's lock: a torn last line (a writer
 * killed mid-append; no newline after it) can only be a dead writer's, so it
 * is cut off, with a warning, before anyone appends after it. Bad whole lines
 * are skipped with a warning, never a crash.
 */
export async function replayLog(
  file: string,
  from: number,
  onRecord: (record: LedgerRecord) => void,
  logger: Logger,
): Promise<ReplayResult> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const result: ReplayResult = { offset: from, records: 0, skipped: 0, tornBytes: 0 };
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    let position = from;
    while (position < size) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK_BYTES, size - position), position);
      if (bytesRead === 0) break;
      const data = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const dataStart = position - carry.length;
      position += bytesRead;
      let start = 0;
      for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
        const lineStart = start;
        const line = data.toString('utf8', start, newline);
        start = newline + 1;
        if (line.trim() === '') continue;
        const record = parseLedgerLine(line);
        if (record === undefined) {
          result.skipped += 1;
          if (result.skipped <= MAX_LINE_WARNINGS) {
            logger.warn('ledger: skipped a log line that is not a valid record', { file, offset: dataStart + lineStart });
          }
          continue;
        }
        result.records += 1;
        onRecord(record);
      }
      // Copy: `chunk` is reused by the next read.
      carry = Buffer.from(data.subarray(start));
    }
    result.offset = position - carry.length;
    if (carry.length > 0) {
      result.tornBytes = carry.length;
      logger.warn('ledger: skipped a torn last log line (a writer was killed mid-write)', {
        file,
        offset: result.offset,
        bytes: carry.length,
      });
      await handle.truncate(result.offset);
    }
    if (result.skipped > MAX_LINE_WARNINGS) {
      logger.warn('ledger: more invalid log lines skipped', { file, skipped: result.skipped });
    }
    return result;
  } finally {
    await handle.close();
  }
}
