import type { LedgerRecord } from '../ledger-record.js';
import { checkLedgerLine } from '../parse-ledger-line.js';

/**
 * One append waiting in a process's journal (open-journal.ts) to be counted
 * into the document: the store's `append(record, drawFrom, drawMicroUsd)`
 * operation, as it will run in the commit that folds it.
 */
export interface JournalEntry {
  record: LedgerRecord;
  drawFrom?: string;
  drawMicroUsd?: number;
}

/** The entry as one JSONL line (newline included). */
export function journalLine(entry: JournalEntry): string {
  return `${JSON.stringify({ record: entry.record, drawFrom: entry.drawFrom, drawMicroUsd: entry.drawMicroUsd })}\n`;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A journal line back to its entry, or what is wrong with it (the record checked as a log line is). */
export function checkJournalLine(line: string): { entry: JournalEntry } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { problem: 'not JSON (a torn or edited line)' };
  }
  if (typeof json !== 'object' || json === null) return { problem: 'not an object' };
  const { record, drawFrom, drawMicroUsd } = json as Record<string, unknown>;
  if (drawFrom !== undefined && typeof drawFrom !== 'string') return { problem: 'drawFrom: not a string' };
  if (drawMicroUsd !== undefined && !isCount(drawMicroUsd)) return { problem: 'drawMicroUsd: not a count' };
  const checked = checkLedgerLine(JSON.stringify(record ?? null));
  if (!('record' in checked)) return { problem: `record: ${checked.problem}` };
  const entry: JournalEntry = { record: checked.record };
  if (drawFrom !== undefined) entry.drawFrom = drawFrom;
  if (drawMicroUsd !== undefined) entry.drawMicroUsd = drawMicroUsd;
  return { entry };
}
