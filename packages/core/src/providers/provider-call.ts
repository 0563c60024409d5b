/** What the gateway asks one provider for: one model, normalized messages. Types only. */
import type { ChatMessage, FinishReason, Usage } from '../types.js';

export interface ProviderCall {
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  thinking?: boolean;
  thinkingBudget?: number;
  signal?: AbortSignal;
}

export interface ProviderCompletion {
  text: string;
  reasoning?: string;
  finishReason: FinishReason;
  /** Undefined when the upstream sent none (the gateway estimates then). */
  usage?: Omit<Usage, 'estimated'>;
}
