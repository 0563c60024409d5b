import { closestKey } from '@aegis-llm/core';
import { z } from 'zod';

/**
 * A tool's arguments as a strict object: an unknown argument is an error
 * naming the closest known one (`maxTokens` -> `max_tokens`), where a plain
 * object would drop it silently and the call would run without it.
 */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      return issue.keys
        .map((key) => {
          const near = closestKey(key.replace(/[-_]/g, ''), known) ?? closestKey(key, known);
          return `unknown argument \`${key}\`${near === undefined ? '' : `: did you mean \`${near}\`?`}`;
        })
        .concat(`The arguments are: ${known.join(', ')}.`)
        .join('; ');
    },
  });
}
