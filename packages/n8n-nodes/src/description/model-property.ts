import type { INodeProperties } from 'n8n-workflow';

export interface ModelPropertyOptions {
  /** Preselected model id; empty: the credential's default, else by task type. */
  defaultModel: string;
  placeholder: string;
  description: string;
}

/** The model, picked from the provider's live list or typed. */
export function modelProperty(options: ModelPropertyOptions): INodeProperties {
  return {
    displayName: 'Model',
    name: 'model',
    type: 'resourceLocator',
    default: { mode: options.defaultModel ? 'list' : 'id', value: options.defaultModel },
    description: options.description,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select a model...',
        typeOptions: { searchListMethod: 'searchModels', searchable: true },
      },
      { displayName: 'ID', name: 'id', type: 'string', placeholder: options.placeholder },
    ],
  };
}
