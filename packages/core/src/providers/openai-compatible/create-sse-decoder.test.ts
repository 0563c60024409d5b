import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseEvent } from './create-sse-decoder.js';

/** Feeds `pieces` one push each, then ends. */
function decode(...pieces: string[]): SseEvent[] {
  const decoder = createSseDecoder();
  return [...pieces.flatMap((piece) => decoder.push(piece)), ...decoder.end()];
}

const data = (text: string, event?: string): SseEvent => ({ event, data: text });

describe('createSseDecoder', () => {
  it('splits events on blank lines and drops one space after the colon', () => {
    expect(decode('data: {"a":1}\n\ndata:{"b":2}\n\ndata:  two spaces\n\n')).toEqual([data('{"a":1}'), data('{"b":2}'), data(' two spaces')]);
  });

  it('gives events as soon as their blank line arrives, wherever the text was split', () => {
    const decoder = createSseDecoder();
    expect(decoder.push('data: {"a"')).toEqual([]);
    expect(decoder.push(':1}\n')).toEqual([]);
    expect(decoder.push('\ndata: x\n\nda')).toEqual([data('{"a":1}'), data('x')]);
    expect(decoder.push('ta: y\n\n')).toEqual([data('y')]);
    expect(decoder.end()).toEqual([]);
  });

  it('reads CRLF and CR line ends, also a CRLF split between two reads', () => {
    expect(decode('data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r\n')).toEqual([data('a'), data('b'), data('c')]);
  });

  it('joins data lines with LF, keeps the event name, ignores comments and other fields', () => {
    expect(decode(': keep-alive\n\nid: 7\nretry: 10\nevent: error\ndata: line one\ndata: line two\n\n')).toEqual([data('line one\nline two', 'error')]);
  });

  it('a field without a colon is a field with an empty value', () => {
    expect(decode('data\n\n')).toEqual([data('')]);
  });

  it('an event name without data is still an event, as the openai SDK reads it', () => {
    expect(decode('event: ping\n\n')).toEqual([data('', 'ping')]);
  });

  it('delivers the last event at the end even without its blank line', () => {
    expect(decode('data: a\n\ndata: [DONE]')).toEqual([data('a'), data('[DONE]')]);
    expect(decode('data: tail\n')).toEqual([data('tail')]);
    expect(decode('data: tail\r')).toEqual([data('tail')]);
    expect(decode('')).toEqual([]);
  });
});
