import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkJournalLine, type JournalEntry } from './journal-line.js';
import { isJournalFileName } from './journal-file-name.js';

/** An entry of a journal's tail, with the offset just past its line (the cursor once it is folded). */
export interface TailEntry extends JournalEntry {
  end: number;
}

/** What a journal holds past its cursor. */
export interface JournalTail {
  name: string;
  /** Whole valid lines past the cursor, in order, at most the limit asked. */
  entries: TailEntry[];
  /** Offset just past the last whole line read (bad lines included): where the cursor may move. */
  end: number;
  /** The file's size: bytes past the last whole line are a line being written, or a dead writer's torn one. */
  size: number;
  mtimeMs: number;
  /** Every whole line was read (what is left past `end`, if anything, is one line without its newline). */
  complete: boolean;
  /** Whole lines that are not valid entries, with what is wrong (skipped: never counted). */
  bad: Array<{ line: string; problem: string }>;
}

/**
 * Every journal in `dir`, with its lines past `cursorOf(name)`: read without
 * the lock (a journal only grows, by whole-line writes; a last line without
 * its newline is left for later). Journals with nothing past their cursor are
 * listed with no entries (the store removes old ones). At most `maxEntries`
 * entries in all: a tail cut there ends at the last entry taken.
 * Synchronous: a journal's tail is what one process wrote in about a second.
 */
export function readJournalTails(dir: string, cursorOf: (name: string) => number, maxEntries: number): JournalTail[] {
  const tails: JournalTail[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter(isJournalFileName).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return tails;
    throw error;
  }
  let room = maxEntries;
  for (const name of names) {
    const file = join(dir, name);
    const stats = statSync(file, { throwIfNoEntry: false });
    // Removed since the listing (folded and retired by its writer).
    if (stats === undefined) continue;
    const cursor = cursorOf(name);
    const tail: JournalTail = { name, entries: [], end: cursor, size: stats.size, mtimeMs: stats.mtimeMs, bad: [], complete: stats.size <= cursor };
    tails.push(tail);
    if (tail.complete || room <= 0) continue;
    const bytes = readRange(file, cursor, stats.size);
    let start = 0;
    let newline = bytes.indexOf(10);
    for (; newline !== -1 && room > 0; newline = bytes.indexOf(10, start)) {
      const line = bytes.toString('utf8', start, newline);
      start = newline + 1;
      tail.end = cursor + start;
      if (line.trim() === '') continue;
      const checked = checkJournalLine(line);
      if ('entry' in checked) {
        tail.entries.push({ ...checked.entry, end: tail.end });
        room -= 1;
      } else tail.bad.push({ line, problem: checked.problem });
    }
    tail.complete = newline === -1;
  }
  return tails;
}

function readRange(file: string, from: number, to: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(to - from);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
