import type { Capability } from '@aegis-llm/core';

/**
 * The capability filter's values. The core keeps this list in its config
 * schema without exporting it; `satisfies` keeps the two in step at compile
 * time in one direction, and the exhaustive record below in the other.
 */
const ALL: Record<Capability, true> = { vision: true, thinking: true, tools: true, 'thinking-only': true, 'streaming-only': true };
export const CAPABILITIES = Object.keys(ALL) as [Capability, ...Capability[]];
