import { open } from 'node:fs/promises';
import type { LedgerRecord } from '../ledger-record.js';
import { parseLedgerLine } from '../parse-ledger-line.js';

export interface LogChunk {
  /** Valid records of the whole lines read, in file order. */
  records: LedgerRecord[];
  /** Offset just past the last whole line read: where the next read starts. */
  end: number;
  /** Whole lines that were not valid records. */
  skipped: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Reads an embedded ledger log (JSONL) from `from`, a chunk of whole lines
 * at a time, without a lock and without changing the file: a last line with
 * no newline yet (a write in progress, or a torn one) is left for later.
 * Yields until the end of the file as it was when reading began.
 */
export async function* readLogRecords(file: string, from: number): AsyncGenerator<LogChunk> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = from;
    while (position < size) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
      if (bytesRead === 0) return;
      const data = buffer.subarray(0, bytesRead);
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline < 0) {
        // A line longer than a chunk is no record: skip past it once it is whole.
        if (bytesRead < CHUNK_BYTES) return;
        const next = await skipLine(handle, position + bytesRead, size);
        if (next === undefined) return;
        yield { records: [], end: next, skipped: 1 };
        position = next;
        continue;
      }
      const chunk: LogChunk = { records: [], end: position + lastNewline + 1, skipped: 0 };
      for (const line of data.toString('utf8', 0, lastNewline).split('\n')) {
        if (line.trim() === '') continue;
        const record = parseLedgerLine(line);
        if (record === undefined) chunk.skipped += 1;
        else chunk.records.push(record);
      }
      yield chunk;
      position = chunk.end;
    }
  } finally {
    await handle.close();
  }
}

async function skipLine(handle: Awaited<ReturnType<typeof open>>, from: number, size: number): Promise<number | undefined> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let position = from; position < size;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
    if (bytesRead === 0) return undefined;
    const newline = buffer.subarray(0, bytesRead).indexOf(10);
    if (newline >= 0) return position + newline + 1;
    position += bytesRead;
  }
  return undefined;
}
