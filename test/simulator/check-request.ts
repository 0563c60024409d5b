import { dashscopeErrors } from './dashscope-errors.ts';
import type { JsonObject, StatusFault } from './types.ts';
import { contentText, isObject } from './usage.ts';

export interface RequestRules {
  apiKey: string | undefined;
  models: ReadonlySet<string>;
  streamingOnly: ReadonlySet<string>;
}

/** The key sent as `Authorization: Bearer <key>`, if any. */
export function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
  return match?.[1];
}

/** DashScope answers a missing or wrong key with 401 before looking at anything else. */
export function checkAuth(rules: RequestRules, key: string | undefined): StatusFault | undefined {
  return rules.apiKey !== undefined && key !== rules.apiKey ? dashscopeErrors.invalidApiKey : undefined;
}

/**
 * The checks DashScope's compatible mode makes on a chat request before any
 * model runs. Their answers do not consume a scripted scenario: a scenario
 * describes the upstream's behaviour for a request it accepted.
 */
export function checkChatBody(rules: RequestRules, body: JsonObject | undefined): StatusFault | undefined {
  if (body === undefined) return invalidParameter('Request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model === '') return invalidParameter('Required parameter `model` is missing or not a string.');
  // Model ids are case-sensitive on DashScope (reference/dashscope.md).
  if (!rules.models.has(body.model)) return dashscopeErrors.modelNotFound;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return invalidParameter('Required parameter `messages` is missing or empty.');
  }
  const stream = body.stream === true;
  if (!stream && rules.streamingOnly.has(body.model)) {
    return invalidParameter('This model only support stream mode, please enable the stream parameter.');
  }
  if (!stream && body.enable_thinking === true) {
    return invalidParameter('parameter.enable_thinking must be set to false for non-streaming calls');
  }
  if (isObject(body.response_format) && body.response_format.type === 'json_object' && !mentionsJson(body.messages)) {
    return dashscopeErrors.jsonModeWithoutJson;
  }
  return undefined;
}

/** DashScope (as OpenAI) refuses JSON mode unless some message says "json", in any case. */
function mentionsJson(messages: unknown[]): boolean {
  return messages.some((message) => isObject(message) && /json/i.test(contentText(message.content)));
}

function invalidParameter(message: string): StatusFault {
  return { type: 'status', status: 400, code: 'invalid_parameter_error', errorType: 'invalid_request_error', message };
}
