import type { ChatMessage } from '../../types.js';

/**
 * The conversation in OpenAI's wire shape. Text and image messages are sent
 * as they are (the common case pays no copy); an assistant message's tool
 * calls become `tool_calls`, a tool result's call id `tool_call_id`.
 */
export function toWireMessages(messages: readonly ChatMessage[]): readonly unknown[] {
  if (!messages.some((m) => m.toolCalls !== undefined || m.toolCallId !== undefined)) return messages;
  return messages.map((message) => {
    const { toolCalls, toolCallId, ...rest } = message;
    if (toolCallId !== undefined) return { role: 'tool', tool_call_id: toolCallId, content: rest.content };
    if (toolCalls === undefined || toolCalls.length === 0) return rest;
    return {
      ...rest,
      tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  });
}
