/**
 * The domain types every part of the core speaks. Types only: no behaviour.
 *
 * Naming: a "provider" is a configured upstream (`dashscope`, `openai`,
 * `ollama`, `anyllm`, or the name of an extra OpenAI-compatible endpoint);
 * a "target" is `provider/model`.
 */
import type { AegisError } from './errors.js';

/** The four kinds of upstream the core knows how to talk to. */
export type ProviderKind = 'dashscope' | 'openai' | 'ollama' | 'anyllm';

/** A `provider/model` pair, e.g. `dashscope/qwen-plus`, `ollama/qwen2.5:0.5b`. */
export interface Target {
  provider: string;
  model: string;
}

export type TextPart = { type: 'text'; text: string };
export type ImagePart = { type: 'image_url'; image_url: { url: string } };
export type ContentPart = TextPart | ImagePart;

/**
 * One function the model may call: its name, what it does, and its
 * parameters as a JSON Schema (an object schema; OpenAI's `tools[].function`).
 */
export interface ToolDefinition {
  /** `^[a-zA-Z0-9_-]{1,64}$`, unique within a request. */
  name: string;
  /** What the tool does, for the model to decide when to call it. */
  description?: string;
  /** JSON Schema of the arguments object. @default `{ type: 'object', properties: {} }` */
  parameters?: Record<string, unknown>;
  /** Ask the provider to hold the arguments to the schema exactly (OpenAI `strict`). */
  strict?: boolean;
}

/**
 * Whether the model may or must call tools: `auto` (it decides), `none`
 * (answer in text), `required` (call at least one), or one named function.
 * @default 'auto' when tools are given
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A call the model asked for. `arguments` is the JSON text as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * The answer's form: plain text, any JSON object, or JSON that follows a
 * schema. Some providers need more (DashScope's JSON mode wants the word
 * "json" in the messages; the kind's spec adds it).
 */
export type ResponseFormat =
  { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/**
 * One message of the conversation. `assistant` messages may carry the tool
 * calls the model made (`content` is then often ''); a `tool` message is the
 * result of one call, naming it by `toolCallId`.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ContentPart[];
  /** On `assistant` messages: the calls the model made. */
  toolCalls?: ToolCall[];
  /** On `tool` messages: the id of the call this is the result of. */
  toolCallId?: string;
}

/** What a caller (MCP tool, n8n node, admin page) asks the gateway for. */
export interface ChatRequest {
  /** `provider/model` or a bare model id resolved through the catalog. */
  model?: string;
  /** Ordered `provider/model` targets tried after `model`. */
  fallbacks?: string[];
  /**
   * Only these providers may serve the request (an n8n node stays on its
   * credential's). A model id that does not start with one of them is a
   * model of the first (`qwen-plus` -> `dashscope/qwen-plus`; an AnyLLM id
   * with slashes of its own, `meta-llama/llama-3.1-8b`, as a whole), never
   * resolved through the catalog to another provider; a task route keeps
   * only their targets. Unknown names are a `bad_request`.
   */
  providers?: string[];
  /**
   * Only these targets may serve the request: `provider/model`, or
   * `provider/*` for every model of a provider (a client key's allowed
   * models and providers). Any other target, from the model, the fallbacks
   * or a task route, is skipped with the reason `not_allowed`.
   */
  allowedTargets?: string[];
  /** Task type (`chat`, `summarize`, `code`, ...) whose route picks the model. */
  task?: string;
  /** The conversation. Either this or `prompt`. */
  messages?: ChatMessage[];
  /** Shorthand for one user message. */
  prompt?: string;
  /** Prepended as a system message. */
  system?: string;
  /** Image URLs or data URLs attached to the last user message (vision models). */
  images?: string[];
  /** Output cap. @default the model's max output from the catalog */
  maxTokens?: number;
  temperature?: number;
  /** Nucleus sampling, 0..1. Sent only to kinds that take it (ProviderSpec.samplingParams). */
  topP?: number;
  /** Up to 4 sequences that end the answer. */
  stop?: string[];
  /** Best-effort deterministic sampling (integer). */
  seed?: number;
  /** -2..2: penalise tokens already present. */
  presencePenalty?: number;
  /** -2..2: penalise tokens by how often they appeared. */
  frequencyPenalty?: number;
  /** The end user's id, passed on for the provider's abuse monitoring (OpenAI `user`). */
  user?: string;
  /** Functions the model may call; the calls come back in `ChatResult.toolCalls`. */
  tools?: ToolDefinition[];
  /** @default 'auto' when tools are given */
  toolChoice?: ToolChoice;
  /** Whether the model may call several tools in one answer. @default the provider's (usually true) */
  parallelToolCalls?: boolean;
  /** @default { type: 'text' } */
  responseFormat?: ResponseFormat;
  /** DashScope hybrid thinking (`enable_thinking`). */
  thinking?: boolean;
  /** DashScope `thinking_budget` (tokens of reasoning). */
  thinkingBudget?: number;
  /** Cancels the request; reaches the upstream socket. */
  signal?: AbortSignal;
  /**
   * Deadline for silence in ms: by then the answer must have started (all
   * attempts included); once it is delivering, only the idle timer and
   * `routing.maxRequestMs` end it. Longer than `routing.streamIdleTimeoutMs`,
   * it is also this request's idle allowance (an upstream may be silent that
   * long, before its first token or between two). Capped at the longer of
   * `requestTimeoutMs` and `maxRequestMs`. @default config `routing.requestTimeoutMs`
   */
  timeoutMs?: number;
  /**
   * Attribution: tag name -> value, kept in the ledger record and summed per
   * tag in budget status and the dashboard. Names `[a-z0-9_.:-]{1,64}`,
   * values 1-256 characters, at most 32; well-known names in `TAG`
   * (workflow_id, mcp_client, ...). Any name is ordinary, `__proto__` too.
   */
  tags?: Readonly<Record<string, string>>;
}

/** Token counts of one answer. Unknown is `undefined`, never 0. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's cache (billed cheaper). */
  cachedInputTokens: number;
  /** Output tokens spent on reasoning (a subset of `outputTokens`). */
  reasoningTokens: number;
  /** True when the upstream sent no usage and these are estimates. */
  estimated: boolean;
  /**
   * Set when the upstream's figures could not be taken as sent (negative, not
   * a number, above the caps the request was sent with, input far above the
   * context window or the estimate...): why, one reason per figure replaced.
   * These counts are then the bounded ones charged (cost/bound-usage.ts),
   * never more than the reservation's worst case, and an alert was raised.
   */
  suspect?: string[];
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'cancelled' | 'error' | 'unknown';

/** One try of one target, as reported in every answer. */
export interface Attempt {
  provider: string;
  model: string;
  /** `ok`, or the error kind that ended the attempt. */
  outcome: 'ok' | AegisError['kind'];
  status?: number;
  /** Milliseconds waited before this attempt (backoff / Retry-After). */
  waitedMs: number;
  latencyMs: number;
}

export interface SkippedTarget {
  provider: string;
  model: string;
  reason: string;
}

/** A finished answer. */
export interface ChatResult {
  provider: string;
  model: string;
  text: string;
  reasoning?: string;
  /** The calls the model asked for (finishReason `tool_calls`), in the order it made them. */
  toolCalls?: ToolCall[];
  /**
   * Set when the request asked for JSON (`responseFormat` json_object or
   * json_schema): whether the text parsed, and the value when it did.
   */
  json?: { parsed: true; value: unknown } | { parsed: false; error: string };
  finishReason: FinishReason;
  usage: Usage;
  /** Cost in micro-USD; undefined when the model is unpriced. */
  costMicroUsd?: number;
  latencyMs: number;
  timeToFirstTokenMs?: number;
  attempts: Attempt[];
  /**
   * Targets left out that explain who answered: skipped up front ahead of
   * the answering target in the chain, or skipped while running (a cooldown).
   * Skips behind the answering target are not listed.
   */
  skipped: SkippedTarget[];
  /** Each fallback taken, in order (from the attempts: a failed one, then another target). Empty when none. */
  fallbacks: FallbackTaken[];
  /**
   * Something reached the caller: answer text, reasoning or a tool call. A
   * failed request that delivered something was charged for it, and its
   * partial result is worth showing.
   */
  delivered: boolean;
}

/** One fallback: `from` failed (with `reason`, its error kind) and `to` was tried next. */
export interface FallbackTaken {
  /** `provider/model`. */
  from: string;
  /** `provider/model`. */
  to: string;
  reason: AegisError['kind'];
}

/**
 * One stream model for every provider. Errors travel as the last part,
 * never as a throw from the iterator.
 */
export type StreamEvent =
  | { type: 'start'; provider: string; model: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  /**
   * A piece of a tool call: `id` and `name` come with its first piece, the
   * arguments' JSON text in pieces to be joined per `index`.
   */
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  /** One tool call, whole, once its last piece has come. */
  | { type: 'tool-call'; index: number; toolCall: ToolCall }
  | { type: 'fallback'; from: Target; to: Target; error: AegisError }
  | { type: 'usage'; usage: Usage }
  | { type: 'done'; result: ChatResult }
  | { type: 'error'; error: AegisError; partial: ChatResult };

/**
 * What a model can do. `tools`: function calling; `json-object` and
 * `json-schema`: the two structured-output modes.
 */
export type Capability = 'vision' | 'thinking' | 'streaming-only' | 'tools' | 'thinking-only' | 'json-object' | 'json-schema';

/**
 * Price per 1M tokens in the price list's currency, for inputs up to `upToInputTokens`.
 *
 * Thinking mode (cost/price-usage.ts): a request that may reason (thinking
 * asked for, a thinking-only model, or reasoning tokens reported) bills every
 * output token, answer included, at `reasoningOutput` when it is set. Model
 * Studio lists one output price per mode ("output, thinking mode" beside
 * "output, non-thinking mode": qwen-plus $4 vs $1.2 per 1M, model-pricing page).
 */
export interface PriceTier {
  /** This tier applies when the request's input tokens are <= this. Omitted: no upper bound. */
  upToInputTokens?: number;
  input: number;
  output: number;
  /** Price of cached input tokens; defaults to `input` when unpublished. */
  cachedInput?: number;
  /** Output price in thinking mode (reasoning and answer alike); defaults to `output` when unpublished. */
  reasoningOutput?: number;
}

export interface ModelPricing {
  currency: 'USD' | 'CNY';
  /** Ordered by `upToInputTokens` ascending; the last may be open-ended. */
  tiers: PriceTier[];
  /** Where the figures come from and when they were taken. */
  source: string;
  asOf: string;
}

/** Where a model stands with its provider: offered, announced to go, or gone. */
export type ModelStatus = 'current' | 'deprecated' | 'retired';

export interface ModelLifecycle {
  status: ModelStatus;
  /** `deprecated`: the announced retirement date; `retired`: the date it went (YYYY-MM-DD). */
  date?: string;
  /** The model the provider names as its successor (same provider). */
  replacement?: string;
  /** Where the status comes from, and when it was read. */
  source: string;
  asOf: string;
}

/**
 * What an embedding model gives and takes (catalog `embedding`): a model with
 * this is called by `embed`, never by chat; a catalog entry without it is a
 * chat model, refused by `embed`.
 */
export interface EmbeddingInfo {
  /** Length of its vectors when a request asks for none. */
  dimensions: number;
  /**
   * The lengths a request's `dimensions` may ask for: a list (DashScope's
   * text-embedding-v4), or `'shorter'` for any length from 1 up to
   * `dimensions` (OpenAI's text-embedding-3-*). Undefined: only `dimensions`.
   */
  dimensionChoices?: readonly number[] | 'shorter';
  /** Inputs one upstream request may carry. @default the kind's (ProviderSpec.embeddingLimits) */
  maxInputsPerRequest?: number;
  /** Tokens one input may have. @default the kind's */
  maxInputTokens?: number;
}

export interface CatalogEntry {
  provider: string;
  model: string;
  /** Set on embedding models (see EmbeddingInfo). */
  embedding?: EmbeddingInfo;
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: Capability[];
  /**
   * The price list that applies: the region's (see `regionalPricing`) when the
   * provider's configured region has one, else the default list. Undefined:
   * unpriced (never treated as free). Ollama entries are priced at 0 explicitly.
   */
  pricing?: ModelPricing;
  /**
   * Price lists by region id (DashScope: `beijing`, ...), where a region
   * publishes its own; `pricing` is then the default list (DashScope:
   * Singapore). The catalog resolves the provider's region into `pricing`.
   */
  regionalPricing?: Partial<Record<string, ModelPricing>>;
  /** Regions the model is offered in, when it is not everywhere (DashScope). */
  regions?: string[];
  /** Status with the provider; undefined: not known (discovered or configured models). */
  lifecycle?: ModelLifecycle;
}

export interface ModelInfo extends CatalogEntry {
  /** `live`: reported by the provider's /models; `catalog`: from our data only; `both`. */
  source: 'live' | 'catalog' | 'both';
  configured: boolean;
}

export interface ProviderTestResult {
  provider: string;
  configured: boolean;
  reachable: boolean;
  keyAccepted?: boolean;
  latencyMs?: number;
  /** Whether the default model answered one token. */
  modelAnswered?: boolean;
  model?: string;
  /** What to do next, in words (set env var X, check the region, ...). */
  hint?: string;
  error?: { kind: string; message: string; status?: number };
  /** Targets of this provider in (or coming out of) cooldown. */
  cooldowns: Array<{ model: string; state: 'closed' | 'open' | 'half-open'; until?: number; failures: number }>;
}

/**
 * What a provider's stream yields internally, before routing and accounting.
 * A provider iterator throws an AegisError on failure; the gateway turns that
 * into the public `error` part.
 */
export type ProviderStreamPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'tool-call'; index: number; toolCall: ToolCall }
  | { type: 'usage'; usage: Omit<Usage, 'estimated'> }
  | { type: 'finish'; finishReason: FinishReason };

/**
 * What a caller asks `embed` for. The fields are OpenAI's embeddings request
 * (`model`, `input`, `dimensions`), so `POST /v1/embeddings` maps one to one.
 */
export interface EmbedRequest {
  /** `provider/model` (`dashscope/text-embedding-v4`) or a bare embedding model id resolved through the catalog. */
  model: string;
  /** One text or several; each gets one vector, in this order. Never empty, and no empty text. */
  input: string | readonly string[];
  /** Vector length, where the model offers a choice (catalog `embedding.dimensionChoices`). @default the model's */
  dimensions?: number;
  /**
   * Ordered `provider/model` targets tried when `model` fails before serving
   * the first batch. Only a target with the same vector length is tried
   * (others are skipped, with the reason): a vector store cannot mix lengths.
   */
  fallbacks?: readonly string[];
  /** Request tags (tag name -> value), as ChatRequest.tags. */
  tags?: Readonly<Record<string, string>>;
  /**
   * Only these targets may serve it: `provider/model` or `provider/*`, as
   * ChatRequest.allowedTargets (a client key's allowed models). The model or
   * a fallback outside them is skipped with the reason `not_allowed`.
   */
  allowedTargets?: readonly string[];
  signal?: AbortSignal;
  /** Deadline of each upstream batch, in ms. @default config `timeouts.requestMs` */
  timeoutMs?: number;
}

/** The answer of `embed`. `embeddings[i]` is the vector of `input[i]`. */
export interface EmbedResult {
  provider: string;
  model: string;
  /** Length of every vector. */
  dimensions: number;
  embeddings: number[][];
  /** Input tokens of all batches (OpenAI's `usage.prompt_tokens`); `estimated` when an upstream sent none. */
  usage: { inputTokens: number; estimated: boolean };
  /** Cost in micro-USD of all batches; undefined when the model is unpriced. */
  costMicroUsd?: number;
  latencyMs: number;
  /** Upstream requests the input was split into (the model's inputs-per-request limit). */
  batches: number;
  attempts: Attempt[];
  skipped: SkippedTarget[];
  fallbacks: FallbackTaken[];
}
