import { describe, expect, it } from 'vitest';
import { createToolCallAssembler } from './assemble-tool-calls.js';

describe('createToolCallAssembler', () => {
  it('joins pieces per index and closes a call when a later one begins', () => {
    const calls = createToolCallAssembler();
    expect(calls.push([{ index: 0, id: 'a', function: { name: 'f', arguments: '' } }])).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'a', name: 'f', argumentsDelta: '' },
    ]);
    calls.push([{ index: 0, function: { arguments: '{"x":' } }]);
    calls.push([{ index: 0, function: { arguments: '1}' } }]);
    const next = calls.push([{ index: 1, id: 'b', function: { name: 'g', arguments: '{}' } }]);
    expect(next[0]).toEqual({ type: 'tool-call', index: 0, toolCall: { id: 'a', name: 'f', arguments: '{"x":1}' } });
    expect(calls.finish()).toEqual([{ type: 'tool-call', index: 1, toolCall: { id: 'b', name: 'g', arguments: '{}' } }]);
    expect(calls.finish()).toEqual([]);
  });

  it('takes a name repeated on every piece once, and names a call without an id', () => {
    const calls = createToolCallAssembler();
    calls.push([{ function: { name: 'f', arguments: '{' } }]);
    calls.push([{ function: { name: 'f', arguments: '}' } }]);
    expect(calls.calls()).toEqual([{ id: 'call_0', name: 'f', arguments: '{}' }]);
  });
});
