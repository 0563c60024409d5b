import type { ChatRequest, ChatResult, Gateway, Redactor } from '@aegis-llm/core';
import {
  BaseChatModel,
  type ChatModelConfig,
  type GenerateResult,
  type Message,
  type MessageContent,
  type StreamChunk,
} from '@n8n/ai-node-sdk';
import { chatResultToJson } from '../output/chat-result-to-json.js';
import { mapFinishReason } from './map-finish-reason.js';
import { toCoreMessages } from './to-core-messages.js';
import { toTokenUsage } from './to-token-usage.js';

export interface AegisChatModelSettings {
  gateway: Gateway;
  providerId: string;
  /** What every call asks for (model, fallbacks, task, thinking, timeout); messages are added per call. */
  request: Omit<ChatRequest, 'messages' | 'prompt' | 'signal'>;
  /** Turns a core failure into the error n8n shows (redacted, with the node). */
  toError(error: unknown): Error;
  /** Masks the credential's secrets in what the model reports besides the answer. */
  redact: Redactor;
}

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
    super(settings.providerId, modelId.slice(modelId.indexOf('/') + 1), {
      maxTokens: settings.request.maxTokens,
      temperature: settings.request.temperature,
    });
    this.settings = settings;
  }

  override async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
    let result: ChatResult;
    try {
      result = await this.settings.gateway.chat(this.toRequest(messages, config));
    } catch (error) {
      throw this.settings.toError(error);
    }
    const content: MessageContent[] = [];
    if (result.reasoning) content.push({ type: 'reasoning', text: result.reasoning });
    content.push({ type: 'text', text: result.text });
    return {
      finishReason: mapFinishReason(result.finishReason),
      usage: toTokenUsage(result.usage),
      message: { role: 'assistant', content },
      providerMetadata: { aegis: chatResultToJson(result, this.settings.redact) },
    };
  }

  override async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
    for await (const event of this.settings.gateway.stream(this.toRequest(messages, config))) {
      switch (event.type) {
        case 'text-delta':
          yield { type: 'text-delta', delta: event.delta };
          break;
        case 'reasoning-delta':
          yield { type: 'reasoning-delta', delta: event.delta };
          break;
        case 'done':
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

  private toRequest(messages: Message[], config: ChatModelConfig | undefined): ChatRequest {
    const merged = this.mergeConfig(config);
    const request: ChatRequest = { ...this.settings.request, messages: toCoreMessages(messages) };
    if (typeof merged.maxTokens === 'number' && merged.maxTokens > 0) request.maxTokens = merged.maxTokens;
    if (typeof merged.temperature === 'number') request.temperature = merged.temperature;
    const signal = merged.abortSignal ?? (config as { signal?: AbortSignal } | undefined)?.signal;
    if (signal) request.signal = signal;
    return request;
  }
}
