import { AegisError } from '../errors.js';

export interface InvalidConfigDetails {
  /** Where the problem is: `file` (with its display path) or `env`. */
  source: 'file' | 'env';
  file?: string;
  /** The field path (`providers.dashscope.region`) or variable name (`DASHSCOPE_REGION`). */
  path?: string;
  /**
   * Every problem found, in file order (the first is `path`): a file with
   * three mistakes is fixed in one pass. Each `text` starts with its path.
   */
  problems?: ConfigProblem[];
}

export interface ConfigProblem {
  path: string;
  /** "<path>: <problem> <fix>", without the "Invalid configuration in ..." opening. */
  text: string;
}

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
