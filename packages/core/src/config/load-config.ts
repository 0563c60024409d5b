import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { displayPath } from './display-path.js';
import { DEFAULT_CONFIG_FILE_NAME, ENV_NAMES } from './env-names.js';
import { expandHome } from './expand-home.js';
import { configWhere, invalidConfig } from './invalid-config.js';
import { locateJsonSyntaxError } from './locate-json-syntax-error.js';
import { parseConfig } from './parse-config.js';
import { value } from './read-env.js';
import type { AegisConfig } from './types.js';

export interface LoadConfigOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where `./aegis-llm.config.json` and relative paths are looked up. @default process.cwd() */
  cwd?: string;
  /** Config file to read; overrides AEGIS_LLM_CONFIG and the default file. */
  file?: string;
  /** What `~` expands to. @default os.homedir() */
  homeDir?: string;
}

/**
 * The configuration: the file (`options.file`, else AEGIS_LLM_CONFIG, else
 * `./aegis-llm.config.json` if it exists, else none) merged with the
 * environment. Synchronous: it runs once at start-up. Throws
 * `AegisError('invalid_config')` with one clear sentence on any problem.
 *
 * A file AEGIS_LLM_CONFIG names that does not exist yet is a new config
 * file, as the default path is: the configuration comes from the
 * environment, and `configFile` says where the admin page will create it.
 * (An explicit `options.file`, a command-line argument, must exist.)
 */
export function loadConfig(options: LoadConfigOptions = {}): AegisConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const homeDir = options.homeDir ?? homedir();

  const named = options.file ?? value(env, ENV_NAMES.configFile);
  const fromEnv = options.file === undefined && named !== undefined;
  let file: string | undefined;
  if (named !== undefined) file = expandHome(named, homeDir, cwd);
  else if (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE_NAME))) file = path.join(cwd, DEFAULT_CONFIG_FILE_NAME);
  if (file === undefined) return parseConfig(undefined, env, { cwd, homeDir });

  if (fromEnv && !existsSync(file)) {
    const config = parseConfig(undefined, env, { cwd, homeDir });
    config.configFile = path.resolve(cwd, file);
    return config;
  }
  const shown = displayPath(file, cwd);
  const text = readConfigText(file, shown, fromEnv);
  return parseConfig(parseJson(text, shown), env, { file, cwd, homeDir });
}

function readConfigText(file: string, shown: string, fromEnv: boolean): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${code ?? 'unknown error'})`;
    const message = fromEnv
      ? `${configWhere('env')}: ${ENV_NAMES.configFile}: the config file ${shown} ${problem}. Point ${ENV_NAMES.configFile} at a readable JSON file, or unset it.`
      : `Invalid configuration: the config file ${shown} ${problem}. Check the path.`;
    throw invalidConfig(message, fromEnv ? { source: 'env', path: ENV_NAMES.configFile, file: shown } : { source: 'file', file: shown });
  }
}

function parseJson(text: string, shown: string): unknown {
  // A UTF-8 byte order mark (Windows editors) is not JSON whitespace.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    // V8's message may quote the file's text (a key, perhaps): never pass it on.
    const where = locateJsonSyntaxError(body);
    const detail = where === undefined ? '.' : `: ${where.problem} at line ${where.line}, column ${where.column}. ${where.fix}`;
    throw invalidConfig(`${configWhere('file', shown)}: the file is not valid JSON${detail}`, { source: 'file', file: shown });
  }
}
