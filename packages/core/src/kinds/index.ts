/**
 * The provider kinds, in the order providers are listed. Adding a kind: a
 * folder beside these (see packages/core/README.md), its id in
 * `ProviderKind` (../types.ts) and one line here.
 */
import type { ProviderKind } from '../types.js';
import { anyllmKind } from './anyllm/anyllm-kind.js';
import { dashscopeKind } from './dashscope/dashscope-kind.js';
import { ollamaKind } from './ollama/ollama-kind.js';
import { openaiKind } from './openai/openai-kind.js';
import type { ProviderKindDefinition } from './provider-kind.js';

const BY_ID = new Map<ProviderKind, ProviderKindDefinition>(
  Object.entries({
    dashscope: dashscopeKind,
    openai: openaiKind,
    ollama: ollamaKind,
    anyllm: anyllmKind,
  } satisfies Record<ProviderKind, ProviderKindDefinition>) as Array<[ProviderKind, ProviderKindDefinition]>,
);

/** Every kind, in listing order (also the order of the built-in catalog). */
export const PROVIDER_KINDS: readonly ProviderKindDefinition[] = [...BY_ID.values()];

/** Built-in provider ids, in listing order; each is also its kind. */
export const BUILTIN_PROVIDER_IDS: readonly ProviderKind[] = PROVIDER_KINDS.map((kind) => kind.id);

/** The kind of every extra endpoint (`endpoints[]` in the config file): any OpenAI-compatible server. */
export const ENDPOINT_KIND: ProviderKind = 'anyllm';

/** The kind with this id. */
export function providerKind(id: ProviderKind): ProviderKindDefinition {
  const kind = BY_ID.get(id);
  if (kind === undefined) throw new Error(`No provider kind "${id}".`);
  return kind;
}

/** The kind with this id, or undefined for any other name (an extra endpoint's, a typo). */
export function findProviderKind(id: string): ProviderKindDefinition | undefined {
  return BY_ID.get(id as ProviderKind);
}

export type { KeyNeed, KindEnvNames, KindRegion, KindRegions, ProviderKindDefinition } from './provider-kind.js';
export type { ChatBodyContext, ProviderSpec, UpstreamErrorFacts } from './provider-spec.js';
