import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './locate-json-syntax-error.js';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 'a trailing comma', 1, 8],
    ['[1, 2,\n]', 'a trailing comma', 1, 6],
    ['{"a": 1\n "b": 2}', 'a missing comma', 2, 2],
    ["{'a': 1}", 'a single quote', 1, 2],
    ['{"a": 1 // note\n}', 'a comment', 1, 9],
    ['{\n  // note\n  "a": 1\n}', 'a comment', 2, 3],
    ['{"a": "x', 'an unterminated string', 1, 9],
    ['{"a": "x\ny"}', 'a line break or control character inside a string', 1, 9],
    ['{"a": "\\q"}', 'a bad escape', 1, 8],
    ['{"a": 01}', 'an unexpected character', 1, 8],
    ['{"a": 1} x', 'more text after the end of the JSON value', 1, 10],
    ['{"a": ', 'the file ends too early', 1, 7],
    ['', 'the file ends too early', 1, 1],
    ['{"a" 1}', 'an unexpected character', 1, 6],
    ['{"a": tru}', 'an unexpected character', 1, 7],
  ])('%j: %s at %i:%i', (text, problem, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toMatchObject({ problem, line, column });
  });

  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', '0', '-1.5e+10', '"\\u00e9\\n"', 'null', ' {"a": [true, false, null, {"b": "c"}]} ']) {
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on valid documents (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), (value, indent) => {
        expect(locateJsonSyntaxError(JSON.stringify(value, null, indent))).toBeUndefined();
      }),
    );
  });

  it('agrees with JSON.parse on whether a text is valid (property)', () => {
    const alphabet = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\n', '1', '-', '.', 'e', 'a', 't', 'r', 'u', '\\', "'");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 16 }).map((chars) => chars.join('')),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(locateJsonSyntaxError(text) === undefined).toBe(valid);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
