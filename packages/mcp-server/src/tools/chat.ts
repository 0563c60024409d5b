import { AegisError, isAegisError, renameArguments, type Logger } from '@aegis-llm/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../server/server-deps.js';
import type { AnswerPages } from './answer-pages.js';
import { CHAT_ARGUMENT_NAMES, chatInputShape, type ChatInput } from './chat-input.js';
import { strictInput } from './strict-input.js';
import { chatOutputSchema } from './chat-output.js';
import { errorResult } from './error-result.js';
import { providerBudget } from './provider-budget.js';
import { runChat } from './run-chat.js';
import { progressSender } from './send-progress.js';
import { toChatOutput } from './to-chat-output.js';
import { toChatRequest } from './to-chat-request.js';
import { toolResult } from './tool-result.js';
import { withValidModels } from './with-valid-models.js';
import { answerElsewhere } from './answer-elsewhere.js';

const DESCRIPTION = `Ask an LLM through the Aegis gateway (DashScope/Qwen, OpenAI, Ollama, OpenAI-compatible endpoints) with retries, fallback and a monthly budget.
Give \`prompt\` or \`messages\`; pick a model with \`model\` (provider/model) or let \`task\` route it. The result has the answer, the provider and model that served it, attempts and fallbacks, token usage, the cost in USD and what is left of that provider's budget.
Tools: give \`tools\` (JSON Schema parameters) and the model may answer with \`toolCalls\` for you to run; send the results back as \`tool\` messages. JSON: \`response_format\` json_object or json_schema, the parsed value in \`json\`.
Long answers come in pages: when \`page.nextOffset\` is set, call chat again with \`answer_id\` and \`offset\` to read on (no new model call). With a progress token, partial text arrives as progress notifications.`;

export function registerChatTool(server: McpServer, deps: ServerDeps & { pages: AnswerPages; logger: Logger }): void {
  const { gateway, pages, logger } = deps;
  const structuredClients = new Set((deps.structuredClients ?? ['claude-code']).map((name) => name.toLowerCase()));
  // Asked per call: the client's name is known once it has initialized.
  const textBlock = () => (structuredClients.has(server.server.getClientVersion()?.name.toLowerCase() ?? '') ? answerElsewhere : undefined);
  server.registerTool(
    'chat',
    {
      title: 'Chat with an LLM (budgeted, with fallback)',
      description: DESCRIPTION,
      inputSchema: strictInput(chatInputShape),
      outputSchema: chatOutputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (input, extra) => {
      try {
        if (input.answer_id !== undefined || input.offset !== undefined) return toolResult(chatOutputSchema, readPage(pages, input), false, textBlock());
        const outcome = await runChat(gateway, toChatRequest(input, extra.signal, server.server.getClientVersion()?.name), progressSender(extra), (event) =>
          // The client's log, not stderr: HTTP clients never see the server's stderr.
          server
            .sendLoggingMessage(
              { level: 'warning', logger: 'aegis-llm', data: `fallback from ${event.from} to ${event.to} after ${event.kind}: ${event.message}` },
              extra.sessionId,
            )
            .catch(() => undefined),
        );
        const retried = outcome.ok ? outcome.result.attempts.filter((a) => a.outcome !== 'ok') : [];
        if (retried.length > 0 && outcome.ok && outcome.result.fallbacks.length === 0) {
          await server
            .sendLoggingMessage(
              {
                level: 'info',
                logger: 'aegis-llm',
                data: `answered after ${retried.length} retried attempt(s): ${retried.map((a) => `${a.provider}/${a.model} ${a.outcome}`).join(', ')}`,
              },
              extra.sessionId,
            )
            .catch(() => undefined);
        }
        const result = outcome.ok ? outcome.result : outcome.partial;
        const budget = result.provider === 'none' ? undefined : await providerBudget(gateway, result.provider, logger);
        const output = toChatOutput(result, { page: pages.first(result.text), budget });
        if (outcome.ok) return toolResult(chatOutputSchema, output, false, textBlock());
        // Nothing delivered: the error's details already hold the attempts and skips; do not repeat them.
        const context = result.delivered ? output : {};
        return errorResult(chatOutputSchema, inToolNames(await withValidModels(gateway, outcome.error)), context, result.delivered ? textBlock() : undefined);
      } catch (thrown) {
        return errorResult(chatOutputSchema, inToolNames(thrown));
      }
    },
  );
}

/** Core advice in this tool's argument names (`max_tokens`, never `maxTokens`). */
const inToolNames = (thrown: unknown): unknown => (isAegisError(thrown) ? renameArguments(thrown, CHAT_ARGUMENT_NAMES) : thrown);

function readPage(pages: AnswerPages, input: ChatInput) {
  if (input.answer_id === undefined) {
    throw new AegisError('bad_request', '`offset` reads on in an earlier answer: give `answer_id` too (the page.answerId of that answer).', {
      details: { field: 'answer_id' },
    });
  }
  return pages.read(input.answer_id, input.offset ?? 0);
}
