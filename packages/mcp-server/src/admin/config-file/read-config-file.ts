import { readFile } from 'node:fs/promises';
import { AdminHttpError } from '../api/admin-http-error.js';
import { isPlainObject, type RawConfig } from './raw-config.js';

/**
 * The config file's JSON object; `{}` when the file does not exist yet. A file
 * that is not a JSON object is refused (409): the page must never overwrite
 * what it could not read, and the message never quotes the file (it may hold keys).
 */
export async function readConfigFile(file: string): Promise<RawConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AdminHttpError(409, 'conflict', `The config file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
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
