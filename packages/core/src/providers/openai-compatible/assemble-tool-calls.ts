import type { ProviderStreamPart, ToolCall } from '../../types.js';
import type { WireToolCallDelta } from './wire-chunk.js';

type ToolCallPart = Extract<ProviderStreamPart, { type: 'tool-call-delta' | 'tool-call' }>;

export interface ToolCallAssembler {
  /** The parts for one chunk's tool-call pieces: a delta per piece, and each call that a later index showed whole. */
  push(deltas: readonly WireToolCallDelta[]): ToolCallPart[];
  /** The calls still open, whole (the answer finished). */
  finish(): ToolCallPart[];
  /** Every call assembled so far, in index order. */
  calls(): ToolCall[];
}

/**
 * Joins streamed tool-call pieces per `index` (OpenAI's stream sends the id
 * and name with a call's first piece, then its arguments' JSON text in
 * pieces; some servers leave `index` out when they send one call). A call is
 * whole when a piece of a later call arrives or the answer finishes. A call
 * that came without an id gets `call_<index>`, so a tool result can name it.
 */
export function createToolCallAssembler(): ToolCallAssembler {
  const open = new Map<number, { id: string | undefined; name: string; arguments: string; done: boolean }>();
  const close = (below: number): ToolCallPart[] => {
    const parts: ToolCallPart[] = [];
    for (const [index, call] of [...open].sort(([a], [b]) => a - b)) {
      if (index >= below || call.done) continue;
      call.done = true;
      parts.push({ type: 'tool-call', index, toolCall: { id: call.id ?? `call_${index}`, name: call.name, arguments: call.arguments } });
    }
    return parts;
  };
  return {
    push(deltas) {
      const parts: ToolCallPart[] = [];
      for (const delta of deltas) {
        const index = typeof delta.index === 'number' ? delta.index : Math.max(0, open.size - 1);
        parts.push(...close(index));
        let call = open.get(index);
        if (!call) open.set(index, (call = { id: undefined, name: '', arguments: '', done: false }));
        const id = delta.id ?? undefined;
        const name = delta.function?.name ?? undefined;
        const argumentsDelta = delta.function?.arguments ?? '';
        if (id && call.id === undefined) call.id = id;
        // The name comes whole with the first piece; some servers repeat it on every piece.
        if (name && call.name !== name) call.name += name;
        call.arguments += argumentsDelta;
        parts.push({ type: 'tool-call-delta', index, ...(id ? { id } : {}), ...(name ? { name } : {}), argumentsDelta });
      }
      return parts;
    },
    finish: () => close(Number.POSITIVE_INFINITY),
    calls: () => [...open].sort(([a], [b]) => a - b).map(([index, call]) => ({ id: call.id ?? `call_${index}`, name: call.name, arguments: call.arguments })),
  };
}
