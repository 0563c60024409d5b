/**
 * `provider/model` strings. The provider is everything before the FIRST slash;
 * the rest is the model id, which may itself hold slashes
 * (`anyllm/meta-llama/llama-3.1-8b`) and colons (`ollama/qwen2.5:0.5b`).
 */
import type { Target } from '../types.js';

/**
 * Reads `provider/model` when the prefix is a known provider. Anything else
 * (no slash, an unknown prefix such as `meta-llama/...`, an empty model) is
 * not a target: the caller resolves it as a bare model id through the catalog.
 */
export function parseTarget(spec: string, knownProviders: Iterable<string>): Target | undefined {
  const text = spec.trim();
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return undefined;
  const provider = text.slice(0, slash);
  const known = knownProviders instanceof Set ? knownProviders : new Set(knownProviders);
  if (!known.has(provider)) return undefined;
  return { provider, model: text.slice(slash + 1) };
}

export function formatTarget(target: Target): string {
  return `${target.provider}/${target.model}`;
}
