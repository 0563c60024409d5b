/** The fields of an OpenAI-compatible stream chunk the gateway reads. Types only. */
import type { WireUsage } from './read-usage.js';

export interface WireDelta {
  content?: string | null;
  reasoning_content?: string | null;
}

export interface WireChunk {
  choices?: Array<{ delta?: WireDelta | null; finish_reason?: string | null }> | null;
  usage?: WireUsage | null;
}
