import { MAX_TAG_VALUE_LENGTH, TAG_NAME_PATTERN } from './tag-names.js';

/**
 * A tag scope: `name=value`, what a tag-scoped budget targets (e.g.
 * `client_key=k_1`, `workflow_id=abc`). A request counts against it when its
 * tags hold that pair. The name cannot contain `=`, so the first one splits.
 */
export type TagScope = string;

export function tagScope(name: string, value: string): TagScope {
  return `${name}=${value}`;
}

/** Name and value of a scope (checked by checkTagScope first). */
export function splitTagScope(scope: TagScope): [string, string] {
  const at = scope.indexOf('=');
  return [scope.slice(0, at), scope.slice(at + 1)];
}

/** What is wrong with a scope as typed, or undefined. */
export function checkTagScope(scope: string): string | undefined {
  const at = scope.indexOf('=');
  if (at < 0) return 'a tag budget is named `name=value`, e.g. `client_key=k_1` or `workflow_id=abc`';
  const name = scope.slice(0, at);
  const value = scope.slice(at + 1);
  if (!TAG_NAME_PATTERN.test(name)) return `the tag name \`${name}\` is not 1-64 of lower-case letters, digits, _ . : or -`;
  if (value.length === 0 || value.length > MAX_TAG_VALUE_LENGTH) return `a tag value is 1-${MAX_TAG_VALUE_LENGTH} characters`;
  return undefined;
}
