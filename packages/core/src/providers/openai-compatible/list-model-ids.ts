import { toAegisError, type ErrorContext } from './to-aegis-error.js';
import type { WireClient } from './wire-client.js';

/**
 * `GET /models`: the ids the provider lists, in its order. One page, as the
 * openai SDK read it (its `Page` has no next page): `data`, missing or not a
 * list taken as empty; entries without a string id are skipped.
 */
export async function listModelIds(client: WireClient, signal: AbortSignal | undefined, ctx: Omit<ErrorContext, 'signal'>): Promise<string[]> {
  let answer: unknown;
  try {
    answer = await client.getJson('/models', signal);
  } catch (error) {
    throw toAegisError(error, { ...ctx, signal });
  }
  const data = (answer as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((model: unknown) => {
    const id = (model as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}
