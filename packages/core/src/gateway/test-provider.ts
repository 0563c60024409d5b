import { AegisError } from '../errors.js';
import type { ProviderTestResult } from '../types.js';
import type { GatewayContext } from './gateway-context.js';
import { requireKnownProvider } from './require-known-provider.js';
import { runChat } from './run-chat.js';

/** Time allowed for each step of a connection test. */
const STEP_TIMEOUT_MS = 15_000;

/** The model a connection test asks for one token: configured default, else the first routed or catalogued one. */
function modelToTry(ctx: GatewayContext, providerId: string, liveIds: string[] | undefined): string | undefined {
  const provider = ctx.providers.get(providerId);
  if (provider?.config.defaultModel) return provider.config.defaultModel;
  const prefix = `${providerId}/`;
  for (const chain of Object.values(ctx.routes)) {
    const routed = chain.find((spec) => spec.startsWith(prefix));
    if (routed) return routed.slice(prefix.length);
  }
  return ctx.catalog.list(providerId)[0]?.model ?? liveIds?.[0];
}

/**
 * Reachable, key accepted (with the region hint on a DashScope 401), latency,
 * whether the default model answers one token, and cooldown state. The one
 * token goes through the normal request path, so it is budgeted and recorded.
 */
export async function testProvider(ctx: GatewayContext, providerId: string): Promise<ProviderTestResult> {
  requireKnownProvider(ctx, providerId);
  const provider = ctx.providers.get(providerId)!;
  const cooldowns = (await ctx.cooldown.snapshot())
    .filter((c) => c.provider === providerId)
    .map(({ model, state, until, failures }) => ({ model, state, until, failures }));
  const result: ProviderTestResult = { provider: providerId, configured: provider.config.configured, reachable: false, cooldowns };
  if (!provider.config.configured) return { ...result, hint: provider.config.notConfiguredHint };

  const started = ctx.clock.now();
  let ids: string[] | undefined;
  try {
    ids = await provider.listModelIds(AbortSignal.timeout(STEP_TIMEOUT_MS));
    Object.assign(result, { reachable: true, keyAccepted: provider.spec.needsKey ? true : undefined });
  } catch (thrown) {
    const error = thrown instanceof AegisError ? thrown : new AegisError('upstream_unavailable', ctx.redact(String(thrown)));
    result.error = { kind: error.kind, message: error.message, status: error.status };
    if (error.kind === 'auth') {
      Object.assign(result, { reachable: true, keyAccepted: false });
      result.hint = provider.spec.authHint ?? 'The key was refused: check it.';
    } else if (error.kind === 'not_found' || error.status !== undefined) {
      // Some OpenAI-compatible servers have no /models: reachable all the same.
      result.reachable = true;
    } else {
      result.hint = `Could not reach ${provider.config.baseURL}: check the base URL and that the server is running.`;
    }
  }
  result.latencyMs = ctx.clock.now() - started;
  if (!result.reachable || result.keyAccepted === false) return result;

  const model = modelToTry(ctx, providerId, ids);
  if (!model) return { ...result, hint: 'No model to try: set a default model for this provider.' };
  result.model = model;
  try {
    // Charged like any request, but counted apart from traffic (RequestKind `test`).
    await runChat(ctx, { model: `${providerId}/${model}`, prompt: 'ping', maxTokens: 1, task: 'test', timeoutMs: STEP_TIMEOUT_MS }, { kind: 'test' });
    result.modelAnswered = true;
    delete result.error;
  } catch (thrown) {
    const error = thrown as AegisError;
    result.modelAnswered = false;
    result.error = { kind: error.kind, message: error.message, status: error.status };
    if (error.kind === 'auth') Object.assign(result, { keyAccepted: false, hint: provider.spec.authHint ?? 'The key was refused: check it.' });
    if (error.kind === 'not_found') result.hint = `The model "${model}" is unknown to ${provider.spec.label}: set another default model.`;
  }
  return result;
}
