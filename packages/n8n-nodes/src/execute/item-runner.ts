import type { Gateway, Redactor } from '@aegis-llm/core';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ProviderSetup } from '../config/provider-setup.js';

/** What every operation of one node run shares. */
export interface RunContext {
  ctx: IExecuteFunctions;
  gateway: Gateway;
  setup: ProviderSetup;
  redact: Redactor;
}

/** One operation for one item: the JSON of the items it outputs. */
export type ItemOperation = (run: RunContext, itemIndex: number) => Promise<IDataObject[]>;
