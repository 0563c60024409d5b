import type { ChatRequest, ChatResult, Gateway, Redactor } from '@aegis-llm/core';
import { BaseChatModel, type ChatModelConfig, type GenerateResult, type Message, type MessageContent, type StreamChunk } from '@n8n/ai-node-sdk';
import { chatResultToJson } from '../output/chat-result-to-json.js';
import { mapFinishReason } from './map-finish-reason.js';
import { toCoreMessages } from './to-core-messages.js';
import { toCoreTools } from './to-core-tools.js';
import { toTokenUsage } from './to-token-usage.js';

export interface AegisChatModelSettings {
  gateway: Gateway;
  providerId: string;
  /** What every call asks for (model, fallbacks, task, sampling, thinking, timeout); messages are added per call. */
  request: Omit<ChatRequest, 'messages' | 'prompt' | 'signal'>;
  /** Turns a core failure into the error n8n shows (redacted, with the node). */
  toError(error: unknown): Error;
  /** Masks the credential's secrets in what the model reports besides the answer. */
  redact: Redactor;
}

/**
 * Where the LangChain adapter (aegis-langchain-adapter.ts) finds the answer
 * of the call it made: passed in the call's options, filled when it is done.
 */
export interface AnswerSink {
  result?: ChatResult;
}

type CallConfig = ChatModelConfig & { aegisAnswer?: AnswerSink; signal?: AbortSignal };

/**
 * A chat model for the AI Agent and the Basic LLM Chain that answers through
 * the gateway, so a chain gets fallback, budgets, cost in the shared ledger
 * and streaming like the action nodes. No logic of its own: it translates
 * the AI SDK's calls into core requests and back.
 */
export class AegisChatModel extends BaseChatModel {
  private readonly settings: AegisChatModelSettings;

  constructor(settings: AegisChatModelSettings) {
    const modelId = settings.request.model ?? '';
    const { maxTokens, temperature, topP, seed, presencePenalty, frequencyPenalty, stop } = settings.request;
    // The node's options as the SDK's defaults; a call's own config (an agent's) overrides them.
    super(settings.providerId, modelId.slice(modelId.indexOf('/') + 1), {
      maxTokens,
      temperature,
      topP,
      seed,
      presencePenalty,
      frequencyPenalty,
      stopSequences: stop,
    });
    this.settings = settings;
  }

  override async generate(messages: Message[], config?: CallConfig): Promise<GenerateResult> {
    let result: ChatResult;
    try {
      result = await this.settings.gateway.chat(this.toRequest(messages, config));
    } catch (error) {
      throw this.settings.toError(error);
    }
    if (config?.aegisAnswer) config.aegisAnswer.result = result;
    const content: MessageContent[] = [];
    if (result.reasoning) content.push({ type: 'reasoning', text: result.reasoning });
    content.push({ type: 'text', text: result.text });
    for (const call of result.toolCalls ?? []) content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments });
    return {
      finishReason: mapFinishReason(result.finishReason),
      usage: toTokenUsage(result.usage),
      message: { role: 'assistant', content },
      providerMetadata: { aegis: chatResultToJson(result, this.settings.redact) },
    };
  }

  override async *stream(messages: Message[], config?: CallConfig): AsyncIterable<StreamChunk> {
    for await (const event of this.settings.gateway.stream(this.toRequest(messages, config))) {
      switch (event.type) {
        case 'text-delta':
          yield { type: 'text-delta', delta: event.delta };
          break;
        case 'reasoning-delta':
          yield { type: 'reasoning-delta', delta: event.delta };
          break;
        case 'tool-call':
          // Whole calls, one chunk each: the SDK's adapter gives every
          // tool-call chunk index 0, and pieces of two calls would be joined
          // into one (aegis-langchain-adapter.ts numbers them).
          yield { type: 'tool-call-delta', id: event.toolCall.id, name: event.toolCall.name, argumentsDelta: event.toolCall.arguments };
          break;
        case 'done':
          if (config?.aegisAnswer) config.aegisAnswer.result = event.result;
          yield {
            type: 'finish',
            finishReason: mapFinishReason(event.result.finishReason),
            usage: toTokenUsage(event.result.usage),
            providerMetadata: { aegis: chatResultToJson(event.result, this.settings.redact) },
          };
          break;
        case 'error':
          // The SDK's `error` chunk would end the chain quietly with partial
          // text; a throw makes the node fail (or continue on fail) visibly.
          throw this.settings.toError(event.error);
        default:
          break;
      }
    }
  }

  private toRequest(messages: Message[], config: CallConfig | undefined): ChatRequest {
    const merged = this.mergeConfig(config);
    const request: ChatRequest = { ...this.settings.request, messages: toCoreMessages(messages) };
    if (typeof merged.maxTokens === 'number' && merged.maxTokens > 0) request.maxTokens = merged.maxTokens;
    if (typeof merged.temperature === 'number') request.temperature = merged.temperature;
    if (typeof merged.topP === 'number') request.topP = merged.topP;
    if (typeof merged.seed === 'number') request.seed = merged.seed;
    if (typeof merged.presencePenalty === 'number') request.presencePenalty = merged.presencePenalty;
    if (typeof merged.frequencyPenalty === 'number') request.frequencyPenalty = merged.frequencyPenalty;
    if (Array.isArray(merged.stopSequences) && merged.stopSequences.length > 0) request.stop = merged.stopSequences;
    // The agent's tools (bound with withTools): the model may call them, the agent runs them.
    const tools = toCoreTools(this.tools);
    if (tools.length > 0) request.tools = tools;
    const signal = merged.abortSignal ?? config?.signal;
    if (signal) request.signal = signal;
    return request;
  }
}
