import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireFileLock } from '../embedded/acquire-file-lock.js';
import type { Logger } from '../../log/logger.js';
import { EMPTY_BOOK, parseBook, serializeBook, type BudgetBook, type BudgetBookStore } from './budget-book.js';

/** The book's file in the embedded ledger directory, next to `ledger.json`. */
export const BUDGET_BOOK_FILE = 'budgets.json';

/**
 * The budget book of the embedded store: `<ledger dir>/budgets.json`, written
 * whole (temp file + rename, so a reader never sees half a book) under its
 * own cross-process lock (`budgets.lock`), so two processes publishing at the
 * same moment do not lose a write. A book that cannot be read (damaged from
 * outside) is logged and treated as empty: the processes' declared budgets
 * are written again.
 */
export function openEmbeddedBudgetBook(options: { dir: string; logger: Logger }): BudgetBookStore {
  const file = join(options.dir, BUDGET_BOOK_FILE);
  const read = async (): Promise<BudgetBook> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_BOOK;
      throw error;
    }
    try {
      return parseBook(text);
    } catch (error) {
      options.logger.warn(`The budget book ${file} cannot be read (${(error as Error).message}); it is rewritten from the budgets processes declare.`);
      return EMPTY_BOOK;
    }
  };
  return {
    read,
    async update(change) {
      await mkdir(options.dir, { recursive: true });
      const lock = await acquireFileLock({
        lockPath: join(options.dir, 'budgets.lock'),
        staleMs: 10_000,
        timeoutMs: 10_000,
        onCompromised: (error) => options.logger.warn(`The budget book's lock was taken over: ${error.message}`),
      });
      try {
        const current = await read();
        const next = change(current);
        if (next === undefined) return current;
        const written = { rev: current.rev + 1, entries: next.entries };
        const temp = `${file}.${randomUUID()}.tmp`;
        await writeFile(temp, serializeBook(written), { mode: 0o600 });
        await lock.assertHeld();
        await rename(temp, file);
        return written;
      } finally {
        await lock.release();
      }
    },
    close: async () => {},
  };
}
