import { isAegisError, type AegisError, type Gateway } from '@aegis-llm/core';

/** At most this many model ids are listed in an error: enough to pick from, short enough for a tool result. */
const MAX_LISTED = 40;

function isUnknownModel(error: AegisError): boolean {
  if (error.kind === 'not_found') return true;
  if (error.kind !== 'bad_request') return false;
  return error.details?.field === 'model' || (error.details?.skipped ?? []).some((s) => s.code === 'unknown_model');
}

/**
 * An unknown-model failure, with the models that can be used appended: the
 * configured providers' models from the catalog (no live calls, so the error
 * path stays fast). Other failures pass through unchanged.
 */
export async function withValidModels(gateway: Gateway, thrown: unknown, field = 'model'): Promise<unknown> {
  if (!isAegisError(thrown) || !isUnknownModel(thrown)) return thrown;
  const models = (await gateway.listModels({ live: false })).filter((m) => m.configured).map((m) => `${m.provider}/${m.model}`);
  const shown = models.slice(0, MAX_LISTED).join(', ');
  const more = models.length > MAX_LISTED ? ` and ${models.length - MAX_LISTED} more (list_models shows all)` : '';
  const listed = models.length > 0 ? `Models of configured providers: ${shown}${more}.` : 'No provider is configured yet: test_provider says what to set.';
  return thrown.with({ message: `${thrown.message}\n${listed}`, details: { ...thrown.details, field, validModels: models } });
}
