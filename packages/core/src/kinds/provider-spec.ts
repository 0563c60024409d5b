/**
 * What differs between provider kinds, declared once per kind (see the
 * provider folders). Generic code reads these fields; it never branches on a
 * provider's name.
 */
import type { ErrorKind } from '../errors.js';
import type { ProviderKind } from '../types.js';

export interface UpstreamErrorFacts {
  status?: number;
  code?: string;
  type?: string;
  message: string;
}

export interface ChatBodyContext {
  stream: boolean;
  thinking?: boolean;
  thinkingBudget?: number;
  /** The model always reasons (catalog capability `thinking-only`). */
  thinkingOnly?: boolean;
}

/** What the gateway asks an output cap to cover (see ProviderSpec.outputCaps). */
export interface OutputCapRequest {
  /** The answer's cap: the caller's max_tokens, else the model's max output, else what the context window leaves. */
  maxTokens: number;
  /** The caller's thinking switch. */
  thinking?: boolean;
  /** The caller's reasoning budget. */
  thinkingBudget?: number;
  /** The model always reasons (catalog capability `thinking-only`). */
  thinkingOnly: boolean;
  /** The reasoning budget when the caller set none: the model's max output. */
  defaultThinkingBudget: number;
}

/** The caps to send, and what the upstream can produce under them (for the reservation and the usage bounds). */
export interface OutputCaps {
  /** Sent in `outputCapField`. */
  maxTokens: number;
  /** Sent as the provider's reasoning budget; undefined: none sent. */
  thinkingBudget?: number;
  /** Output tokens in all (reasoning included) the upstream can produce. */
  outputTokens: number;
  /** Of which reasoning at most. */
  reasoningTokens: number;
  /** Of which answer (output minus reasoning) at most. */
  answerTokens: number;
}

/**
 * The default: one cap bounds reasoning and answer together (OpenAI's
 * `max_completion_tokens` "includes visible output tokens and reasoning
 * tokens"; OpenAI-compatible servers have no reasoning of their own to cap).
 */
export function sharedOutputCap(request: OutputCapRequest): OutputCaps {
  const cap = request.maxTokens;
  return { maxTokens: cap, thinkingBudget: request.thinkingBudget, outputTokens: cap, reasoningTokens: cap, answerTokens: cap };
}

/** The optional sampling and control fields a kind may take, by their wire names. */
export type SamplingParam = 'top_p' | 'stop' | 'seed' | 'presence_penalty' | 'frequency_penalty' | 'user';

/** Every sampling field: the kinds that speak OpenAI's own vocabulary take them all. */
export const ALL_SAMPLING_PARAMS: readonly SamplingParam[] = ['top_p', 'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'user'];

/** A kind's embeddings limits, for its models whose catalog entry does not set their own. */
export interface EmbeddingLimits {
  /** Inputs one `POST /embeddings` may carry. */
  maxInputsPerRequest: number;
  /** Tokens one input may have; undefined: not known (the upstream refuses what is too long). */
  maxInputTokens?: number;
  /** Tokens one request may carry in all (OpenAI: 300,000); undefined: no limit known. */
  maxTokensPerRequest?: number;
}

export interface ProviderSpec {
  kind: ProviderKind;
  /** Display name for messages and the admin page. */
  label: string;
  /** Which body field caps the output. */
  outputCapField: 'max_tokens' | 'max_completion_tokens';
  /** Whether the provider needs an API key at all (Ollama does not). */
  needsKey: boolean;
  /**
   * How a cap is applied by this kind: what to send so that the reserved
   * worst case bounds reasoning and answer. @default sharedOutputCap
   */
  outputCaps?(request: OutputCapRequest): OutputCaps;
  /** Extra body fields for this kind (thinking switches, ...). */
  extraBody?(ctx: ChatBodyContext): Record<string, unknown>;
  /** Provider-specific error codes; undefined falls back to the HTTP status. */
  classifyError?(facts: UpstreamErrorFacts): ErrorKind | undefined;
  /** Words added to a 401 message (DashScope keys are region-bound). */
  authHint?: string;
  /** Live model prices are zero (local servers such as Ollama). */
  modelsAreFree?: boolean;
  /**
   * The sampling fields this kind takes; a request's others are not sent
   * (an upstream may refuse a field it does not know). Cite the docs.
   */
  samplingParams: readonly SamplingParam[];
  /**
   * For kinds whose JSON mode (`json_object`) refuses a conversation that
   * never says "json" (DashScope and OpenAI: 400 "'messages' must contain the
   * word 'json'"): the words added to the system message of such a call
   * whose messages do not contain it. Undefined: nothing is added.
   */
  jsonModeInstruction?: string;
  /** How much one embeddings request may carry (cite the docs). */
  embeddingLimits: EmbeddingLimits;
}
