/** The fields of an OpenAI-compatible stream chunk the gateway reads. Types only. */
import type { WireUsage } from './read-usage.js';

/** One piece of a streamed tool call: `index` says which call, `id` and the name come with its first piece. */
export interface WireToolCallDelta {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface WireDelta {
  content?: string | null;
  reasoning_content?: string | null;
  tool_calls?: WireToolCallDelta[] | null;
}

export interface WireChunk {
  choices?: Array<{ delta?: WireDelta | null; finish_reason?: string | null }> | null;
  usage?: WireUsage | null;
}
