import { renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes the ledger document whole: a temp file next to it, then a rename
 * over it, so a reader (or a process killed mid-write) only ever sees one
 * whole commit. The temp file's name is fixed (lowdb's, which wrote it
 * before): only the lock's holder writes it. Synchronous, like the rest of a
 * commit's file calls (open-embedded-store.ts).
 */
export function writeDocument(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}
