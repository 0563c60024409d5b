import { MAX_TAG_VALUE_LENGTH, MAX_TAGS, TAG_NAME_PATTERN } from './tag-names.js';
import type { TagList } from './tag-list.js';

/** What is wrong with a request's `tags`, naming the field (`tags.<name>`). */
export interface TagProblem {
  field: string;
  message: string;
}

/**
 * A request's `tags` (name -> value) checked and copied into a TagList, or
 * the first problem. Reads own enumerable properties only (Object.entries):
 * an object parsed from JSON keeps `__proto__` as an own key, and it is
 * taken as the name it is.
 */
export function checkTags(tags: unknown): { tags: TagList } | { problem: TagProblem } {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    return { problem: { field: 'tags', message: 'must be an object of tag name -> value, e.g. {"team":"support"}' } };
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) return { problem: { field: 'tags', message: `at most ${MAX_TAGS} tags, got ${entries.length}` } };
  for (const [name, value] of entries) {
    if (!TAG_NAME_PATTERN.test(name)) {
      return { problem: { field: `tags.${name.slice(0, 70)}`, message: 'a tag name is 1-64 of lower-case letters, digits, _ . : or -' } };
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TAG_VALUE_LENGTH) {
      return { problem: { field: `tags.${name}`, message: `a tag value is a string of 1-${MAX_TAG_VALUE_LENGTH} characters` } };
    }
  }
  const list = (entries as [string, string][]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { tags: list };
}
