/**
 * The request headers that steer Aegis from any OpenAI client:
 * `x-aegis-task` (a task route instead of a model), `x-aegis-fallbacks`
 * (`provider/model` targets after the model, comma-separated) and
 * `x-aegis-tags` (`name=value` pairs, comma-separated, values
 * percent-decoded so a comma is `%2C`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { OpenAiHttpError } from './openai-http-error.js';

export interface AegisHeaders {
  task?: string;
  fallbacks?: string[];
  /** Tag name -> value, own entries only (a tag may be named `__proto__`). */
  tags?: Map<string, string>;
}

const one = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
};

export function readAegisHeaders(headers: IncomingHttpHeaders): AegisHeaders {
  const out: AegisHeaders = {};
  const task = one(headers, 'x-aegis-task');
  if (task !== undefined) out.task = task;
  const fallbacks = one(headers, 'x-aegis-fallbacks');
  if (fallbacks !== undefined)
    out.fallbacks = fallbacks
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const tags = one(headers, 'x-aegis-tags');
  if (tags !== undefined) out.tags = parseTags(tags);
  return out;
}

function parseTags(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new OpenAiHttpError(400, 'invalid_request_error', `Header x-aegis-tags: "${pair.trim()}" is not name=value.`, {
        param: 'x-aegis-tags',
        code: 'invalid_tags',
      });
    const name = pair.slice(0, at).trim();
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new OpenAiHttpError(400, 'invalid_request_error', `Header x-aegis-tags: the value of "${name}" is not valid percent-encoding.`, {
        param: 'x-aegis-tags',
        code: 'invalid_tags',
      });
    }
    tags.set(name, value);
  }
  return tags;
}
