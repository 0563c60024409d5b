import { appendFile, open } from 'node:fs/promises';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import { checkLedgerLine } from '../parse-ledger-line.js';

export interface ReplayResult {
  /** Offset just past the last whole line: the new cursor. */
  offset: number;
  records: number;
  /** Whole lines that were not valid records (skipped, with a warning, and copied to the quarantine file). */
  skipped: number;
  /** Valid lines of a record id already counted (skipped: a record counts once). */
  duplicates: number;
  /** Bytes of a torn last line, cut off the file. */
  tornBytes: number;
}

const CHUNK_BYTES = 1 << 20;
/** Warnings about bad lines stop after this many per replay (a mangled file must not flood the log). */
const MAX_LINE_WARNINGS = 10;

export interface ReplayOptions {
  /**
   * Ids already counted (the lines before `from`, say), plus every id handed
   * to `onRecord` as it goes: a line of an id in it is a duplicate (a line
   * copied by hand, or a write retried after its commit failed half-way) and
   * is skipped. @default a new empty set
   */
  seen?: Set<string>;
  /** Where invalid lines are copied, to be looked at and fixed by hand. @default `<file>.quarantine` */
  quarantineFile?: string;
}

/**
 * Reads `file` from `from` to its end, handing every whole, valid line to
 * `onRecord`. Must run under the store's lock: a torn last line (a writer
 * killed mid-append; no newline after it) can only be a dead writer's, so it
 * is cut off, with a warning, before anyone appends after it. Bad whole lines
 * (not JSON, wrong types, a negative cost) are skipped with a warning naming
 * what is wrong and copied, as they were, to the quarantine file: never
 * counted, never a crash. A record id seen before counts once.
 */
export async function replayLog(
  file: string,
  from: number,
  onRecord: (record: LedgerRecord) => void,
  logger: Logger,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const seen = options.seen ?? new Set<string>();
  const quarantineFile = options.quarantineFile ?? `${file}.quarantine`;
  const quarantined: string[] = [];
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const result: ReplayResult = { offset: from, records: 0, skipped: 0, duplicates: 0, tornBytes: 0 };
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
        const checked = checkLedgerLine(line);
        if (!('record' in checked)) {
          result.skipped += 1;
          quarantined.push(line);
          if (result.skipped <= MAX_LINE_WARNINGS) {
            logger.warn('ledger: skipped a log line that is not a valid record; not counted, copied to the quarantine file', {
              file,
              offset: dataStart + lineStart,
              problem: checked.problem,
              quarantineFile,
            });
          }
          continue;
        }
        const { record } = checked;
        if (seen.has(record.id)) {
          result.duplicates += 1;
          if (result.duplicates <= MAX_LINE_WARNINGS) {
            logger.warn('ledger: skipped a log line of a record id already counted (it counts once)', {
              file,
              offset: dataStart + lineStart,
              id: record.id,
            });
          }
          continue;
        }
        seen.add(record.id);
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
    if (result.duplicates > MAX_LINE_WARNINGS) {
      logger.warn('ledger: more duplicate log lines skipped', { file, duplicates: result.duplicates });
    }
    if (quarantined.length > 0) await appendFile(quarantineFile, quarantined.map((line) => `${line}\n`).join(''));
    return result;
  } finally {
    await handle.close();
  }
}
