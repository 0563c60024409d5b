import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { buildMessages, hasImages } from './build-messages.js';

describe('buildMessages', () => {
  it('turns prompt and system into messages', () => {
    expect(buildMessages({ prompt: 'hi', system: 'be brief' })).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('attaches images to the last user message', () => {
    const messages = buildMessages({
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'what is this?' },
      ],
      images: ['https://example.test/a.png'],
    });
    expect(messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: 'https://example.test/a.png' } },
      ],
    });
    expect(hasImages(messages)).toBe(true);
    expect(hasImages(messages.slice(0, 2))).toBe(false);
  });

  it('refuses an empty request and a doubled one with a clear bad_request', () => {
    expect(() => buildMessages({})).toThrow(/give `prompt`/);
    expect(() => buildMessages({ prompt: 'a', messages: [{ role: 'user', content: 'b' }] })).toThrow(AegisError);
  });
});
