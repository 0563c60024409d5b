import type { HeaderEdit, ProviderPatch, ProviderView } from '../../../src/admin/api/api-types.js';

export type KeyChoice = 'keep' | 'set' | 'env' | 'remove';

export interface HeaderRow {
  name: string;
  /** Empty for a header already in the file: keep its value (never shown). */
  value: string;
  existing: boolean;
}

export interface ProviderFormState {
  name: string;
  region: string;
  baseURL: string;
  defaultModel: string;
  keyChoice: KeyChoice;
  keyValue: string;
  keyEnv: string;
  headers: HeaderRow[];
}

/** The form's starting values: what the config file says (not what the environment overrides). */
export function initialFormState(provider: ProviderView | undefined): ProviderFormState {
  return {
    name: '',
    region: provider?.file.region ?? '',
    baseURL: provider?.file.baseURL ?? '',
    defaultModel: provider?.file.defaultModel ?? '',
    keyChoice: 'keep',
    keyValue: '',
    keyEnv: provider?.file.key.envName ?? '',
    headers: (provider?.file.headerNames ?? []).map((name) => ({ name, value: '', existing: true })),
  };
}

/** The patch the server applies; a kept key and unchanged header values are simply not sent. */
export function toPatch(state: ProviderFormState, options: { region: boolean; key: boolean }): ProviderPatch {
  const patch: ProviderPatch = { baseURL: state.baseURL, defaultModel: state.defaultModel };
  if (options.region) patch.region = state.region;
  if (options.key) {
    if (state.keyChoice === 'set') patch.key = { set: state.keyValue };
    else if (state.keyChoice === 'env') patch.key = { env: state.keyEnv };
    else if (state.keyChoice === 'remove') patch.key = { remove: true };
  }
  patch.headers = state.headers
    .filter((row) => row.name.trim() !== '')
    .map((row): HeaderEdit => (row.existing && row.value === '' ? { name: row.name } : { name: row.name, value: row.value }));
  return patch;
}
