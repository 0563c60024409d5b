import { AegisError, type AegisErrorDetails } from '../errors.js';

/** One problem of a configuration: "<path>: <problem> <fix>", without the "Invalid configuration in ..." opening. */
export type { ConfigProblem } from '../errors.js';

/** The facts of a configuration problem: AegisErrorDetails' `source` (always set), `file`, `path` and every `problems` entry. */
export type InvalidConfigDetails = Required<Pick<AegisErrorDetails, 'source'>> & Pick<AegisErrorDetails, 'file' | 'path' | 'problems'>;

/**
 * The one error configuration problems raise: kind `invalid_config`, one
 * sentence naming the place, the problem and the fix. The message must never
 * hold a secret; parseConfig runs it through a redactor on top.
 */
export function invalidConfig(message: string, details: InvalidConfigDetails): AegisError {
  return new AegisError('invalid_config', message, { details: { ...details } });
}

/** The opening of every message: which source is wrong. */
export function configWhere(source: 'file' | 'env', file?: string): string {
  if (source === 'env') return 'Invalid configuration in the environment';
  return file === undefined ? 'Invalid configuration' : `Invalid configuration in ${file}`;
}
