import type { ChunkSink } from '../operations/run-chat.js';
import { buildChatRequest } from '../operations/build-chat-request.js';
import { runChat } from '../operations/run-chat.js';
import { chatResultToJson } from '../output/chat-result-to-json.js';
import { chatResultToToolJson } from '../output/chat-result-to-tool-json.js';
import { isToolCall } from './is-tool-call.js';
import type { ItemOperation, RunContext } from './item-runner.js';
import { readChatParameters } from './read-chat-parameters.js';

/** Chat: one answer per item, streamed out with `sendChunk` when the workflow streams. */
export const chatOperation: ItemOperation = async (run, itemIndex) => {
  const params = await readChatParameters(run.ctx, itemIndex);
  const request = buildChatRequest(params, run.setup);
  const signal = run.ctx.getExecutionCancelSignal?.();
  if (signal) request.signal = signal;
  // An agent's tool answers the agent, not the workflow's chat: its text
  // would otherwise stream to the user ahead of the agent's own answer.
  const asTool = isToolCall(run.ctx);
  const result = await runChat(run.gateway, request, asTool ? undefined : streamSink(run, itemIndex));
  return [asTool ? chatResultToToolJson(result) : chatResultToJson(result, run.redact)];
};

/** `sendChunk` for this item, when n8n streams this workflow (n8n >= 1.105). */
function streamSink({ ctx, redact }: RunContext, itemIndex: number): ChunkSink | undefined {
  if (typeof ctx.isStreaming !== 'function' || typeof ctx.sendChunk !== 'function' || !ctx.isStreaming()) return undefined;
  return {
    begin: () => ctx.sendChunk('begin', itemIndex),
    item: (text) => ctx.sendChunk('item', itemIndex, text),
    end: () => ctx.sendChunk('end', itemIndex),
    error: (message) => ctx.sendChunk('error', itemIndex, redact(message)),
  };
}
