import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './check-json-schema.js';

describe('checkJsonSchema', () => {
  it('accepts the schemas tools and formats use', () => {
    expect(
      checkJsonSchema({ type: 'object', properties: { a: { type: ['string', 'null'] }, b: { type: 'array', items: { enum: [1, 2] } } }, required: ['a'] }),
    ).toBeUndefined();
    expect(checkJsonSchema({ anyOf: [{ type: 'string' }, true] })).toBeUndefined();
  });

  it.each([
    [[], 'schema: must be a JSON Schema object'],
    [{ type: 'objekt' }, 'type: must be one of'],
    [{ properties: { a: { type: 'strin' } } }, 'properties.a.type: must be one of'],
    [{ required: 'a' }, 'required: must be a list'],
    [{ items: 3 }, 'items: must be a JSON Schema object'],
    [{ oneOf: [] }, 'oneOf: must be a non-empty list'],
  ])('names what is wrong with %j', (schema, problem) => {
    expect(checkJsonSchema(schema)).toContain(problem);
  });
});
