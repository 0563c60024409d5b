import { isAegisError, parseConfig, type AegisConfig } from '@aegis-llm/core';
import type { RawConfig } from './raw-config.js';

/** Where the gateway reads relative and `~` paths from (loadConfig's cwd and homeDir). */
export interface ConfigPaths {
  cwd?: string;
  homeDir?: string;
}

export type ConfigCheck =
  | { ok: true; config: AegisConfig }
  | {
      ok: false;
      /** parseConfig's sentence (names the place, the problem and the fix; never a key). */
      message: string;
      /** The config path (`budgets.dashscope.monthlyUsd`) or variable name (env problems). */
      path?: string;
      source: 'file' | 'env';
      /** Every problem parseConfig found (the first is `message`/`path`), each sentence starting with its path. */
      problems: Array<{ path: string; text: string }>;
    };

/**
 * The file as the gateway would read it: the same parseConfig with the same
 * environment, so whatever passes here loads on reconfigure (and at the next
 * start), and whatever fails is reported in the core's own words.
 */
export function validateConfigFile(raw: RawConfig, env: NodeJS.ProcessEnv, file: string, paths: ConfigPaths = {}): ConfigCheck {
  try {
    return { ok: true, config: parseConfig(raw, env, { ...paths, file }) };
  } catch (error) {
    if (isAegisError(error) && error.kind === 'invalid_config') {
      const details = error.details;
      return {
        ok: false,
        message: error.message,
        path: details?.path,
        source: details?.source ?? 'file',
        problems: details?.problems ?? [{ path: details?.path ?? '', text: error.message }],
      };
    }
    throw error;
  }
}
