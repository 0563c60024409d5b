import { toJson } from '../output/to-json.js';
import type { ItemOperation } from './item-runner.js';

/** Budget Status: this month's spend, limit, remaining and projection for the provider, from the shared ledger. */
export const budgetStatusOperation: ItemOperation = async ({ gateway, setup }) => {
  const status = await gateway.budgetStatus({ provider: setup.providerId });
  const { providers, ...period } = status;
  const provider = providers.find((p) => p.provider === setup.providerId);
  return [toJson({ ...period, ...(provider ?? { provider: setup.providerId, budgeted: false, requests: 0 }) })];
};
