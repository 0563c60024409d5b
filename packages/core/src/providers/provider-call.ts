/** What the gateway asks one provider for: one model, normalized messages. Types only. */
import type { ChatMessage, FinishReason, ResponseFormat, ToolCall, ToolChoice, ToolDefinition, Usage } from '../types.js';

export interface ProviderCall {
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  thinking?: boolean;
  thinkingBudget?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  user?: string;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** The model always reasons (catalog capability `thinking-only`): no thinking switch applies. */
  thinkingOnly?: boolean;
  signal?: AbortSignal;
  /**
   * Usage the upstream had already sent when the call was stopped early
   * (its signal aborted, or its stream closed by the consumer) though no
   * part carried it yet: found among the data received and not yet read.
   * Called at most once, synchronously, while the call stops.
   */
  onLateUsage?(usage: Omit<Usage, 'estimated'>): void;
}

export interface ProviderCompletion {
  text: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** Undefined when the upstream sent none (the gateway estimates then). */
  usage?: Omit<Usage, 'estimated'>;
}
