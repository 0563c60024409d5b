import { randomUUID } from 'node:crypto';
import { AegisError } from '@aegis-llm/core';

export interface PageInfo {
  /** Pass to `chat` as `answer_id` (with `offset`) to read on. */
  answerId: string;
  offset: number;
  /** Characters in this page. */
  length: number;
  totalChars: number;
  /** Where the next page starts; absent on the last page. */
  nextOffset?: number;
}

export interface Page {
  text: string;
  /** Absent when the whole answer fits in one page. */
  page?: PageInfo;
}

export interface AnswerPages {
  /** The first page of a new answer (kept for paging only when it needs more than one). */
  first(text: string): Page;
  /** A later page of a kept answer. */
  read(answerId: string, offset: number): Page;
}

export interface AnswerPagesOptions {
  pageChars: number;
  /** @default 20 */
  maxAnswers?: number;
  /** @default one hour */
  ttlMs?: number;
  now: () => number;
}

/** Never ends a page between the two halves of a surrogate pair. */
function pageEnd(text: string, start: number, pageChars: number): number {
  const end = Math.min(text.length, start + pageChars);
  const last = text.charCodeAt(end - 1);
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

/**
 * Long answers in pages that fit clients' tool-output limits. A paid-for
 * answer is never thrown away for being long: the rest is kept in memory (the
 * last `maxAnswers`, for `ttlMs`) and read by id, without calling the model.
 */
export function createAnswerPages(options: AnswerPagesOptions): AnswerPages {
  const maxAnswers = options.maxAnswers ?? 20;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const kept = new Map<string, { text: string; at: number }>();

  const slice = (answerId: string, text: string, offset: number): Page => {
    const end = pageEnd(text, offset, options.pageChars);
    const page: PageInfo = { answerId, offset, length: end - offset, totalChars: text.length };
    if (end < text.length) page.nextOffset = end;
    return { text: text.slice(offset, end), page };
  };

  const prune = () => {
    const now = options.now();
    for (const [id, entry] of kept) if (now - entry.at > ttlMs) kept.delete(id);
    while (kept.size > maxAnswers) kept.delete(kept.keys().next().value as string);
  };

  return {
    first(text) {
      if (text.length <= options.pageChars) return { text };
      const answerId = randomUUID();
      kept.set(answerId, { text, at: options.now() });
      prune();
      return slice(answerId, text, 0);
    },
    read(answerId, offset) {
      prune();
      const entry = kept.get(answerId);
      if (!entry) {
        throw new AegisError(
          'bad_request',
          `answer_id "${answerId}" is unknown or expired (the last ${maxAnswers} long answers are kept for ${Math.round(ttlMs / 60_000)} minutes). Ask again.`,
          { details: { field: 'answer_id' } },
        );
      }
      if (offset >= entry.text.length) {
        throw new AegisError('bad_request', `offset ${offset} is past the end of the answer (${entry.text.length} characters): use a page's nextOffset.`, {
          details: { field: 'offset' },
        });
      }
      return slice(answerId, entry.text, offset);
    },
  };
}
