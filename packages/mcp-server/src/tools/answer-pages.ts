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
  /** Hard cap on characters per page. */
  pageChars: number;
  /**
   * Cap on estimated tokens per page: clients cap a tool result in tokens
   * (Claude Code: 25,000), and 30,000 characters of Chinese are 27,780-40,282
   * real tokens. @default Infinity (characters only)
   */
  pageTokens?: number;
  /** @default 20 */
  maxAnswers?: number;
  /** @default one hour */
  ttlMs?: number;
  now: () => number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Where a page starting at `start` ends: at `pageChars` characters or
 * `pageTokens` estimated tokens, whichever comes first, by the core's rules
 * (cost/estimate-tokens.ts: 1 token per CJK character, 1 per 4 ASCII, 1 per
 * 2 others), counted incrementally. Never between the halves of a surrogate
 * pair (it steps by code point).
 */
function pageEnd(text: string, start: number, pageChars: number, pageTokens: number): number {
  const limit = Math.min(text.length, start + pageChars);
  let tokens = 0;
  let end = start;
  while (end < limit) {
    const code = text.codePointAt(end) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    if (end + width > limit) break;
    const char = text.slice(end, end + width);
    tokens += code < 0x80 ? 0.25 : CJK.test(char) ? 1 : 0.5;
    if (tokens > pageTokens) break;
    end += width;
  }
  return Math.max(end, Math.min(text.length, start + 1));
}

/**
 * Long answers in pages that fit clients' tool-output limits. A paid-for
 * answer is never thrown away for being long: the rest is kept in memory (the
 * last `maxAnswers`, for `ttlMs`) and read by id, without calling the model.
 */
export function createAnswerPages(options: AnswerPagesOptions): AnswerPages {
  const maxAnswers = options.maxAnswers ?? 20;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const pageTokens = options.pageTokens ?? Number.POSITIVE_INFINITY;
  const kept = new Map<string, { text: string; at: number }>();

  const slice = (answerId: string, text: string, offset: number): Page => {
    const end = pageEnd(text, offset, options.pageChars, pageTokens);
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
      if (pageEnd(text, 0, options.pageChars, pageTokens) >= text.length) return { text };
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
