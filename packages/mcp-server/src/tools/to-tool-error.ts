import { AegisError, isAegisError, leanErrorDetails } from '@aegis-llm/core';
import type { ToolError } from './tool-error-schema.js';

/**
 * Any failure as the core's typed error. AegisError messages are already
 * redacted by the core; anything else is reduced to a generic sentence, since
 * its text may come from a library that saw a key. `details.partial` (the
 * partial answer) is left out: the chat tool returns it as its own fields.
 * The details are the core's lean ones: attempts and per-target errors only
 * with what the message does not already say.
 */
export function toToolError(thrown: unknown): ToolError {
  const error = isAegisError(thrown) ? thrown : new AegisError('upstream_unavailable', 'Unexpected failure inside the server; see its log (stderr).');
  const { details: _full, ...rest } = error.toJSON();
  const { partial: _partial, field, ...other } = leanErrorDetails(error.toJSON()) ?? {};
  return {
    ...rest,
    ...(field === undefined ? {} : { field }),
    // Plain data throughout (toJSON's); TypeScript's interfaces have no index
    // signature, so it cannot see them as the schema's JSON record.
    ...(Object.keys(other).length > 0 ? { details: other as ToolError['details'] } : {}),
  };
}
