/** One server-sent event: its `event:` name (when it had one) and its `data:` lines joined with LF. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

export interface SseDecoder {
  /** Feeds decoded text (any split, even mid-line); returns the events it completed. */
  push(text: string): SseEvent[];
  /** End of the stream: the last line and event, even without their trailing blank line. */
  end(): SseEvent[];
}

/**
 * Text to events, as the openai SDK's decoder reads them (so a stream reads
 * the same through either): lines end with CRLF, LF or CR (WHATWG HTML,
 * "Server-sent events", interpreting an event stream); a blank line ends an
 * event; `data:` lines are joined with LF; one space after the colon is
 * dropped; `:` comments and other fields (`id`, `retry`) are ignored. Like the
 * SDK, an event with an `event:` line but no data is still an event (with
 * empty data), and one in progress at the end of the stream is delivered.
 */
export function createSseDecoder(): SseDecoder {
  // Text after the last line end; a trailing CR waits for a possible LF.
  let pending = '';
  let event: string | undefined;
  let data: string | undefined;

  const line = (text: string, out: SseEvent[]): void => {
    if (text === '') {
      if (event === undefined && data === undefined) return;
      out.push({ event, data: data ?? '' });
      event = data = undefined;
      return;
    }
    if (text.charCodeAt(0) === 58 /* ':' */) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') event = value;
  };

  return {
    push(text) {
      let input = pending + text;
      let heldCR = false;
      if (input.includes('\r')) {
        // A CR at the very end may be the first half of a CRLF split across reads.
        heldCR = input.endsWith('\r');
        if (heldCR) input = input.slice(0, -1);
        input = input.replace(/\r\n?/g, '\n');
      }
      const out: SseEvent[] = [];
      let start = 0;
      for (let end = input.indexOf('\n'); end !== -1; end = input.indexOf('\n', start)) {
        line(input.slice(start, end), out);
        start = end + 1;
      }
      pending = input.slice(start) + (heldCR ? '\r' : '');
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      const rest = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
      pending = '';
      if (rest !== '') line(rest, out);
      line('', out);
      return out;
    },
  };
}
