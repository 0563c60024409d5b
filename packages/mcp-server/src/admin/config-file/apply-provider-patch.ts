import type { HeaderEdit, ProviderPatch } from '../api/api-types.js';
import { AdminHttpError } from '../api/admin-http-error.js';
import { fieldsUnder, firstKey, type FieldOfPath } from './config-path.js';
import { entryOf, isPlainObject, setEntry } from './raw-config.js';
import type { ProviderSection } from './provider-section.js';
import { restoreHiddenUrlParts } from '../views/strip-url-credentials.js';

/**
 * Applies the edit form's patch to a provider's section of the file. What the
 * patch omits stays as the file has it: above all the key, which the page
 * never sees and can only set, point at a variable, or remove.
 */
export function applyProviderPatch(section: ProviderSection, patch: ProviderPatch, options: { keyless: boolean }): void {
  const target = section.object;
  setOrRemove(target, 'region', patch.region);
  if (patch.baseURL !== undefined) {
    const previous = typeof target.baseURL === 'string' ? target.baseURL : undefined;
    // The form shows the URL without its credentials; sent back unchanged, the original stays.
    setOrRemove(target, 'baseURL', restoreHiddenUrlParts(patch.baseURL.trim(), previous));
  }
  setOrRemove(target, 'defaultModel', patch.defaultModel);

  if (patch.key !== undefined) {
    if (options.keyless) throw new AdminHttpError(400, 'bad_request', 'This provider takes no API key.', { field: 'key' });
    if ('set' in patch.key) {
      target.apiKey = patch.key.set.trim();
      delete target.apiKeyEnv;
    } else if ('env' in patch.key) {
      target.apiKeyEnv = patch.key.env.trim();
      delete target.apiKey;
    } else {
      delete target.apiKey;
      delete target.apiKeyEnv;
    }
  }

  if (patch.headers !== undefined) {
    const headers = mergeHeaders(isPlainObject(target.headers) ? target.headers : {}, patch.headers);
    if (Object.keys(headers).length === 0) delete target.headers;
    else target.headers = headers;
  }
}

/** Form fields of a provider section: `key` for apiKey/apiKeyEnv (and the "both set" rule), `headers` for any header. */
export function providerFieldOf(section: ProviderSection): FieldOfPath {
  return fieldsUnder(section.segments, (rest) => {
    if (rest === '') return 'key';
    const key = firstKey(rest);
    if (key === 'apiKey' || key === 'apiKeyEnv') return 'key';
    return key;
  });
}

function setOrRemove(target: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value === undefined) return;
  const trimmed = value.trim();
  if (trimmed === '') delete target[key];
  else target[key] = trimmed;
}

/** The wanted header list; a row without a value keeps the file's value for that name. */
function mergeHeaders(existing: Record<string, unknown>, wanted: HeaderEdit[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of wanted) {
    const name = row.name.trim();
    if (name === '') continue;
    if (row.value !== undefined) {
      setEntry(out, name, row.value);
      continue;
    }
    const kept = entryOf(existing, name);
    if (typeof kept !== 'string') {
      throw new AdminHttpError(422, 'invalid_config', `Header "${name}" has no value yet: type one.`, { field: 'headers' });
    }
    setEntry(out, name, kept);
  }
  return out;
}
