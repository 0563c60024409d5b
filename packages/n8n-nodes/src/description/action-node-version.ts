/**
 * The versions of the DashScope and AnyLLM action nodes, n8n's way of
 * changing what a parameter means without changing saved workflows: a saved
 * node keeps its `typeVersion`, a new one gets the default version.
 *
 * 1: Maximum Tokens is an option; until it is added nothing is sent, and the
 *    budget reserves the model's whole possible output.
 * 2: Maximum Tokens is a parameter of its own, shown with its default and
 *    always sent, so the budget reserves what the panel shows (issue 16).
 */
export const ACTION_NODE_VERSIONS = [1, 2];
export const ACTION_NODE_DEFAULT_VERSION = 2;

/** What version 2 shows and sends when Maximum Tokens is left as it is. */
export const DEFAULT_MAX_TOKENS = 1024;

/** Whether a node of this version sends its Maximum Tokens parameter with every request. */
export function sendsMaxTokensParameter(typeVersion: number): boolean {
  return typeVersion >= 2;
}

/** displayOptions for a parameter of version 2 on. */
export const FROM_VERSION_2 = { '@version': [{ _cnd: { gte: 2 } }] };
/** displayOptions for a parameter of version 1 only. */
export const VERSION_1_ONLY = { '@version': [1] };
