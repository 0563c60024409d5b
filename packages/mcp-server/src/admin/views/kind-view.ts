import type { ProviderKindDefinition } from '@aegis-llm/core';
import type { KindView } from '../api/api-types.js';

/** What the page needs to know about a provider's kind: label, key, base URL wording, regions. */
export function kindView(kind: ProviderKindDefinition): KindView {
  const view: KindView = {
    label: kind.label,
    keyNeed: kind.keyNeed,
    baseURLHint: kind.baseURLHint,
    exampleBaseURL: kind.exampleBaseURL,
  };
  if (kind.regions !== undefined) {
    view.regions = kind.regions.list.map((region) => region.id);
    view.defaultRegion = kind.regions.defaultRegion;
  }
  return view;
}
