import { appendInDocument } from '../document/append-in-document.js';
import type { DocumentTransaction } from '../document/document-transaction.js';
import { setOwn } from '../../util/own-entry.js';
import type { JournalTail } from './read-journal-tails.js';

/**
 * Counts journal tails into a commit's document: each entry runs as the
 * `append` it stands for (charged, its allowance drawn, its record written to
 * the monthly log by the commit), and each journal's cursor moves past what
 * was read, in the same document write. So a line is folded once whoever
 * folds it and whenever (a kill before the document's rename leaves the
 * cursor where it was, and the monthly log's replay plus the recovered ids
 * keep the second fold from charging again: append-in-document.ts).
 * An id met twice in the tails counts once.
 */
export function foldJournalTails(tx: DocumentTransaction, tails: readonly JournalTail[]): number {
  const seen = new Set<string>();
  let folded = 0;
  for (const tail of tails) {
    for (const entry of tail.entries) {
      if (seen.has(entry.record.id)) continue;
      seen.add(entry.record.id);
      appendInDocument(tx, entry.record, entry.drawFrom, entry.drawMicroUsd);
      folded += 1;
    }
    for (const { line, problem } of tail.bad.slice(0, 10)) {
      tx.logger.warn('ledger: skipped a journal line that is not a valid entry', { journal: tail.name, problem, bytes: line.length });
    }
    setOwn((tx.doc.journals ??= {}), tail.name, { offset: tail.end });
  }
  return folded;
}
