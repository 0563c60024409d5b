import { BUILTIN_PROVIDER_IDS } from '@aegis-llm/core';
import { isPlainObject, objectAt, type RawConfig } from './raw-config.js';

export function isBuiltinProvider(id: string): boolean {
  return (BUILTIN_PROVIDER_IDS as readonly string[]).includes(id);
}

/** Where a provider lives in the file: `providers.<id>` for a built-in one, `endpoints[i]` for an extra endpoint. */
export interface ProviderSection {
  /** The object the form edits (created for a built-in provider when missing). */
  object: Record<string, unknown>;
  /** Its config path segments, for mapping validation errors to fields. */
  segments: Array<string | number>;
}

/** The section of an existing provider, or undefined for an unknown endpoint name. */
export function findProviderSection(draft: RawConfig, id: string): ProviderSection | undefined {
  if (isBuiltinProvider(id)) {
    return { object: objectAt(objectAt(draft, 'providers'), id), segments: ['providers', id] };
  }
  const endpoints = Array.isArray(draft.endpoints) ? draft.endpoints : [];
  const index = endpoints.findIndex((entry) => isPlainObject(entry) && entry.name === id);
  const entry: unknown = endpoints[index];
  return index < 0 || !isPlainObject(entry) ? undefined : { object: entry, segments: ['endpoints', index] };
}

/** Read-only twin of findProviderSection: never creates anything. */
export function peekProviderSection(raw: RawConfig, id: string): Record<string, unknown> | undefined {
  if (isBuiltinProvider(id)) {
    const providers = raw.providers;
    const section = isPlainObject(providers) ? providers[id] : undefined;
    return isPlainObject(section) ? section : undefined;
  }
  const endpoints = Array.isArray(raw.endpoints) ? raw.endpoints : [];
  const entry: unknown = endpoints.find((e) => isPlainObject(e) && e.name === id);
  return isPlainObject(entry) ? entry : undefined;
}
