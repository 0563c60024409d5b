import { isAegisError, type Redactor } from '@aegis-llm/core';
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { describeAegisError } from './describe-aegis-error.js';
import { explainError } from './explain-error.js';

/**
 * Any failure of an item as the error n8n shows, with the item index: an
 * upstream answer with an HTTP status becomes a NodeApiError, everything else
 * (budget, configuration, a bad parameter, a dropped connection) a
 * NodeOperationError. Messages pass the redactor: the core's messages carry
 * no key, and this also masks the credential's header values.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, redact: Redactor, authHint?: string): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (isAegisError(error)) {
    const message = redact(explainError(error, authHint));
    const description = describeAegisError(error, redact);
    if (error.status !== undefined) {
      const response: JsonObject = { message, kind: error.kind, httpCode: String(error.status) };
      return new NodeApiError(node, response, { message, description, httpCode: String(error.status), itemIndex });
    }
    return new NodeOperationError(node, message, { description, itemIndex });
  }
  return new NodeOperationError(node, redact(error instanceof Error ? error.message : String(error)), { itemIndex });
}
