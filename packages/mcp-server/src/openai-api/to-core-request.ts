/**
 * An OpenAI chat-completion body (already parsed), the Aegis headers and the
 * caller as one core ChatRequest. Naming: `aegis/<task>` (or the
 * `x-aegis-task` header, which then wins over the body's model) picks a task
 * route; anything else is a model as the core names them (`provider/model`
 * or a bare id resolved through the catalog).
 */
import { TAG, type ChatMessage, type ChatRequest, type ContentPart, type ResponseFormat, type ToolChoice } from '@aegis-llm/core';
import type { AegisHeaders } from './aegis-headers.js';
import { allowedTargetsOf, type Caller } from './caller.js';
import type { ChatCompletionBody } from './chat-completion-body.js';
import { OpenAiHttpError } from './openai-http-error.js';

/** The model prefix that names a task route instead of a model. */
export const TASK_MODEL_PREFIX = 'aegis/';

type WireMessage = ChatCompletionBody['messages'][number];
type TextContent = string | Array<{ type: 'text'; text: string }>;

const text = (content: TextContent | null | undefined): string =>
  content === null || content === undefined ? '' : typeof content === 'string' ? content : content.map((p) => p.text).join('\n');

function toMessage(message: WireMessage): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: text(message.content) };
    case 'user':
      return {
        role: 'user',
        content:
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part): ContentPart => (part.type === 'text' ? part : { type: 'image_url', image_url: { url: part.image_url.url } })),
      };
    case 'assistant': {
      const out: ChatMessage = { role: 'assistant', content: text(message.content) };
      if (message.tool_calls && message.tool_calls.length > 0) {
        out.toolCalls = message.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
      }
      return out;
    }
    case 'tool':
      return { role: 'tool', content: text(message.content), toolCallId: message.tool_call_id };
  }
}

function toResponseFormat(format: NonNullable<ChatCompletionBody['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, schema, strict, description } = format.json_schema;
  return { type: 'json_schema', name, schema, ...(strict == null ? {} : { strict }), ...(description === undefined ? {} : { description }) };
}

function toToolChoice(choice: NonNullable<ChatCompletionBody['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

/**
 * The request's tags: `x-aegis-tags`, OpenAI's `user` as `end_user` (unless
 * the header names one), and the client key's id as `client_key` (never from
 * the client). Chat and embeddings alike.
 */
export function requestTags(user: string | null | undefined, headers: AegisHeaders, caller: Caller): Record<string, string> | undefined {
  const tags = new Map(headers.tags);
  if (tags.has(TAG.clientKey)) {
    throw new OpenAiHttpError(400, 'invalid_request_error', `Header x-aegis-tags: "${TAG.clientKey}" is set by the server from the key used; leave it out.`, {
      param: 'x-aegis-tags',
      code: 'invalid_tags',
    });
  }
  if (user != null && !tags.has(TAG.endUser)) tags.set(TAG.endUser, user);
  if (caller.kind === 'client-key') tags.set(TAG.clientKey, caller.id);
  // fromEntries defines own properties: a tag named `__proto__` stays a tag.
  return tags.size === 0 ? undefined : Object.fromEntries(tags);
}

/** Which model or task the request names. */
export function modelOrTask(model: string, headers: AegisHeaders): Pick<ChatRequest, 'model' | 'task'> {
  if (headers.task !== undefined) return { task: headers.task };
  if (model === 'aegis') return {};
  if (model.startsWith(TASK_MODEL_PREFIX)) return { task: model.slice(TASK_MODEL_PREFIX.length) };
  return { model };
}

export function toCoreRequest(body: ChatCompletionBody, headers: AegisHeaders, caller: Caller, signal: AbortSignal): ChatRequest {
  const request: ChatRequest = { ...modelOrTask(body.model, headers), messages: body.messages.map(toMessage), signal };
  const set = <K extends keyof ChatRequest>(key: K, value: ChatRequest[K] | null | undefined) => {
    if (value !== null && value !== undefined) request[key] = value;
  };
  set('fallbacks', headers.fallbacks);
  set('maxTokens', body.max_completion_tokens ?? body.max_tokens);
  set('temperature', body.temperature);
  set('topP', body.top_p);
  set('stop', typeof body.stop === 'string' ? [body.stop] : body.stop);
  set('seed', body.seed);
  set('presencePenalty', body.presence_penalty);
  set('frequencyPenalty', body.frequency_penalty);
  set('user', body.user);
  set(
    'tools',
    body.tools?.map(({ function: f }) => ({
      name: f.name,
      ...(f.description === undefined ? {} : { description: f.description }),
      ...(f.parameters === undefined ? {} : { parameters: f.parameters }),
      ...(f.strict == null ? {} : { strict: f.strict }),
    })),
  );
  set('toolChoice', body.tool_choice == null ? undefined : toToolChoice(body.tool_choice));
  set('parallelToolCalls', body.parallel_tool_calls);
  set('responseFormat', body.response_format == null ? undefined : toResponseFormat(body.response_format));
  set('thinking', body.enable_thinking);
  set('thinkingBudget', body.thinking_budget);
  set('allowedTargets', allowedTargetsOf(caller));
  set('tags', requestTags(body.user, headers, caller));
  return request;
}
