import type { ChatMessage, ContentPart } from '@aegis-llm/core';
import type { Message, MessageContent } from '@n8n/ai-node-sdk';

/**
 * The AI SDK's messages (what a chain or agent sends a chat model) as the
 * core's. Text and images pass as they are; the core has no tool calling, so
 * tool calls and results are carried as text the model can read, and
 * reasoning from earlier turns is dropped (providers do not take it back).
 */
export function toCoreMessages(messages: readonly Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const parts = message.content.flatMap(toParts);
    if (parts.length === 0) continue;
    const role = message.role === 'tool' ? 'user' : message.role;
    const onlyText = parts.every((p) => p.type === 'text');
    out.push({
      role,
      content: onlyText ? parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : parts,
    });
  }
  return out;
}

function toParts(content: MessageContent): ContentPart[] {
  switch (content.type) {
    case 'text':
      return content.text === '' ? [] : [{ type: 'text', text: content.text }];
    case 'file':
      return isImage(content.mediaType) ? [{ type: 'image_url', image_url: { url: toDataUrl(content.data, content.mediaType) } }] : [];
    case 'tool-call':
      return [{ type: 'text', text: `[tool call ${content.toolName}: ${content.input}]` }];
    case 'tool-result':
      return [{ type: 'text', text: `[tool result: ${typeof content.result === 'string' ? content.result : JSON.stringify(content.result)}]` }];
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
