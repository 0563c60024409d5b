/**
 * Attribution tags on a request (`ChatRequest.tags`): what a tag name and
 * value may be, and the names every surface agrees on.
 */

/** Well-known tag names, filled by the surfaces (shared-interfaces.md). */
export const TAG = {
  workflowId: 'workflow_id',
  workflowName: 'workflow_name',
  executionId: 'execution_id',
  nodeName: 'node_name',
  agent: 'agent',
  mcpClient: 'mcp_client',
  clientKey: 'client_key',
  endUser: 'end_user',
} as const;

export const TAG_NAME_PATTERN = /^[a-z0-9_.:-]{1,64}$/;
export const MAX_TAG_VALUE_CHARS = 256;
export const MAX_TAGS = 32;

/** What is wrong with a request's tags, naming the tag, or undefined. Reads own entries only (a tag may be `__proto__`). */
export function checkTags(tags: unknown): { field: string; message: string } | undefined {
  if (tags === undefined) return undefined;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return { field: 'tags', message: 'must be an object of tag name -> value' };
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) return { field: 'tags', message: `at most ${MAX_TAGS} tags, got ${entries.length}` };
  for (const [name, value] of entries) {
    if (!TAG_NAME_PATTERN.test(name)) return { field: `tags.${name}`, message: 'a tag name is 1-64 of a-z, 0-9, _ . : -' };
    if (typeof value !== 'string' || value.length < 1 || value.length > MAX_TAG_VALUE_CHARS) {
      return { field: `tags.${name}`, message: `a tag value is a string of 1-${MAX_TAG_VALUE_CHARS} characters` };
    }
  }
  return undefined;
}
