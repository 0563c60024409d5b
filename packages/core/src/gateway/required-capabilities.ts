import type { Capability, ChatRequest } from '../types.js';

/**
 * What a request needs of a model besides vision and thinking (planned apart):
 * function calling when it gives tools the model may call, and the JSON
 * mode it asks for. A target whose catalog entry lacks one is skipped.
 */
export function requiredCapabilities(request: ChatRequest): Capability[] {
  const needs: Capability[] = [];
  if (request.tools && request.tools.length > 0 && request.toolChoice !== 'none') needs.push('tools');
  const format = request.responseFormat?.type;
  if (format === 'json_object') needs.push('json-object');
  else if (format === 'json_schema') needs.push('json-schema');
  return needs;
}
