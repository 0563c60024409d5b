import { MAX_TAG_VALUE_LENGTH, TAG } from '@aegis-llm/core';

/** The part of n8n's execution context (action node or sub-node) the tags come from. */
export interface WorkflowContext {
  getWorkflow(): { id?: string; name?: string };
  getExecutionId(): string;
  getNode(): { name: string };
}

/**
 * The tags n8n knows of a request: its workflow (id and name), execution
 * and node. Taken after the user's own tags, so a Tags option cannot pass a
 * request off as another workflow's. Empty values are left out (an unsaved
 * workflow has no id); long ones are cut to the tag limit.
 */
export function workflowTags(ctx: WorkflowContext): Record<string, string> {
  const workflow = safe(() => ctx.getWorkflow()) ?? {};
  const pairs: Array<[string, unknown]> = [
    [TAG.workflowId, workflow.id],
    [TAG.workflowName, workflow.name],
    [TAG.executionId, safe(() => ctx.getExecutionId())],
    [TAG.nodeName, safe(() => ctx.getNode().name)],
  ];
  return Object.fromEntries(
    pairs
      .filter((pair): pair is [string, string | number] => (typeof pair[1] === 'string' && pair[1] !== '') || typeof pair[1] === 'number')
      .map(([name, value]) => [name, String(value).slice(0, MAX_TAG_VALUE_LENGTH)]),
  );
}

/** The Tags option (rows of name and value) as tag name -> value; rows without a name are skipped. */
export function optionTags(option: { values?: Array<{ name?: unknown; value?: unknown }> } | undefined): Record<string, string> | undefined {
  const rows = (option?.values ?? []).filter((row) => typeof row.name === 'string' && row.name.trim() !== '');
  if (rows.length === 0) return undefined;
  return Object.fromEntries(rows.map((row) => [String(row.name).trim(), row.value === undefined || row.value === null ? '' : String(row.value)]));
}

/** n8n's context methods may be missing in an older host or throw outside an execution: then the tag is left out. */
function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
