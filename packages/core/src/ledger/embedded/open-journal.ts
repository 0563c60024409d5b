import { closeSync, fstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { newJournalFileName } from './journal-file-name.js';

/**
 * This process's journal: the file its appends are written to without the
 * ledger's lock (one write, on a handle kept open), until a commit folds
 * them into the document and the monthly log (open-embedded-store.ts).
 * Only this process writes it; any process may read and fold it.
 */
export interface Journal {
  /** The current file's name; undefined before the first write. */
  readonly name: string | undefined;
  /** Bytes written to the current file. */
  readonly size: number;
  /** Appends whole lines in one write (a short write is finished); throws when the file cannot take them. */
  write(text: string): void;
  /** Closes and removes the current file (its lines all folded): the next write starts a new one. */
  retire(): void;
  /** Closes the handle, leaving the file. */
  close(): void;
}

/**
 * A journal not written to for this long is checked before the next write
 * (wall clock, as file times are): well under the hour after which another
 * process may remove a journal it finds idle and wholly folded.
 */
const RECHECK_AFTER_MS = 10 * 60 * 1000;

export function openJournal(dir: string, now: () => number): Journal {
  let fd: number | undefined;
  let lastWriteAt = 0;
  let name: string | undefined;
  let size = 0;

  const start = (): number => {
    name = newJournalFileName(now());
    size = 0;
    fd = openSync(join(dir, name), 'a');
    return fd;
  };
  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };

  return {
    get name() {
      return name;
    },
    get size() {
      return size;
    },
    write(text) {
      // A file removed under us would swallow the lines: start a new one.
      // Only a journal untouched for an hour may be removed by
      // another process (open-embedded-store.ts), so a journal written to
      // recently needs no look.
      const at = Date.now();
      if (fd !== undefined && at - lastWriteAt > RECHECK_AFTER_MS && fstatSync(fd).nlink === 0) close();
      lastWriteAt = at;
      const handle = fd ?? start();
      const bytes = Buffer.from(text);
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(handle, bytes, written);
      } catch (error) {
        // Part of a line may be in the file: it stays a torn tail (never
        // folded), and what follows goes to a new file, on a line of its own.
        close();
        fd = undefined;
        name = undefined;
        throw error;
      } finally {
        size += written;
      }
    },
    retire() {
      const file = name === undefined ? undefined : join(dir, name);
      close();
      name = undefined;
      size = 0;
      try {
        if (file !== undefined) unlinkSync(file);
      } catch (error) {
        // Another process cleaned it up already.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
    close,
  };
}
