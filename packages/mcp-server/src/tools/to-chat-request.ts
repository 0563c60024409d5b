import { mergeTags, TAG, type ChatRequest } from '@aegis-llm/core';
import type { ChatInput } from './chat-input.js';

/**
 * The tool's snake_case arguments as the gateway's request; the client's
 * cancellation becomes the request's signal. `clientName` (the client's
 * `clientInfo.name` from initialize) is the `mcp_client` tag, over one the
 * caller may have given.
 */
export function toChatRequest(input: ChatInput, signal: AbortSignal, clientName?: string): ChatRequest {
  const tags = mergeTags(
    input.tags && Object.fromEntries(input.tags),
    clientName ? Object.fromEntries([[TAG.mcpClient, clientName.slice(0, 256)]]) : undefined,
  );
  return {
    prompt: input.prompt,
    messages: input.messages?.map(({ tool_calls, tool_call_id, ...message }) => ({
      ...message,
      ...(tool_calls ? { toolCalls: tool_calls } : {}),
      ...(tool_call_id !== undefined ? { toolCallId: tool_call_id } : {}),
    })),
    system: input.system,
    model: input.model,
    fallbacks: input.fallbacks,
    task: input.task,
    maxTokens: input.max_tokens,
    temperature: input.temperature,
    thinking: input.thinking,
    images: input.images,
    topP: input.top_p,
    stop: input.stop,
    seed: input.seed,
    responseFormat: input.response_format,
    tools: input.tools,
    toolChoice: input.tool_choice,
    timeoutMs: input.timeout_ms,
    ...(tags ? { tags } : {}),
    signal,
  };
}
