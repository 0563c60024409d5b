import { randomUUID } from 'node:crypto';

const JOURNAL_FILE = /^journal-[0-9a-z-]+\.jsonl$/;

/** A new journal's name, unique to one writer: `journal-<ms in base 36>-<uuid>.jsonl`. */
export function newJournalFileName(now: number): string {
  return `journal-${now.toString(36)}-${randomUUID()}.jsonl`;
}

/** True for a journal's file name (open-journal.ts), false for any other file. */
export function isJournalFileName(name: string): boolean {
  return JOURNAL_FILE.test(name);
}
