import { readdir } from 'node:fs/promises';
import type { LedgerDocument } from '../document/ledger-document.js';
import { periodOfLogFile } from './log-file-name.js';

/**
 * The months whose logs may hold lines past the cursor that a commit depends
 * on: those its operations read or write (`declared`), those of open and
 * recently expired reservations (a dead writer's settle lines), and, with
 * `scanDir` (first commit, rebuilt document), every log in the directory.
 */
export async function monthsToRecover(doc: LedgerDocument, declared: Iterable<string>, scanDir: string | undefined): Promise<Set<string>> {
  const periods = new Set<string>(declared);
  for (const r of Object.values(doc.reservations)) periods.add(r.period);
  for (const r of Object.values(doc.expired)) periods.add(r.period);
  if (scanDir !== undefined) {
    for (const name of await readdir(scanDir)) {
      const period = periodOfLogFile(name);
      if (period !== undefined) periods.add(period);
    }
  }
  return periods;
}
