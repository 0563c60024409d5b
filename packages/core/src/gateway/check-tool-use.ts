import { checkJsonSchema } from '../util/check-json-schema.js';
import type { ChatRequest } from '../types.js';

/** A problem found in a request: the field (dotted path) and what is wrong with it. */
export interface RequestProblem {
  field: string;
  message: string;
}

/**
 * The checks of tools, tool messages and response formats that span fields
 * (zod has checked each field's shape): every tool message answers a call
 * an earlier assistant message made, tool names are unique, parameter and
 * response schemas are JSON Schemas, a named tool choice names a defined
 * tool, and `required` or a named choice comes with tools.
 */
export function checkToolUse(request: ChatRequest): RequestProblem | undefined {
  const tools = request.tools ?? [];
  const names = new Set<string>();
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i] as NonNullable<ChatRequest['tools']>[number];
    if (names.has(tool.name)) return { field: `tools.${i}.name`, message: `"${tool.name}" is defined twice` };
    names.add(tool.name);
    if (tool.parameters !== undefined) {
      const problem = checkJsonSchema(tool.parameters);
      if (problem) return { field: `tools.${i}.parameters`, message: `not a valid JSON Schema (${problem})` };
      if (tool.parameters.type !== undefined && tool.parameters.type !== 'object') {
        return { field: `tools.${i}.parameters.type`, message: 'must be "object": a tool takes an object of arguments' };
      }
    }
  }
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== 'auto' && choice !== 'none' && tools.length === 0) {
    return { field: 'toolChoice', message: `${typeof choice === 'string' ? `"${choice}"` : 'a named tool'} needs \`tools\`` };
  }
  if (typeof choice === 'object' && !names.has(choice.name)) {
    return { field: 'toolChoice.name', message: `"${choice.name}" is not one of the tools given (${[...names].join(', ')})` };
  }

  const format = request.responseFormat;
  if (format?.type === 'json_schema') {
    const problem = checkJsonSchema(format.schema);
    if (problem) return { field: 'responseFormat.schema', message: `not a valid JSON Schema (${problem})` };
  }

  const calls = new Set<string>();
  const messages = request.messages ?? [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as NonNullable<ChatRequest['messages']>[number];
    if (message.toolCalls && message.role !== 'assistant') {
      return { field: `messages.${i}.toolCalls`, message: 'only assistant messages carry tool calls' };
    }
    for (const call of message.toolCalls ?? []) calls.add(call.id);
    if (message.role === 'tool') {
      if (message.toolCallId === undefined) return { field: `messages.${i}.toolCallId`, message: 'a tool message needs the id of the call it answers' };
      if (!calls.has(message.toolCallId)) {
        return { field: `messages.${i}.toolCallId`, message: `"${message.toolCallId}" matches no tool call of an earlier assistant message` };
      }
    } else if (message.toolCallId !== undefined) {
      return { field: `messages.${i}.toolCallId`, message: 'only tool messages carry a tool call id' };
    }
  }
  return undefined;
}
