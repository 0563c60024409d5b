import { collectResult, type ChatRequest, type ChatResult, type Gateway, type StreamEvent } from '@aegis-llm/core';

/** Where streamed text goes as it arrives (n8n's `sendChunk` for one item). */
export interface ChunkSink {
  begin(): void;
  item(text: string): void;
  end(): void;
  error(message: string): void;
}

/**
 * One answer. With a sink the request is streamed and every text delta is
 * passed on as it arrives; either way the result (or the typed error, with
 * what had been delivered) is the same, so the item output does not depend on
 * whether the workflow streams.
 */
export async function runChat(gateway: Gateway, request: ChatRequest, sink?: ChunkSink): Promise<ChatResult> {
  if (!sink) return gateway.chat(request);
  sink.begin();
  const result = await collectResult(tap(gateway.stream(request), sink));
  sink.end();
  return result;
}

/** Passes text on as it arrives; a failure is the stream's last event, never a throw. */
async function* tap(events: AsyncIterable<StreamEvent>, sink: ChunkSink): AsyncIterable<StreamEvent> {
  for await (const event of events) {
    if (event.type === 'text-delta') sink.item(event.delta);
    if (event.type === 'error') sink.error(event.error.message);
    yield event;
  }
}
