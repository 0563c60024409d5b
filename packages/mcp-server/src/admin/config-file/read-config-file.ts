import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AdminHttpError } from '../api/admin-http-error.js';
import { isPlainObject, type RawConfig } from './raw-config.js';

/** The version of a file that does not exist. */
export const NO_FILE_VERSION = 'none';

/** What the page was shown is named by this: a hash of the file's bytes, so any edit (even a space) is a new version. */
export function configVersionOf(text: string | undefined): string {
  return text === undefined ? NO_FILE_VERSION : createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

export interface ConfigSnapshot {
  raw: RawConfig;
  version: string;
}

/** Reads a file's text (node's readFile by default; tests count the reads). */
export type ReadConfigText = (file: string) => Promise<string>;

const readUtf8: ReadConfigText = (file) => readFile(file, 'utf8');

/** The file's JSON object and its version, read once. */
export async function readConfigSnapshot(file: string, readText: ReadConfigText = readUtf8): Promise<ConfigSnapshot> {
  let text: string | undefined;
  try {
    text = await readText(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AdminHttpError(409, 'conflict', `The config file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  return { raw: text === undefined ? {} : parseConfigText(text, file), version: configVersionOf(text) };
}

/**
 * The config file's JSON object; `{}` when the file does not exist yet. A file
 * that is not a JSON object is refused (409): the page must never overwrite
 * what it could not read, and the message never quotes the file (it may hold keys).
 */
export async function readConfigFile(file: string): Promise<RawConfig> {
  return (await readConfigSnapshot(file)).raw;
}

function parseConfigText(text: string, file: string): RawConfig {
  // A UTF-8 byte order mark (Windows editors) is not JSON whitespace.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AdminHttpError(
      409,
      'conflict',
      `The config file ${file} is not valid JSON. Fix it in an editor (aegis-llm reports the line); the page will not overwrite it.`,
    );
  }
  if (!isPlainObject(parsed)) {
    throw new AdminHttpError(409, 'conflict', `The config file ${file} does not hold one JSON object; fix it in an editor first.`);
  }
  return parsed;
}
