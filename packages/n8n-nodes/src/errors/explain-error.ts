import type { AegisError } from '@aegis-llm/core';

/**
 * The core's message, plus what it means in this node's terms where the core
 * cannot know them. A budget set to "At the Limit: Fall Back" that reaches
 * the caller has had no fallback left: say that the request stopped, and
 * which fields change it.
 */
export function explainError(error: AegisError): string {
  if (error.kind === 'budget_exceeded' && error.details?.onLimit === 'fallback') {
    return `${error.message} No fallback model was left to try, so this request was not sent (as with "Block the Request"): add Fallback Models in the node's options (a model of another provider, or a local one), or raise the credential's Monthly Budget.`;
  }
  return error.message;
}
