/** What the gateway asks one provider for: one model, normalized messages. Types only. */
import type { ChatMessage, ChatRequest, FinishReason, ToolCall, Usage } from '../types.js';

/** The request fields a call passes on as the caller set them (the gateway sets the caps from its output plan). */
type PassedOn =
  | 'maxTokens'
  | 'temperature'
  | 'thinking'
  | 'thinkingBudget'
  | 'topP'
  | 'stop'
  | 'seed'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'user'
  | 'tools'
  | 'toolChoice'
  | 'parallelToolCalls'
  | 'responseFormat';

export interface ProviderCall extends Pick<ChatRequest, PassedOn> {
  model: string;
  messages: ChatMessage[];
  /** The model always reasons (catalog capability `thinking-only`): no thinking switch applies. */
  thinkingOnly?: boolean;
  signal?: AbortSignal;
  /**
   * How long a stream may send nothing, for this call: a request whose own
   * `timeoutMs` is longer than `routing.streamIdleTimeoutMs` may be silent
   * that long. @default the provider's `streamIdleTimeoutMs`
   */
  idleTimeoutMs?: number;
  /**
   * Usage the upstream had already sent when the call was stopped early
   * (its signal aborted, or its stream closed by the consumer) though no
   * part carried it yet: found among the data received and not yet read.
   * Called at most once, synchronously, while the call stops.
   */
  onLateUsage?(usage: Omit<Usage, 'estimated'>): void;
  /**
   * The caller wants one answer (a one-answer chat over a streamed upstream):
   * a stream yields its first delta as soon as it comes, then gathers the
   * text and the reasoning that follow into one part each, handed on before
   * any other part (a tool call, the usage, the finish) and before a failure.
   * The consumer reads a handful of parts instead of one per chunk; the
   * stream's own idle watchdog still watches every chunk of the body.
   */
  coalesce?: boolean;
}

export interface ProviderCompletion {
  text: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** Undefined when the upstream sent none (the gateway estimates then). */
  usage?: Omit<Usage, 'estimated'>;
}
