import { AegisError, usageRangeDays, type LedgerRecord } from '@aegis-llm/core';
import { AdminHttpError } from '../api/admin-http-error.js';
import { ERROR_KIND_VIEWS, REQUEST_KIND_VIEWS, type RequestKindView } from '../api/api-types.js';

/** Most requests one page lists. */
export const REQUEST_PAGE_MAX = 100;
/** A page's size when none is asked for. */
export const REQUEST_PAGE_DEFAULT = 25;
/** Longest search value taken (a name is at most 128 characters; a tag value 256). */
const VALUE_MAX = 300;

/** What the request log is searched by; every field optional and ANDed. */
export interface RequestSearch {
  provider?: string;
  /** A model id, or `provider/model`. */
  model?: string;
  task?: string;
  /** `name=value`, or `name` for any value. */
  tag?: string;
  /** `ok`, `error` (any failure), or one outcome: an error kind (`rate_limited`, `budget_exceeded`...), `abandoned`. */
  outcome?: string;
  /** Absent: chat and embeddings (connection tests are not traffic); or one kind. */
  kind?: RequestKindView;
  /** Case-insensitive, in the target, task, outcome, tags and fallback origin. */
  text?: string;
  /** Days (YYYY-MM-DD, the ledger's time zone), both included. */
  days?: ReadonlySet<string>;
  offset: number;
  limit: number;
}

const OUTCOMES = new Set<string>(['ok', 'error', 'abandoned', ...ERROR_KIND_VIEWS]);

/**
 * The log's query string, checked: each value a string of bounded length,
 * the outcome and kind known, the page within bounds, a day range as the
 * dashboard's (`today` in the ledger's time zone).
 *
 * @throws AdminHttpError 400 naming the parameter.
 */
export function parseRequestSearch(query: Record<string, unknown>, today: string): RequestSearch {
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw bad(name, `${name}: give it once, as text.`);
    if (value.length > VALUE_MAX) throw bad(name, `${name}: at most ${VALUE_MAX} characters.`);
    return value;
  };
  const count = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const n = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw bad(name, `${name}: expected a whole number from ${min} to ${max}.`);
    return n;
  };

  const search: RequestSearch = { offset: count('offset', 0, 0, 1_000_000), limit: count('limit', REQUEST_PAGE_DEFAULT, 1, REQUEST_PAGE_MAX) };
  for (const name of ['provider', 'model', 'task', 'tag', 'text'] as const) {
    const value = text(name);
    if (value !== undefined) search[name] = value;
  }
  const outcome = text('outcome');
  if (outcome !== undefined && outcome !== 'all') {
    if (!OUTCOMES.has(outcome)) throw bad('outcome', `outcome: expected ok, error, abandoned or an error kind (${ERROR_KIND_VIEWS.join(', ')}).`);
    search.outcome = outcome;
  }
  const kind = text('kind');
  if (kind !== undefined && kind !== 'all') {
    const found = REQUEST_KIND_VIEWS.find((known) => known === kind);
    if (found === undefined) throw bad('kind', `kind: expected one of all, ${REQUEST_KIND_VIEWS.join(', ')}.`);
    search.kind = found;
  }
  const from = text('from');
  const to = text('to');
  if (from !== undefined || to !== undefined) {
    try {
      search.days = new Set(usageRangeDays(from, to, today));
    } catch (error) {
      if (error instanceof AegisError) throw bad(error.details?.field ?? 'from', error.message);
      throw error;
    }
  }
  return search;
}

/** The records (newest first) that match, in order. */
export function matchRequests(records: readonly LedgerRecord[], search: RequestSearch): LedgerRecord[] {
  const needle = search.text?.toLowerCase();
  const [tagName, tagValue] = splitTag(search.tag);
  return records.filter((record) => {
    const kind = record.kind ?? 'chat';
    if (search.kind === undefined ? kind === 'test' : kind !== search.kind) return false;
    if (search.provider !== undefined && record.provider !== search.provider) return false;
    if (search.model !== undefined && record.model !== search.model && `${record.provider}/${record.model}` !== search.model) return false;
    if (search.task !== undefined && record.task !== search.task) return false;
    if (search.outcome !== undefined) {
      const failed = record.outcome !== 'ok' && record.outcome !== 'cancelled';
      if (search.outcome === 'error' ? !failed : record.outcome !== search.outcome) return false;
    }
    if (search.days !== undefined && !search.days.has(record.day)) return false;
    const tags = record.tags === undefined ? [] : Object.entries(record.tags);
    if (tagName !== undefined && !tags.some(([name, value]) => name === tagName && (tagValue === undefined || value === tagValue))) return false;
    if (needle !== undefined) {
      const haystack = [
        `${record.provider}/${record.model}`,
        record.task ?? '',
        record.outcome,
        record.fallbackFrom ?? '',
        ...tags.map(([n, v]) => `${n}=${v}`),
      ];
      if (!haystack.some((part) => part.toLowerCase().includes(needle))) return false;
    }
    return true;
  });
}

function splitTag(tag: string | undefined): [string | undefined, string | undefined] {
  if (tag === undefined) return [undefined, undefined];
  const at = tag.indexOf('=');
  return at === -1 ? [tag, undefined] : [tag.slice(0, at), tag.slice(at + 1)];
}

function bad(field: string, message: string): AdminHttpError {
  return new AdminHttpError(400, 'bad_request', message, { field });
}
