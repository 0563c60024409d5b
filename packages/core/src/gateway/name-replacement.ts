import { isAegisError } from '../errors.js';
import type { CatalogEntry, ProviderStreamPart } from '../types.js';

/**
 * An upstream 404 (`not_found`) for a model the catalog marks retired or
 * deprecated: the error says so and names the provider's replacement, so the
 * fix is in the message ("use dashscope/qwen-flash"), not a search through
 * retirement notices. Retired models stay callable by name (an account may
 * still have access); only their failure changes. Current models' parts pass
 * untouched, without a wrapper.
 */
export function nameReplacement(parts: AsyncIterable<ProviderStreamPart>, entry: CatalogEntry | undefined): AsyncIterable<ProviderStreamPart> {
  const lifecycle = entry?.lifecycle;
  if (entry === undefined || lifecycle === undefined || lifecycle.status === 'current') return parts;
  const { provider, model } = entry;
  const since = lifecycle.date === undefined ? '' : ` (${lifecycle.status === 'retired' ? 'since' : 'retiring'} ${lifecycle.date})`;
  const instead = lifecycle.replacement === undefined ? '' : ` Use ${provider}/${lifecycle.replacement} instead.`;
  // The news first: cooldown and skip reasons keep only the start of a message.
  const news = `${provider}/${model} is ${lifecycle.status}${since}.${instead} (${lifecycle.source}.)`;
  const explain = (error: unknown): unknown => {
    if (!isAegisError(error) || error.kind !== 'not_found') return error;
    return error.with({
      message: `${news} ${error.message}`,
      details: { ...error.details, lifecycle: { ...lifecycle } },
    });
  };
  return {
    [Symbol.asyncIterator]() {
      const upstream = parts[Symbol.asyncIterator]();
      return {
        next: () => upstream.next().catch((error: unknown) => Promise.reject(explain(error))),
        return: (value?: unknown) => (upstream.return ? upstream.return(value) : Promise.resolve({ done: true as const, value: undefined })),
      };
    },
  };
}
