import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;

/**
 * The last `limit` lines of `file` before byte `end` (a line boundary),
 * newest first. Reads backwards from `end`, so the cost depends on `limit`,
 * not on the size of the file. A missing file has no lines.
 */
export async function readLastLines(file: string, end: number, limit: number): Promise<string[]> {
  const lines: string[] = [];
  if (limit <= 0 || end <= 0) return lines;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return lines;
    throw error;
  }
  try {
    let position = end;
    // Bytes between `position` and the first newline seen: the end of a line whose start is further back.
    let tail: Buffer = Buffer.alloc(0);
    let first = true;
    while (position > 0 && lines.length < limit) {
      const size = Math.min(CHUNK_BYTES, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      const data = tail.length === 0 ? chunk : Buffer.concat([chunk, tail]);
      let lineEnd = data.length;
      // `end` follows a newline: that newline closes the newest line rather than opening an empty one.
      if (first && data[lineEnd - 1] === 10) lineEnd -= 1;
      first = false;
      while (lineEnd > 0 && lines.length < limit) {
        const newline = data.lastIndexOf(10, lineEnd - 1);
        if (newline === -1) break;
        pushLine(lines, data.toString('utf8', newline + 1, lineEnd));
        lineEnd = newline;
      }
      tail = data.subarray(0, lineEnd);
    }
    if (position === 0 && tail.length > 0 && lines.length < limit) pushLine(lines, tail.toString('utf8'));
    return lines;
  } finally {
    await handle.close();
  }
}

function pushLine(lines: string[], line: string): void {
  if (line.trim() !== '') lines.push(line);
}
