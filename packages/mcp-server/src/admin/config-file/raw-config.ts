/**
 * The config file as JSON, before validation: the admin edits this shape so
 * that everything it does not touch (other providers, keys, `$schema`, key
 * order) is written back exactly as it was read.
 */
export type RawConfig = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object at `key` of `parent`, created when missing (or when it was not an object). */
export function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key];
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

/** Deletes `key` from `parent` when it holds an empty object, so edits leave no `{}` litter. */
export function dropIfEmpty(parent: Record<string, unknown>, key: string): void {
  const value = parent[key];
  if (isPlainObject(value) && Object.keys(value).length === 0) delete parent[key];
}
