/**
 * A request's tags as the core keeps them: `[name, value]` pairs sorted by
 * name, one per name. Never a plain object indexed by a tag name: a tag
 * called `__proto__` or `toString` is an ordinary name.
 */
export type TagList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The list as a plain object (for JSON: the ledger record, tool results),
 * built with own data properties only, so `__proto__` stays a key.
 */
export function tagsToObject(tags: TagList): Record<string, string> {
  return Object.fromEntries(tags);
}
