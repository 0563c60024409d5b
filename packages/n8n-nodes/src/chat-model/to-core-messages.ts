import type { ChatMessage, ContentPart, ToolCall } from '@aegis-llm/core';
import type { Message, MessageContent } from '@n8n/ai-node-sdk';

/**
 * The AI SDK's messages (what a chain or agent sends a chat model) as the
 * core's. Text and images pass as they are; an assistant's tool calls become
 * its `toolCalls`, each tool result a `tool` message naming its call.
 * Reasoning from earlier turns is dropped (providers do not take it back).
 */
export function toCoreMessages(messages: readonly Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      for (const content of message.content) {
        if (content.type === 'tool-result') out.push({ role: 'tool', toolCallId: content.toolCallId, content: resultText(content.result) });
      }
      continue;
    }
    const parts = message.content.flatMap(toParts);
    const toolCalls = message.role === 'assistant' ? toolCallsOf(message.content) : [];
    if (parts.length === 0 && toolCalls.length === 0) continue;
    const onlyText = parts.every((p) => p.type === 'text');
    out.push({
      role: message.role,
      content: onlyText ? parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : parts,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    });
  }
  return out;
}

/** The calls of an assistant message, once each (LangChain may list a call in its content and in `tool_calls`). */
function toolCallsOf(content: readonly MessageContent[]): ToolCall[] {
  const calls = new Map<string, ToolCall>();
  content.forEach((block, index) => {
    if (block.type !== 'tool-call') return;
    const id = block.toolCallId || `call_${index}`;
    if (!calls.has(id)) calls.set(id, { id, name: block.toolName, arguments: block.input || '{}' });
  });
  return [...calls.values()];
}

/** A tool's result as the text a model reads: text as it is, text blocks joined, anything else as JSON. */
function resultText(result: unknown): string {
  if (typeof result === 'string') return result;
  if (Array.isArray(result) && result.every((r) => typeof r === 'object' && r !== null && (r as { type?: unknown }).type === 'text')) {
    return result.map((r) => String((r as { text?: unknown }).text ?? '')).join('');
  }
  return JSON.stringify(result) ?? '';
}

function toParts(content: MessageContent): ContentPart[] {
  switch (content.type) {
    case 'text':
      return content.text === '' ? [] : [{ type: 'text', text: content.text }];
    case 'file':
      return isImage(content.mediaType) ? [{ type: 'image_url', image_url: { url: toDataUrl(content.data, content.mediaType) } }] : [];
    default:
      return [];
  }
}

function isImage(mediaType: string | undefined): boolean {
  return mediaType === undefined || mediaType.startsWith('image/');
}

function toDataUrl(data: string | Uint8Array, mediaType: string | undefined): string {
  if (typeof data === 'string' && /^(https?:|data:)/.test(data)) return data;
  const base64 = typeof data === 'string' ? data : Buffer.from(data).toString('base64');
  return `data:${mediaType ?? 'image/png'};base64,${base64}`;
}
