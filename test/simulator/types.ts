/**
 * The simulator's public types. Scenarios are plain JSON so the same object can
 * be scripted in-process (`sim.script(...)`) or over HTTP (`POST /__sim/script`)
 * by tests that drive another process (MCP server, n8n).
 */

import type { SimEmbeddingModel } from './embedding-models.ts';

/** A JSON object as parsed from a request body. */
export type JsonObject = { [key: string]: unknown };

/**
 * An HTTP error answer in DashScope compatible-mode shape:
 * `{"error":{"message","type","param","code"},"request_id"}`.
 * `dashscopeErrors` holds ready-made ones for every documented code.
 */
export interface StatusFault {
  type: 'status';
  status: number;
  /** `error.code`. @default undefined (sent as null) */
  code?: string;
  /** `error.message`; `{model}` is replaced by the requested model. @default the HTTP reason phrase */
  message?: string;
  /** `error.type`. @default 'invalid_request_error' for 4xx, 'server_error' for 5xx */
  errorType?: string;
  /** `error.param`. @default null */
  param?: string | null;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }` or `{ 'retry-after-ms': '200' }`. */
  headers?: Record<string, string>;
  /** Append the received API key to the message, as some upstreams do (tests redaction). */
  echoKey?: boolean;
  /** Status faults answer before any chunk. */
  afterChunks?: never;
}

/** The socket is destroyed after `afterChunks` SSE chunks (0 = right after the headers). Non-stream: no response at all. */
export interface DropFault {
  type: 'drop';
  /** @default 0 */
  afterChunks?: number;
}

/** One broken `data:` line (truncated JSON) after `afterChunks` chunks; the stream then goes on. Non-stream: a truncated JSON body. */
export interface MalformedFault {
  type: 'malformed';
  /** @default 0 */
  afterChunks?: number;
}

/** Headers (and `afterChunks` chunks) are sent, then nothing until the client gives up or the simulator closes. */
export interface HangFault {
  type: 'hang';
  /** @default 0 */
  afterChunks?: number;
}

/** Nothing at all is sent: not even the status line. */
export interface HangBeforeHeadersFault {
  type: 'hang-before-headers';
}

export type Fault = StatusFault | DropFault | MalformedFault | HangFault | HangBeforeHeadersFault;

/** Exact usage numbers; any field left out is computed as usual. */
export interface UsageOverride {
  promptTokens?: number;
  completionTokens?: number;
  /** @default promptTokens + completionTokens */
  totalTokens?: number;
  /** Sent as `prompt_tokens_details.cached_tokens`. */
  cachedTokens?: number;
  /** Sent as `completion_tokens_details.reasoning_tokens`. */
  reasoningTokens?: number;
}

/** One tool call a scripted answer makes. */
export interface ScriptedToolCall {
  name: string;
  /** The arguments: JSON text as sent, or an object sent as its JSON. @default {} */
  arguments?: string | JsonObject;
  /** @default `call_<n>` (n counts from 1 per answer) */
  id?: string;
}

/**
 * How the upstream answers one request. Every field is optional; `{}` is a
 * fast, successful echo answer. Scripted scenarios replace the default
 * scenario, they are not merged with it.
 */
export interface Scenario {
  /** Delay before the response headers (and before any fault). @default 0 */
  latencyMs?: number;
  /** Streaming: delay between the headers and the first chunk. Ignored for non-stream calls. @default 0 */
  ttftMs?: number;
  /** Streaming: number of content chunks the answer is split into (>= 1). @default 4 */
  chunks?: number;
  /** Streaming: number of `reasoning_content` chunks (>= 1). @default chunks */
  reasoningChunks?: number;
  /** Streaming: delay between consecutive chunks. @default 0 */
  chunkIntervalMs?: number;
  /**
   * The answer. `{lastToolResult}` is replaced by the content of the last
   * `tool` message of the request (so a test sees that a tool's result came back).
   * @default "Echo: <first 12 words of the last user message>", padded to
   * `chunks` words; in JSON mode (response_format json_*), `{"echo": "<those words>"}`
   */
  text?: string;
  /**
   * Reasoning text, sent as `delta.reasoning_content` before the answer (stream)
   * or `message.reasoning_content` (non-stream). Automatic on streamed calls
   * with `enable_thinking: true` or to a thinking-only model; `''` turns it off.
   */
  reasoning?: string;
  /** @default 'stop', or 'length' when the answer was cut by max_completion_tokens / max_tokens */
  finishReason?: string;
  /** 'present': computed usage; 'absent': none, even if asked; 'zero': all zeros; an object: exact numbers. @default 'present' */
  usage?: 'present' | 'absent' | 'zero' | UsageOverride;
  /** Adds `prompt_tokens_details.cached_tokens`. */
  cachedTokens?: number;
  /**
   * The answer is these tool calls (`finish_reason: tool_calls` unless
   * `finishReason` says otherwise), after `text` if one is given. Streamed,
   * each call's arguments come in `toolCallChunks` pieces, the id and name
   * with the first.
   */
  toolCalls?: ScriptedToolCall[];
  /** Streaming: pieces each tool call's arguments are split into (>= 1). @default chunks */
  toolCallChunks?: number;
  /** The answer is this value as JSON text (a JSON-mode answer). */
  json?: unknown;
  /**
   * `'all'`: spend everything the request allows, as an upstream that keeps
   * generating would. The answer is as long as the output cap sent
   * (`max_completion_tokens` / `max_tokens`), the reasoning (when the call
   * reasons) as long as `thinking_budget`; without a cap, SPEND_UNCAPPED_TOKENS
   * are reported. Texts up to SPEND_TEXT_TOKENS long are really sent; above
   * that the text is the usual one and only the usage says the full count.
   */
  spend?: 'all';
  /**
   * Sent verbatim as the usage object instead of the computed one: hostile
   * figures (strings, negatives, 1e18) that `usage` cannot express. Needs
   * `stream_options.include_usage` on streams, as any usage does.
   */
  rawUsage?: JsonObject;
  fault?: Fault;
}

export interface ScriptOptions {
  /** Only requests for this model consume these scenarios. @default any model */
  model?: string;
  /** Which endpoint consumes them: chat completions or `GET /models`. @default 'chat' */
  route?: 'chat' | 'models';
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: JsonObject | undefined;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Status sent, or undefined while none was (hang-before-headers, drop before headers). */
  status: number | undefined;
  /** True when the client closed the connection before the response was complete. */
  aborted: boolean;
  /** The scenario that answered; undefined for requests rejected before a scenario is taken. */
  scenario: Scenario | undefined;
}

export interface SimulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** When set, API requests need `Authorization: Bearer <apiKey>`, else 401 invalid_api_key. */
  apiKey?: string;
  /** What GET /models lists and chat accepts; others get 404 model_not_found. @default DEFAULT_MODELS */
  models?: readonly string[];
  /**
   * Embedding models `POST /embeddings` serves, with their limits; other
   * models get 404 model_not_found (400 for a chat model). The chat routes do
   * not serve these. @default DEFAULT_EMBEDDING_MODELS (text-embedding-v4/v3, text-embedding-3-small/large)
   */
  embeddingModels?: ReadonlyMap<string, SimEmbeddingModel>;
  /** Models that answer a non-stream call with 400. @default ['qwq-plus'] */
  streamingOnly?: readonly string[];
  /** Models that stream reasoning_content on every call, enable_thinking or not. @default ['qwq-plus'] */
  thinkingOnly?: readonly string[];
  /** Models that stream reasoning_content unless the call sends `enable_thinking: false` (Qwen3.5+). @default ['qwen3.5-plus'] */
  thinkingByDefault?: readonly string[];
  /** Answers when no scripted scenario is queued. @default {} */
  defaultScenario?: Scenario;
  /** Keep a log of requests. @default true */
  recordRequests?: boolean;
  /** Keep only the last N requests. @default 1000 */
  requestLogLimit?: number;
}

export interface SimulatorStatus {
  pending: number;
  inFlight: number;
  openConnections: number;
  recorded: number;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT/v1`: what the openai SDK takes as baseURL. */
  readonly baseURL: string;
  /** `http://127.0.0.1:PORT`; `${origin}/compatible-mode/v1` works as a DashScope-style base URL. */
  readonly origin: string;
  readonly port: number;
  /** Recorded requests, oldest first (the last `requestLogLimit`). A live view: read it, don't keep it. */
  readonly requests: readonly RecordedRequest[];
  /** Queue one-shot scenarios, consumed in order. Throws on an invalid scenario. */
  script(scenarios: Scenario | readonly Scenario[], options?: ScriptOptions): void;
  /** Replace the scenario that answers when no scripted one is queued. */
  setDefault(scenario: Scenario): void;
  /** Scripted scenarios not yet consumed (all queues). */
  pending(): number;
  /** Clear the queues and the request log; restore the default scenario given at start. */
  reset(): void;
  /** Open TCP connections, idle keep-alive ones included. */
  openConnections(): number;
  /** TCP connections accepted since start, closed ones included: how well a client keeps them alive. */
  connectionsAccepted(): number;
  /** Responses started and not yet finished or closed. */
  inFlight(): number;
  /** Stop listening and destroy every open socket, hung responses included. */
  close(): Promise<void>;
}
