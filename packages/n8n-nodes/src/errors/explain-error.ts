import { PROVIDER_KINDS, type AegisError } from '@aegis-llm/core';

/**
 * The core's message, in this node's terms where the core cannot know them.
 * A 401's region advice names the credential's Region field (`authHint`, from
 * the node's provider setup), not the core's environment variable. A budget set to "At the Limit: Fall Back" that reaches
 * the caller has had no fallback left: say that the request stopped, and
 * which fields change it.
 */
export function explainError(error: AegisError, authHint?: string): string {
  if (error.kind === 'auth' && authHint !== undefined) {
    const coreHint = PROVIDER_KINDS.map((kind) => kind.spec.authHint).find((hint) => hint !== undefined && error.message.includes(hint));
    if (coreHint !== undefined) return error.message.replace(coreHint, authHint);
  }
  if (error.kind === 'budget_exceeded' && error.details?.onLimit === 'fallback') {
    return `${error.message} No fallback model was left to try, so this request was not sent (as with "Block the Request"): add Fallback Models in the node's options (a model of another provider, or a local one), or raise the credential's Monthly Budget.`;
  }
  return error.message;
}
