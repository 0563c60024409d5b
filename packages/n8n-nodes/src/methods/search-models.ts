import type { ModelInfo } from '@aegis-llm/core';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { buildConfig } from '../config/build-config.js';
import { envHome, envStore } from '../config/env-home.js';
import { openGateway } from '../gateway/open-gateway.js';
import type { NodeProfile } from '../node-profile.js';

/**
 * The `searchModels` list of the Model field: the provider's live /models
 * merged with the catalog, filtered by what the user types.
 */
export function createSearchModels(profile: NodeProfile) {
  return async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
    const setup = profile.setup(await this.getCredentials(profile.credentialName));
    const gateway = openGateway(
      buildConfig(setup, { envHome: envHome(), envStore: envStore(), credentialLabel: profile.label, warn: (m) => this.logger.warn(m) }),
      this.logger,
      profile.label,
    );
    try {
      const models = await gateway.listModels({ provider: setup.providerId });
      return { results: toSearchItems(models, filter) };
    } finally {
      await gateway.close();
    }
  };
}

/** What the picker says beside a name: unpriced (refused under a budget), retired or deprecated with the replacement. */
function notes(model: ModelInfo): string {
  const said: string[] = [];
  if (!model.pricing) said.push('unpriced');
  const lifecycle = model.lifecycle;
  if (lifecycle !== undefined && lifecycle.status !== 'current') {
    said.push(lifecycle.replacement === undefined ? lifecycle.status : `${lifecycle.status}: use ${lifecycle.replacement}`);
  }
  return said.length === 0 ? '' : ` (${said.join(', ')})`;
}

export function toSearchItems(models: readonly ModelInfo[], filter?: string): INodeListSearchItems[] {
  const needle = filter?.trim().toLowerCase() ?? '';
  return models
    .filter((m) => needle === '' || m.model.toLowerCase().includes(needle))
    .map((m) => ({ name: `${m.model}${notes(m)}`, value: m.model }))
    .sort((a, b) => a.value.localeCompare(b.value));
}
