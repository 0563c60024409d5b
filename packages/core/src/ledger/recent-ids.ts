/**
 * The last `capacity` ids added, for an exact "seen lately?" answer in
 * constant time and memory. A ring of slots over a Set: the id added
 * `capacity` adds ago leaves as a new one comes in. (Evicting through
 * `set.values().next()` instead would cost a walk over every deleted
 * entry the Set has not compacted yet: microseconds per add once full.)
 */
export interface RecentIds {
  has(id: string): boolean;
  /** Remembers `id`, forgetting the oldest once `capacity` are held. Adding an id already held changes nothing. */
  add(id: string): void;
  readonly size: number;
}

export function createRecentIds(capacity: number): RecentIds {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`RecentIds: capacity must be a positive integer, got ${capacity}`);
  const ids = new Set<string>();
  const ring: (string | undefined)[] = [];
  let next = 0;
  return {
    has: (id) => ids.has(id),
    add(id) {
      if (ids.has(id)) return;
      const oldest = ring[next];
      if (oldest !== undefined) ids.delete(oldest);
      ring[next] = id;
      next = next + 1 === capacity ? 0 : next + 1;
      ids.add(id);
    },
    get size() {
      return ids.size;
    },
  };
}
