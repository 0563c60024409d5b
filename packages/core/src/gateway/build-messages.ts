import { AegisError } from '../errors.js';
import type { ChatMessage, ChatRequest, ContentPart } from '../types.js';

/**
 * The conversation sent upstream: `system` first, then `messages` (or `prompt`
 * as one user message), with `images` attached to the last user message as
 * OpenAI-style image parts (DashScope's vision models take the same shape).
 */
export function buildMessages(request: ChatRequest): ChatMessage[] {
  const hasMessages = request.messages !== undefined && request.messages.length > 0;
  const hasPrompt = typeof request.prompt === 'string' && request.prompt.length > 0;
  if (hasMessages === hasPrompt) {
    throw new AegisError(
      'bad_request',
      hasPrompt ? 'Give either `prompt` or `messages`, not both.' : 'Nothing to send: give `prompt` (a string) or `messages` (a non-empty array).',
    );
  }
  const messages: ChatMessage[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  if (hasPrompt) messages.push({ role: 'user', content: request.prompt as string });
  else messages.push(...(request.messages as ChatMessage[]));

  const images = request.images ?? [];
  if (images.length === 0) return messages;
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  if (lastUser < 0) throw new AegisError('bad_request', '`images` need a user message to attach to.');
  const target = messages[lastUser] as ChatMessage;
  const parts: ContentPart[] = typeof target.content === 'string' ? [{ type: 'text', text: target.content }] : [...target.content];
  for (const url of images) parts.push({ type: 'image_url', image_url: { url } });
  messages[lastUser] = { ...target, content: parts };
  return messages;
}

export function hasImages(messages: ChatMessage[]): boolean {
  return messages.some((m) => typeof m.content !== 'string' && m.content.some((p) => p.type === 'image_url'));
}
