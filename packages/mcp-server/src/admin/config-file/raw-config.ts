/**
 * The config file as JSON, before validation: the admin edits this shape so
 * that everything it does not touch (other providers, keys, `$schema`, key
 * order) is written back exactly as it was read.
 */
export type RawConfig = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `parent[key]` for a key that may come from a user (a provider, task, model
 * or header name): own properties only, so `toString` reads nothing.
 */
export function entryOf(parent: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(parent, key) ? parent[key] : undefined;
}

/**
 * `parent[key] = value` that stays a plain key even for `__proto__` (an
 * assignment would replace the object's prototype and vanish from the JSON
 * written back); parseConfig then names such a key as the problem.
 */
export function setEntry(parent: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The object at `key` of `parent`, created when missing (or when it was not an object). */
export function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = entryOf(parent, key);
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  setEntry(parent, key, created);
  return created;
}

/** Deletes `key` from `parent` when it holds an empty object, so edits leave no `{}` litter. */
export function dropIfEmpty(parent: Record<string, unknown>, key: string): void {
  const value = entryOf(parent, key);
  if (isPlainObject(value) && Object.keys(value).length === 0) delete parent[key];
}
