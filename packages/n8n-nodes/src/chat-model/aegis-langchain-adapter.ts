import type { Redactor } from '@aegis-llm/core';
import { supplyModel } from '@n8n/ai-node-sdk';
import type { ISupplyDataFunctions } from 'n8n-workflow';
import { chatResultToJson } from '../output/chat-result-to-json.js';
import type { AegisChatModel, AnswerSink } from './aegis-chat-model.js';

/** The parts of a LangChain generation and stream chunk this file reads or sets. */
interface Generation {
  text: string;
  generationInfo?: Record<string, unknown>;
}
interface StreamedChunk extends Generation {
  message?: { tool_call_chunks?: Array<{ index?: number }> };
}
type Options = Record<string, unknown>;

/** The SDK's LangChain adapter (LangchainChatModelAdapter, not exported by @n8n/ai-node-sdk 0.30), as far as it is used here. */
interface LangchainAdapter {
  chatModel: AegisChatModel;
  _generate(messages: unknown[], options: Options, runManager?: unknown): Promise<{ generations: Generation[] }>;
  _streamResponseChunks(messages: unknown[], options: Options, runManager?: unknown): AsyncGenerator<StreamedChunk>;
  bindTools(tools: unknown[], kwargs?: unknown): LangchainAdapter;
}
type LangchainAdapterClass = new (chatModel: AegisChatModel, ctx: ISupplyDataFunctions) => LangchainAdapter;

/**
 * The LangChain chat model the AI Agent and chains get: the SDK's own
 * adapter (supplyModel's, so n8n's token tracing and retry handling stay as
 * they are, and n8n's `instanceof` checks pass), extended where n8n 2.40's
 * copy falls short:
 * - the run data shows what n8n's tracing keeps of a generation (its text
 *   and `generationInfo`): the answer's model, cost, attempts and fallback
 *   are put there under `aegis`;
 * - every streamed tool-call chunk is given index 0 by the SDK, so two calls
 *   of one answer would be merged into one: each chunk (one whole call, see
 *   AegisChatModel.stream) gets its own index;
 * - `bindTools` returns this adapter again, with the tools bound.
 * Every call is still the AegisChatModel's, through the gateway.
 */
export function aegisLangchainModel(ctx: ISupplyDataFunctions, model: AegisChatModel, redact: Redactor): LangchainAdapter {
  const Base = (supplyModel(ctx, model).response as object).constructor as LangchainAdapterClass;
  const runInfo = (answer: AnswerSink): Record<string, unknown> => (answer.result ? { aegis: chatResultToJson({ ...answer.result, text: '' }, redact) } : {});

  class AegisLangchainAdapter extends Base {
    override async _generate(messages: unknown[], options: Options, runManager?: unknown): Promise<{ generations: Generation[] }> {
      const answer: AnswerSink = {};
      const output = await super._generate(messages, { ...options, aegisAnswer: answer }, runManager);
      for (const generation of output.generations) generation.generationInfo = { ...generation.generationInfo, ...runInfo(answer) };
      return output;
    }

    override async *_streamResponseChunks(messages: unknown[], options: Options, runManager?: unknown): AsyncGenerator<StreamedChunk> {
      const answer: AnswerSink = {};
      let calls = 0;
      for await (const chunk of super._streamResponseChunks(messages, { ...options, aegisAnswer: answer }, runManager)) {
        for (const piece of chunk.message?.tool_call_chunks ?? []) piece.index = calls++;
        if (chunk.generationInfo?.finish_reason !== undefined) chunk.generationInfo = { ...chunk.generationInfo, ...runInfo(answer) };
        yield chunk;
      }
    }

    override bindTools(tools: unknown[], kwargs?: unknown): LangchainAdapter {
      return new AegisLangchainAdapter(super.bindTools(tools, kwargs).chatModel, ctx);
    }
  }
  return new AegisLangchainAdapter(model, ctx);
}
