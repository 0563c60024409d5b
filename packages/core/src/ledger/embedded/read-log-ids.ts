import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Records are written with `id` first (JSON.stringify keeps key order), so most lines need no full parse. */
const ID_FIRST = /^\{"id":"([^"\\]*)"/;

/**
 * The record ids of the lines of `file` before byte `end` (a line boundary).
 * Only for recovery, when lines past a cursor are about to be counted: a line
 * whose id is among these was counted already and must not count twice.
 * O(size of the counted log), which recovery after a crash can afford.
 */
export async function readLogIds(file: string, end: number): Promise<Set<string>> {
  const ids = new Set<string>();
  if (end <= 0) return ids;
  const lines = createInterface({ input: createReadStream(file, { start: 0, end: end - 1 }), crlfDelay: Infinity });
  for await (const line of lines) {
    const fast = ID_FIRST.exec(line);
    if (fast !== null) {
      ids.add(fast[1] as string);
      continue;
    }
    try {
      const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // Not a record: nothing was counted for it.
    }
  }
  return ids;
}
