import { AegisError, DEFAULT_TASK, mergeTags, type ChatRequest } from '@aegis-llm/core';
import { optionTags } from './workflow-tags.js';
import type { ProviderSetup } from '../config/provider-setup.js';
import type { ChatParameters } from './chat-parameters.js';
import { splitList } from './split-list.js';

/**
 * The node's Chat parameters as one core request, kept to the credential's
 * provider (ChatRequest.providers): the core qualifies the model and the
 * fallbacks with it, and with no model (the node's, else the credential's
 * default) routes by task type on this provider alone.
 */
export function buildChatRequest(params: ChatParameters, setup: ProviderSetup): ChatRequest {
  const { options } = params;
  const task = options.task?.trim() || DEFAULT_TASK;
  const fallbacks = splitList(options.fallbackModels);
  const model = params.model.trim() || setup.defaultModel;

  const request: ChatRequest = { task, providers: [setup.providerId] };
  if (model) request.model = model;
  if (fallbacks.length > 0) request.fallbacks = fallbacks;
  if (params.inputType === 'messages') {
    request.messages = params.messages.map(({ role, content }) => ({ role, content }));
  } else {
    request.prompt = params.prompt;
  }
  if (options.system?.trim()) request.system = options.system;
  const images = [...splitList(options.images), ...params.binaryImages];
  if (images.length > 0) request.images = images;
  if (params.maxTokens !== undefined) request.maxTokens = params.maxTokens;
  else if (positive(options.maxTokens)) request.maxTokens = options.maxTokens;
  if (typeof options.temperature === 'number') request.temperature = options.temperature;
  if (typeof options.thinking === 'boolean') request.thinking = options.thinking;
  if (options.thinking && positive(options.thinkingBudget)) request.thinkingBudget = options.thinkingBudget;
  if (positive(options.timeoutSeconds)) request.timeoutMs = Math.round(options.timeoutSeconds * 1000);
  if (typeof options.topP === 'number') request.topP = options.topP;
  const stop = splitList(options.stop);
  if (stop.length > 0) request.stop = stop;
  if (typeof options.seed === 'number') request.seed = options.seed;
  if (typeof options.presencePenalty === 'number') request.presencePenalty = options.presencePenalty;
  if (typeof options.frequencyPenalty === 'number') request.frequencyPenalty = options.frequencyPenalty;
  if (options.responseFormat === 'json_object') request.responseFormat = { type: 'json_object' };
  if (options.responseFormat === 'json_schema') request.responseFormat = { type: 'json_schema', name: 'output', schema: parseSchema(options.jsonSchema) };
  const tags = mergeTags(optionTags(options.tags), params.contextTags);
  if (tags !== undefined) request.tags = tags;
  return request;
}

/** The node's JSON Schema option: n8n gives a json field as text or, from an expression, as an object. */
function parseSchema(schema: string | object | undefined): Record<string, unknown> {
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) return schema as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(typeof schema === 'string' ? schema : '');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Refused below, naming the field.
  }
  throw new AegisError('bad_request', 'JSON Schema is not a JSON object: write the schema the answer must follow, e.g. {"type":"object","properties":{...}}.', {
    details: { field: 'jsonSchema' },
  });
}

function positive(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
