import type { RecordedRequest } from './types.ts';

export interface RequestLog {
  /** Live array, oldest first, never longer than the limit. */
  readonly entries: readonly RecordedRequest[];
  add(entry: RecordedRequest): void;
  clear(): void;
}

/**
 * The only thing that grows with traffic, so it is bounded: a benchmark of
 * tens of thousands of requests keeps the last `limit` (0 keeps none).
 */
export function createRequestLog(limit: number): RequestLog {
  const entries: RecordedRequest[] = [];
  return {
    entries,
    add(entry) {
      if (limit <= 0) return;
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    clear() {
      entries.length = 0;
    },
  };
}
