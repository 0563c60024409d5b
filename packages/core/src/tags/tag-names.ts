/**
 * Tag names the surfaces fill themselves (attribution, issue 17). A request's
 * `tags` may hold these and any other name a caller picks (TAG_NAME_PATTERN).
 */
export const TAG = {
  /** The n8n workflow's id. */
  workflowId: 'workflow_id',
  /** The n8n workflow's name. */
  workflowName: 'workflow_name',
  /** The n8n execution's id: one run of a workflow. Kept in records, not summed (one value per run). */
  executionId: 'execution_id',
  /** The n8n node that sent the request. */
  nodeName: 'node_name',
  /** An agent's name, as its caller gives it. */
  agent: 'agent',
  /** The MCP client's name from `initialize` (clientInfo.name). */
  mcpClient: 'mcp_client',
  /** The id of the client key a request came in with (never the key itself). */
  clientKey: 'client_key',
  /** The end user a request is made for, as the caller names them. */
  endUser: 'end_user',
} as const;

export type WellKnownTag = (typeof TAG)[keyof typeof TAG];

/** A tag name: 1-64 of lower-case letters, digits, `_ . : -`. */
export const TAG_NAME_PATTERN = /^[a-z0-9_.:-]{1,64}$/;
/** A tag value is 1 to this many characters. */
export const MAX_TAG_VALUE_LENGTH = 256;
/** At most this many tags per request. */
export const MAX_TAGS = 32;
