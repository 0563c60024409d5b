import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../errors.js';
import type { ChatRequest } from '../types.js';
import { chatRequestSchema, validateRequest } from './validate-request.js';

function verdict(request: ChatRequest): string {
  try {
    validateRequest(request);
    return 'ok';
  } catch (error) {
    return isAegisError(error) ? error.message : `not an AegisError: ${String(error)}`;
  }
}

/** Values near the edges of what the schema accepts, for any field. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'x', 'dashscope/qwen-plus', 'user', 'system', 'assistant', 'tool'),
  fc.constantFrom(0, 1, -1, 0.5, 2, 2.5, 1e300, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], ['a'], [''], [1], ['https://a.test/i.png'], ['not a url']),
);
const aMessage = fc.oneof(
  fc.record({ role: fc.constantFrom('system', 'user', 'assistant', 'tool', undefined), content: anyValue }, { requiredKeys: [] }),
  fc.record({ role: fc.constant('user'), content: fc.constantFrom([], [{ type: 'text', text: 'hi' }], [{ type: 'image_url', image_url: { url: '' } }]) }),
  fc.constantFrom(null, 'hello', [], 3),
);
/** Mostly a right value for the field, sometimes anything. */
const field = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: anyValue });
const aRequest = fc.record(
  {
    model: field(fc.constantFrom('dashscope/qwen-plus', 'qwen-plus')),
    fallbacks: field(fc.array(fc.constantFrom('openai/gpt-4o-mini', 'qwen-turbo'), { maxLength: 2 })),
    task: field(fc.constantFrom('chat', 'code')),
    messages: fc.oneof(
      field(fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.string() }), { maxLength: 3 })),
      fc.array(aMessage, { maxLength: 3 }),
    ),
    prompt: field(fc.string()),
    system: field(fc.string()),
    images: fc.oneof(fc.constant(undefined), anyValue),
    maxTokens: field(fc.integer({ min: 1, max: 100_000 })),
    temperature: field(fc.double({ min: 0, max: 2, noNaN: true })),
    thinking: field(fc.boolean()),
    thinkingBudget: field(fc.integer({ min: 1, max: 10_000 })),
    timeoutMs: field(fc.integer({ min: 1, max: 600_000 })),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('validateRequest', () => {
  it('accepts exactly what the schema accepts (its quick path never lets a bad request through)', () => {
    let acceptedRuns = 0;
    fc.assert(
      fc.property(aRequest, (request) => {
        const accepted = chatRequestSchema.safeParse(request).success;
        if (accepted) acceptedRuns++;
        expect(verdict(request as ChatRequest) === 'ok').toBe(accepted);
      }),
      { numRuns: 3000 },
    );
    // The property is worth something only if valid requests were drawn too.
    expect(acceptedRuns).toBeGreaterThan(300);
  });

  it('names the first wrong field', () => {
    expect(verdict({ prompt: 'hi', temperature: 3 })).toMatch(/^Invalid request: `temperature`: /);
    expect(verdict({ messages: [{ role: 'robot', content: 'hi' }] } as unknown as ChatRequest)).toMatch(/^Invalid request: `messages\.0\.role`: /);
  });

  it('checks tags, naming the tag, and takes hostile names as ordinary ones', () => {
    expect(verdict({ prompt: 'x', tags: { client_key: 'k_1', __proto__: 'p', constructor: 'c' } as Record<string, string> })).toBe('ok');
    expect(verdict({ prompt: 'x', tags: JSON.parse('{"__proto__": "p", "toString": "t"}') as Record<string, string> })).toMatch(/tags\.toString/);
    expect(verdict({ prompt: 'x', tags: { 'Bad Name': 'v' } })).toMatch(/`tags\.Bad Name`: a tag name/);
    expect(verdict({ prompt: 'x', tags: { 'a.b': '' } })).toMatch(/`tags\.a\.b`: a tag value/);
    expect(verdict({ prompt: 'x', tags: { a: 'x'.repeat(257) } })).toMatch(/`tags\.a`:/);
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${i}`, 'v']));
    expect(verdict({ prompt: 'x', tags: many })).toMatch(/`tags`: at most 32 tags/);
  });

  it('ignores the signal', () => {
    expect(verdict({ prompt: 'hi', signal: new AbortController().signal })).toBe('ok');
  });
});
